#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# p2v.identity cannot be fetched, from a file:// URL that does not
# exist nor from an https:// URL where nothing listens: the error names
# the key, the URL and curl's reason.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
start_conversion_server
port="$(closed_port)"

expect_p2v_error 20 \
  "p2v.identity=file:///nonexistent/key: cannot fetch the URL: Couldn't open file /nonexistent/key: check the URL and that this machine can reach it" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.identity=file:///nonexistent/key"

# curl says how long it tried: "after N ms".
expect_p2v_error --normalise 's/ after [0-9]+ ms: / after N ms: /' 20 \
  "p2v.identity=https://127.0.0.1:$port/key: cannot fetch the URL: Failed to connect to 127.0.0.1 port $port after N ms: Couldn't connect to server: check the URL and that this machine can reach it" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.identity=https://127.0.0.1:$port/key"
