#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-kickstart: with fixed inputs (a small fake virt-p2v
# and a fake key from ks_fake_inputs, this tree's templates/), the
# kickstart and the printed next steps are byte for byte those in
# tests/golden/ (the version number replaced by @VERSION@).
#
# When a change to the program or to templates/ is meant to change the
# kickstart, regenerate them, then read the diff before committing:
#
#   P2V_GOLDEN_UPDATE=1 make -C tests check \
#     TESTS=test-virt-p2v-make-kickstart-golden.sh
#   git diff tests/golden/

source ./functions.sh
set -e -x

skip_if_skipped
source "$abs_top_srcdir/tests/kickstart-functions.sh"

prog=virt-p2v-make-kickstart
d="$TEST_TMPDIR"
golden="$abs_top_srcdir/tests/golden"
ks_fake_inputs "$d"
version="$($prog --version | cut -d' ' -f2)"

# golden NAME ARGS...: run in $d with -o NAME.ks, compare NAME.ks and
# the standard output with golden/kickstart-NAME.ks and .stdout.
golden ()
{
  local name="$1"; shift
  (umask 022
   env -C "$d" $prog -o "$name.ks" --virt-p2v=virt-p2v "$@" \
     > "$d/$name.stdout" 2> "$d/$name.stderr")
  cat "$d/$name.stderr"
  for f in "$name.ks" "$name.stdout"; do
    sed "s/$version/@VERSION@/g" "$d/$f" > "$d/$f.norm"
    if [ "${P2V_GOLDEN_UPDATE:-}" = 1 ]; then
      cp "$d/$f.norm" "$golden/kickstart-$f"
    fi
    diff -u "$golden/kickstart-$f" "$d/$f.norm"
  done
}

golden minimal fedora
golden full --inject-ssh-identity=id --proxy=http://proxy.example.com:3128 \
  --install=tcpdump,strace --install=@development-tools \
  --cmdline='p2v.server=conv.example.com p2v.port=2222 p2v.identity=file:///var/tmp/id_rsa p2v.pre="echo hello" p2v.o=local p2v.os=/var/tmp' \
  fedora rawhide koji rhel-6.10 rhel-7.9 rhel-9.4 \
  https://repo.example.com/os/ ftp://mirror.example.com/pub/x86_64/
if [ "${P2V_GOLDEN_UPDATE:-}" = 1 ]; then
  echo "$0: golden files regenerated in $golden: review git diff"
fi
