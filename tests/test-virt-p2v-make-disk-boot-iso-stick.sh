#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The hybrid ISO written to a USB stick (here: attached as a disk)
# boots under BIOS (isohybrid MBR) and UEFI (its GPT's EFI image) until
# the root prints its marker.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version
requires test -r /usr/share/OVMF/OVMF_CODE.fd

media="$(fixture_media)"
for firmware in "" --uefi; do
  boot_to_marker $firmware "$media/p2v.iso" 300
  grep -aq '^virt-p2v: cmdline: .*root=live:CDLABEL=P2VBOOT .* p2v.server=10.0.2.2 ' "$BOOT_LOG"
done
