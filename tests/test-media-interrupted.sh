#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A build killed in the middle (SIGTERM to its process group, its
# tools included; not SIGINT, which a non-interactive shell's background
# jobs ignore) leaves no boot set and no half-made cache entry (the
# initramfs, made before the root, may be complete and stay); the next
# build in that cache removes the killed one's work dir.

source ./functions.sh
set -e -x
skip_if_skipped
root_test
requires command -v setsid
requires command -v supermin

cache="$TEST_TMPDIR/cache"
SOURCE_DATE_EPOCH=$P2V_TEST_SOURCE_DATE_EPOCH \
VIRT_P2V_TEMPLATES="$abs_top_srcdir/templates" \
  setsid "$abs_top_builddir/common/test-media-build" -o "$TEST_TMPDIR/bs" \
    --cache "$cache" 2> "$TEST_TMPDIR/err" &
pid=$!
cleanup_fn kill -KILL -- -$pid

for i in $(seq 600); do
  grep -q "Fixing up the root" "$TEST_TMPDIR/err" && break
  sleep 0.1
done
kill -TERM -- -$pid
status=0
wait $pid || status=$?
cat "$TEST_TMPDIR/err"
test "$status" -ne 0
test ! -e "$TEST_TMPDIR/bs"
test -z "$(ls -d "$cache"/root-* 2>/dev/null)"
for f in "$cache"/initrd-*.img; do
  [ ! -e "$f" ] || zstd -tq "$f"
done
# Let the tools' own clean-up finish.
for i in $(seq 100); do
  pgrep -g $pid >/dev/null || break
  sleep 0.1
done

P2V_MEDIA_CACHE="$cache" not media_boot_set "$TEST_TMPDIR/bs" \
  --install no-such-package-p2v-a
test -z "$(ls -d "$cache"/work.* 2>/dev/null)"
