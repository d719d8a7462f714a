#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-kickstart: running the kickstart's %post bodies, as
# livecd-creator does (/bin/sh, chrooted into the new root), installs
# the payload with the right paths, bytes and modes, and enables the
# units (their symlinks are checked).
#
# The scratch root costs well under a second: the host's /usr under an
# overlay (so nothing writes to the host), usrmerge symlinks, an empty
# /etc and /var, /dev/null; all in a private mount namespace that
# vanishes with the test.  (A supermin chroot of the same packages
# would cost minutes: one cp per file.)  The host's systemctl, base64,
# sha256sum and sh stand in for Fedora's.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires unshare --version
requires chroot --version
requires systemctl --version
for l in bin sbin lib lib64; do
  test -L "/$l" || { echo "$0: test skipped: /$l is not a usrmerge link"; exit 77; }
done
source "$abs_top_srcdir/tests/kickstart-functions.sh"
# Mount namespaces and overlayfs (a container may allow neither).
requires unshare --mount --propagation private -- sh -c '
  mkdir -p "$1/l" "$1/u" "$1/w" "$1/m" &&
  mount -t overlay overlay -o "lowerdir=$1/l,upperdir=$1/u,workdir=$1/w" \
    "$1/m"' - "$TEST_TMPDIR/probe"

prog=virt-p2v-make-kickstart
d="$TEST_TMPDIR"
ssh-keygen -q -t ed25519 -N '' -C '' -f "$d/id"
$prog -o "$d/p2v.ks" --virt-p2v="$VIRT_P2V_BINARY" \
  --inject-ssh-identity="$d/id" fedora
n="$(ks_post_bodies "$d/p2v.ks" "$d")"
test "$n" = 2

r="$d/root"
mkdir -p "$r"/{usr,etc,dev,tmp,run,var/tmp} "$d/upper" "$d/work"
chmod 1777 "$r/tmp" "$r/var/tmp"
for l in bin sbin lib lib64; do ln -s "usr/$l" "$r/$l"; done
cp "$d"/post-*.sh "$r/"
touch "$r/dev/null"
start=$(date +%s%N)
unshare --mount --propagation private -- sh -e -x -c '
  mount -t overlay overlay \
    -o "lowerdir=/usr,upperdir=$1/upper,workdir=$1/work" "$2/usr"
  mount --bind /dev/null "$2/dev/null"
  for i in $(seq 1 "$3"); do
    chroot "$2" /bin/sh "/post-$i.sh"
  done' - "$d" "$r" "$n"
echo "the %post bodies ran in $(( ($(date +%s%N) - start) / 1000000 )) ms"

# The files /usr received are in the overlay's upper dir.
file_in_root ()
{
  case "$1" in
    /usr/*) echo "$d/upper${1#/usr}" ;;
    *) echo "$r$1" ;;
  esac
}
check ()
{
  local f
  f="$(file_in_root "$1")"
  test -f "$f"
  test "$(stat -c %a "$f")" = "$2"
  cmp "$3" "$f"
}
t="$abs_top_srcdir/templates"
check /usr/lib/virt-p2v/launcher 755 "$t/launcher.sh"
check /usr/bin/virt-p2v 755 "$VIRT_P2V_BINARY"
check /var/tmp/id_rsa 600 "$d/id"
check /etc/systemd/system/p2v.service 644 "$t/p2v.service"
check /etc/systemd/system/p2v-gui.service 644 "$t/p2v-gui.service"
check /etc/systemd/system/getty@.service.d/p2v.conf 644 "$t/getty-after-p2v.conf"
check /etc/systemd/system/serial-getty@.service.d/p2v.conf 644 "$t/getty-after-p2v.conf"
check /etc/systemd/system/systemd-networkd-wait-online.service.d/p2v.conf 644 "$t/wait-online-any.conf"
check /etc/systemd/network/99-p2v-wired.network 644 "$t/99-p2v-wired.network"
check /etc/issue 644 "$t/issue"
check /etc/modprobe.d/p2v.conf 644 "$t/modprobe-p2v.conf"
# Every path of the payload was checked above.
test "$(ks_payload_paths | wc -l)" = 10
# Directories made on the way are not private.
test "$(stat -c %a "$r/etc/systemd/system/getty@.service.d")" = 755
test "$(stat -c %a "$d/upper/lib/virt-p2v")" = 755

# The units: p2v.service by the multi-user target, the network, tty1.
s="$r/etc/systemd/system"
test "$(readlink "$s/multi-user.target.wants/p2v.service")" = /etc/systemd/system/p2v.service
test -L "$s/multi-user.target.wants/systemd-networkd.service"
test -L "$s/network-online.target.wants/systemd-networkd-wait-online.service"
test -L "$s/sysinit.target.wants/systemd-network-generator.service"
test -L "$s/getty.target.wants/getty@tty1.service"
case "$(readlink "$s/default.target")" in
  */multi-user.target) ;;
  *) echo "$0: default.target is $(readlink "$s/default.target")"; exit 1 ;;
esac
# Nothing else was written to /usr.
diff -u <(printf '%s\n' bin/virt-p2v lib/virt-p2v/launcher) \
        <(cd "$d/upper" && find . -type f | sed 's|^\./||' | sort)
