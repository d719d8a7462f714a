#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# A wrong p2v.password: virt-p2v says the server refused the password
# and which key to check, in seconds, and never prints the password.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
start_conversion_server

expect_p2v_error 20 \
  "cannot log in to 127.0.0.1 as p2vtest: the server refused the password: check p2v.password (and that the server allows PasswordAuthentication)" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=Not-the-$RANDOM-password"
