#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A second build with the same inputs takes the root and the initramfs
# from the cache: within the 20 s warm target, with the same bytes,
# and a different identity changes only the payload.

source ./functions.sh
set -e -x
skip_if_skipped
root_test

ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMPDIR/id1"
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMPDIR/id2"

media_boot_set "$TEST_TMPDIR/bs1" --inject-ssh-identity "$TEST_TMPDIR/id1"
start=$SECONDS
media_boot_set "$TEST_TMPDIR/bs2" --inject-ssh-identity "$TEST_TMPDIR/id2" \
  2> "$TEST_TMPDIR/err"
took=$(( SECONDS - start ))
cat "$TEST_TMPDIR/err"
grep -F 'Using the cached root' "$TEST_TMPDIR/err"
grep -F 'Using the cached initramfs' "$TEST_TMPDIR/err"
test "$took" -le 20

for f in vmlinuz initrd.img LiveOS/squashfs.img manifest.txt; do
  cmp "$TEST_TMPDIR/bs1/$f" "$TEST_TMPDIR/bs2/$f"
done
not cmp -s "$TEST_TMPDIR/bs1/payload.img" "$TEST_TMPDIR/bs2/payload.img"

# The manifest: "name version", sorted, with the kernel in it.
sort -c "$TEST_TMPDIR/bs2/manifest.txt"
grep -E '^linux-image-[0-9].* [0-9]' "$TEST_TMPDIR/bs2/manifest.txt"
test "$(awk 'NF != 2' "$TEST_TMPDIR/bs2/manifest.txt" | wc -l)" = 0
