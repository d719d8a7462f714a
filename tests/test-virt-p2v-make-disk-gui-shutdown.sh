#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The wizard's end state on the media.  A CD (BIOS, TCG) whose baked-in
# p2v.* keys pre-fill the wizard (no p2v.server, so the wizard starts;
# the injected identity and a pinned host key) boots with a small blank
# disk; the keyboard gives the server, tests the connection through
# the host's loopback sshd (10.0.2.2), goes to the conversion page and
# starts.  virt-v2v stops at once (its -os does not exist): the page
# ends failed, with Shutdown and Reboot since it runs from the media,
# Shutdown has the focus, and Return powers the machine off.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires qemu-system-x86_64 --version
requires virt-v2v --version
requires command -v supermin

start_conversion_server
SOURCE_DATE_EPOCH="$P2V_TEST_SOURCE_DATE_EPOCH" \
  virt-p2v-make-disk -o "$TEST_TMPDIR/p2v.iso" \
    --cache-dir="${P2V_MEDIA_CACHE:-$P2V_TEST_CACHE/media}" \
    --inject-ssh-identity="$SERVER_ROOT_KEY" \
    --host-key="$SERVER_HOSTKEY_FP" \
    --cmdline="p2v.port=$SERVER_PORT p2v.identity=file:///var/tmp/id_rsa \
               p2v.name=ended p2v.o=local p2v.os=/nonexistent p2v.stage=no"
truncate -s 64M "$TEST_TMPDIR/blank.img"

boot_media --cdrom --net --disk "$TEST_TMPDIR/blank.img" "$TEST_TMPDIR/p2v.iso" \
  'virt-p2v: gui: connection dialog' 600
# Give the wizard the keyboard (X grabs it a moment after the window).
sleep 5
monitor "sendkey alt-c"
type_keys 10.0.2.2
monitor "sendkey alt-t"
boot_wait 'virt-p2v: gui: connection test: ' 180
tr -d '\r' < "$BOOT_LOG" | grep -aq 'virt-p2v: gui: connection test: ok'
monitor "sendkey alt-x"
boot_wait 'virt-p2v: gui: conversion dialog' 60
sleep 2
monitor "sendkey alt-s"
boot_wait 'virt-p2v: gui: conversion finished: ' 300
tr -d '\r' < "$BOOT_LOG" | grep -aq 'virt-p2v: gui: conversion finished: failed'
screendump "$TEST_TMPDIR/ended.png"

# Shutdown has the focus: Return powers off (qemu exits).
monitor "sendkey ret"
wait_poweroff 120
# Powered off, not rebooted (qemu would have gone on running).
tr -d '\r' < "$BOOT_LOG" | grep -aq 'reboot: Power down'
