#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The password (p2v.password) never leaks.  virt-p2v -v logs in to a
# real server as p2vtest with it and converts a blank disk, which gets
# as far as virt-v2v failing inspection.  While that runs, every
# process of the machine (the client's and the server's: ssh, sshd,
# nbdkit, virt-v2v, qemu...) is sampled several times: its command line
# (ps and /proc/PID/cmdline) and its environment (/proc/PID/environ).
# Afterwards: the client's stdout and stderr, the server's sshd log and
# every file in the work directory on the server.  The password must be
# in none of them.  While it runs the private temp dir is 0700 with
# 0600 files; at exit it is gone.  --dump-config hides the password.
#
# virt-p2v scrubs the password from its own argv right after parsing,
# so the sampling starts after its "connecting to" line.
#
# The harness keeps the password in P2V_TEST_PASSWORD, exported to what
# the test starts, sshd included: entries of that name are not leaks.
# virt-p2v itself runs without it.  The test never puts the password in
# an argv (grep reads it with -f from a 0600 file) nor in its log.

source ./functions.sh
set -e -x
source "$abs_top_srcdir/tests/fail-functions.sh"

skip_if_skipped
root_test
requires virt-p2v --version
requires virt-v2v --version
requires nbdkit --version

disk="$(blank_disk)"
start_conversion_server

# The pattern for grep -F -f, and files that might receive the
# password, all 0600.
pattern="$TEST_TMPDIR/secret-pattern"
out="$TEST_TMPDIR/client.out"
err="$TEST_TMPDIR/client.err"
(
  umask 077
  : > "$out"
  : > "$err"
  { set +x; } 2>/dev/null
  printf '%s\n' "$P2V_TEST_PASSWORD" > "$pattern"
)
test -s "$pattern"

# The client's TMPDIR: its private temp dir must be made and removed
# in there.
client_tmp="$TEST_TMPDIR/client-tmp"
mkdir -m 0700 "$client_tmp"

# leaks_in_processes: print "WHERE PID ARGS" (scrubbed) for every
# process whose command line, or whose environment apart from
# P2V_TEST_PASSWORD=, holds the password.
leaks_in_processes ()
{
  { local xtrace=$-; set +x; } 2>/dev/null
  {
    ps -eww -o pid=,args= | grep -F -f "$pattern" | sed 's/^/ps /' || :
    grep -a -z -l -F -f "$pattern" /proc/[0-9]*/cmdline 2>/dev/null |
      tr '\0' '\n' | sed 's/^/cmdline /' || :
    grep -a -z -H -F -f "$pattern" /proc/[0-9]*/environ 2>/dev/null |
      tr '\0' '\n' | sed 's/=.*//' | grep -v ':P2V_TEST_PASSWORD$' |
      sed 's/^/environ /' || :
  } | _p2v_fail_scrub
  case "$xtrace" in *x*) set -x ;; esac
}

# Nothing leaks before virt-p2v runs (so a hit later is virt-p2v's).
test -z "$(leaks_in_processes)"

{ set +x; } 2>/dev/null
start=$SECONDS
(
  pw="$P2V_TEST_PASSWORD"
  unset P2V_TEST_PASSWORD
  export TMPDIR="$client_tmp"
  exec virt-p2v -v --test-disk="$disk" \
    --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=$pw" \
    </dev/null >>"$out" 2>>"$err"
) &
pid=$!
_p2v_fail_pid=$pid
set -x

# Wait for it to start.
while ! grep -q '^virt-p2v: connecting to ' "$err"; do
  kill -0 "$pid"
  test $(( SECONDS - start )) -lt 60
  sleep 0.1
done

# Its private temp dir: 0700, holding only 0600 files.
tmp="$(echo "$client_tmp"/virt-p2v.*)"
test -d "$tmp"
grep -qF "private temporary directory: $tmp" "$err"
test "$(stat -c %a "$tmp")" = 700
if find "$tmp" -type f -perm /077 | grep .; then
  echo "$0: error: files in the private temp dir others can read" >&2
  exit 1
fi

# Sample the processes until it ends.
samples=0
v2v_seen=0
leaks="$TEST_TMPDIR/process-leaks"
: > "$leaks"
{ set +x; } 2>/dev/null
while kill -0 "$pid" 2>/dev/null; do
  if [ $(( SECONDS - start )) -ge 600 ]; then
    echo "$0: error: virt-p2v still running after 600 s" >&2
    exit 1
  fi
  leaks_in_processes >> "$leaks"
  samples=$(( samples + 1 ))
  if ps -eww -o args= | grep -qE '(^|/)virt-v2v( |$)'; then
    v2v_seen=$(( v2v_seen + 1 ))
  fi
  sleep 1
done
set -x
rc=0
wait "$pid" || rc=$?
_p2v_fail_pid=""
echo "$0: virt-p2v exited with status $rc after $(( SECONDS - start )) s;" \
  "$samples samples, virt-v2v running in $v2v_seen"
_p2v_fail_scrub < "$err"

if [ -s "$leaks" ]; then
  sort -u "$leaks"
  echo "$0: error: the password is in the command line or environment of the processes above" >&2
  exit 1
fi
# The samples covered the conversion.
test "$rc" -ne 0
grep -q '^virt-p2v: starting virt-v2v on 127.0.0.1' "$err"
test "$samples" -ge 5
test "$v2v_seen" -ge 1

# The files: the client's output, the server's log, the work dir.
workdir="$(sed -n 's/^virt-p2v: logs and files of this conversion are in 127\.0\.0\.1://p' "$err")"
case "$workdir" in
  /tmp/virt-p2v-*) ;;
  *) echo "$0: error: no work dir named in the output: '$workdir'" >&2; exit 1 ;;
esac
cleanup_fn rm -rf --one-file-system "$workdir"
test -s "$workdir/physical.xml"
test -s "$workdir/virt-v2v-conversion-log.txt"
find "$workdir" -type f | sort
if grep -r -l -F -f "$pattern" "$out" "$err" "$SERVER_DIR/sshd.log" "$workdir"; then
  echo "$0: error: the password is in the files above" >&2
  exit 1
fi

# The private temp dir is gone, and no process of it is left.
if find "$client_tmp" -mindepth 1 | grep .; then
  echo "$0: error: virt-p2v left its temporary files behind" >&2
  exit 1
fi
# (grep -f: a grep with the path in its own argv would find itself.)
for i in $(seq 50); do
  ps -eww -o args= | grep -qF -f <(echo "$tmp") || break
  sleep 0.1
done
if ps -eww -o pid=,args= | grep -F -f <(echo "$tmp"); then
  echo "$0: error: processes of the finished virt-p2v are still running" >&2
  exit 1
fi

# --dump-config prints the key, never the value.
dump="$TEST_TMPDIR/dump-config"
( umask 077; : > "$dump" )
{ set +x; } 2>/dev/null
(
  pw="$P2V_TEST_PASSWORD"
  unset P2V_TEST_PASSWORD
  exec virt-p2v --dump-config --test-disk="$disk" \
    --cmdline="$(p2v_server_cmdline p2vtest) p2v.password=$pw" \
    </dev/null >>"$dump" 2>&1
)
set -x
grep -Fx 'p2v.auth.password=<hidden>' "$dump"
if grep -F -f "$pattern" "$dump" >/dev/null; then
  echo "$0: error: --dump-config printed the password" >&2
  exit 1
fi
