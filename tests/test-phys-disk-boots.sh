#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The "physical machine" fixture boots under qemu (TCG) to a login
# prompt on its serial console, from its IDE disk.  Every conversion
# test relies on this image; when it is broken, this test says so first.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires qemu-system-x86_64 --version
requires debootstrap --version
requires guestfish --version

disk="$(fixture_phys_disk)"
test -f "$disk"

# The image is treated as read-only: boot it with snapshot=on and check
# that nothing wrote to it.
before="$(stat -c '%s %Y' "$disk")"
boot_to_login "$disk" 300
grep -q 'Debian GNU/Linux 12 phys ttyS0' "$BOOT_LOG"
grep -q 'console=ttyS0,115200n8 net.ifnames=0' "$BOOT_LOG"
test "$(stat -c '%s %Y' "$disk")" = "$before"
