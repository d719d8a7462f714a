#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# "About virt-p2v" (Alt+A) on the connection page opens a window
# titled "About virt-p2v", drawn, whose version (read back from the
# dialog and logged) is the program's own; Escape closes it and the
# wizard carries on.

source ./functions.sh
set -e -x

skip_if_skipped
requires virt-p2v --version
source "$abs_top_srcdir/tests/gui-functions.sh"
source "$abs_top_srcdir/tests/fail-functions.sh"

version="$(virt-p2v --version | awk '{ print $2; exit }')"
test -n "$version"
start_xvfb
start_wizard --test-disk="$(blank_disk)"
wait_for_line '^virt-p2v: gui: connection dialog$' 30

keys alt+a
wait_for_line '^virt-p2v: gui: about dialog: ' 10
grep -qx "virt-p2v: gui: about dialog: virt-p2v $version" "$WIZARD_ERR"
about="$(timeout 20 xdotool search --sync --onlyvisible --name '^About virt-p2v$')"
# Drawn: text, the licence button, the logo (not a blank window).
xwd -silent -id "$about" | xwdtopnm > "$TEST_TMPDIR/about.ppm" 2>/dev/null
pnmtopng "$TEST_TMPDIR/about.ppm" > "$TEST_TMPDIR/about.png"
test "$(ppmhist -noheader "$TEST_TMPDIR/about.ppm" | wc -l)" -gt 50

# Escape closes it; the wizard is still there.
xdotool windowfocus --sync "$about"
xdotool key Escape
wait_for_line '^virt-p2v: gui: about dialog: closed$' 10
not xdotool search --onlyvisible --name '^About virt-p2v$'
wizard_window > /dev/null
kill -0 "$WIZARD_PID"
