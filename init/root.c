/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The live root: find the medium, loop-mount its squashfs read-only,
 * put a tmpfs overlay on top, and switch to it.  The layout is
 * dracut's live layout (the medium on /run/initramfs/live), which
 * virt-p2v reads to leave the medium out of the disks it converts.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

#define ROOT_BASE "/run/rootfsbase"
#define UPPER "/run/overlayfs"
#define WORK "/run/ovlwork"

/* Tell the user, every so often, what there is instead. */
#define FIRST_WARNING 20
#define WARNING_EVERY 30
/* Walk /sys again this often: an overflowing uevent socket drops
 * events, and a missed device must still get its driver.
 */
#define COLDPLUG_EVERY 3

static bool
skip_device (const char *name)
{
  return strncmp (name, "loop", 4) == 0 || strncmp (name, "ram", 3) == 0 ||
    strncmp (name, "zram", 4) == 0;
}

/* One pass over every block device. */
static char *
scan (const struct cmdline *c, enum medium_fs *fs, FILE *seen)
{
  DIR *d = opendir ("/sys/class/block");
  struct dirent *e;
  char *found = NULL;

  if (d == NULL)
    return NULL;
  while (found == NULL && (e = readdir (d)) != NULL) {
    char dev[300];

    if (e->d_name[0] == '.' || skip_device (e->d_name))
      continue;
    snprintf (dev, sizeof dev, "/dev/%s", e->d_name);
    *fs = label_match (dev, c->label, c->cd_only);
    if (*fs != FS_NONE)
      found = strdup (dev);
    else if (seen)
      fprintf (seen, " %s", e->d_name);
  }
  closedir (d);
  return found;
}

char *
root_find_medium (const struct cmdline *c, int uevents, enum medium_fs *fs)
{
  double start = uptime (), next_warning = start + FIRST_WARNING;
  double next_coldplug = start + COLDPLUG_EVERY;

  for (;;) {
    struct pollfd p = { .fd = uevents, .events = POLLIN };
    char *list = NULL, *dev;
    size_t len = 0;
    /* When a warning is due, the same pass lists what it saw. */
    bool warn = uptime () >= next_warning;
    FILE *seen = warn ? open_memstream (&list, &len) : NULL;

    dev = scan (c, fs, seen);
    if (seen)
      fclose (seen);
    if (dev) {
      info ("found %s%s on %s after %.1f s",
            c->cd_only ? "CD label " : "label ", c->label, dev,
            uptime () - start);
      free (list);
      return dev;
    }
    if (uptime () >= next_coldplug) {
      modules_coldplug ();
      next_coldplug = uptime () + COLDPLUG_EVERY;
    }
    if (warn) {
      error ("no device labelled %s yet after %.0f s (block devices:%s); "
             "still waiting: plug in or insert the P2V medium, or check "
             "root=live:%sLABEL=%s on the kernel command line",
             c->label, uptime () - start, list && *list ? list : " none",
             c->cd_only ? "CD" : "", c->label);
      next_warning += WARNING_EVERY;
    }
    free (list);
    /* Wake at once for a new device, else look again soon: a CD
     * drive says nothing when its disc becomes readable.
     */
    if (poll (&p, uevents >= 0 ? 1 : 0, 100) > 0)
      uevent_handle (uevents);
  }
}

static int
make_dir (const char *path)
{
  if (mkdir (path, 0755) == -1 && errno != EEXIST) {
    error ("mkdir %s: %m", path);
    return -1;
  }
  return 0;
}

static int
do_mount (const char *src, const char *target, const char *type,
          unsigned long flags, const char *data)
{
  if (make_dir (target) == -1)
    return -1;
  if (mount (src, target, type, flags, data) == -1) {
    error ("mount %s on %s (%s): %m", src, target, type ? type : "move");
    return -1;
  }
  return 0;
}

/* A read-only loop device on FILE; returns its path, and in *dev_fd
 * a descriptor of it to close once it is mounted (AUTOCLEAR: the
 * device goes when its last user does, so it must have one until the
 * mount holds it).
 */
static char *
loop_attach (const char *file, int *dev_fd)
{
  struct loop_config cfg = {
    .info = { .lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR },
  };
  int ctl = open ("/dev/loop-control", O_RDWR | O_CLOEXEC);
  int backing = open (file, O_RDONLY | O_CLOEXEC);
  char *path = NULL;

  if (ctl == -1 || backing == -1) {
    error ("%s: %m", ctl == -1 ? "/dev/loop-control" : file);
    goto out;
  }
  cfg.fd = backing;
  /* Another opener may take the free device first: try again. */
  for (int tries = 0; tries < 10 && path == NULL; ++tries) {
    int n = ioctl (ctl, LOOP_CTL_GET_FREE);
    int fd;

    if (n < 0 || asprintf (&path, "/dev/loop%d", n) == -1) {
      error ("no free loop device: %m");
      path = NULL;
      break;
    }
    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && ioctl (fd, LOOP_CONFIGURE, &cfg) == 0) {
      *dev_fd = fd;
      break;
    }
    if (fd == -1 || errno != EBUSY)
      error ("%s: %m", path);
    if (fd >= 0)
      close (fd);
    free (path);
    path = NULL;
    if (errno != EBUSY)
      break;
  }
 out:
  if (ctl >= 0)
    close (ctl);
  if (backing >= 0)
    close (backing);
  return path;
}

int
root_mount (const char *dev, enum medium_fs fs, const char *image)
{
  char *file = NULL, *loop = NULL;
  int loop_fd = -1, r = -1;

  if (dev) {
    if (make_dir ("/run/initramfs") == -1 ||
        do_mount (dev, MEDIUM_MOUNT, fs == FS_ISO9660 ? "iso9660" : "vfat",
                  MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) == -1)
      return -1;
    if (asprintf (&file, MEDIUM_MOUNT "/" SQUASHFS_ON_MEDIUM) == -1)
      return -1;
  }
  else if ((file = strdup (image)) == NULL)
    return -1;

  if ((loop = loop_attach (file, &loop_fd)) == NULL)
    goto out;
  if (do_mount (loop, ROOT_BASE, "squashfs", MS_RDONLY, NULL) == -1 ||
      make_dir (UPPER) == -1 || make_dir (WORK) == -1 ||
      do_mount ("overlay", NEWROOT, "overlay", 0,
                "lowerdir=" ROOT_BASE ",upperdir=" UPPER ",workdir=" WORK)
      == -1)
    goto out;
  info ("root: %s on %s, overlay on " NEWROOT, file, loop);
  r = 0;
 out:
  if (loop_fd >= 0)
    close (loop_fd);
  free (file);
  free (loop);
  return r;
}
