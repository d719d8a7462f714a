/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* test-label FILE LABEL [--cd]: what label.c makes of FILE (a device
 * or an image), printed as "iso9660", "vfat" or "none", so the tests
 * can put real mformat and xorriso output in front of it.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"

int
main (int argc, char *argv[])
{
  static const char *const names[] = {
    [FS_NONE] = "none", [FS_ISO9660] = "iso9660", [FS_VFAT] = "vfat"
  };

  if (argc < 3 || argc > 4 || (argc == 4 && strcmp (argv[3], "--cd") != 0)) {
    fprintf (stderr, "usage: test-label FILE LABEL [--cd]\n");
    return EXIT_FAILURE;
  }
  printf ("%s\n", names[label_match (argv[1], argv[2], argc == 4)]);
  return EXIT_SUCCESS;
}
