#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The man page of virt-p2v-make-kickstart is valid POD, documents every
# option the program accepts and none it does not, and its exit codes.

source ./functions.sh
set -e -x

skip_if_skipped
requires command -v podchecker
source "$abs_top_srcdir/tests/docs-functions.sh"

prog=virt-p2v-make-kickstart
check_program_docs $prog "$abs_top_srcdir/make-kickstart/$prog.pod" \
  "$abs_top_builddir/make-kickstart/$prog.1"
