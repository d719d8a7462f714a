#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# A fleet from one manifest, PXE-booted over TFTP from a real tree of
# the shared pipeline's boot set under TCG:
#
#  - an unlisted MAC, BIOS (pxelinux): the default entry (no p2v.name
#    on the kernel command line);
#  - the manifest's "beta", UEFI (OVMF, GRUB), and "alpha", BIOS
#    (pxelinux): each its own config; virt-p2v runs, logs in to the
#    conversion server with the injected identity and the pinned host
#    key, and the server's work dir gets the machine's name (alpha's
#    physical.xml its p2v.vcpus=2).  Their p2v.os does not exist, so
#    virt-v2v stops there, which keeps the test short.
#
# A whole conversion, the tree served by HTTP (lpxelinux), is
# test-virt-p2v-make-pxe-journey.sh's.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires qemu-system-x86_64 --version
requires command -v supermin
requires test -r /usr/share/OVMF/OVMF_CODE.fd

start_conversion_server
m="$TEST_TMPDIR/fleet.txt"
cat > "$m" <<EOF2
# Two machines; p2v.stage=no: no disk copy before virt-v2v.
52:54:00:00:00:a1  alpha  p2v.vcpus=2 p2v.os=/nonexistent
52:54:00:00:00:b2  beta   p2v.os=/nonexistent p2v.stage=no
EOF2

pxe_tree ()
{
  SOURCE_DATE_EPOCH="$P2V_TEST_SOURCE_DATE_EPOCH" \
    virt-p2v-make-pxe --cache-dir="${P2V_MEDIA_CACHE:-$P2V_TEST_CACHE/media}" \
      --inject-ssh-identity="$SERVER_ROOT_KEY" \
      --host-key="$SERVER_HOSTKEY_FP" --machines="$m" \
      --cmdline="p2v.server=10.0.2.2 p2v.port=$SERVER_PORT \
                 p2v.identity=file:///var/tmp/id_rsa p2v.memory=1G \
                 p2v.o=local p2v.os=/var/tmp p2v.of=raw" "$@"
}
pxe_tree -o "$TEST_TMPDIR/tftp"

# Unlisted: the default entry, read from the launcher's line.
pxe_boot_until --mac 52:54:00:00:00:99 "$TEST_TMPDIR/tftp" \
  'virt-p2v: kernel command line: ' 300
_p2v_kill_boot_qemu
line="$(tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: kernel command line: ')"
[[ "$line" = *" p2v.server=10.0.2.2 p2v.port=$SERVER_PORT "* ]]
[[ "$line" != *p2v.name=* ]]

# work_dir NAME: the boot's virt-p2v reached the conversion server and
# stopped; its work dir there is named NAME (the manifest's guest name).
work_dir ()
{
  boot_wait 'virt-p2v: (error|finished)' 900
  _p2v_kill_boot_qemu
  tr -d '\r' < "$BOOT_LOG" | grep -a '^virt-p2v: '
  dir="$(tr -d '\r' < "$BOOT_LOG" |
         sed -n 's/.*logs and files of this conversion are in 10.0.2.2:\(\/tmp\/virt-p2v-[^ ]*\).*/\1/p' |
         head -n1)"
  [[ "$dir" =~ ^/tmp/virt-p2v-[0-9]{8}-[A-Za-z0-9]{8}$ ]]
  cleanup_fn rm -rf "$dir"
  test "$(cat "$dir/name")" = "$1"
}

# Each listed machine with a small blank disk to describe: beta under
# UEFI, alpha under BIOS, from the same tree and manifest.
truncate -s 64M "$TEST_TMPDIR/blank.img"
pxe_boot_until --uefi --mac 52:54:00:00:00:b2 "$TEST_TMPDIR/tftp" \
  'virt-p2v: starting' 900 \
  -drive "file=$TEST_TMPDIR/blank.img,if=virtio,format=raw"
tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: kernel command line: ' |
  grep -q ' p2v.name=beta p2v.os=/nonexistent p2v.stage=no'
work_dir beta

pxe_boot_until --mac 52:54:00:00:00:a1 "$TEST_TMPDIR/tftp" \
  'virt-p2v: starting' 900 \
  -drive "file=$TEST_TMPDIR/blank.img,if=virtio,format=raw,readonly=on"
work_dir alpha
grep -q '<vcpu>2</vcpu>' "$dir/physical.xml"
