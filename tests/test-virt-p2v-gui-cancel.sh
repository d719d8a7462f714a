#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The wizard with a password typed in (never in an argv or the log) and
# "Use sudo" ticked, then "Cancel conversion" once virt-v2v is opening
# the source: "No" in the confirmation keeps it running, "Yes" stops
# it.  virt-v2v is stopped on the server (status 130), the page ends in
# the failed state, nothing of the client is left running, and Back
# returns to the conversion page.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires virt-v2v --version
requires nbdkit --version
source "$abs_top_srcdir/tests/gui-functions.sh"

disk="$(fixture_phys_disk)"
start_conversion_server
start_xvfb
out="$TEST_TMPDIR/out"
mkdir "$out"
# The client's private temp dir, to find what is left of it.
mkdir "$TEST_TMPDIR/client-tmp"

TMPDIR="$TEST_TMPDIR/client-tmp" start_wizard --test-disk="$disk" \
  --cmdline="p2v.port=$SERVER_PORT p2v.username=p2vsudo \
             p2v.hostkey=$SERVER_HOSTKEY_FP p2v.o=local p2v.os=$out"
wait_for_line '^virt-p2v: gui: connection dialog$' 30

keys alt+c
type_text 127.0.0.1
keys alt+p
{ set +x; } 2>/dev/null
printf '%s' "$P2V_TEST_PASSWORD" | xdotool type --delay 10 --file -
set -x
keys alt+s
keys alt+t
wait_for_line '^virt-p2v: gui: connection test: ' 120
grep -qx 'virt-p2v: gui: connection test: ok' "$WIZARD_ERR"
keys alt+x
wait_for_line '^virt-p2v: gui: conversion dialog$' 10
keys alt+s
wait_for_line '^virt-p2v: gui: running dialog$' 10
wait_for_line '\] Opening the source' 600

# Cancel, then "No": it goes on.
keys alt+c
wait_for_line '^virt-p2v: gui: cancel confirmation dialog$' 10
confirm="$(timeout 20 xdotool search --sync --onlyvisible --name '^Cancel the conversion')"
xdotool windowfocus --sync "$confirm"
xdotool key alt+n
wait_for_line '^virt-p2v: gui: cancel not confirmed$' 10
not grep -q 'conversion finished' "$WIZARD_ERR"

# Cancel, then "Yes".
keys alt+c
test "$(grep -c '^virt-p2v: gui: cancel confirmation dialog$' "$WIZARD_ERR")" -eq 2
confirm="$(timeout 20 xdotool search --sync --onlyvisible --name '^Cancel the conversion')"
xdotool windowfocus --sync "$confirm"
start=$SECONDS
xdotool key alt+y
wait_for_line '^virt-p2v: gui: conversion finished: ' 60
test $(( SECONDS - start )) -lt 60
grep -qx 'virt-p2v: gui: conversion finished: failed' "$WIZARD_ERR"
screenshot cancelled
grep -q '^virt-p2v: error: conversion cancelled' "$WIZARD_ERR"
# The failed state is shown in red.
test "$(red_pixels cancelled)" -gt 200

dir="$(sed -n 's/.*conversion are in 127.0.0.1:\(.*\)$/\1/p' "$WIZARD_ERR")"
test -d "$dir"
cleanup_fn rm -rf "$dir"
test "$(cat "$dir/status")" = 130
not grep -qF "$P2V_TEST_PASSWORD" "$WIZARD_ERR" "$TEST_TMPDIR/wizard.out" "$dir"/*

# Nothing of the conversion is left: nbdkit, the ssh master, the files.
sleep 2
not pgrep -f "$TEST_TMPDIR/client-tmp"

# Back, for another try: the conversion page again.
keys alt+b
sleep 1
test "$(grep -c '^virt-p2v: gui: conversion dialog$' "$WIZARD_ERR")" -eq 2

# SIGTERM closes the wizard: status 1, nothing converted.
kill -TERM "$WIZARD_PID"
rc=0
wait "$WIZARD_PID" || rc=$?
test "$rc" -eq 1
test -z "$(ls -A "$TEST_TMPDIR/client-tmp")"
