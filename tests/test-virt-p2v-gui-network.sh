#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# "Configure network" (Alt+N) on the connection page.  Where neither
# systemd-networkd nor NetworkManager runs (this test's Xvfb session,
# unless the host runs one) it says so.  With networkd "running" (a
# scratch VIRT_P2V_NETCONF_ROOT whose proc/ has systemd-network) the
# wizard's own dialog opens: the NIC list, a bad address
# (10.0.2.300/24) and a gateway off its network are marked in red in
# place and Apply does nothing; Cancel closes the dialog and nothing
# was written.  Applying for real is test-virt-p2v-make-disk-gui-media.sh.

source ./functions.sh
set -e -x

skip_if_skipped
requires virt-p2v --version
source "$abs_top_srcdir/tests/gui-functions.sh"
source "$abs_top_srcdir/tests/fail-functions.sh"

start_xvfb
disk="$(blank_disk)"

# The host as it is: only checked when it has no network daemon and
# no nm-connection-editor (so the outcome is known).
if ! pgrep -x systemd-network >/dev/null && ! pgrep -x NetworkManager >/dev/null &&
   ! command -v nm-connection-editor >/dev/null; then
  start_wizard --test-disk="$disk"
  wait_for_line '^virt-p2v: gui: connection dialog$' 30
  keys alt+n
  wait_for_line '^virt-p2v: gui: network: ' 10
  grep -q '^virt-p2v: gui: network: Neither systemd-networkd nor NetworkManager is running' "$WIZARD_ERR"
  msg="$(timeout 20 xdotool search --sync --onlyvisible --name '^Configure network$')"
  xdotool windowfocus --sync "$msg"
  xdotool key Return
  sleep 0.5
  not xdotool search --onlyvisible --name '^Configure network$'
  kill "$WIZARD_PID"
  wait "$WIZARD_PID" || :
fi

root="$TEST_TMPDIR/root"
mkdir -p "$root/proc/1"
echo systemd-network > "$root/proc/1/comm"
# No nm-connection-editor (it would be preferred), whatever the host has.
mkdir "$TEST_TMPDIR/bin"
ln -s "$(command -v virt-p2v)" "$TEST_TMPDIR/bin/virt-p2v"
VIRT_P2V_NETCONF_ROOT="$root" PATH="$TEST_TMPDIR/bin:/usr/bin:/bin" \
  start_wizard --test-disk="$disk"
wait_for_line '^virt-p2v: gui: connection dialog$' 30
keys alt+n
wait_for_line '^virt-p2v: gui: network dialog$' 10
dialog="$(timeout 20 xdotool search --sync --onlyvisible --name '^Configure network$')"
net_keys ()
{
  xdotool windowfocus --sync "$dialog"
  xdotool key --delay 50 "$@"
  sleep 0.3
}
net_shot ()
{
  sleep 0.5
  xwd -silent -id "$dialog" | xwdtopnm > "$TEST_TMPDIR/$1.ppm" 2>/dev/null
  pnmtopng "$TEST_TMPDIR/$1.ppm" > "$TEST_TMPDIR/$1.png"
  if [ -n "${P2V_GUI_SCREENSHOTS:-}" ]; then
    cp "$TEST_TMPDIR/$1.png" "$P2V_GUI_SCREENSHOTS/network-$1.png"
  fi
}
net_shot opened
test "$(ppmhist -noheader "$TEST_TMPDIR/opened.ppm" | wc -l)" -gt 50
test "$(red_pixels opened)" -lt 20

# Static, a good address: nothing red.
net_keys alt+s alt+a
xdotool type --delay 10 10.0.2.15/24
net_shot good
test "$(red_pixels good)" -lt 20

# An octet over 255: marked in red at once, and Apply does nothing.
net_keys ctrl+a
xdotool type --delay 10 10.0.2.300/24
net_shot bad-address
test "$(red_pixels bad-address)" -gt 100
net_keys alt+p
sleep 1
not grep -q 'network: .*applying' "$WIZARD_ERR"

# Fixed; then a gateway on another network: red again.
net_keys alt+a ctrl+a
xdotool type --delay 10 10.0.2.15/24
net_keys alt+g
xdotool type --delay 10 10.0.3.1
net_shot bad-gateway
test "$(red_pixels bad-gateway)" -gt 100
net_keys alt+p
sleep 1
not grep -q 'network: .*applying' "$WIZARD_ERR"

# Cancel: the dialog goes, nothing was written, the wizard carries on.
net_keys alt+c
wait_for_line '^virt-p2v: gui: network dialog: closed$' 10
not xdotool search --onlyvisible --name '^Configure network$'
test ! -e "$root/run"
kill -0 "$WIZARD_PID"
