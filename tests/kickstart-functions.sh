# virt-p2v toolkit: helpers of the virt-p2v-make-kickstart tests.  -*- shell-script -*-
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced after functions.sh by tests/test-virt-p2v-make-kickstart-*.sh.
# Plain POSIX awk (mawk on Debian): no gawk.
#
#   ks_fake_inputs DIR          write DIR/virt-p2v (a small fake ELF
#                               file) and DIR/id (a fake private key):
#                               fixed inputs for byte-exact checks
#   ks_check_sections KS        every %section is closed by %end, none
#                               nested, nothing after an unknown %word
#   ks_post_bodies KS DIR       write each %post body to DIR/post-N.sh;
#                               print the count
#   ks_decode KS DIR            decode every embedded here-document to
#                               DIR/files/<path in the image>; print
#                               "PATH SOURCE MODE" per file, SOURCE as
#                               the kickstart's comment names it
#   ks_payload_paths            the paths every kickstart must install
#                               (the oracle for the media payload table)

ks_fake_inputs ()
{
  printf '\177ELF fake virt-p2v for the kickstart tests\n' > "$1/virt-p2v"
  chmod 0755 "$1/virt-p2v"
  (umask 077
   printf '%s\n' '-----BEGIN OPENSSH PRIVATE KEY-----' \
     'VGhpcyBpcyBub3QgYSBrZXk6IHRoZSBraWNrc3RhcnQgdGVzdHMnIHNlY3JldC4K' \
     'c2VjcmV0LW1hcmtlci0xYjJjM2Q0ZTVmNmE3YjhjOWQwZQo=' \
     '-----END OPENSSH PRIVATE KEY-----' > "$1/id")
}

ks_check_sections ()
{
  awk '
    /^%(packages|post|pre|pre-install|onerror|traceback|addon)([ \t]|$)/ {
      if (open) { printf "%s:%d: %s inside %s\n", FILENAME, NR, $1, open; bad = 1 }
      open = $1; start = NR; next
    }
    /^%end[ \t]*$/ {
      if (!open) { printf "%s:%d: %%end outside a section\n", FILENAME, NR; bad = 1 }
      open = ""; next
    }
    /^%/ { printf "%s:%d: unknown section %s\n", FILENAME, NR, $1; bad = 1 }
    END {
      if (open) { printf "%s:%d: %s never closed\n", FILENAME, start, open; bad = 1 }
      exit bad
    }' "$1"
}

ks_post_bodies ()
{
  awk -v dir="$2" '
    /^%post([ \t]|$)/ { n++; f = dir "/post-" n ".sh"; printf "" > f; inpost = 1; next }
    /^%end[ \t]*$/ { if (inpost) close (f); inpost = 0; next }
    inpost { print > f }
    END { print n + 0 }' "$1"
}

ks_decode ()
{
  local ks="$1" dir="$2" n=0 path src mode
  mkdir -p "$dir/files" "$dir/b64"
  # Split: one .b64 file per here-document, and its metadata.
  awk -v dir="$dir/b64" -v q="'" '
    /^# \/.* \(.*, [0-9]+ bytes\)$/ {
      src = $0; sub (/^# [^ ]+ \(/, "", src); sub (/, [0-9]+ bytes\)$/, "", src)
    }
    index ($0, "(umask 077; base64 -d > " q) == 1 {
      path = substr ($0, length ("(umask 077; base64 -d > " q) + 1)
      path = substr (path, 1, index (path, q) - 1)
      n++; f = dir "/" n; inb = 1; printf "" > f; next
    }
    inb && /^P2V_EOF$/ { inb = 0; close (f); next }
    inb { print > f; next }
    /^chmod [0-7]+ / {
      p = $3; gsub (q, "", p)
      print n "\t" p "\t" src "\t" $2 > (dir "/index")
    }' "$ks"
  while IFS=$'\t' read -r n path src mode; do
    mkdir -p "$dir/files${path%/*}"
    base64 -d < "$dir/b64/$n" > "$dir/files$path"
    printf '%s\t%s\t%s\n' "$path" "$src" "$mode"
  done < "$dir/b64/index"
}

ks_payload_paths ()
{
  printf '%s\n' \
    /usr/lib/virt-p2v/launcher \
    /etc/systemd/system/p2v.service \
    /etc/systemd/system/p2v-gui.service \
    /etc/systemd/system/getty@.service.d/p2v.conf \
    /etc/systemd/system/serial-getty@.service.d/p2v.conf \
    /etc/systemd/system/systemd-networkd-wait-online.service.d/p2v.conf \
    /etc/systemd/network/99-p2v-wired.network \
    /etc/issue \
    /etc/modprobe.d/p2v.conf \
    /usr/bin/virt-p2v
}
