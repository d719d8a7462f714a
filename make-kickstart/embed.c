/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* One file of the payload in %post: a base64 here-document (encoded
 * here, in-process: a private key never passes through another
 * program's argv), decoded with coreutils' base64 in the image, made
 * with umask 077 so it is never readable by others on the way, given
 * its mode, then checked against its sha256.  The terminator cannot
 * occur in base64 text, and it is quoted, so the shell expands
 * nothing inside.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "log.h"
#include "make-kickstart.h"

#define TERMINATOR "P2V_EOF"

int
embed_file (FILE *fp, const char *path, int mode, const char *data,
            size_t len, const char *sha256, const char *what)
{
  const char *slash = strrchr (path, '/');
  int dirlen = slash ? (int) (slash - path) : 0;

  fprintf (fp, "\n# %s (%s, %zu bytes)\n", path, what, len);
  if (dirlen > 0)
    fprintf (fp, "mkdir -p '%.*s'\n", dirlen, path);
  fprintf (fp, "rm -f '%s'\n", path);
  fprintf (fp, "(umask 077; base64 -d > '%s') <<'" TERMINATOR "'\n", path);
  if (base64_write (fp, data, len, 76) == -1) {
    log_error ("writing the kickstart: %m");
    return -1;
  }
  fprintf (fp, TERMINATOR "\n");
  fprintf (fp, "chmod %04o '%s'\n", mode, path);
  fprintf (fp, "echo '%s  %s' | sha256sum -c --quiet\n", sha256, path);
  return ferror (fp) ? -1 : 0;
}
