#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-disk: --help, --version, and bad input found before
# anything slow starts: one exact error line, exit 1, nothing written.

source ./functions.sh
set -e -x

skip_if_skipped

prog=virt-p2v-make-disk
out="$TEST_TMPDIR/out"
mkdir "$out"

$prog --help > "$TEST_TMPDIR/help"
grep -q -- "--inject-ssh-identity=FILE" "$TEST_TMPDIR/help"
$prog --version | grep -Eqx "virt-p2v-make-disk [0-9]+\.[0-9]+\.[0-9]+"
$prog -V | grep -q "^virt-p2v-make-disk "

# fails EXPECTED ARGS...: exit status 1 and exactly EXPECTED on stderr
# (its first line), nothing left in $out.
fails ()
{
  expect_error "$1" $prog "${@:2}"
  test -z "$(ls -A "$out")"
}

$prog --no-such-option 2> "$TEST_TMPDIR/err" && exit 1
test "$(tail -n1 "$TEST_TMPDIR/err")" = "Try '$prog --help' for more information."
fails "$prog: error: no output: give -o FILE.img, -o FILE.iso or -o /dev/DEVICE"
fails "$prog: error: unexpected argument 'stray': give the output with -o" \
  -o "$out/p2v.img" stray
fails "$prog: error: --format qcow2: unknown format: use raw or iso" \
  -o "$out/p2v.img" --format=qcow2
fails "$prog: error: --arch aarch64: only the build host's architecture ($(uname -m)) can be built: run virt-p2v-make-disk on a aarch64 machine" \
  -o "$out/p2v.img" --arch aarch64
$prog -o "$out/p2v.img" --arch "$(uname -m)" --boot-set=/nonexistent \
  2> "$TEST_TMPDIR/err" && exit 1
grep -q "boot set /nonexistent: No such file or directory" "$TEST_TMPDIR/err"
test -z "$(ls -A "$out")"

fails "$prog: error: --inject-ssh-identity $TEST_TMPDIR/no-such-key: No such file or directory: give a readable file" \
  -o "$out/p2v.img" --inject-ssh-identity "$TEST_TMPDIR/no-such-key"

# --cmdline is checked with virt-p2v's own key table.
fails "$prog: error: --cmdline: p2v.prot: unknown key on the command line: did you mean p2v.port? (or add p2v.ignore_unknown to ignore unknown keys)" \
  -o "$out/p2v.img" --cmdline "p2v.server=conv p2v.prot=2222"
fails "$prog: error: --cmdline: p2v.vcpus=lots: bad value: expected a whole number from 1 to 4096" \
  -o "$out/p2v.img" --cmdline "p2v.server=conv p2v.vcpus=lots"
fails "$prog: error: --cmdline: root=/dev/sda1: the medium sets this itself: remove it" \
  -o "$out/p2v.img" --cmdline "p2v.server=conv root=/dev/sda1"
fails "$prog: error: --cmdline: the character '\$' cannot be passed through the boot loaders: remove it (quote values with \"...\")" \
  -o "$out/p2v.img" --cmdline 'p2v.server=conv p2v.pre="echo $HOME"'
VIRT_P2V_BINARY="$TEST_TMPDIR/no-p2v" \
  fails "$prog: error: $TEST_TMPDIR/no-p2v: No such file or directory: give the virt-p2v to put on the media with --virt-p2v=FILE" \
  -o "$out/p2v.img"
fails "$prog: error: --host-key abc: not a fingerprint: give the SHA256:... form that 'ssh-keygen -l -E sha256 -f KEY.pub' prints" \
  -o "$out/p2v.img" --host-key abc

# An output directory that cannot be written (as an unprivileged user,
# since root writes anywhere), or that does not exist.
fails "$prog: error: -o $out/no-dir/p2v.img: cannot create a file in $out/no-dir: No such file or directory: choose a writable directory" \
  -o "$out/no-dir/p2v.img"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  ro="$TEST_TMPDIR/ro"
  mkdir -m 0755 "$ro"
  rc=0
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$abs_top_builddir/make-disk/$prog" -o "$ro/p2v.iso" \
    2> "$TEST_TMPDIR/err" || rc=$?
  cat "$TEST_TMPDIR/err"
  test "$rc" = 1
  test "$(cat "$TEST_TMPDIR/err")" = "$prog: error: -o $ro/p2v.iso: cannot create a file in $ro: Permission denied: choose a writable directory"
  test -z "$(ls -A "$ro")"
fi

# Not a file nor a device.
fails "$prog: error: -o $out: not a regular file or a block device: give a file name or a USB stick's device" \
  -o "$out"
