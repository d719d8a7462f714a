#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# p2v.hostkey pins a fingerprint (of a real key, so it looks right)
# that is not the server's: virt-p2v refuses before offering any
# credential and shows both fingerprints.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
start_conversion_server

ssh-keygen -q -t ed25519 -N '' -C other -f "$TEST_TMPDIR/other_key"
other_fp="$(ssh-keygen -l -E sha256 -f "$TEST_TMPDIR/other_key.pub" | awk '{ print $2 }')"
[[ $other_fp =~ ^SHA256:[A-Za-z0-9+/]{43}$ ]]
test "$other_fp" != "$SERVER_HOSTKEY_FP"

expect_p2v_error 20 \
  "host key mismatch for 127.0.0.1 port $SERVER_PORT: the server presents $SERVER_HOSTKEY_FP (ED25519), but p2v.hostkey pins $other_fp: another machine may be impersonating the server; if it was re-keyed, update p2v.hostkey" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=@PASSWORD@ p2v.hostkey=$other_fp"

# Refused before any password was offered: the server saw no login
# attempt (sshd at LogLevel VERBOSE logs each one).
if grep -E 'Failed password|Accepted password' "$SERVER_DIR/sshd.log"; then
  echo "$0: error: virt-p2v tried to log in to a server with the wrong host key" >&2
  exit 1
fi
