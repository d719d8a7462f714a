#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# With SOURCE_DATE_EPOCH, two builds of each medium from the same boot
# set are byte-identical; the manifest and SHA256SUMS beside them are
# right; -v shows the external commands.

source ./functions.sh
set -e -x

skip_if_skipped

bs="$TEST_TMPDIR/bs"
test_boot_set "$bs"
export SOURCE_DATE_EPOCH=1700000000
cmdline='p2v.server=conv.example.com p2v.o=local'
for d in a b; do
  mkdir "$TEST_TMPDIR/$d"
  for f in p2v.img p2v.iso; do
    virt-p2v-make-disk -v --boot-set="$bs" -o "$TEST_TMPDIR/$d/$f" \
      --cmdline="$cmdline" 2> "$TEST_TMPDIR/$d/$f.log"
  done
  # Different times of day: only SOURCE_DATE_EPOCH may count.
  sleep 2
done
cmp "$TEST_TMPDIR/a/p2v.img" "$TEST_TMPDIR/b/p2v.img"
cmp "$TEST_TMPDIR/a/p2v.iso" "$TEST_TMPDIR/b/p2v.iso"

# Beside the outputs: the manifest, SHA256SUMS (one line each), and
# nothing else.
cd "$TEST_TMPDIR/a"
sha256sum -c SHA256SUMS
test "$(wc -l < SHA256SUMS)" = 2
cmp p2v.img.manifest "$bs/manifest.txt"
cmp p2v.iso.manifest "$bs/manifest.txt"
test "$(ls -A | sort | tr '\n' ' ')" = "SHA256SUMS p2v.img p2v.img.log p2v.img.manifest p2v.iso p2v.iso.log p2v.iso.manifest "

# -v: every external command, in a form that can be pasted.
for cmd in grub-mkimage mformat mcopy syslinux sha256sum; do
  grep -q "^virt-p2v-make-disk: debug: \[ *[0-9.]*\] run: $cmd " p2v.img.log
done
# The partition table goes through libguestfs and is read back there.
grep -q '^libguestfs: trace: pwrite_device "/dev/sda" .* 0$' p2v.img.log
grep -q '^libguestfs: trace: part_get_gpt_type = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"$' p2v.img.log
grep -q "^virt-p2v-make-disk: debug: \[ *[0-9.]*\] run: xorriso -as mkisofs " p2v.iso.log
grep -q "^virt-p2v-make-disk: \[ *[0-9.]*\] Writing the ISO (xorriso)" p2v.iso.log

# GPT GUIDs come from the inputs: a different command line, others.
virt-p2v-make-disk --boot-set="$bs" -o "$TEST_TMPDIR/c.img" \
  --cmdline="p2v.server=other.example.com"
test "$(sfdisk --disk-id p2v.img)" != "$(sfdisk --disk-id "$TEST_TMPDIR/c.img")"
