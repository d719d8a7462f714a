/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The kernel command line baked into every boot entry: ours (the
 * live root and the consoles) plus the user's --cmdline, checked by
 * common/user-cmdline.c.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "make-disk.h"

char *
kernel_args (enum medium_format format, const char *user)
{
  char *args;

  if (asprintf (&args, "root=live:%s=%s %s console=tty0 console=ttyS0,115200%s%s",
                format == FORMAT_ISO ? "CDLABEL" : "LABEL", MEDIUM_LABEL,
                MEDIA_LIVE_CMDLINE, user && *user ? " " : "",
                user ? user : "") == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  return args;
}
