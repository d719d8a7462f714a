#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The server refuses TCP forwarding (AllowTcpForwarding no): virt-p2v
# fails when it asks for the first disk's reverse forward, with the
# sshd_config fix, before it creates the work directory on the server.
# Two witnesses: no new /tmp/virt-p2v-* directory of p2vtest appears,
# and a spy "mktemp" in the sessions' PATH is never run.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
mkdir "$TEST_TMPDIR/spybin"
spylog="$TEST_TMPDIR/mktemp-calls"
: > "$spylog"
chmod 0666 "$spylog"
cat > "$TEST_TMPDIR/spybin/mktemp" <<EOS
#!/bin/sh
echo "mktemp \$*" >> '$spylog'
exec $(command -v mktemp) "\$@"
EOS
chmod 0755 "$TEST_TMPDIR/spybin/mktemp"
start_conversion_server --no-forwarding --path-prepend "$TEST_TMPDIR/spybin"

# The spy works.
server_ssh p2vtest 'rmdir "$(mktemp -d /tmp/spy-check.XXXXXX)"'
grep -q '^mktemp -d /tmp/spy-check' "$spylog"
: > "$spylog"

list_work_dirs ()
{
  server_ssh root 'find /tmp -maxdepth 1 -name "virt-p2v-*" -type d -user p2vtest' |
    sort
}
list_work_dirs > "$TEST_TMPDIR/dirs-before"

expect_p2v_error 20 \
  "the conversion server 127.0.0.1 refused a reverse port forward (ssh -R): set AllowTcpForwarding yes in sshd_config on 127.0.0.1 and restart sshd" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=@PASSWORD@"

list_work_dirs > "$TEST_TMPDIR/dirs-after"
if comm -13 "$TEST_TMPDIR/dirs-before" "$TEST_TMPDIR/dirs-after" | grep .; then
  echo "$0: error: a work directory was created on the server" >&2
  exit 1
fi
if [ -s "$spylog" ]; then
  cat "$spylog"
  echo "$0: error: virt-p2v ran mktemp on the server" >&2
  exit 1
fi
