#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# Boot the ISO as a CD-ROM under BIOS (qemu, TCG) until the
# root prints its marker, with the --cmdline baked in.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version

media="$(fixture_media)"
boot_to_marker --cdrom "$media/p2v.iso" 300
grep -a '^virt-p2v: cmdline: ' "$BOOT_LOG" | tr -d '\r' > "$TEST_TMPDIR/cmdline"
cat "$TEST_TMPDIR/cmdline"
grep -q 'root=live:CDLABEL=P2VBOOT rd.live.image rd.live.overlay.overlayfs=1 ' "$TEST_TMPDIR/cmdline"
grep -q ' p2v.server=10.0.2.2 p2v.port=2222 ' "$TEST_TMPDIR/cmdline"
# syslinux passes the quotes as written, GRUB moves them round the
# whole word; virt-p2v reads both as p2v.pre=echo two words.
grep -Eq ' (p2v.pre="echo two words"|"p2v.pre=echo two words")' "$TEST_TMPDIR/cmdline"
# Both initrds (dracut's and the payload) were unpacked.
not grep -aq "Initramfs unpacking failed\|invalid magic" "$BOOT_LOG"
