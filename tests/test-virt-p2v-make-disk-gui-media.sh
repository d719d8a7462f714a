#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The wizard on the default media (the ISO as a USB stick, BIOS, TCG),
# driven by the mouse and the keyboard as a person would:
#  - a click (USB tablet) on "About virt-p2v" opens the About dialog:
#    the screen changes and virt-p2v logs it on the serial console;
#  - "Configure network" (Alt+N), then keys in its dialog, set a static 10.0.2.15/24
#    with gateway 10.0.2.2 on the NIC through systemd-networkd: the
#    wizard logs what "ip" then shows, an address without a lifetime,
#    so not the DHCP lease of the same address it replaced.
# One boot; the media are default_media's, shared with the boot tests.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version
requires command -v pnmfile

media="$(default_media)"
boot_media --tablet "$media/p2v.iso" 'virt-p2v: gui: connection dialog' 600
screendump "$TEST_TMPDIR/wizard.png"

# "About virt-p2v" is the middle of the button row, 179 pixels below
# the centre of the screen: the page is centred in the full-screen window (measured at
# 1280x800 here, and 1024x768 under Xvfb).
mouse_click $(( SCREEN_WIDTH / 2 )) $(( SCREEN_HEIGHT / 2 + 179 ))
boot_wait 'virt-p2v: gui: about dialog: virt-p2v [0-9]' 60
screendump "$TEST_TMPDIR/about.png"
changed="$(cmp -l "$TEST_TMPDIR/wizard.png.ppm" "$TEST_TMPDIR/about.png.ppm" | wc -l)" || :
echo "the About dialog changed $changed bytes of the screen"
test "$changed" -gt 10000
monitor "sendkey esc"
boot_wait 'virt-p2v: gui: about dialog: closed' 60

# Keys from here: Alt+N, Alt+P and the others reach the wizard, not
# the kiosk window manager's shortcuts.
monitor "sendkey alt-n"
boot_wait 'virt-p2v: gui: network dialog$' 60
sleep 2
monitor "sendkey alt-s"
monitor "sendkey alt-a"
type_keys 10.0.2.15/24
monitor "sendkey alt-g"
type_keys 10.0.2.2
monitor "sendkey alt-n"
type_keys 10.0.2.3
screendump "$TEST_TMPDIR/network.png"
monitor "sendkey alt-p"
boot_wait 'virt-p2v: gui: network: ' 360
tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: .*network' || :
tr -d '\r' < "$BOOT_LOG" |
  grep -aE 'virt-p2v: gui: network: [a-z0-9]+: 10\.0\.2\.15/24 \(static\), gateway 10\.0\.2\.2$'
