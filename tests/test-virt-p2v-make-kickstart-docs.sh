#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The man page of virt-p2v-make-kickstart is valid POD, documents every
# option the program accepts and none it does not, and its exit codes.

source ./functions.sh
set -e -x

skip_if_skipped

check_program_docs virt-p2v-make-kickstart \
  "$abs_top_srcdir/make-kickstart/virt-p2v-make-kickstart.pod"
test -s "$abs_top_builddir/make-kickstart/virt-p2v-make-kickstart.1"
