#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Packages that are not installed on the host (supermin alone would
# drop them silently) are one error naming all of them and the command
# that installs them; nothing is left behind.  Likewise a missing
# identity file fails at once.

source ./functions.sh
set -e -x
skip_if_skipped
root_test

not media_boot_set "$TEST_TMPDIR/bs" \
  --install no-such-package-p2v-a,no-such-package-p2v-b \
  2> "$TEST_TMPDIR/err"
cat "$TEST_TMPDIR/err"
test "$(grep -c 'error' "$TEST_TMPDIR/err")" = 1
grep -E '^test-media-build: error: 2 packages .*not installed.*: no-such-package-p2v-a no-such-package-p2v-b: install them with: apt-get install no-such-package-p2v-a no-such-package-p2v-b$' \
  "$TEST_TMPDIR/err"
test ! -e "$TEST_TMPDIR/bs"

not media_boot_set "$TEST_TMPDIR/bs" \
  --inject-ssh-identity "$TEST_TMPDIR/no-such-key" 2> "$TEST_TMPDIR/err"
cat "$TEST_TMPDIR/err"
test "$(grep -c 'error' "$TEST_TMPDIR/err")" = 1
grep -F "cannot read the SSH identity (--inject-ssh-identity) \"$TEST_TMPDIR/no-such-key\": No such file or directory" \
  "$TEST_TMPDIR/err"
test ! -e "$TEST_TMPDIR/bs"

# A name that is not a package name (here: an option) is refused.
not media_boot_set "$TEST_TMPDIR/bs" --install=--admindir=/tmp \
  2> "$TEST_TMPDIR/err"
cat "$TEST_TMPDIR/err"
test "$(grep -c 'error' "$TEST_TMPDIR/err")" = 1
grep -F '"--admindir=/tmp" is not a package name' "$TEST_TMPDIR/err"
test ! -e "$TEST_TMPDIR/bs"
