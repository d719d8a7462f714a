#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The boot set boots PXE-style (kernel + our initrd + payload +
# squashfs in a cpio, as make-pxe will serve it) under TCG in 1 GiB:
# the launcher starts virt-p2v on the serial console, the injected
# identity is /var/tmp/id_rsa (mode 600, the same key), one NIC has
# the static address ip= gives it and the other its DHCP address, and
# once virt-p2v is done the console gives a root shell.

source ./functions.sh
set -e -x
skip_if_skipped
root_test
requires command -v ssh-keygen

ssh-keygen -q -t ed25519 -N '' -C p2v-media-test -f "$TEST_TMPDIR/id"
sum="$(sha256sum < "$TEST_TMPDIR/id" | cut -d' ' -f1)"

media_boot_set "$TEST_TMPDIR/bs" --inject-ssh-identity "$TEST_TMPDIR/id"
pxe_initrd "$TEST_TMPDIR/bs" "$TEST_TMPDIR/pxe.img"

# Nothing listens on 10.0.2.2:9: virt-p2v starts, then fails to connect.
# eth0: ip= (static) wins over the DHCP every wired NIC gets by
# default, which eth1 (a second qemu network) shows.
boot_until 'virt-p2v: starting' 900 \
  -kernel "$TEST_TMPDIR/bs/vmlinuz" -initrd "$TEST_TMPDIR/pxe.img" \
  -append "root=live:/LiveOS/squashfs.img console=ttyS0,115200 net.ifnames=0 ip=10.0.2.50::10.0.2.2:255.255.255.0::eth0:off p2v.server=10.0.2.2 p2v.port=9 p2v.identity=file:///var/tmp/id_rsa" \
  -nic user,restrict=on -nic user,restrict=on -device virtio-rng-pci

# Without "quiet" the console shows p2v-init's steps: the squashfs the
# loader appended to the initramfs, and the identity from the payload.
boot_console | grep -a 'p2v-init: root: /LiveOS/squashfs.img on /dev/loop'
boot_console | grep -a 'p2v-init: switching to the live root'
tr -d '\r' < "$BOOT_LOG" | grep -a "virt-p2v: identity " > "$TEST_TMPDIR/identity"
grep -F "virt-p2v: identity /var/tmp/id_rsa mode 600 owner root sha256 $sum" \
  "$TEST_TMPDIR/identity"

# Then the getty, which waited for virt-p2v, logs root in.
boot_wait 'virt-p2v: finished' 300
# The launcher says where the machine is when it starts (when the
# first NIC is up) and again at the end, when both are: eth0 with the
# static address, eth1 with its lease.
boot_wait 'virt-p2v: network: eth0 +UP +10\.0\.2\.50/24 .*eth1 +UP +10\.0\.2\.15/24 ' 60
boot_wait 'login: root \(automatic login\)' 300
