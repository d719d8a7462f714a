#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# Unattended, a server the machine cannot reach yet ("Network is
# unreachable", as just after boot) is retried, and the conversion goes
# on once the network is there.  In a network namespace of its own the
# conversion server listens on 10.99.0.1; that address is then removed
# (no route to it), virt-p2v started, and the address put back 6 s later:
# virt-p2v says it is retrying, then logs in and starts virt-v2v (which
# stops at once: its -os does not exist).

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
root_test
requires ip netns list
requires virt-v2v --version

ns="p2v-unreach-$$"
ip netns add "$ns"
cleanup_fn ip netns del "$ns"
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip addr add 10.99.0.1/32 dev lo
start_conversion_server --netns "$ns" --listen 10.99.0.1
# No route to the server's address now (sshd keeps its socket).
ip netns exec "$ns" ip addr del 10.99.0.1/32 dev lo

disk="$(blank_disk)"
( sleep 6; ip netns exec "$ns" ip addr add 10.99.0.1/32 dev lo ) &
up=$!
st=0
ip netns exec "$ns" timeout 300 virt-p2v --test-disk="$disk" \
  --cmdline="p2v.server=10.99.0.1 p2v.port=$SERVER_PORT \
             p2v.identity=file://$SERVER_ROOT_KEY \
             p2v.hostkey=$SERVER_HOSTKEY_FP \
             p2v.o=local p2v.os=/nonexistent p2v.stage=no" \
  > "$TEST_TMPDIR/p2v.out" 2> "$TEST_TMPDIR/p2v.err" || st=$?
wait "$up"
cat "$TEST_TMPDIR/p2v.err"
# virt-v2v refused the output: the run itself fails, after the login.
test "$st" -ne 0
grep -qx "virt-p2v: 10.99.0.1 port $SERVER_PORT: Network is unreachable: retrying for up to 60 s" \
  "$TEST_TMPDIR/p2v.err"
test "$(grep -c 'retrying for up to' "$TEST_TMPDIR/p2v.err")" = 1
grep -q "^virt-p2v: conversion server 10.99.0.1: virt-v2v " "$TEST_TMPDIR/p2v.err"
not grep -q "cannot connect to" "$TEST_TMPDIR/p2v.err"
