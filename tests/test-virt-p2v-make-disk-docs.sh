#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The man page of virt-p2v-make-disk is valid POD, documents every
# option the program accepts and none it does not, and its exit codes.

source ./functions.sh
set -e -x

skip_if_skipped
requires command -v podchecker

prog=virt-p2v-make-disk
pod="$abs_top_srcdir/make-disk/$prog.pod"
podchecker -warnings "$pod"

for opt in $($prog --long-options) $($prog --short-options); do
  grep -Eq "^=item B<$opt(>|=>)" "$pod" || {
    echo "$0: option $opt is not documented in $prog.pod"
    exit 1
  }
done
for item in $(sed -n 's/^=item B<\(-[^>=]*\)>.*/\1/p' "$pod"); do
  { $prog --long-options; $prog --short-options; } | grep -qx -- "$item" || {
    echo "$0: $prog.pod documents $item, which $prog does not accept"
    exit 1
  }
done
grep -q "^=head1 EXIT STATUS" "$pod"
test -s "$abs_top_builddir/make-disk/$prog.1"
