#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# p2v-init's failures at boot, on a quiet console: a medium that does
# not show up is waited for, with a line naming the label and the block
# devices it sees; a command line without a live root stops with one
# error line and the advice to power off.  Neither panics the kernel.

source ./functions.sh
set -e -x
skip_if_skipped
root_test

bs="$TEST_TMPDIR/bs"
media_boot_set "$bs"
truncate -s 16M "$TEST_TMPDIR/blank.img"

boot_until 'p2v-init: no device labelled NOSUCHLABEL yet' 300 \
  -kernel "$bs/vmlinuz" -initrd "$bs/initrd.img" \
  -append "root=live:LABEL=NOSUCHLABEL quiet console=ttyS0,115200" \
  -drive "file=$TEST_TMPDIR/blank.img,format=raw,if=virtio,readonly=on"
boot_console | grep -a 'p2v-init: no device labelled NOSUCHLABEL yet after [0-9]* s (block devices: vda); still waiting'
not grep -aq 'Kernel panic' "$BOOT_LOG"
_p2v_kill_boot_qemu

boot_until 'p2v-init: cannot start the P2V environment' 300 \
  -kernel "$bs/vmlinuz" -initrd "$bs/initrd.img" \
  -append "root=/dev/sda1 quiet console=ttyS0,115200"
boot_console | grep -a 'p2v-init: the kernel command line has root=/dev/sda1: give root=live:LABEL=NAME'
not grep -aq 'Kernel panic' "$BOOT_LOG"
