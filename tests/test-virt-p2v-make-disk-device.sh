#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# Writing to a block device (a loop device standing in for a USB
# stick): refused while a partition is mounted, refused without
# --no-warn-if-partition while it has partitions, and then written
# with exactly the bytes of the same medium built as a file.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires losetup --version
requires sfdisk --version
requires mkfs.ext4 -V

bs="$TEST_TMPDIR/bs"
test_boot_set "$bs"
export SOURCE_DATE_EPOCH=1700000000
img="$TEST_TMPDIR/stick.img"
truncate -s 320M "$img"
echo 'type=ef' | sfdisk -q "$img"
dev="$(losetup --show -f -P "$img")" || {
  echo "$0: test skipped because no loop device could be set up" >&2
  exit 77
}
cleanup_fn losetup -d "$dev"
# The kernel knows the partition; without udev there is no node for
# it, so make one.
partx -a "$dev" 2>/dev/null || :
sysfs="/sys/class/block/${dev#/dev/}/${dev#/dev/}p1/dev"
for i in $(seq 50); do [ -r "$sysfs" ] && break; sleep 0.1; done
requires test -r "$sysfs"
part="$TEST_TMPDIR/part1"
mknod "$part" b $(tr ':' ' ' < "$sysfs")
mkfs.ext4 -q "$part"
mnt="$TEST_TMPDIR/mnt"
mkdir "$mnt"
mount "$part" "$mnt"
cleanup_fn umount -q "$mnt"

prog=virt-p2v-make-disk
rc=0
$prog --boot-set="$bs" -o "$dev" --format=iso --no-warn-if-partition \
  2> "$TEST_TMPDIR/err" || rc=$?
cat "$TEST_TMPDIR/err"
test "$rc" = 1
test "$(cat "$TEST_TMPDIR/err")" = "$prog: error: -o $dev: the device (or a partition of it) is mounted on $mnt: unmount it first"

umount "$mnt"
rc=0
$prog --boot-set="$bs" -o "$dev" --format=iso 2> "$TEST_TMPDIR/err" || rc=$?
cat "$TEST_TMPDIR/err"
test "$rc" = 1
test "$(cat "$TEST_TMPDIR/err")" = "$prog: error: -o $dev: the device has 1 partition that will be overwritten: check it is the right device, then add --no-warn-if-partition"

$prog --boot-set="$bs" -o "$dev" --format=iso --no-warn-if-partition
$prog --boot-set="$bs" -o "$TEST_TMPDIR/p2v.iso"
size="$(stat -c %s "$TEST_TMPDIR/p2v.iso")"
cmp -n "$size" "$TEST_TMPDIR/p2v.iso" "$dev"
# Nothing was written beside the device.
test ! -e /dev/SHA256SUMS
