# virt-p2v toolkit test helpers for the failure-path tests.  -*- shell-script -*-
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced after functions.sh by tests/test-virt-p2v-fail-*.sh:
#
#   source ./functions.sh
#   set -e -x
#   source "$abs_top_srcdir/tests/fail-functions.sh"
#
# What is here:
#   blank_disk                  print the path of a new blank 64M disk image
#   closed_port                 print a TCP port on 127.0.0.1 nothing listens on
#   p2v_server_cmdline USER     print "p2v.server=127.0.0.1 p2v.port=... "
#                               "p2v.username=USER" for the test server
#   expect_p2v_error [--or MESSAGE]... [--normalise SED]
#                    MAX_SECONDS MESSAGE [VIRT-P2V ARGS...]
#                               run virt-p2v and check it fails as expected
#
# The password never goes into a command line of ours (virt-p2v scrubs
# its own argv right after parsing, but a "timeout ... virt-p2v" would
# keep it in timeout's) and never into the test log: write @PASSWORD@
# in the arguments of expect_p2v_error (so that "set -x" traces that)
# and it puts $P2V_TEST_PASSWORD there; its own trace and the output it
# shows have the password replaced by "<password>".

# A blank disk: none of the failure tests may reach a real conversion.
blank_disk ()
{
  local disk
  disk="$(mktemp "$TEST_TMPDIR/blank.XXXXXX.img")"
  truncate -s 64M "$disk"
  chmod 0644 "$disk"
  echo "$disk"
}

# A port on 127.0.0.1 where a connect is refused: 1 (tcpmux), unless
# something listens there.
closed_port ()
{
  local port
  for port in 1 $(( 40000 + RANDOM % 20000 )) $(( 40000 + RANDOM % 20000 )); do
    if ! timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "closed_port: no closed port found on 127.0.0.1" >&2
  return 1
}

p2v_server_cmdline ()
{
  echo "p2v.server=127.0.0.1 p2v.port=$SERVER_PORT p2v.username=$1"
}

# The PID of a virt-p2v still running when the test is interrupted.
_p2v_fail_pid=""
_p2v_fail_kill ()
{
  if [ -n "$_p2v_fail_pid" ]; then
    kill -KILL "$_p2v_fail_pid" 2>/dev/null || :
    wait "$_p2v_fail_pid" 2>/dev/null || :
  fi
}
cleanup_fn _p2v_fail_kill

# expect_p2v_error [--or MESSAGE]... [--normalise SED]
#                  MAX_SECONDS MESSAGE [VIRT-P2V ARGS...]
#
# Run "$VG virt-p2v ARGS..." (killed after 60 seconds), with each
# @PASSWORD@ in ARGS replaced by $P2V_TEST_PASSWORD, and check that:
#   - it exits with status 1 within MAX_SECONDS;
#   - it prints exactly one "virt-p2v: error: " line, as the last line
#     of stderr, and that line is "virt-p2v: error: MESSAGE" (or one of
#     the --or MESSAGEs, for causes worded differently by the system,
#     such as the resolver's);
#   - the password is on neither stdout nor stderr.
# --normalise SED is a sed -E script applied to the error line before
# comparing, for parts that vary from run to run (timings).
# Leaves stdout in P2V_OUT and stderr in P2V_ERR.
expect_p2v_error ()
{
  { local xtrace=$-; set +x; } 2>/dev/null
  local alts=() normalise="" max msg pid rc start took line m ok="" n

  while [ $# -gt 0 ]; do
    case "$1" in
      --or) alts+=("$2"); shift 2 ;;
      --normalise) normalise="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  max="$1" msg="$2"; shift 2
  alts=("$msg" "${alts[@]}")
  local args=("$@") pw="${P2V_TEST_PASSWORD:-}"
  args=("${args[@]//@PASSWORD@/"$pw"}")

  P2V_OUT="$(mktemp "$TEST_TMPDIR/p2v-out.XXXXXX")"
  P2V_ERR="$(mktemp "$TEST_TMPDIR/p2v-err.XXXXXX")"
  {
    printf '+ virt-p2v'
    printf ' %q' "${args[@]}"
    printf '\n'
  } | _p2v_fail_scrub >&2

  start=$EPOCHREALTIME
  (
    unset P2V_TEST_PASSWORD
    exec ${VG-} virt-p2v "${args[@]}" </dev/null >"$P2V_OUT" 2>"$P2V_ERR"
  ) &
  pid=$!
  _p2v_fail_pid=$pid
  while kill -0 "$pid" 2>/dev/null; do
    if (( ${EPOCHREALTIME%.*} - ${start%.*} >= 60 )); then
      echo "$_p2v_test_name: virt-p2v still running after 60 s: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || :
      break
    fi
    sleep 0.05
  done
  rc=0
  wait "$pid" || rc=$?
  _p2v_fail_pid=""
  took="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')"

  echo "--- virt-p2v exited with status $rc after $took s; stdout:" >&2
  _p2v_fail_scrub < "$P2V_OUT" >&2
  echo "--- stderr:" >&2
  _p2v_fail_scrub < "$P2V_ERR" >&2
  echo "---" >&2

  if [ "$rc" -ne 1 ]; then
    echo "$_p2v_test_name: FAIL: exit status $rc, expected 1" >&2
    return 1
  fi
  if awk -v t="$took" -v m="$max" 'BEGIN { exit !(t >= m) }'; then
    echo "$_p2v_test_name: FAIL: took $took s, expected under $max s" >&2
    return 1
  fi
  n="$(grep -c '^virt-p2v: error: ' "$P2V_ERR" || :)"
  if [ "$n" -ne 1 ]; then
    echo "$_p2v_test_name: FAIL: $n error lines, expected exactly 1" >&2
    return 1
  fi
  line="$(tail -n 1 "$P2V_ERR")"
  if [ -n "$normalise" ]; then
    line="$(printf '%s\n' "$line" | sed -E "$normalise")"
  fi
  for m in "${alts[@]}"; do
    if [ "$line" = "virt-p2v: error: $m" ]; then ok=1; fi
  done
  if [ -z "$ok" ]; then
    {
      echo "$_p2v_test_name: FAIL: the last line of stderr is not the expected error."
      echo "got:      $line"
      for m in "${alts[@]}"; do echo "expected: virt-p2v: error: $m"; done
    } | _p2v_fail_scrub >&2
    return 1
  fi
  if [ -n "${P2V_TEST_PASSWORD:-}" ] &&
     grep -qF -f <(printf '%s\n' "$P2V_TEST_PASSWORD") "$P2V_OUT" "$P2V_ERR"; then
    echo "$_p2v_test_name: FAIL: the password is in virt-p2v's output" >&2
    return 1
  fi
  echo "$_p2v_test_name: OK: virt-p2v failed as expected in $took s" >&2
  case "$xtrace" in *x*) set -x ;; esac
}

# Copy stdin to stdout with the test password replaced (read from the
# environment: never put it in an argv).
_p2v_fail_scrub ()
{
  { local xtrace=$-; set +x; } 2>/dev/null
  if [ -n "${P2V_TEST_PASSWORD:-}" ]; then
    awk '{
      pw = ENVIRON["P2V_TEST_PASSWORD"]
      out = ""
      while ((i = index($0, pw)) > 0) {
        out = out substr($0, 1, i - 1) "<password>"
        $0 = substr($0, i + length(pw))
      }
      print out $0
    }'
  else
    cat
  fi
  case "$xtrace" in *x*) set -x ;; esac
}
