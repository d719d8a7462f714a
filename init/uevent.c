/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Devices that appear after coldplug (a USB stick behind a hub, the
 * disks behind a RAID controller whose driver was just loaded) are
 * announced by the kernel's uevents; each one's MODALIAS gets its
 * modules, as udev would do.  The socket is opened before coldplug so
 * that nothing falls between the two.
 */

#include <config.h>

#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init.h"

int
uevent_open (void)
{
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 };
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                   NETLINK_KOBJECT_UEVENT);
  /* Room for the burst of a big controller's disks, as udev asks. */
  int size = 4 * 1024 * 1024;

  if (fd == -1 || bind (fd, (struct sockaddr *) &addr, sizeof addr) == -1) {
    error ("uevent socket: %m (devices that appear late may be missed)");
    if (fd >= 0)
      close (fd);
    return -1;
  }
  setsockopt (fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
  return fd;
}

/* Handle every queued event: "add@/devices/...\0ACTION=add\0...". */
void
uevent_handle (int fd)
{
  char buf[8192];
  ssize_t n;

  if (fd < 0)
    return;
  while ((n = recv (fd, buf, sizeof buf - 1, 0)) > 0) {
    const char *modalias = NULL;
    bool add = false;

    buf[n] = '\0';
    for (char *p = buf; p < buf + n; p += strlen (p) + 1) {
      if (strcmp (p, "ACTION=add") == 0)
        add = true;
      else if (strncmp (p, "MODALIAS=", 9) == 0)
        modalias = p + 9;
    }
    if (add && modalias)
      modules_load_for_alias (modalias);
  }
}
