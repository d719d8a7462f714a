# virt-p2v toolkit: the man page checks of the programs.  -*- shell-script -*-
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced after functions.sh by tests/test-*-docs.sh.
#
#   check_program_docs PROG POD MAN
#       POD is valid (podchecker), documents every option PROG
#       --long-options and --short-options print and none other, has an
#       EXIT STATUS section, and MAN (the built page) is not empty

check_program_docs ()
{
  local prog="$1" pod="$2" man="$3" opt item
  podchecker -warnings "$pod"
  for opt in $($prog --long-options) $($prog --short-options); do
    grep -Eq "^=item B<$opt(>|=>)" "$pod" || {
      echo "$0: option $opt is not documented in $pod"
      return 1
    }
  done
  for item in $(sed -n 's/^=item B<\(-[^>=]*\)>.*/\1/p' "$pod"); do
    { $prog --long-options; $prog --short-options; } | grep -qx -- "$item" || {
      echo "$0: $pod documents $item, which $prog does not accept"
      return 1
    }
  done
  grep -q "^=head1 EXIT STATUS" "$pod"
  test -s "$man"
}
