#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# sudo on the server needs a password (p2vtest has no sudo rights):
# with p2v.sudo, virt-p2v stops in the pre-flight check, quoting sudo
# and saying what to configure.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test
requires sudo --version

disk="$(blank_disk)"
start_conversion_server

expect_p2v_error 20 \
  "sudo on 127.0.0.1 needs a password for p2vtest (sudo: a password is required): allow p2vtest to run commands with sudo without a password (NOPASSWD in sudoers), or log in as root" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=@PASSWORD@ p2v.sudo"
