#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# --test-disk names a file that does not exist: refused while parsing
# the options, before anything is contacted (the server is a closed
# port: reaching it would fail with another message).

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version

port="$(closed_port)"

expect_p2v_error 10 \
  "--test-disk=/nonexistent: No such file or directory: give the path of a readable disk image" \
  --test-disk=/nonexistent \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$port"
