#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-kickstart: --help, --version, and bad input: one exact
# error line naming the problem and the fix, exit 1, nothing written
# (no output, no temporary file, an existing output left as it was).

source ./functions.sh
set -e -x

skip_if_skipped
source "$abs_top_srcdir/tests/kickstart-functions.sh"

prog=virt-p2v-make-kickstart
d="$TEST_TMPDIR"
out="$d/out"
mkdir "$out"
ks_fake_inputs "$d"
ssh-keygen -q -t ed25519 -N '' -C '' -f "$d/key"

$prog --help > "$d/help"
grep -q -- "--inject-ssh-identity=FILE" "$d/help"
grep -q "REPO is fedora, rawhide, koji, rhel-X.Y or a repository URL" "$d/help"
$prog --version | grep -Eqx "virt-p2v-make-kickstart [0-9]+\.[0-9]+\.[0-9]+"
$prog -V | grep -q "^virt-p2v-make-kickstart "

# fails EXPECTED ARGS...: run in $out (default output p2v.ks there):
# exit status 1, EXPECTED is the first line on stderr, and $out holds
# nothing but what was there before.
snapshot ()
{
  (cd "$out" && find . | sort && find . -type f -exec sha256sum {} + | sort)
}
fails ()
{
  local expected="$1"; shift
  local rc=0 before
  before="$(snapshot)"
  env -C "$out" $prog "$@" > "$d/stdout" 2> "$d/err" || rc=$?
  cat "$d/err"
  test "$rc" = 1
  test "$(head -n1 "$d/err")" = "$expected"
  test "$(snapshot)" = "$before"
}
e="$prog: error:"
v="--virt-p2v=$d/virt-p2v"

$prog --no-such-option 2> "$d/err" && exit 1
test "$(tail -n1 "$d/err")" = "Try '$prog --help' for more information."
fails "$e no REPO: give fedora, rawhide, koji, rhel-X.Y or a repository URL" "$v"
fails "$e REPO centos: unknown repository: give fedora, rawhide, koji, rhel-X.Y or a URL (http://, https://, ftp://, file://)" \
  "$v" fedora centos
fails "$e REPO rhel-5.11: not a RHEL release: give rhel-X.Y with X from 6 on (e.g. rhel-9.4), or the URL of your RHEL mirror" \
  "$v" rhel-5.11
fails "$e REPO rhel-9: not a RHEL release: give rhel-X.Y with X from 6 on (e.g. rhel-9.4), or the URL of your RHEL mirror" \
  "$v" rhel-9
fails "$e REPO http://x/a b: spaces, quotes, backslashes and '#' cannot be put in a kickstart repo line: encode them (%20) in the URL" \
  "$v" 'http://x/a b'
fails "$e REPO http://x/a#b: spaces, quotes, backslashes and '#' cannot be put in a kickstart repo line: encode them (%20) in the URL" \
  "$v" 'http://x/a#b'
fails "$e --proxy proxy:3128: not a proxy URL: give http://HOST:PORT (or https://, socks5://), without spaces, quotes or '#'" \
  "$v" --proxy proxy:3128 fedora
fails "$e --install %end: not a package name: give names separated by commas (letters, digits and ._+-:@/*)" \
  "$v" --install tcpdump,%end fedora

# The identity: missing, or the public half.
fails "$e --inject-ssh-identity $d/no-key: No such file or directory: give the private key file made by ssh-keygen" \
  "$v" --inject-ssh-identity "$d/no-key" fedora
fails "$e --inject-ssh-identity $d/key.pub: not a private key (no \"-----BEGIN ... PRIVATE KEY-----\"): give the private key, not the .pub file" \
  "$v" --inject-ssh-identity "$d/key.pub" fedora

# --cmdline is checked with virt-p2v's own key table, as make-disk does.
fails "$e --cmdline: p2v.prot: unknown key on the command line: did you mean p2v.port? (or add p2v.ignore_unknown to ignore unknown keys)" \
  "$v" --cmdline "p2v.server=conv p2v.prot=2222" fedora
fails "$e --cmdline: p2v.vcpus=lots: bad value: expected a whole number from 1 to 4096" \
  "$v" --cmdline "p2v.server=conv p2v.vcpus=lots" fedora
fails "$e --cmdline: root=/dev/sda1: the medium sets this itself: remove it" \
  "$v" --cmdline "p2v.server=conv root=/dev/sda1" fedora
fails "$e --cmdline: the character '#' cannot be passed in a kickstart (pykickstart ends the line there): remove it" \
  "$v" --cmdline 'p2v.server=conv p2v.pre="echo #1"' fedora
fails "$e --cmdline: the character '\$' cannot be passed through the boot loaders: remove it (quote values with \"...\")" \
  "$v" --cmdline 'p2v.server=conv p2v.pre="echo $HOME"' fedora

# The client: missing, or not a program.
VIRT_P2V_BINARY="$d/no-p2v" \
  fails "$e $d/no-p2v: No such file or directory: give the virt-p2v to embed with --virt-p2v=FILE (built for the target distro)" \
  fedora
fails "$e --virt-p2v $d/key.pub: not an ELF executable: give the virt-p2v binary (built for the target distro)" \
  --virt-p2v="$d/key.pub" fedora

# Templates: missing directory, or a file missing in it.
VIRT_P2V_TEMPLATES="$d/no-templates" \
  fails "$e templates directory $d/no-templates: No such file or directory: install the toolkit, or set VIRT_P2V_TEMPLATES to a source tree's templates/" \
  "$v" fedora
cp -r "$abs_top_srcdir/templates" "$d/tpl"
rm "$d/tpl/issue"
VIRT_P2V_TEMPLATES="$d/tpl" \
  fails "$e cannot read the templates/issue \"$d/tpl/issue\": No such file or directory" \
  "$v" fedora

# The output: a directory, a missing directory, an unwritable one.
mkdir "$out/dir.ks"
fails "$e -o dir.ks: exists and is not a regular file: give a file name" \
  "$v" -o dir.ks fedora
rmdir "$out/dir.ks"
fails "$e -o $d/no-dir/p2v.ks: cannot write it in $d/no-dir: No such file or directory: choose a writable directory" \
  "$v" -o "$d/no-dir/p2v.ks" fedora
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  ro="$d/ro"
  mkdir -m 0755 "$ro"
  chmod 0755 "$d"
  rc=0
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$abs_top_builddir/make-kickstart/$prog" "$v" -o "$ro/p2v.ks" fedora \
    2> "$d/err" || rc=$?
  cat "$d/err"
  test "$rc" = 1
  test "$(tail -n1 "$d/err")" = "$e -o $ro/p2v.ks: cannot write it in $ro: Permission denied: choose a writable directory"
  test -z "$(ls -A "$ro")"
fi

# A failure leaves an existing kickstart as it was.
echo "old kickstart" > "$out/p2v.ks"
fails "$e --cmdline: p2v.prot: unknown key on the command line: did you mean p2v.port? (or add p2v.ignore_unknown to ignore unknown keys)" \
  "$v" --inject-ssh-identity "$d/id" --cmdline "p2v.prot=1" fedora
test "$(cat "$out/p2v.ks")" = "old kickstart"
# ... and a good run replaces it.
(cd "$out" && $prog "$v" --inject-ssh-identity "$d/id" fedora)
ks_check_sections "$out/p2v.ks"
test "$(stat -c %a "$out/p2v.ks")" = 600
test "$(ls -A "$out")" = p2v.ks
