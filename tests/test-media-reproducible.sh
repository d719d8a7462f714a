#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# With SOURCE_DATE_EPOCH set, a build from scratch (a fresh cache)
# gives the same bytes as the shared cached boot set: squashfs,
# initramfs, payload, manifest.  The cold build also shows, with -v,
# every external command it runs.

source ./functions.sh
set -e -x
skip_if_skipped
root_test

# The same identity for both builds: the payload must match too.
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMPDIR/id"

media_boot_set "$TEST_TMPDIR/shared" --inject-ssh-identity "$TEST_TMPDIR/id"
P2V_MEDIA_CACHE="$TEST_TMPDIR/cache" \
  media_boot_set "$TEST_TMPDIR/fresh" -v --inject-ssh-identity "$TEST_TMPDIR/id" \
  2> "$TEST_TMPDIR/err"
cat "$TEST_TMPDIR/err"

for f in initrd.img payload.img LiveOS/squashfs.img manifest.txt; do
  cmp "$TEST_TMPDIR/shared/$f" "$TEST_TMPDIR/fresh/$f"
done

for cmd in dpkg-query supermin tar depmod ldconfig systemctl mksquashfs modinfo; do
  grep -E "^test-media-build: debug: \[ *[0-9.]+\] run: $cmd " "$TEST_TMPDIR/err"
done
# Progress: one line per phase with the time since the start.
grep -E '^test-media-build: \[ *[0-9]+\.[0-9]\] Packing the root' "$TEST_TMPDIR/err"
grep -E '^test-media-build: \[ *[0-9]+\.[0-9]\] Boot set ready' "$TEST_TMPDIR/err"
