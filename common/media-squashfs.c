/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Pack the root tree as the squashfs dracut's dmsquash-live mounts.
 * mksquashfs itself sets every timestamp to SOURCE_DATE_EPOCH when that
 * is set (it refuses -all-time beside it); xattrs are left out and it
 * sorts directories, so equal trees give equal bytes.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

int
media_mksquashfs (const char *tree, const char *out)
{
  CLEANUP_FREE char *err = NULL;

  const char *const argv[] = {
    "mksquashfs", tree, out, "-noappend", "-no-progress", "-quiet",
    "-comp", "zstd", "-Xcompression-level", MEDIA_SQUASHFS_ZSTD_LEVEL,
    "-no-xattrs", NULL
  };
  int r = command_run (argv, &(struct command_opts) { .err = &err });
  if (r != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (r, "mksquashfs");
    if (err)
      chomp (err);
    log_error ("packing the root into %s failed: %s: %s",
               out, why ? why : "", err ? err : "");
    return -1;
  }
  return 0;
}
