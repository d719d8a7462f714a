#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The server's virt-v2v is too old.  Failure injection of the server's
# answer: a fake "virt-v2v" earlier in the sessions' PATH prints the
# version line of virt-v2v 1.40.2.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
mkdir "$TEST_TMPDIR/fakebin"
cat > "$TEST_TMPDIR/fakebin/virt-v2v" <<'EOS'
#!/bin/sh
echo "virt-v2v 1.40.2"
EOS
chmod 0755 "$TEST_TMPDIR/fakebin/virt-v2v"
start_conversion_server --path-prepend "$TEST_TMPDIR/fakebin"
test "$(server_ssh p2vtest 'virt-v2v --version')" = "virt-v2v 1.40.2"

expect_p2v_error 20 \
  "virt-v2v on 127.0.0.1 is too old (1.40.2): virt-p2v needs virt-v2v >= 2.0: upgrade virt-v2v on the server" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=@PASSWORD@"
