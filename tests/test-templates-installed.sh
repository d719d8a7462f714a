#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# Every file in templates/ is installed (dist_templates_DATA in
# Makefile.am), and nothing listed there is missing: the builders read
# the templates from the installed directory, so a file left out of
# the list works from the source tree and breaks after "make install".

source ./functions.sh
set -e -x

skip_if_skipped

listed="$TEST_TMPDIR/listed" present="$TEST_TMPDIR/present"
sed -n '/^dist_templates_DATA =/,/^$/p' "$abs_top_srcdir/Makefile.am" |
  grep -o 'templates/[^ \\]*' | sed 's,^templates/,,' | sort > "$listed"
(cd "$abs_top_srcdir/templates" && ls -A) | sort > "$present"
test -s "$listed"
diff -u "$present" "$listed"
