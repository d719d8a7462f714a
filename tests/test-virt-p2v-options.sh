#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# --help, --version, bad usage, the missing-server message, and
# --dump-config: secrets hidden, output re-readable as a command line,
# nothing printed when the configuration is bad.

source ./functions.sh
set -e -x

skip_if_skipped

disk="$TEST_TMPDIR/disk.img"
truncate -s 100M "$disk"

virt-p2v --help > "$TEST_TMPDIR/help"
grep -q -- "--cmdline=CMDLINE" "$TEST_TMPDIR/help"

virt-p2v --version > "$TEST_TMPDIR/version"
grep -Eqx "virt-p2v [0-9]+\.[0-9]+\.[0-9]+" "$TEST_TMPDIR/version"
virt-p2v -V | grep -q "^virt-p2v "

# Bad usage: exit 1 and a hint on stderr.
if virt-p2v --no-such-option 2> "$TEST_TMPDIR/err"; then exit 1; fi
grep -q "Try 'virt-p2v --help'" "$TEST_TMPDIR/err"
if virt-p2v stray-argument 2> "$TEST_TMPDIR/err"; then exit 1; fi
grep -q "^virt-p2v: error: unexpected argument 'stray-argument'" "$TEST_TMPDIR/err"

# Without p2v.server and without a display for the wizard: a clear refusal.
if env -u DISPLAY -u WAYLAND_DISPLAY \
     virt-p2v --cmdline="quiet" --test-disk="$disk" 2> "$TEST_TMPDIR/err"; then
  exit 1
fi
test "$(cat "$TEST_TMPDIR/err")" = "virt-p2v: error: no conversion server: put p2v.server=HOST on the kernel command line (or pass --cmdline), or run virt-p2v on a display (DISPLAY) for the wizard"

# --dump-config: the effective configuration, password hidden.
virt-p2v --test-disk="$disk" --dump-config \
  --cmdline='p2v.server=conv p2v.password=Hunter2-secret p2v.memory=1536M
             p2v.pre="echo hello world" p2v.oo=a=1 p2v.oo=b=2' \
  > "$TEST_TMPDIR/dump"
cat "$TEST_TMPDIR/dump"
grep -qx "p2v.remote.server=conv" "$TEST_TMPDIR/dump"
grep -qx "p2v.auth.password=<hidden>" "$TEST_TMPDIR/dump"
not grep -q "Hunter2-secret" "$TEST_TMPDIR/dump"
grep -qx "p2v.memory=1536M" "$TEST_TMPDIR/dump"
grep -qx 'p2v.pre="echo hello world"' "$TEST_TMPDIR/dump"
grep -qx "p2v.disks=sda" "$TEST_TMPDIR/dump"
grep -qx "p2v.vcpus=[0-9]*" "$TEST_TMPDIR/dump"

# Read back (without the hidden password), it gives the same dump.
grep -v "^p2v.auth.password=" "$TEST_TMPDIR/dump" > "$TEST_TMPDIR/dump1"
virt-p2v --test-disk="$disk" --dump-config \
  --cmdline="$(cat "$TEST_TMPDIR/dump1")" > "$TEST_TMPDIR/dump2"
diff "$TEST_TMPDIR/dump1" "$TEST_TMPDIR/dump2"

# A bad key: one error line, nothing on stdout.
if virt-p2v --test-disk="$disk" --dump-config \
     --cmdline="p2v.server=conv p2v.vcpus=lots" \
     > "$TEST_TMPDIR/out" 2> "$TEST_TMPDIR/err"; then
  exit 1
fi
test ! -s "$TEST_TMPDIR/out"
test "$(cat "$TEST_TMPDIR/err")" = "virt-p2v: error: p2v.vcpus=lots: bad value: expected a whole number from 1 to 4096"

# A disk that is not there.
if virt-p2v --test-disk="$disk" --dump-config \
     --cmdline="p2v.server=conv p2v.disks=sdz" 2> "$TEST_TMPDIR/err"; then
  exit 1
fi
grep -q "^virt-p2v: error: p2v.disks: sdz: no such disk" "$TEST_TMPDIR/err"
