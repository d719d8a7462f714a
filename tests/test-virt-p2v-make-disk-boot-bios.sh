#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The disk image boots under BIOS (syslinux; qemu, TCG) into virt-p2v.
# The media are virt-p2v-make-disk's with its default settings (no
# p2v.server=), so they start the wizard on X: virt-p2v itself logs its
# first dialog on the serial console, and the screen shows it.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version

media="$(default_media)"
boot_media  "$media/p2v.img" 'virt-p2v: gui: connection dialog' 900
screendump "$TEST_TMPDIR/wizard.png"
# The medium's own root, found by its label; both initrds (ours and
# the payload) unpacked.
tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: kernel command line: .*root=live:LABEL=P2VBOOT quiet '
not grep -aq "Initramfs unpacking failed\|invalid magic" "$BOOT_LOG"
