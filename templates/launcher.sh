#!/bin/sh -
# virt-p2v launcher, run by p2v.service at boot on P2V media.
# Kernel command line mode: with p2v.server=... on /proc/cmdline, run
# virt-p2v unattended, its output on every console (tty1 and the serial
# console).  Without it, say so and leave the console to the root shell
# that getty gives once this returns (the GUI comes later).

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
network

case " $(cat /proc/cmdline) " in
  *" p2v.server="*) ;;
  *)
    say "virt-p2v: no p2v.server= on the kernel command line, so no unattended conversion."
    say "virt-p2v: reboot with p2v.server=HOST (see virt-p2v(1)), or run virt-p2v --cmdline='p2v.server=...' from this root shell."
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
