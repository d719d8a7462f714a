#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-pxe: --help, --version, bad options and bad --machines
# manifests found before anything slow starts (one exact error line
# naming the line and field, exit 1, nothing written); a good manifest
# gives one BIOS and one GRUB config per MAC.  Uses the pipeline's boot
# set (test_boot_set, cached): no boot.

source ./functions.sh
set -e -x

skip_if_skipped

prog=virt-p2v-make-pxe
out="$TEST_TMPDIR/out"
mkdir "$out"

$prog --help > "$TEST_TMPDIR/help"
grep -q -- "--machines=FILE" "$TEST_TMPDIR/help"
grep -q -- "--inject-ssh-identity=FILE" "$TEST_TMPDIR/help"
$prog --version | grep -Eqx "virt-p2v-make-pxe [0-9]+\.[0-9]+\.[0-9]+"

# fails EXPECTED ARGS...: exit status 1 and exactly EXPECTED as the
# first line on stderr, nothing left in $out.
fails ()
{
  expect_error "$1" $prog "${@:2}"
  test -z "$(ls -A "$out")"
}

$prog --no-such-option 2> "$TEST_TMPDIR/err" && exit 1
test "$(tail -n1 "$TEST_TMPDIR/err")" = "Try '$prog --help' for more information."
fails "$prog: error: no output: give -o DIR, the directory to serve by TFTP"
fails "$prog: error: unexpected argument 'stray': give the output with -o" \
  -o "$out/tree" stray
# The shared options, with make-disk's words.
fails "$prog: error: --arch aarch64: only the build host's architecture ($(uname -m)) can be built: run $prog on a aarch64 machine" \
  -o "$out/tree" --arch aarch64
fails "$prog: error: --inject-ssh-identity $TEST_TMPDIR/no-key: No such file or directory: give a readable file" \
  -o "$out/tree" --inject-ssh-identity "$TEST_TMPDIR/no-key"
fails "$prog: error: --cmdline: p2v.prot: unknown key on the command line: did you mean p2v.port? (or add p2v.ignore_unknown to ignore unknown keys)" \
  -o "$out/tree" --cmdline "p2v.server=conv p2v.prot=2222"
fails "$prog: error: --host-key abc: not a fingerprint: give the SHA256:... form that 'ssh-keygen -l -E sha256 -f KEY.pub' prints" \
  -o "$out/tree" --host-key abc
fails "$prog: error: --http-url https://h/p2v: not an http:// URL: give the address where the tree is served, e.g. http://10.0.0.1/p2v (the boot loaders do not speak https)" \
  -o "$out/tree" --http-url https://h/p2v
fails "$prog: error: --machines $TEST_TMPDIR/none: No such file or directory: give a readable file" \
  -o "$out/tree" --machines "$TEST_TMPDIR/none"

# Bad manifests: the file, the line, the field.
m="$TEST_TMPDIR/fleet.txt"
bad ()
{
  local expected="$1"; shift
  printf '%s\n' "# the fleet" "52:54:00:00:00:01 first p2v.vcpus=2" "$@" > "$m"
  fails "$prog: error: $m:$expected" -o "$out/tree" --machines "$m" \
    --cmdline "p2v.server=conv"
}
bad "3: field 1: 52:54:00:00:01: not a MAC address: write it as aa:bb:cc:dd:ee:ff" \
  "52:54:00:00:01 second"
bad "3: field 1: 52:54:00:00:00:zz: not a MAC address: write it as aa:bb:cc:dd:ee:ff" \
  "52:54:00:00:00:zz second"
bad "3: field 2: no guest name: write MAC NAME [p2v.KEY=VALUE ...]" \
  "52:54:00:00:00:02"
bad "3: field 2: -web: not a guest name: use up to 63 letters, digits, '-', '_' and '.', starting with a letter or digit" \
  "52:54:00:00:00:02 -web"
bad "4: field 3: p2v.vcpus=lots: bad value: expected a whole number from 1 to 4096" \
  "" "52:54:00:00:00:02 second p2v.vcpus=lots"
bad "3: field 4: p2v.prot: unknown key on the command line: did you mean p2v.port? (or add p2v.ignore_unknown to ignore unknown keys)" \
  "52:54:00:00:00:02 second p2v.memory=2G p2v.prot=22"
bad "3: field 3: root=/dev/sda: not a p2v.* key: only p2v.KEY=VALUE and ip=... may follow the name" \
  "52:54:00:00:00:02 second root=/dev/sda"
bad "3: field 3: p2v.name=x: the guest name is field 2: remove it" \
  "52:54:00:00:00:02 second p2v.name=x"
bad "3: a '\"' is not closed: close it on the same line" \
  '52:54:00:00:00:02 second p2v.pre="echo hi'
bad "3: field 1: 52-54-00-00-00-01: the same MAC address as line 2: give each machine once" \
  "52-54-00-00-00-01 second"
bad "3: field 2: first: the same guest name as line 2: give each machine its own name" \
  "52:54:00:00:00:02 first"

# An existing directory that is not a tree of ours is never replaced.
mkdir "$TEST_TMPDIR/tftproot"
touch "$TEST_TMPDIR/tftproot/other-file"
rc=0
$prog -o "$TEST_TMPDIR/tftproot" --boot-set=/nonexistent 2> "$TEST_TMPDIR/err" || rc=$?
test $rc = 1
test "$(cat "$TEST_TMPDIR/err")" = "$prog: error: -o $TEST_TMPDIR/tftproot: the directory exists and was not made by $prog: give a new or empty directory (e.g. a subdirectory of the TFTP root)"
test "$(ls -A "$TEST_TMPDIR/tftproot")" = other-file

# A good manifest, with the pipeline's boot set: one config per MAC
# for each loader, the default for everyone else.
bs="$TEST_TMPDIR/bs"
test_boot_set "$bs"
cat > "$m" <<'EOF2'
# MAC              NAME    keys
52:54:00:00:00:01  first   p2v.vcpus=2   # a comment
52-54-00-00-00-0A  second  p2v.pre="echo two words" p2v.memory=2G ip=192.0.2.10::192.0.2.1:255.255.255.0::eth0:off

EOF2
$prog -o "$out/tree" --boot-set="$bs" --machines "$m" \
  --cmdline "p2v.server=conv.example.com" 2> "$TEST_TMPDIR/err"
cat "$TEST_TMPDIR/err"
grep -q "Done: $out/tree (2 machines and the default entry)" "$TEST_TMPDIR/err"
cd "$out/tree"
test "$(ls pxelinux.cfg | tr '\n' ' ')" = "01-52-54-00-00-00-01 01-52-54-00-00-00-0a default "
ls grub.cfg grub.cfg-01-52-54-00-00-00-01 grub.cfg-01-52-54-00-00-00-0a
args="root=live:/LiveOS/squashfs.img quiet console=tty0 console=ttyS0,115200 p2v.server=conv.example.com"
grep -qx "  APPEND $args" pxelinux.cfg/default
grep -qx "  APPEND $args p2v.name=first p2v.vcpus=2" pxelinux.cfg/01-52-54-00-00-00-01
grep -qx "  APPEND $args p2v.name=second p2v.pre=\"echo two words\" p2v.memory=2G ip=192.0.2.10::192.0.2.1:255.255.255.0::eth0:off" \
  pxelinux.cfg/01-52-54-00-00-00-0a
grep -qx "  linux \$prefix/vmlinuz $args p2v.name=first p2v.vcpus=2" \
  grub.cfg-01-52-54-00-00-00-01
grep -qx "  initrd \$prefix/initrd.img \$prefix/payload.img \$prefix/squashfs.cpio" grub.cfg
sha256sum -c SHA256SUMS
# Everything is readable by an unprivileged TFTP server (there is no
# identity in this payload).
test -z "$(find . ! -perm -0444)"
cpio -it < squashfs.cpio | tr '\n' ' ' | grep -qx "LiveOS LiveOS/squashfs.img "


# With an identity, payload.img is never world-readable: root only, or
# root and the server's group (--serve-group).
cd "$TEST_TMPDIR"
ssh-keygen -q -t ed25519 -N "" -f "$TEST_TMPDIR/id"
expect_error "$prog: error: --serve-group=no-such-group: no such group: give the group your TFTP or HTTP server runs as (e.g. tftp, dnsmasq, www-data)" \
  $prog -o "$out/tree" --boot-set="$bs" --serve-group=no-such-group
$prog -o "$out/tree" --boot-set="$bs" --inject-ssh-identity "$TEST_TMPDIR/id"
test "$(stat -c '%a %U %G' "$out/tree/payload.img")" = "600 root root"
$prog -o "$out/tree" --boot-set="$bs" --inject-ssh-identity "$TEST_TMPDIR/id" \
  --serve-group=daemon
test "$(stat -c '%a %U %G' "$out/tree/payload.img")" = "640 root daemon"
test -z "$(find "$out/tree" ! -perm -0444 ! -name payload.img)"
# The server's group reads it, other users do not.  (A prebuilt boot
# set is packed as it is, so the key itself is not in this payload: the
# fleet and journey tests boot with it.)
setpriv --reuid=daemon --regid=daemon --clear-groups \
  cat "$out/tree/payload.img" > /dev/null
not setpriv --reuid=nobody --regid=nogroup --clear-groups \
  cat "$out/tree/payload.img" > /dev/null

# --http-url: the kernel and initrds by URL, for lpxelinux and GRUB.
# -v shows every command run, as it could be pasted into a shell.
$prog -v -o "$out/tree" --boot-set="$bs" --http-url http://10.0.2.2:8080/p2v/ \
  2> "$TEST_TMPDIR/verbose"
grep -q "^$prog: debug: .* run: grub-mkimage -O x86_64-efi .* -p '' efinet " \
  "$TEST_TMPDIR/verbose"
grep -qx "  KERNEL http://10.0.2.2:8080/p2v/vmlinuz" "$out/tree/pxelinux.cfg/default"
grep -qx "  INITRD http://10.0.2.2:8080/p2v/initrd.img,http://10.0.2.2:8080/p2v/payload.img,http://10.0.2.2:8080/p2v/squashfs.cpio" \
  "$out/tree/pxelinux.cfg/default"
grep -q "^  linux (http,10.0.2.2:8080)/p2v/vmlinuz root=" "$out/tree/grub.cfg"
# The second build replaced the first whole: no per-MAC files left,
# no temporary directory beside it.
test "$(ls "$out/tree/pxelinux.cfg")" = default
test "$(ls -A "$out")" = tree

# A build that fails half-way (the root cannot be read, after the
# kernel and initramfs are in the new tree) leaves the old tree as it
# was and nothing beside it.
cp -al "$bs" "$TEST_TMPDIR/badbs"
rm "$TEST_TMPDIR/badbs/LiveOS/squashfs.img"
mkdir "$TEST_TMPDIR/badbs/LiveOS/squashfs.img"
(cd "$out/tree" && find . -type f | sort | xargs sha256sum) > "$TEST_TMPDIR/before"
expect_error "$prog: error: $TEST_TMPDIR/badbs/LiveOS/squashfs.img: Is a directory" \
  $prog -o "$out/tree" --boot-set="$TEST_TMPDIR/badbs" --machines "$m"
grep -q "Packing the root" "$TEST_TMPDIR/err"
(cd "$out/tree" && find . -type f | sort | xargs sha256sum) > "$TEST_TMPDIR/after"
cmp "$TEST_TMPDIR/before" "$TEST_TMPDIR/after"
test "$(ls -A "$out")" = tree
