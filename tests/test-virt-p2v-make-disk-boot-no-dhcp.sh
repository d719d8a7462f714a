#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# A machine whose network gives it no address (no DHCP server on the
# wire) still boots into virt-p2v, and the boot shows no failed unit
# for it: systemd-networkd-wait-online gives up after its minute
# (templates/wait-online-any.conf), which is not a failure, and the
# launcher says the machine has no address.

source ./functions.sh
set -e -x

skip_if_skipped
requires qemu-system-x86_64 --version

media="$(default_media)"
boot_media --no-dhcp "$media/p2v.img" 'virt-p2v: gui: connection dialog' 900
console="$(boot_console)"

# The launcher's network line lists the global IPv4 addresses: none.
grep -ax 'virt-p2v: network: ' <<< "$console"
# Not "[FAILED] Failed to start systemd-networkd-wait-online.service".
not grep -a '\[FAILED\].*\(wait-online\|Wait for Network\)' <<< "$console"
# p2v.service is ordered after network-online.target, which waits for
# wait-online: the launcher running with no address means the unit
# gave up, and the boot went on.
grep -a 'virt-p2v: no p2v.server=' <<< "$console"
