#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# End to end: virt-p2v converts the "physical machine" fixture through
# a real sshd on 127.0.0.1 and the real virt-v2v (-o local).  The remote
# work dir holds every file the manual lists and status 0; the output
# disk and XML exist; the source's sha256 is unchanged; progress was
# shown; nothing of the client is left running; and the converted guest
# boots to its login prompt on virtio.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version
requires qemu-system-x86_64 --version

disk="$(fixture_phys_disk)"
start_conversion_server
out="$TEST_TMPDIR/out"
mkdir "$out"

sum_before="$(sha256sum < "$disk")"

# The client's private temp dir goes here, so we can see it is removed.
mkdir "$TEST_TMPDIR/client-tmp"

start=$SECONDS
TMPDIR="$TEST_TMPDIR/client-tmp" virt-p2v --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$SERVER_PORT \
             p2v.identity=file://$SERVER_ROOT_KEY \
             p2v.hostkey=$SERVER_HOSTKEY_FP \
             p2v.name=converted p2v.vcpus=2 p2v.memory=1G \
             p2v.o=local p2v.os=$out p2v.of=raw \
             p2v.post=\"touch $TEST_TMPDIR/post-ran\"" \
  > "$TEST_TMPDIR/p2v.out" 2> "$TEST_TMPDIR/p2v.err" || {
  cat "$TEST_TMPDIR/p2v.err"
  exit 1
}
cat "$TEST_TMPDIR/p2v.err"
echo "$0: conversion took $(( SECONDS - start )) s"

# The work dir on the server, as announced.
dir="$(sed -n 's/.*logs and files of this conversion are in 127.0.0.1:\(.*\)$/\1/p' \
         "$TEST_TMPDIR/p2v.err")"
[[ "$dir" =~ ^/tmp/virt-p2v-[0-9]{8}-[A-Za-z0-9]{8}$ ]]
cleanup_fn rm -rf "$dir"
for f in dmesg name physical.xml status time virt-v2v-conversion-log.txt \
         lscpu lspci lsscsi lsusb p2v-version v2v-version virt-p2v.log; do
  test -f "$dir/$f"
done
test "$(cat "$dir/status")" = 0
test "$(cat "$dir/name")" = converted
grep -q "Copying disk 1/1" "$dir/virt-v2v-conversion-log.txt"
grep -q "^virt-p2v " "$dir/p2v-version"
# Our own log records the server's host key as we saw it.
grep -q "host key $SERVER_HOSTKEY_FP matches p2v.hostkey" "$dir/virt-p2v.log"

# Progress for people, not a log scroll: phases and the copy figures.
grep -q "Inspecting the source" "$TEST_TMPDIR/p2v.err"
grep -Eq "copying disk 1/1 \(sda\): 100% \(.* of 1\.0 GiB\)" "$TEST_TMPDIR/p2v.err"
grep -q "conversion finished successfully" "$TEST_TMPDIR/p2v.err"
# By default virt-v2v reads the forwarded ports directly (no proxies).
grep -q '<host name="localhost" port="[0-9]*"/>' "$dir/physical.xml"

# Staging (the default): the disk was copied to the server first and
# virt-v2v read the copy, which is gone afterwards.
grep -Eq "staging disk 1/1 \(sda\): 100% \(.* of 1\.0 GiB\)" "$TEST_TMPDIR/p2v.err"
grep -q "Staging disk 1/1 (sda) on the server" "$dir/virt-v2v-conversion-log.txt"
stage="$(sed -n "s|.*<source file=\"\(.*\)/sda.raw\"/>.*|\1|p" "$dir/physical-staged.xml")"
[[ "$stage" =~ ^/.*/virt-p2v-disks\.[A-Za-z0-9]{8}$ ]]
test ! -e "$stage"
not grep -q "not staging" "$dir/virt-v2v-conversion-log.txt"
grep -q "libvirtxml physical-staged.xml" "$dir/virt-v2v-conversion-log.txt"

# p2v.post ran after success.
test -f "$TEST_TMPDIR/post-ran"

# The output.
test -s "$out/converted-sda"
grep -q "<name>converted</name>" "$out/converted.xml"
grep -q "<vcpu>2</vcpu>" "$out/converted.xml"

# The source disk was never written.
test "$(sha256sum < "$disk")" = "$sum_before"

# Nothing of the client is left behind: no nbdkit serving the disk, no
# ssh master, no private temp dir.
not pgrep -f "$TEST_TMPDIR/client-tmp"
test -z "$(ls -A "$TEST_TMPDIR/client-tmp")"

# The converted guest boots.
boot_to_login --virtio "$out/converted-sda" 300
grep -q 'Debian GNU/Linux 12 phys ttyS0' "$BOOT_LOG"
