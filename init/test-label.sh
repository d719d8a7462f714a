#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# p2v-init's label probe against real file systems as our media make
# them: FAT16 and FAT32 by mformat (the disk image's partition), ISO
# 9660 by xorriso (the hybrid ISO), and what must not match.

set -e

for cmd in mformat xorriso; do
  if ! command -v $cmd >/dev/null; then
    echo "$0: SKIP: $cmd is not installed"
    exit 77
  fi
done

t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT

expect ()
{
  local want="$1"; shift
  local got
  got="$(./test-label "$@")"
  if [ "$got" != "$want" ]; then
    echo "$0: FAIL: test-label $*: $got, expected $want" >&2
    exit 1
  fi
}

truncate -s 64M "$t/fat16.img"
mformat -i "$t/fat16.img" -T 131072 -h 64 -s 32 -v P2VBOOT ::
truncate -s 600M "$t/fat32.img"
mformat -i "$t/fat32.img" -T 1228800 -h 64 -s 32 -v P2VBOOT -F ::
mkdir "$t/tree"
echo x > "$t/tree/x"
xorriso -as mkisofs -quiet -V P2VBOOT -o "$t/p2v.iso" "$t/tree" 2>/dev/null

expect vfat "$t/fat16.img" P2VBOOT
expect vfat "$t/fat32.img" P2VBOOT
expect iso9660 "$t/p2v.iso" P2VBOOT
expect iso9660 "$t/p2v.iso" P2VBOOT --cd
# CDLABEL= is for ISO 9660 only; labels match whole, case and all.
expect none "$t/fat16.img" P2VBOOT --cd
expect none "$t/fat16.img" P2VBOO
expect none "$t/fat32.img" P2VBOOTX
expect none "$t/p2v.iso" p2vboot
expect none /dev/null P2VBOOT
expect none "$t/no-such-file" P2VBOOT
echo "$0: PASS"
