#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The physical.xml that p2v/physical-xml.c writes is accepted by the
# real "virt-v2v -i libvirtxml": --print-source shows back every value
# we put in (name, memory, vCPUs and topology, CPU vendor/model and
# features, disk controllers, removables, NICs with their MACs and
# mapped networks), with no warning, and virt-v2v's own nbdkit really
# connects to the NBD server each disk points at.
#
# p2v/test-physical-xml writes the document (P2V_TEST_XML_OUT) with
# every disk at localhost:$P2V_TEST_NBD_PORT; the values checked below
# are the ones set in its write_for_virt_v2v().

source ./functions.sh
set -e -x

skip_if_skipped
requires virt-v2v --version
requires nbdkit --version
requires nbdkit file --version

prog="$abs_top_builddir/p2v/test-physical-xml"
requires test -x "$prog"

disk="$TEST_TMPDIR/disk.img"
truncate -s 64M "$disk"

# nbdkit on a free port of localhost (retry if the port is taken).
# It writes its pidfile once it is listening.
pidfile="$TEST_TMPDIR/nbdkit.pid"
nbdlog="$TEST_TMPDIR/nbdkit.log"
port=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  rm -f "$pidfile"
  nbdkit -f -v -r -p "$p" --pidfile "$pidfile" file "$disk" \
    </dev/null 2>"$nbdlog" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ ! -s "$pidfile" ]; do
    sleep 0.1
  done
  if [ -s "$pidfile" ]; then
    port=$p
    cleanup_fn kill "$pid"
    break
  fi
  wait "$pid" || :
done
test -n "$port"

xml="$TEST_TMPDIR/physical.xml"
P2V_TEST_XML_OUT="$xml" P2V_TEST_NBD_PORT="$port" $VG "$prog"
cat "$xml"

out="$TEST_TMPDIR/print-source.out"
err="$TEST_TMPDIR/print-source.err"
virt-v2v -v -x -i libvirtxml "$xml" --print-source >"$out" 2>"$err"
cat "$out"

# Every value, as virt-v2v understood it.
grep -E '^ +source name: p2v-test-guest$' "$out"
grep -E '^hypervisor type: physical$' "$out"
grep -E '^ +memory: 3221225472 \(bytes\)$' "$out"
grep -E '^ +nr vCPUs: 16$' "$out"
grep -E '^ +CPU vendor: Intel$' "$out"
grep -E '^ +CPU model: Skylake-Client$' "$out"
grep -E '^ +CPU topology: sockets: 2 cores/socket: 4 threads/core: 2$' "$out"
grep -E '^ +CPU features: acpi,apic$' "$out"

# Disks: sda on SATA, nvme0n1 with no controller virt-v2v knows.
sed -n '/^disks:/,/^removable media:/p' "$out" > "$TEST_TMPDIR/disks"
grep -E '^\s+0 \[sata\]$' "$TEST_TMPDIR/disks"
grep -E '^\s+1$' "$TEST_TMPDIR/disks"
test "$(grep -cE '^\s+[0-9]' "$TEST_TMPDIR/disks")" = 2

# Removables: the two CD/DVD drives, in their slots.
grep -E '^\s+CD-ROM in slot 0$' "$out"
grep -E '^\s+CD-ROM in slot 1$' "$out"

# NICs: bond0 mapped by name, the others to the default entry; wlan0
# has no MAC in the test machine.
sed -n '/^NICs:/,$p' "$out" > "$TEST_TMPDIR/nics"
grep -E '^\s+Network "prod" mac: 52:54:00:00:00:b0$' "$TEST_TMPDIR/nics"
grep -E '^\s+Network "lan" mac: 52:54:00:00:00:10$' "$TEST_TMPDIR/nics"
test "$(grep -c 'Network "lan"' "$TEST_TMPDIR/nics")" = 2
test "$(grep -cE '^\s+Network ' "$TEST_TMPDIR/nics")" = 3

# Nothing in the document was ignored.
if grep -E 'warning' "$err"; then
  echo "$0: virt-v2v warned about physical.xml" >&2
  exit 1
fi

# virt-v2v started its nbdkit against our port for both disks, and it
# reached our server.
test "$(grep -c "'nbd' 'hostname=localhost' 'port=$port'" "$err")" = 2
grep 'accepted connection' "$nbdlog"

# The staged form: both disks are a local file, which virt-v2v opens
# with nbdkit's file plugin.
P2V_TEST_XML_OUT="$xml" P2V_TEST_FILE="$disk" $VG "$prog"
virt-v2v -v -x -i libvirtxml "$xml" --print-source >"$out" 2>"$err"
cat "$out"
test "$(grep -cE '^\s+[0-9]' <(sed -n '/^disks:/,/^removable media:/p' "$out"))" = 2
if grep -E 'warning' "$err"; then
  echo "$0: virt-v2v warned about the staged physical.xml" >&2
  exit 1
fi
grep "'file' 'file=$disk'" "$err"
