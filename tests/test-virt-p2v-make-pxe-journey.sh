#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The whole journey over the network: virt-p2v-make-pxe builds a tree
# (the shared pipeline's root, an injected identity, a pinned host key,
# a fleet manifest) served by TFTP (lpxelinux.0) and HTTP (the kernel,
# initramfs and root); the "physical machine" (the debootstrapped
# fixture as its disk, the manifest's MAC) PXE-boots it under BIOS/TCG
# into its own unattended conversion (its manifest line's name) through
# the host's loopback sshd (10.0.2.2) with the real virt-v2v; the
# source disk is unchanged and the machine powers itself off.  (That a
# converted guest boots is test-virt-p2v-make-disk-journey.sh's part.)

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version
requires qemu-system-x86_64 --version
requires command -v supermin

fixture="$(fixture_phys_disk)"
start_conversion_server
out="$TEST_TMPDIR/out"
mkdir "$out"
disk="$TEST_TMPDIR/phys.img"
cp --sparse=always "$fixture" "$disk"
sum_before="$(sha256sum < "$disk")"

mkdir "$TEST_TMPDIR/web"
start_http_server "$TEST_TMPDIR/web"
cat > "$TEST_TMPDIR/fleet.txt" <<EOF2
52:54:00:00:00:a1  pxejourney  p2v.vcpus=1
EOF2
SOURCE_DATE_EPOCH="$P2V_TEST_SOURCE_DATE_EPOCH" \
  virt-p2v-make-pxe -o "$TEST_TMPDIR/web/p2v" \
    --cache-dir="${P2V_MEDIA_CACHE:-$P2V_TEST_CACHE/media}" \
    --inject-ssh-identity="$SERVER_ROOT_KEY" \
    --host-key="$SERVER_HOSTKEY_FP" \
    --machines="$TEST_TMPDIR/fleet.txt" \
    --http-url="http://10.0.2.2:$HTTP_PORT/p2v" \
    --cmdline="p2v.server=10.0.2.2 p2v.port=$SERVER_PORT \
               p2v.identity=file:///var/tmp/id_rsa \
               p2v.memory=1G p2v.o=local p2v.os=$out p2v.of=raw"
not grep -rq "PRIVATE KEY" "$TEST_TMPDIR/web/p2v/pxelinux.cfg"

pxe_boot_until --mac 52:54:00:00:00:a1 --bootfile p2v/lpxelinux.0 \
  "$TEST_TMPDIR/web" 'virt-p2v: starting' 600 \
  -drive "file=$disk,if=virtio,format=raw"
boot_wait 'virt-p2v: .*conversion finished successfully|virt-p2v: error' 1800
tr -d '\r' < "$BOOT_LOG" | grep -a '^virt-p2v: ' | tail -n 30
tr -d '\r' < "$BOOT_LOG" | grep -aq 'conversion finished successfully'
# The big files came by HTTP, once each.
test "$(grep -c 'GET /p2v/squashfs.cpio' "$HTTP_LOG")" = 1
# p2v.post: the machine powers off by itself.
wait_poweroff 300

test "$(sha256sum < "$disk")" = "$sum_before"
test -s "$out/pxejourney-sda"
grep -q "<name>pxejourney</name>" "$out/pxejourney.xml"
grep -q "<vcpu>1</vcpu>" "$out/pxejourney.xml"
