#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# SIGTERM in the middle of a conversion (once virt-v2v is reading the
# source) cancels it cleanly: virt-p2v exits non-zero within seconds,
# virt-v2v and its appliance are stopped on the server, status 130 is
# recorded, and no nbdkit or ssh of this run is left.  This run logs in
# as a non-root user with a password and runs virt-v2v through sudo; the
# server's TMPDIR is too small to stage the disk, so virt-v2v reads it
# over the network.  So it also proves those paths (the end-to-end test
# uses root, a key and staging).

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version

disk="$(fixture_phys_disk)"
# virt-v2v's own large temporary files go to LIBGUESTFS_CACHEDIR.
small="$TEST_TMPDIR/small-tmp"
mkdir "$small"
mount -t tmpfs -o size=16m,mode=1777 p2v-test-small "$small"
cleanup_fn umount "$small"
start_conversion_server --env TMPDIR="$small" --env LIBGUESTFS_CACHEDIR=/var/tmp
out="$TEST_TMPDIR/out"
mkdir "$out"

# The client's private temp dir (sockets, control path) goes here, so
# its processes can be told from those of other runs.
mkdir "$TEST_TMPDIR/client-tmp"

TMPDIR="$TEST_TMPDIR/client-tmp" virt-p2v -v --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$SERVER_PORT \
             p2v.username=p2vsudo p2v.password=$P2V_TEST_PASSWORD p2v.sudo \
             p2v.hostkey=$SERVER_HOSTKEY_FP p2v.o=local p2v.os=$out \
             p2v.fail=\"touch $TEST_TMPDIR/fail-ran\"" \
  2> "$TEST_TMPDIR/p2v.err" &
pid=$!
cleanup_fn kill -9 $pid

# Wait until virt-v2v has opened the source and is inspecting it.
for i in $(seq 600); do
  grep -q "Inspecting the source" "$TEST_TMPDIR/p2v.err" && break
  kill -0 $pid
  sleep 1
done
grep -q "Inspecting the source" "$TEST_TMPDIR/p2v.err"
dir="$(sed -n 's/.*conversion are in 127.0.0.1:\(.*\)$/\1/p' "$TEST_TMPDIR/p2v.err")"
test -d "$dir"
cleanup_fn rm -rf "$dir"
# Processes working in the work dir: virt-v2v and its appliance.
in_dir ()
{
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir" ] && echo "${p#/proc/}"
  done
  return 0
}
test -n "$(in_dir)"
# Not enough room to stage: virt-v2v reads the forwarded port.
grep -q "virt-p2v: not staging the disks (.* MiB free in $small/virt-p2v-disks\..*, 2048 MiB needed): virt-v2v reads them over the network" \
  "$dir/virt-v2v-conversion-log.txt"
grep -q "libvirtxml physical.xml" "$dir/virt-v2v-conversion-log.txt"
test -z "$(ls -d "$small"/virt-p2v-disks.* 2>/dev/null)"

start=$SECONDS
kill -TERM $pid
status=0
wait $pid || status=$?
cat "$TEST_TMPDIR/p2v.err"
test $status -ne 0
test $(( SECONDS - start )) -lt 60

grep -q "^virt-p2v: error: conversion cancelled" "$TEST_TMPDIR/p2v.err"
test "$(cat "$dir/status")" = 130
grep -q "virt-p2v: conversion cancelled" "$dir/virt-v2v-conversion-log.txt"
# -v shows every command run, quoted; never the password.
grep -q "^virt-p2v: debug: \[ *[0-9.]*\] run: ssh -F none -T " "$TEST_TMPDIR/p2v.err"
grep -q "^virt-p2v: debug: \[ *[0-9.]*\] run: nbdkit -r -f --exit-with-parent" "$TEST_TMPDIR/p2v.err"
not grep -qF "$P2V_TEST_PASSWORD" "$TEST_TMPDIR/p2v.err" "$dir"/*
# p2v.fail runs when a conversion does not succeed.
test -f "$TEST_TMPDIR/fail-ran"

# Nothing of this run is left: virt-v2v and its appliance on the server; the client's nbdkit, ssh master and temp dir.
sleep 2
test -z "$(in_dir)"
not pgrep -f "$TEST_TMPDIR/client-tmp"
test -z "$(ls -A "$TEST_TMPDIR/client-tmp")"
