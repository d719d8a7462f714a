#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# Without virt-p2v: real virt-v2v, run as root over the test conversion
# server's ssh, converts a copy of the "physical machine" fixture
# (-i disk -o local), and the result boots to a login prompt on a
# virtio disk of a q35 machine.  This proves the fixture and the server
# set-up the p2v conversion tests build on; when those fail and this
# passes, look at virt-p2v.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version
requires nbdcopy --version
requires qemu-system-x86_64 --version

disk="$(fixture_phys_disk)"
start_conversion_server

cp --sparse=always "$disk" "$TEST_TMPDIR/phys.img"
chmod 0644 "$TEST_TMPDIR/phys.img"
mkdir "$TEST_TMPDIR/out"

start=$SECONDS
server_ssh root "virt-v2v -i disk '$TEST_TMPDIR/phys.img' -o local -os '$TEST_TMPDIR/out' -of raw" \
  > "$TEST_TMPDIR/v2v.log" 2>&1 || {
  cat "$TEST_TMPDIR/v2v.log"
  exit 1
}
cat "$TEST_TMPDIR/v2v.log"
echo "$0: virt-v2v took $(( SECONDS - start )) s"

test -s "$TEST_TMPDIR/out/phys-sda"
grep -q "<name>phys</name>" "$TEST_TMPDIR/out/phys.xml"
grep -q "bus='virtio'" "$TEST_TMPDIR/out/phys.xml"

# The source copy is unchanged (virt-v2v opens it through an overlay).
cmp "$disk" "$TEST_TMPDIR/phys.img"

boot_to_login --virtio "$TEST_TMPDIR/out/phys-sda" 300
grep -q 'vda' "$BOOT_LOG"
grep -q 'Debian GNU/Linux 12 phys ttyS0' "$BOOT_LOG"
