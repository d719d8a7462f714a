#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The server's host key: without a pin, the fingerprint seen is printed
# (and kept in the client's log); a known_hosts given by URL is trusted
# and enforced.  Each run stops right after login, at the pre-flight
# check of an output mode the server does not have.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
root_test
requires virt-p2v --version
requires virt-v2v --version

disk="$(blank_disk)"
start_conversion_server
base="$(p2v_server_cmdline root) p2v.identity=file://$SERVER_ROOT_KEY p2v.o=no-such-output"
after_login="p2v.o=no-such-output: virt-v2v on 127.0.0.1 has no such output mode: see \"virt-v2v --machine-readable\" there for its outputs"

# No pin: the key seen is shown, with how to pin it.
expect_p2v_error 60 "$after_login" --test-disk="$disk" --cmdline="$base"
grep -qF "host key: $SERVER_HOSTKEY_FP (ED25519) (not pinned: add p2v.hostkey=$SERVER_HOSTKEY_FP to refuse any other server)" \
  "$P2V_ERR"

# A known_hosts that lists the server's key.
expect_p2v_error 60 "$after_login" --test-disk="$disk" \
  --cmdline="$base p2v.known_hosts=file://$SERVER_KNOWN_HOSTS"
grep -qF "host key $SERVER_HOSTKEY_FP (ED25519) is trusted by file://$SERVER_KNOWN_HOSTS" \
  "$P2V_ERR"

# A known_hosts that lists another key for it: refused before login.
logins_before=$(grep -c "Accepted publickey" "$SERVER_DIR/sshd.log")
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMPDIR/other"
echo "[127.0.0.1]:$SERVER_PORT $(cut -d' ' -f1,2 "$TEST_TMPDIR/other.pub")" \
  > "$TEST_TMPDIR/other_known_hosts"
expect_p2v_error 60 \
  "host key verification of 127.0.0.1 failed: the server presents $SERVER_HOSTKEY_FP (ED25519), which file://$TEST_TMPDIR/other_known_hosts does not list for it: check p2v.known_hosts" \
  --test-disk="$disk" \
  --cmdline="$base p2v.known_hosts=file://$TEST_TMPDIR/other_known_hosts"
test "$(grep -c "Accepted publickey" "$SERVER_DIR/sshd.log")" = "$logins_before"
