#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# virt-p2v-make-kickstart: the kickstart is well-formed (every section
# closed by %end, every %post body passes bash -n and sh -n), every
# embedded file decodes to exactly its source's bytes and gets the
# payload's mode, every payload path is there, and the output's mode
# is 0600 with an identity, else 0644 less the umask.

source ./functions.sh
set -e -x

skip_if_skipped
source "$abs_top_srcdir/tests/kickstart-functions.sh"

prog=virt-p2v-make-kickstart
d="$TEST_TMPDIR"
ssh-keygen -q -t ed25519 -N '' -C '' -f "$d/id"

# The real client of this tree, a real key, every option.
(cd "$d" && umask 022 &&
 $prog --virt-p2v="$VIRT_P2V_BINARY" --inject-ssh-identity=id \
   --cmdline='p2v.server=conv.example.com p2v.pre="echo hello"' \
   --install=tcpdump,strace --proxy=http://proxy.example.com:3128 \
   fedora rhel-9.4 https://repo.example.com/os/ > stdout 2> stderr)
cat "$d/stdout" "$d/stderr"
ks="$d/p2v.ks"
test "$(stat -c %a "$ks")" = 600
test -z "$(find "$d" -name '*.tmp')"

ks_check_sections "$ks"
test "$(ks_post_bodies "$ks" "$d")" = 2
for body in "$d"/post-*.sh; do
  bash -n "$body"
  sh -n "$body"
done

ks_decode "$ks" "$d/dec" > "$d/index"
cat "$d/index"
while IFS=$'\t' read -r path src mode; do
  case "$src" in
    templates/*) cmp "$abs_top_srcdir/$src" "$d/dec/files$path" ;;
    *--virt-p2v*) cmp "$VIRT_P2V_BINARY" "$d/dec/files$path"
                  test "$mode" = 0755 ;;
    *--inject-ssh-identity*) cmp "$d/id" "$d/dec/files$path"
                  test "$path" = /var/tmp/id_rsa
                  test "$mode" = 0600 ;;
    *) echo "$0: unexpected embedded file $path ($src)"; exit 1 ;;
  esac
done < "$d/index"
# Exactly the media's payload, plus the identity.
diff -u <({ ks_payload_paths; echo /var/tmp/id_rsa; } | sort) \
        <(cut -f1 "$d/index" | sort)
# The launcher is executable, the rest of the templates are not.
grep -qx $'/usr/lib/virt-p2v/launcher\ttemplates/launcher.sh\t0755' "$d/index"
test "$(grep -c $'\t0644$' "$d/index")" = 8

# Commands outside the sections read as pykickstart reads them: the
# line cut at its first '#' (old pykickstart, quoted or not), then
# split like a POSIX shell.  Nothing may be cut, and --append must
# come out as the kernel arguments.
if command -v python3 >/dev/null; then
  python3 - "$ks" <<'PY'
import shlex, sys
section = None
for n, line in enumerate(open(sys.argv[1]), 1):
    line = line.rstrip("\n")
    if line.startswith("%"):
        section = None if line.startswith("%end") else line
        continue
    if section or not line.strip() or line.lstrip().startswith("#"):
        continue
    args = shlex.split(line.split("#")[0])
    assert args == shlex.split(line), "line %d is cut at '#'" % n
    assert args[0] in ("lang", "keyboard", "timezone", "rootpw", "selinux",
                       "services", "bootloader", "part", "repo"), args[0]
    if args[0] == "bootloader":
        append = [a for a in args if a.startswith("--append=")][0]
        assert append == ('--append=console=tty0 console=ttyS0,115200 '
                          'p2v.server=conv.example.com p2v.pre="echo hello"'), append
PY
fi

# Boot: serial console and the checked --cmdline; no sshd; the units.
grep -qx 'bootloader --timeout=5 --append="console=tty0 console=ttyS0,115200 p2v.server=conv.example.com p2v.pre=\\"echo hello\\""' "$ks"
grep -qx 'services --disabled=sshd' "$ks"
grep -q '^systemctl enable p2v.service ' "$d/post-2.sh"
for pkg in shim-x64 grub2-efi-x64 grub2-efi-x64-cdboot syslinux \
           dracut-live gtk3 tcpdump strace -NetworkManager; do
  grep -qx -- "$pkg" "$ks"
done
grep -qx 'repo --name=custom1 --baseurl="https://repo.example.com/os/" --proxy="http://proxy.example.com:3128"' "$ks"
# The next steps name this kickstart.
grep -q 'livecd-creator --verbose --config=p2v.ks ' "$d/stdout"
grep -q 'livecd-iso-to-disk ' "$d/stdout"
grep -q 'livecd-iso-to-pxeboot ' "$d/stdout"
grep -q "embedding $VIRT_P2V_BINARY as /usr/bin/virt-p2v: .* must be built for the image's distro" "$d/stderr"
# This tree's client says which compiler built it: on Debian, a warning.
if grep -a -q 'GCC: (Debian ' "$VIRT_P2V_BINARY"; then
  grep -q "warning: $VIRT_P2V_BINARY was built on Debian or Ubuntu (\"GCC: (Debian .*\"): it will not run on a Fedora or RHEL image" "$d/stderr"
fi

# Without an identity: 0644 less the umask.
$prog -o "$d/open.ks" fedora 2> "$d/stderr"
test "$(stat -c %a "$d/open.ks")" = "$(printf '%o' $(( 0644 & ~$(umask) )))"
not grep -q id_rsa "$d/open.ks"
# A client that does not say where it was built, the default one, on a
# host that is not Fedora or RHEL: a warning about the host.
ks_fake_inputs "$d"
if ! grep -Eq '^ID(_LIKE)?=.*(fedora|rhel)' /etc/os-release; then
  VIRT_P2V_BINARY="$d/virt-p2v" $prog -o "$d/fake.ks" fedora 2> "$d/stderr"
  grep -q "warning: this host is not Fedora or RHEL" "$d/stderr"
fi
(umask 077 && $prog -o "$d/closed.ks" fedora 2>/dev/null)
test "$(stat -c %a "$d/closed.ks")" = 600

# -v shows each command run, quoted; without it there is no debug line.
$prog -v -o "$d/v.ks" fedora 2> "$d/stderr"
grep -q "^$prog: debug: .*run: sha256sum -- .*/templates/launcher.sh$" "$d/stderr"
not grep -q "debug:" <($prog -o "$d/v.ks" fedora 2>&1)
cmp "$d/v.ks" "$d/open.ks"
