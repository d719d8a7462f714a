#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-v2v is not installed on the server.  The sessions' PATH is one
# directory of symlinks to every program in the usual bin directories
# except virt-v2v (PATH can only be prepended to, and the real
# virt-v2v stays installed, so it is hidden rather than removed).  The
# PATH is set with a "Match all" block: its SetEnv replaces the
# server's default one.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
requires virt-p2v --version
root_test

disk="$(blank_disk)"
bin="$TEST_TMPDIR/bin-without-v2v"
mkdir "$bin"
# The first of each name in PATH order, as the shell would find it
# (not traced: thousands of names).
declare -A seen=()
targets=()
{ set +x; } 2>/dev/null
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  for f in "$d"/*; do
    b="${f##*/}"
    if [ -x "$f" ] && [ ! -d "$f" ] && [ "$b" != virt-v2v ] &&
       [ -z "${seen[$b]:-}" ]; then
      seen[$b]=1
      targets+=("$f")
    fi
  done
done
ln -s -t "$bin" -- "${targets[@]}"
set -x
test ! -e "$bin/virt-v2v"
test -x "$bin/sh"
start_conversion_server \
  --extra "Match all" \
  --extra "SetEnv LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg PATH=$bin"
test "$(server_ssh p2vtest 'echo $PATH')" = "$bin"
if server_ssh p2vtest 'command -v virt-v2v'; then
  echo "$0: error: virt-v2v is still in the server's PATH" >&2
  exit 1
fi

expect_p2v_error 20 \
  "virt-v2v is not installed on 127.0.0.1 (or not in p2vtest's PATH): install virt-v2v, nbdkit and libnbd-bin there" \
  --test-disk="$disk" \
  --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=@PASSWORD@"
