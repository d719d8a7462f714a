#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The hybrid ISO written to a USB stick (here: attached as a disk)
# boots under BIOS (isohybrid MBR) and UEFI (its GPT's EFI image) into
# its root, whose launcher starts the wizard (the CD tests follow it
# to the window).

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version

media="$(default_media)"
for firmware in "" --uefi; do
  boot_media $firmware "$media/p2v.iso" 'virt-p2v: no p2v.server= .*starting the wizard' 900
  tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: kernel command line: .*root=live:CDLABEL=P2VBOOT quiet '
  _p2v_kill_boot_qemu
done
