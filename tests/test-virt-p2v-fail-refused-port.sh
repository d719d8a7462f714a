#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# p2v.port is a closed port on the server: the connection is refused
# and the error says to check sshd and p2v.port, at once.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version

disk="$(blank_disk)"
port="$(closed_port)"

expect_p2v_error 10 \
  "cannot connect to 127.0.0.1 port $port: connection refused: check that sshd runs there and that p2v.port is right" \
  --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$port p2v.password=x"
