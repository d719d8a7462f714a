#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-kickstart --inject-ssh-identity: the private key never
# appears in any process's argv or environment while the kickstart is
# made (strace -f records every execve with its full argv and envp),
# nor on stdout or stderr; the kickstart holding it is 0600 from the
# moment it exists (the strace of the open calls shows the mode), and
# the key decodes back from it intact.
#
# The test itself never puts the key in an argv: grep reads the
# patterns with -f from 0600 files.

source ./functions.sh
set -e -x

skip_if_skipped
requires strace -V
source "$abs_top_srcdir/tests/kickstart-functions.sh"

prog=virt-p2v-make-kickstart
d="$TEST_TMPDIR"
umask 022
ssh-keygen -q -t rsa -b 2048 -N '' -C '' -f "$d/id"

# Patterns: every line of the key's body, as it is and as the base64
# of the whole key wraps it (different line breaks from the key's).
(umask 077
 grep -v -- '-----' "$d/id" > "$d/pat-raw"
 base64 -w 76 < "$d/id" > "$d/pat-b64"
 cat "$d/pat-raw" "$d/pat-b64" | grep -E '.{20}' > "$d/patterns")
test "$(wc -l < "$d/patterns")" -gt 20

strace -f -qq -v -s 1000000 -e trace=execve,openat,creat \
  -o "$d/trace" \
  $prog -o "$d/p2v.ks" --virt-p2v="$VIRT_P2V_BINARY" \
    --inject-ssh-identity="$d/id" \
    --cmdline='p2v.server=conv p2v.identity=file:///var/tmp/id_rsa' \
    fedora > "$d/stdout" 2> "$d/stderr"
cat "$d/stdout" "$d/stderr"

# It ran programs (sha256sum), so the check has something to look at.
grep -c 'execve(' "$d/trace"
grep -q 'execve("[^"]*sha256sum"' "$d/trace"
# No execve carries the key: not in argv, not in the environment.
not grep -F -q -f "$d/patterns" <(grep 'execve(' "$d/trace")
not grep -F -q -f "$d/patterns" "$d/stdout"
not grep -F -q -f "$d/patterns" "$d/stderr"
# The kickstart is created 0600 (not chmod'ed later), and is 0600.
grep -E 'open(at)?\(.*p2v\.ks\.tmp", .*O_CREAT.*, 0600\)' "$d/trace"
test "$(stat -c %a "$d/p2v.ks")" = 600
# The base64 of the key is in the kickstart, and decodes back.
grep -F -q -f "$d/pat-b64" "$d/p2v.ks"
ks_decode "$d/p2v.ks" "$d/dec" > /dev/null
cmp "$d/id" "$d/dec/files/var/tmp/id_rsa"
