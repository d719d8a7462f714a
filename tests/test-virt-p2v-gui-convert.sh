#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# End to end through the wizard: on a real X server, key presses fill
# in the connection page, test the connection to a real sshd on
# 127.0.0.1, set the guest's name, vCPUs and memory on the conversion
# page, and start the conversion, which the real virt-v2v (-o local)
# finishes: the running page ends in success, the output disk and XML
# carry what was typed, the server's work dir records status 0.  Each
# page is photographed and must not be blank.

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

# The key and its pin come from the command line (as on the media);
# the rest is typed.
start_wizard --test-disk="$disk" \
  --cmdline="p2v.port=$SERVER_PORT p2v.identity=file://$SERVER_ROOT_KEY \
             p2v.hostkey=$SERVER_HOSTKEY_FP p2v.o=local p2v.of=raw"
wait_for_line '^virt-p2v: gui: connection dialog$' 30

keys alt+c
type_text 127.0.0.1
screenshot connection
keys alt+t
wait_for_line '^virt-p2v: gui: connection test: ' 120
grep -qx 'virt-p2v: gui: connection test: ok' "$WIZARD_ERR"

keys alt+x
wait_for_line '^virt-p2v: gui: conversion dialog$' 10
set_field n guiconv
set_field v 2
set_field m 1024
set_field t "$out"
screenshot conversion
# A bad memory size is refused in place: Start does nothing.
set_field m 1024X
keys alt+s
sleep 1
not grep -q 'gui: running dialog' "$WIZARD_ERR"
set_field m 1024
keys alt+s
wait_for_line '^virt-p2v: gui: running dialog$' 10

# Photograph the running page once a copy is under way.
wait_for_line '\] (Copying|Staging) disk 1/1' 900
sleep 2
screenshot running
wait_for_line '^virt-p2v: gui: conversion finished: ' 1800
screenshot finished
grep -qx 'virt-p2v: gui: conversion finished: success' "$WIZARD_ERR"

# The output is what was typed.
test -s "$out/guiconv-sda"
grep -q "<name>guiconv</name>" "$out/guiconv.xml"
grep -q "<vcpu>2</vcpu>" "$out/guiconv.xml"
grep -Eq "<memory unit=['\"]KiB['\"]>1048576</memory>" "$out/guiconv.xml"

# The work dir, as announced, records success.
dir="$(sed -n 's/.*logs and files of this conversion are in 127.0.0.1:\(.*\)$/\1/p' \
         "$WIZARD_ERR")"
[[ "$dir" =~ ^/tmp/virt-p2v-[0-9]{8}-[A-Za-z0-9]{8}$ ]]
cleanup_fn rm -rf "$dir"
test "$(cat "$dir/status")" = 0
test "$(cat "$dir/name")" = guiconv

# Quit: exit status 0 after a successful conversion.
keys alt+q
rc=0
wait "$WIZARD_PID" || rc=$?
test "$rc" -eq 0
