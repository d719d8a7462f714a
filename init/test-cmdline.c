/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* p2v-init's reading of the kernel command line: where the root is,
 * init=, modprobe.blacklist= and module options.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"

static int failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf (stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

static bool
eq (const char *a, const char *b)
{
  return a && b ? strcmp (a, b) == 0 : a == b;
}

int
main (void)
{
  struct cmdline c;
  char *o;

  CHECK (cmdline_parse ("BOOT_IMAGE=/vmlinuz root=live:LABEL=P2VBOOT quiet\n",
                        &c) == 0);
  CHECK (eq (c.label, "P2VBOOT") && !c.cd_only && c.image == NULL);
  CHECK (c.init == NULL && c.blacklist == NULL);

  CHECK (cmdline_parse ("root=live:CDLABEL=P2V-1.0 init=/bin/sh "
                        "modprobe.blacklist=bochs,nouveau", &c) == 0);
  CHECK (eq (c.label, "P2V-1.0") && c.cd_only);
  CHECK (eq (c.init, "/bin/sh"));
  CHECK (eq (c.blacklist, "bochs,nouveau"));

  /* PXE: the squashfs inside the initramfs; the last root= wins. */
  CHECK (cmdline_parse ("root=/dev/sda1 root=live:/LiveOS/squashfs.img",
                        &c) == 0);
  CHECK (eq (c.image, "/LiveOS/squashfs.img") && c.label == NULL);

  /* rdinit= and xroot= are other keys. */
  CHECK (cmdline_parse ("rdinit=/init xroot=live:LABEL=X "
                        "root=live:LABEL=Y", &c) == 0);
  CHECK (eq (c.label, "Y") && c.init == NULL);

  /* No usable root: an error, not a guess. */
  CHECK (cmdline_parse ("quiet", &c) == -1);
  CHECK (cmdline_parse ("root=/dev/sda1", &c) == -1);
  CHECK (cmdline_parse ("root=live:LABEL=", &c) == -1);
  CHECK (cmdline_parse ("root=live:UUID=1234", &c) == -1);

  /* Module options, '-' and '_' alike in the module's name. */
  o = modules_options ("quiet usb-storage.quirks=0781:5580:u "
                       "usb_storage.delay_use=1 nvme.io_queue_depth=64 "
                       "x.usb_storage.y=1\n", "usb_storage");
  CHECK (eq (o, "quirks=0781:5580:u delay_use=1"));
  free (o);
  o = modules_options ("quiet", "nvme");
  CHECK (eq (o, ""));
  free (o);

  if (failures == 0)
    printf ("test-cmdline: PASS\n");
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
