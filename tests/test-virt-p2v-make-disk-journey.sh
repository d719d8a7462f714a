#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The whole journey: virt-p2v-make-disk builds a real ISO (the shared
# pipeline's root, with an injected identity, a pinned host key and an
# unattended command line baked in); a "physical machine" with the
# debootstrapped fixture as its disk boots it under TCG; the virt-p2v
# on it converts that disk through the host's loopback sshd (10.0.2.2
# from inside qemu's user network) with the real virt-v2v; the source
# disk is unchanged, the machine powers itself off (p2v.post's default
# when the keys come from /proc/cmdline), and the converted guest boots.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version
requires qemu-system-x86_64 --version
requires command -v supermin
requires command -v xorriso

fixture="$(fixture_phys_disk)"
start_conversion_server
out="$TEST_TMPDIR/out"
mkdir "$out"

# The machine's own disk: a writable copy, checked unchanged at the end.
disk="$TEST_TMPDIR/phys.img"
cp --sparse=always "$fixture" "$disk"
sum_before="$(sha256sum < "$disk")"

# The same media cache and epoch as the pipeline's own tests, so the
# root is built once for all of them.
SOURCE_DATE_EPOCH="$P2V_TEST_SOURCE_DATE_EPOCH" \
  virt-p2v-make-disk -o "$TEST_TMPDIR/p2v.iso" \
    --cache-dir="${P2V_MEDIA_CACHE:-$P2V_TEST_CACHE/media}" \
    --inject-ssh-identity="$SERVER_ROOT_KEY" \
    --host-key="$SERVER_HOSTKEY_FP" \
    --cmdline="p2v.server=10.0.2.2 p2v.port=$SERVER_PORT \
               p2v.identity=file:///var/tmp/id_rsa p2v.name=journey \
               p2v.memory=1G p2v.o=local p2v.os=$out p2v.of=raw"
# The pin is baked in; the private key is only in the payload.
xorriso -indev "$TEST_TMPDIR/p2v.iso" -osirrox on \
  -extract /isolinux/isolinux.cfg "$TEST_TMPDIR/isolinux.cfg" 2>/dev/null
grep -q "p2v.hostkey=$SERVER_HOSTKEY_FP" "$TEST_TMPDIR/isolinux.cfg"
not grep -q "PRIVATE KEY" "$TEST_TMPDIR/isolinux.cfg"

boot_until 'virt-p2v: starting' 600 \
  -drive "file=$TEST_TMPDIR/p2v.iso,media=cdrom,format=raw,readonly=on" \
  -drive "file=$disk,if=virtio,format=raw" \
  -boot d -no-reboot -nic user -device virtio-rng-pci
boot_wait 'virt-p2v: .*conversion finished successfully|virt-p2v: error' 1800
tr -d '\r' < "$BOOT_LOG" | grep -a '^virt-p2v: ' | tail -n 30
tr -d '\r' < "$BOOT_LOG" | grep -aq 'conversion finished successfully'
# p2v.post: the machine powers off by itself.
wait_poweroff 300

test "$(sha256sum < "$disk")" = "$sum_before"
test -s "$out/journey-sda"
grep -q "<name>journey</name>" "$out/journey.xml"

boot_to_login --virtio "$out/journey-sda" 300
grep -q 'Debian GNU/Linux 12 phys ttyS0' "$BOOT_LOG"
