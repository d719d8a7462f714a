#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The man page documents every option virt-p2v accepts and no option
# it does not, lists every p2v.* key of the key table, and is valid POD.

source ./functions.sh
set -e -x

skip_if_skipped
requires command -v podchecker

pod="$abs_top_builddir/p2v/virt-p2v-full.pod"
test -f "$pod"
podchecker -warnings "$pod"

for opt in $(virt-p2v --long-options) $(virt-p2v --short-options); do
  grep -Eq "^=item B<$opt(>|=>)" "$pod" || {
    echo "$0: option $opt is not documented in virt-p2v.pod"
    exit 1
  }
done
for item in $(sed -n 's/^=item B<\(-[^>=]*\)>.*/\1/p' "$pod"); do
  { virt-p2v --long-options; virt-p2v --short-options; } | grep -qx -- "$item" || {
    echo "$0: virt-p2v.pod documents $item, which virt-p2v does not accept"
    exit 1
  }
done

# Every key the parser knows is in the page (long form and alias).
virt-p2v --dump-keys-pod | sed -n 's/^=item B<\([^>]*\)>.*/\1/p' > "$TEST_TMPDIR/keys"
test "$(wc -l < "$TEST_TMPDIR/keys")" -gt 30
while read -r key; do
  grep -q "^=item B<$key>" "$pod"
done < "$TEST_TMPDIR/keys"
