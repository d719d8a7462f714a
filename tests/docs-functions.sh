# virt-p2v toolkit: the man page check of the programs.  -*- shell-script -*-
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced after functions.sh by tests/test-*-docs.sh.  (The pxe branch
# has the same function, same name and arguments, in functions.sh.in:
# when both are merged, this file goes.)
#
#   check_program_docs PROG POD
#       skip unless podchecker exists; POD is valid, documents every
#       option PROG --long-options and --short-options print and none
#       other, and has an EXIT STATUS section

check_program_docs ()
{
  local prog="$1" pod="$2" opt item
  requires command -v podchecker
  podchecker -warnings "$pod"
  for opt in $($prog --long-options) $($prog --short-options); do
    grep -Eq "^=item B<$opt(>|=>)" "$pod" || {
      echo "$_p2v_test_name: option $opt is not documented in $pod" >&2
      return 1
    }
  done
  for item in $(sed -n 's/^=item B<\(-[^>=]*\)>.*/\1/p' "$pod"); do
    { $prog --long-options; $prog --short-options; } | grep -qx -- "$item" || {
      echo "$_p2v_test_name: $pod documents $item, which $prog does not accept" >&2
      return 1
    }
  done
  grep -q "^=head1 EXIT STATUS" "$pod"
}
