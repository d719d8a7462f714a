#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# SIGINT in the middle of a disk image build (while libguestfs writes
# the partition table) stops it promptly and leaves no output, no
# temporary file beside it and no private temporary directory.

source ./functions.sh
set -e -x

skip_if_skipped

bs="$TEST_TMPDIR/bs"
test_boot_set "$bs"
out="$TEST_TMPDIR/out"
tmp="$TEST_TMPDIR/tmp"
mkdir "$out" "$tmp"

# libguestfs keeps its appliance cache where it always does.
LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-/var/tmp}" \
TMPDIR="$tmp" virt-p2v-make-disk --boot-set="$bs" -o "$out/p2v.img" \
  2> "$TEST_TMPDIR/err" &
pid=$!
cleanup_fn kill "$pid"

# Wait for the slow phase, then interrupt it.
for i in $(seq 600); do
  grep -q "Partitioning" "$TEST_TMPDIR/err" && break
  sleep 0.1
done
grep -q "Partitioning" "$TEST_TMPDIR/err"
sleep 2
# The temporary output exists until now.
test -n "$(ls -A "$out")"
kill -INT "$pid"
start=$SECONDS
rc=0
wait "$pid" || rc=$?
cat "$TEST_TMPDIR/err"
test "$rc" = 1
test $(( SECONDS - start )) -lt 30
test "$(grep -c ': error: ' "$TEST_TMPDIR/err")" = 1
grep -qx "virt-p2v-make-disk: error: interrupted by Interrupt: the partial output is removed" "$TEST_TMPDIR/err"
test -z "$(ls -A "$out")"
test -z "$(ls -A "$tmp")"
