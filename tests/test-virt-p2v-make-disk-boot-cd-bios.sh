#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The ISO boots as a CD-ROM under BIOS (isolinux; qemu, TCG) into virt-p2v.
# The keyboard reaches the wizard, and Ctrl-Alt-F2 gives a root shell.
# The media are virt-p2v-make-disk's with its default settings (no
# p2v.server=), so they start the wizard on X: virt-p2v itself logs its
# first dialog on the serial console, and the screen shows it.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version

media="$(default_media)"
boot_media --cdrom "$media/p2v.iso" 'virt-p2v: gui: connection dialog' 900
screendump "$TEST_TMPDIR/wizard.png"
# The medium's own root, found by its label; both initrds (ours and
# the payload) unpacked.
tr -d '\r' < "$BOOT_LOG" | grep -a 'virt-p2v: kernel command line: .*root=live:CDLABEL=P2VBOOT quiet '
not grep -aq "Initramfs unpacking failed\|invalid magic" "$BOOT_LOG"

# Typing fills in the focused server field, which also wakes the Test
# connection button: far more of the screen changes than a blinking
# cursor (about 50 bytes of the dump).
type_keys conv
sleep 5
screendump "$TEST_TMPDIR/typed.png"
changed="$(cmp -l "$TEST_TMPDIR/wizard.png.ppm" "$TEST_TMPDIR/typed.png.ppm" | wc -l)" || :
echo "typing changed $changed bytes of the screen"
test "$changed" -gt 1000

# Ctrl-Alt-F2 leaves X for VT 2, where root is logged in: what is typed
# there runs, and says so on the serial console.
monitor "sendkey ctrl-alt-f2"
sleep 15
# One line, so other console output cannot come between its parts.
type_keys $'echo vt=$(tty) user=$(id -un) >/dev/ttyS0\n'
boot_wait '^vt=/dev/tty2 user=root$' 120
