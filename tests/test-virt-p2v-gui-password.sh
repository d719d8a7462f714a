#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The wizard's connection page, driven by key presses on a real X
# server: the p2v.* keys pre-fill it; a bad port is marked and "Test
# connection" does nothing until it is fixed; a wrong password typed
# in shows the unattended mode's error line in red on the page, and
# "Next" stays off.  The password is in no output.

source ./functions.sh
set -e -x

skip_if_skipped
requires virt-p2v --version
root_test
source "$abs_top_srcdir/tests/gui-functions.sh"
source "$abs_top_srcdir/tests/fail-functions.sh"

disk="$(blank_disk)"
start_conversion_server
start_xvfb

# No p2v.server: the wizard, with what is given pre-filled.
start_wizard --test-disk="$disk" \
  --cmdline="p2v.port=$SERVER_PORT p2v.username=p2vtest \
             p2v.hostkey=$SERVER_HOSTKEY_FP"
wait_for_line '^virt-p2v: gui: connection dialog$' 30
screenshot connection-empty
# Nothing to test yet: no server.
test "$(red_pixels connection-empty)" -lt 20

keys alt+c
type_text 127.0.0.1

# A bad port: marked in red, and the test button does nothing.
set_field o 22x
screenshot connection-bad-port
test "$(red_pixels connection-bad-port)" -gt 100
keys alt+t
sleep 1
not grep -q "testing the connection" "$WIZARD_ERR"
set_field o "$SERVER_PORT"

# A wrong password, typed from stdin (never in an argv).
keys alt+p
pw="Not-the-$RANDOM-password"
printf '%s' "$pw" | xdotool type --delay 10 --file -
keys alt+t
wait_for_line '^virt-p2v: gui: connection test: ' 30
screenshot connection-error
expected="cannot log in to 127.0.0.1 as p2vtest: the server refused the password: check p2v.password (and that the server allows PasswordAuthentication)"
grep -Fx "virt-p2v: gui: connection test: failed: Error: $expected" "$WIZARD_ERR"
# The same single error line as the unattended mode.
test "$(grep -c '^virt-p2v: error: ' "$WIZARD_ERR")" -eq 1
grep -Fx "virt-p2v: error: $expected" "$WIZARD_ERR"
# On the page: the error line, in the theme's error red.
test "$(red_pixels connection-error)" -gt 200
not grep -qF "$pw" "$WIZARD_ERR" "$TEST_TMPDIR/wizard.out"

# Next stays off: pressing it does not leave the page.
keys alt+x
sleep 1
not grep -q "gui: conversion dialog" "$WIZARD_ERR"

# SIGTERM closes the wizard; exit status 1 (nothing converted).
kill -TERM "$WIZARD_PID"
rc=0
wait "$WIZARD_PID" || rc=$?
test "$rc" -eq 1
