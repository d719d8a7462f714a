#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# p2v.server names a host that does not resolve (.invalid never does,
# RFC 2606): the error names p2v.server, at once.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version

disk="$(blank_disk)"

# The resolver's wording depends on whether a name server answered.
expect_p2v_error \
  --or 'cannot resolve the conversion server "no-such-host.invalid": Temporary failure in name resolution: check p2v.server and this machine'"'"'s DNS' \
  30 \
  'cannot resolve the conversion server "no-such-host.invalid": Name or service not known: check p2v.server and this machine'"'"'s DNS' \
  --test-disk="$disk" \
  --cmdline="p2v.server=no-such-host.invalid p2v.port=22 p2v.password=x"
