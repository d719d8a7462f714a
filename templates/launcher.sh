#!/bin/sh -
# virt-p2v launcher on P2V media, in three roles:
#   launcher            p2v.service at boot.  With p2v.server=... on
#                       /proc/cmdline, run virt-p2v unattended, its
#                       output on every console (tty1 and the serial
#                       console).  Without it, start p2v-gui.service
#                       and return, so the gettys give root shells.
#   launcher gui        p2v-gui.service: X on VT 7 with this script's
#                       "gui-client" role as its only client.
#   launcher gui-client inside X: a kiosk window manager and the wizard
#                       (virt-p2v --iso) full-screen.
#   launcher cmdline [FILE]
#                       print the kernel command line (or FILE) with the
#                       value of every password key hidden.

# Every console the kernel writes to (e.g. "tty0 ttyS0").
consoles=
for c in $(cat /sys/class/tty/console/active 2>/dev/null); do
  consoles="$consoles /dev/$c"
done
[ -n "$consoles" ] || consoles=/dev/console

say ()
{
  for c in $consoles; do
    echo "$*" > "$c" 2>/dev/null
  done
  echo "$*"
}

# The boot parameters as an admin may see them: the media boot "quiet",
# so the kernel no longer shows its command line, and it may hold
# p2v.password=.  Tokens split at spaces outside double quotes, as the
# kernel does.
cmdline ()
{
  awk '{
    s = $0; out = ""
    while (s != "") {
      sub(/^[ \t]+/, "", s)
      if (s == "") break
      tok = ""; q = 0
      while (s != "") {
        c = substr(s, 1, 1)
        if (c == "\"") q = !q
        else if ((c == " " || c == "\t") && !q) break
        tok = tok c; s = substr(s, 2)
      }
      if (match(tok, /^p2v\.[a-z_.]*password=/))
        tok = substr(tok, 1, RLENGTH) "(hidden)"
      out = out (out == "" ? "" : " ") tok
    }
    print out
  }' "${1:-/proc/cmdline}"
}

case "${1-}" in
  cmdline)
    cmdline "${2-}"
    exit ;;
  gui)
    # -novtswitch: leaving X for a shell (Ctrl-Alt-F2) must not be undone
    # by X grabbing VT 7 back.  Server errors go to the journal.
    exec xinit "$0" gui-client -- /usr/bin/Xorg :0 vt7 -nolisten tcp \
         -noreset -novtswitch ;;
  gui-client)
    # No window manager shortcuts: its default kbdconfig takes Alt+C
    # (close!), Alt+N, Alt+P and Alt+D, which are the wizard's
    # mnemonics (Conversion server, Configure network, Apply, DHCP).
    matchbox-window-manager -use_titlebar no -kbdconfig /dev/null &
    # The wizard's messages (and the "gui: ... dialog" lines that the
    # tests wait for) on the consoles, like the unattended run's.
    { virt-p2v --iso 2>&1; echo $? > /run/virt-p2v.status; } |
      tee $consoles >/dev/null
    status=$(cat /run/virt-p2v.status)
    say "virt-p2v: the wizard exited (status $status)"
    exit "$status" ;;
esac

# networkd without resolved writes no resolv.conf: take the DNS servers
# of the DHCP leases, so p2v.server may be a name.
dns=$(sed -n 's/^DNS=//p' /run/systemd/netif/leases/* 2>/dev/null | tr ' ' '\n' | sort -u)
if [ -n "$dns" ] && [ ! -s /etc/resolv.conf ]; then
  for ns in $dns; do echo "nameserver $ns"; done > /etc/resolv.conf
fi

# Where this machine is on the network (DHCP, or ip= from the command
# line): what an admin looking at the console wants first.  Said again
# at the end: DHCP on a second NIC may finish after the first is up.
network ()
{
  say "virt-p2v: network: $(ip -4 -br addr show scope global 2>/dev/null | tr -s ' ' | tr '\n' ';')"
}
say "virt-p2v: kernel command line: $(cmdline)"
network

case " $(cat /proc/cmdline) " in
  *" p2v.server="*) ;;
  *)
    say "virt-p2v: no p2v.server= on the kernel command line: starting the wizard on VT 7."
    say "virt-p2v: root shells are on the other consoles (Ctrl-Alt-F2, the serial console); for an unattended conversion, boot with p2v.server=HOST (see virt-p2v(1))."
    systemctl --no-block start p2v-gui.service
    exit 0 ;;
esac

# Which key this medium carries (p2v.identity=file:///var/tmp/id_rsa).
# Not ssh-keygen -l: OpenSSL's seeding blocks in getrandom() until the
# kernel has entropy, which can take minutes on a machine without an
# RNG device.
if [ -f /var/tmp/id_rsa ]; then
  sum=$(sha256sum < /var/tmp/id_rsa | cut -d' ' -f1)
  say "virt-p2v: identity $(stat -c '%n mode %a owner %U' /var/tmp/id_rsa) sha256 $sum"
fi
say "virt-p2v: starting"
# virt-p2v reads its settings from /proc/cmdline itself.
{ virt-p2v 2>&1; echo $? > /run/virt-p2v.status; } | tee $consoles >/dev/null
status=$(cat /run/virt-p2v.status)
say "virt-p2v: finished (status $status)"
network
exit 0
