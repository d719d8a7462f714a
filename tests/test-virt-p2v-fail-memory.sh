#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# A bad p2v.memory (a number without a unit) is refused while parsing
# the command line, naming the key and a good value; nothing is
# contacted (the server is a closed port: reaching it would fail with
# another message).

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version

disk="$(blank_disk)"
port="$(closed_port)"

expect_p2v_error 10 \
  "p2v.memory=1024: bad value: give a size with a unit, for example p2v.memory=1024M or p2v.memory=4G" \
  --test-disk="$disk" \
  --cmdline="p2v.server=127.0.0.1 p2v.port=$port p2v.memory=1024"
