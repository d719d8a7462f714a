#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# SIGTERM in the middle of a conversion (once virt-v2v is reading the
# source) cancels it cleanly: virt-p2v exits non-zero within seconds,
# virt-v2v and its appliance are stopped on the server, status 130 is
# recorded, and no nbdkit, ssh or proxy of this run is left.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version

disk="$(fixture_phys_disk)"
start_conversion_server
out="$TEST_TMPDIR/out"
mkdir "$out"

virt-p2v --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$SERVER_PORT \
             p2v.identity=file://$SERVER_ROOT_KEY \
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
pgrep -f "virt-v2v -i libvirtxml physical.xml"

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
# p2v.fail runs when a conversion does not succeed.
test -f "$TEST_TMPDIR/fail-ran"

# Nothing of this run is left: virt-v2v, its appliance, the proxies,
# the client's nbdkit and ssh.
sleep 2
not pgrep -f "virt-v2v -i libvirtxml physical.xml"
not pgrep -f "nbdkit .*--filter=cache nbd hostname=127.0.0.1"
not pgrep -f "file=$disk"
not pgrep -f "ssh -F none .*-p$SERVER_PORT "
