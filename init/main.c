/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* p2v-init: /init of the P2V media's initramfs.
 *
 * It does only what booting our live root needs, in this order:
 *
 *   mount /dev /proc /sys /run
 *   load the modules of the devices present (coldplug) and of those
 *     that appear later (uevents)
 *   find the medium by its label (or take the squashfs the PXE loader
 *     put into the initramfs)
 *   loop-mount the squashfs, overlay a tmpfs on it, add the payload
 *   switch to it and exec its init (systemd)
 *
 * Measured under TCG, dracut's general-purpose systemd initramfs took
 * ~14 s of each boot for this; see HACKING.md.  Real machines need
 * their storage and USB drivers: the initramfs carries the modules
 * listed in templates/initramfs-drivers.txt and their dependencies,
 * and the live root has every other one.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

/* Modules the boot needs whatever the hardware: no device asks for
 * them.  FAT in Debian's kernel mounts with iocharset=ascii by default,
 * hence nls_ascii.
 */
static const char *const always[] = {
  "loop", "squashfs", "overlay", "isofs", "vfat", "nls_cp437", "nls_ascii",
  NULL
};

static void
usage (void)
{
  printf ("p2v-init: the /init of the virt-p2v media's initramfs.\n"
          "It runs as process 1 at boot and is not run by hand; the\n"
          "kernel command line's root=live:LABEL=NAME, "
          "root=live:CDLABEL=NAME or\n"
          "root=live:/PATH says where the live root is.  See p2v-init(8).\n");
}

static int
mount_api (void)
{
  /* /run holds the root's writable layer: executables and device
   * nodes written there must work.
   */
  static const struct {
    const char *src, *dir, *type, *opts;
    unsigned long flags;
  } m[] = {
    { "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID },
    { "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
    { "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
    { "tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID },
  };

  for (size_t i = 0; i < sizeof m / sizeof *m; ++i) {
    mkdir (m[i].dir, 0755);
    if (mount (m[i].src, m[i].dir, m[i].type, m[i].flags, m[i].opts) == -1 &&
        errno != EBUSY) {
      error ("mount %s: %m", m[i].dir);
      return -1;
    }
  }
  return 0;
}

/* Process 1 must not exit (the kernel would panic and the message
 * scroll away): say what to do and wait for the power button.
 */
static void __attribute__ ((noreturn))
emergency (void)
{
  error ("cannot start the P2V environment (the reason is above); "
         "power the machine off, check the medium (rebuild it with "
         "virt-p2v-make-disk if in doubt) and boot it again");
  for (;;)
    pause ();
}

int
main (int argc, char *argv[])
{
  struct cmdline c;
  enum medium_fs fs = FS_NONE;
  char *dev = NULL;
  int uevents;

  if (argc > 1 && strcmp (argv[1], "--help") == 0) {
    usage ();
    return EXIT_SUCCESS;
  }
  if (argc > 1 && strcmp (argv[1], "--version") == 0) {
    printf ("p2v-init %s\n", PACKAGE_VERSION);
    return EXIT_SUCCESS;
  }
  if (getpid () != 1) {
    fprintf (stderr, "p2v-init: not process 1: this is the initramfs's "
             "/init, run by the kernel at boot (see --help)\n");
    return EXIT_FAILURE;
  }

  if (mount_api () == -1)
    emergency ();
  log_open ();
  info ("started at %.1f s", uptime ());
  if (cmdline_read (&c) == -1 || modules_open (&c) == -1)
    emergency ();
  uevents = uevent_open ();
  for (size_t i = 0; always[i]; ++i)
    modules_load (always[i]);
  modules_coldplug ();
  info ("coldplug done at %.1f s", uptime ());

  if (c.label)
    dev = root_find_medium (&c, uevents, &fs);
  if (root_mount (dev, fs, c.image) == -1 || payload_copy () == -1)
    emergency ();
  if (uevents >= 0)
    close (uevents);
  info ("switching to the live root at %.1f s", uptime ());
  switch_root (c.init, argv);
  emergency ();
}
