#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The media's launcher shows the kernel command line on the consoles
# (the boot is quiet, so the kernel no longer does) with the value of
# every password key hidden, quoted values with spaces included, and
# every other token as it is.  Run with mawk, the media's awk on
# Debian, and with gawk (Fedora's) when it is there.

source ./functions.sh
set -e -x

skip_if_skipped
launcher="$abs_top_srcdir/templates/launcher.sh"
requires mawk -W version

f="$TEST_TMPDIR/cmdline"
printf '%s\n' 'BOOT_IMAGE=/vmlinuz root=live:LABEL=P2VBOOT  quiet p2v.server=conv p2v.password="two words" p2v.auth.password=s3cret p2v.name="a b" p2v.pre="echo p2v.password=x"' > "$f"
want='BOOT_IMAGE=/vmlinuz root=live:LABEL=P2VBOOT quiet p2v.server=conv p2v.password=(hidden) p2v.auth.password=(hidden) p2v.name="a b" p2v.pre="echo p2v.password=x"'

mkdir "$TEST_TMPDIR/bin"
for awk in mawk gawk; do
  command -v "$awk" >/dev/null || continue
  ln -sf "$(command -v "$awk")" "$TEST_TMPDIR/bin/awk"
  got="$(PATH="$TEST_TMPDIR/bin:$PATH" sh "$launcher" cmdline "$f")"
  test "$got" = "$want"
  [[ "$got" != *"two words"* && "$got" != *s3cret* ]]
done

# The machine's own command line, as the launcher on the media reads it.
sh "$launcher" cmdline | grep -q .
