/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The private temporary directory (see tmpdir.h). */

#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tmpdir.h"

static char *dir;
static pid_t owner;

const char *
tmpdir_get (void)
{
  const char *base;

  if (dir)
    return dir;
  base = getenv ("TMPDIR");
  if (base == NULL || *base == '\0')
    base = "/tmp";
  if (asprintf (&dir, "%s/%s.XXXXXX", base,
                program_invocation_short_name) == -1) {
    dir = NULL;
    log_error ("asprintf: %m");
    return NULL;
  }
  /* mkdtemp creates the directory with mode 0700. */
  if (mkdtemp (dir) == NULL) {
    log_error ("cannot create a temporary directory in %s: %m "
               "(set TMPDIR to a writable directory)", base);
    free (dir);
    dir = NULL;
    return NULL;
  }
  owner = getpid ();
  log_debug ("private temporary directory: %s", dir);
  return dir;
}

char *
tmpdir_path (const char *name)
{
  const char *d = tmpdir_get ();
  char *path;

  if (d == NULL)
    return NULL;
  if (asprintf (&path, "%s/%s", d, name) == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  return path;
}

static int
remove_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  remove (path);
  return 0;
}

void
tmpdir_cleanup (void)
{
  /* A forked child must not remove its parent's directory. */
  if (dir == NULL || owner != getpid ())
    return;
  nftw (dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
  free (dir);
  dir = NULL;
}
