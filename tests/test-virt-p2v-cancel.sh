#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# SIGTERM in the middle of a conversion (once virt-v2v is reading the
# source) cancels it cleanly: virt-p2v exits non-zero within seconds,
# virt-v2v and its appliance are stopped on the server, status 130 is
# recorded, and no nbdkit, ssh or proxy of this run is left.  This run
# logs in as a non-root user with a password, runs virt-v2v through
# sudo and reads the disk through the caching proxies (p2v.cache), so it
# also proves those paths (the end-to-end test uses root, a key and the
# direct forwards).

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

# The client's private temp dir (sockets, control path) goes here, so
# its processes can be told from those of other runs.
mkdir "$TEST_TMPDIR/client-tmp"

TMPDIR="$TEST_TMPDIR/client-tmp" virt-p2v -v --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$SERVER_PORT \
             p2v.username=p2vsudo p2v.password=$P2V_TEST_PASSWORD p2v.sudo \
             p2v.cache \
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
# Processes working in the work dir: virt-v2v, its appliance, proxies.
in_dir ()
{
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$dir" ] && echo "${p#/proc/}"
  done
  return 0
}
test -n "$(in_dir)"
# virt-v2v reads through the caching proxies: physical.xml is the
# swapped-in physical-cached.xml, pointing at a proxy's port.
test ! -e "$dir/physical-cached.xml"
proxy_port="$(sed -n 's/.*<host name="localhost" port="\([0-9]*\)"\/>.*/\1/p' "$dir/physical.xml")"
grep -q -- "--filter=cache .* -p $proxy_port \|-p $proxy_port .*--filter=cache" "$dir/run.sh"
not grep -q "caching proxies unavailable" "$dir/virt-v2v-conversion-log.txt"

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

# Nothing of this run is left: virt-v2v, its appliance and the proxies
# on the server; the client's nbdkit, ssh master and temp dir.
sleep 2
test -z "$(in_dir)"
not pgrep -f "$TEST_TMPDIR/client-tmp"
test -z "$(ls -A "$TEST_TMPDIR/client-tmp")"
