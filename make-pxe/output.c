/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* -o DIR is replaced whole or not at all.  The new tree is built in
 * WORK/tree, WORK being a hidden ".DIR.XXXXXX" beside DIR (so on the
 * same file system); at the end it is exchanged with the old DIR in
 * one renameat2 (RENAME_EXCHANGE), or, where the file system cannot
 * exchange, the old DIR is renamed into WORK and the new one into
 * place.  WORK (holding the old tree, or a failed build) is removed.
 * A failed or interrupted build leaves the old DIR as it was.
 *
 * An existing DIR is replaced only if it is empty or one of our trees
 * (it has the marker file): "-o /srv/tftp" by mistake must not delete
 * a TFTP root.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-pxe.h"
#include "media-internal.h"
#include "utils.h"

#define MARKER ".virt-p2v-make-pxe"

static bool
is_empty_dir (const char *path)
{
  DIR *d = opendir (path);
  struct dirent *e;
  bool empty = true;

  if (d == NULL)
    return false;
  while ((e = readdir (d)) != NULL)
    if (!STREQ (e->d_name, ".") && !STREQ (e->d_name, "..")) {
      empty = false;
      break;
    }
  closedir (d);
  return empty;
}

int
pxe_output_check (struct pxe_output *o, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path), *copy2 = strdup (path);
  CLEANUP_FREE char *marker = NULL;
  const char *dir, *base;
  struct stat st;

  memset (o, 0, sizeof *o);
  if (copy == NULL || copy2 == NULL || (o->path = strdup (path)) == NULL)
    goto oom;
  /* "DIR/" names DIR. */
  while (strlen (copy) > 1 && copy[strlen (copy) - 1] == '/')
    copy[strlen (copy) - 1] = copy2[strlen (copy) - 1] = '\0';
  dir = dirname (copy);
  base = basename (copy2);
  if (stat (path, &st) == 0) {
    if (!S_ISDIR (st.st_mode)) {
      log_error ("-o %s: exists and is not a directory: give a new "
                 "directory's name", path);
      return -1;
    }
    if (asprintf (&marker, "%s/" MARKER, path) == -1)
      goto oom;
    if (access (marker, F_OK) == -1 && !is_empty_dir (path)) {
      log_error ("-o %s: the directory exists and was not made by %s: "
                 "give a new or empty directory (e.g. a subdirectory of "
                 "the TFTP root)", path, program_invocation_short_name);
      return -1;
    }
  }
  if (asprintf (&o->work, "%s/.%s.XXXXXX", dir, base) == -1) {
    o->work = NULL;
    goto oom;
  }
  if (mkdtemp (o->work) == NULL) {
    log_error ("-o %s: cannot create a directory in %s: %m: choose a "
               "writable directory", path, dir);
    free (o->work);
    o->work = NULL;
    return -1;
  }
  if (asprintf (&o->tree, "%s/tree", o->work) == -1) {
    o->tree = NULL;
    goto oom;
  }
  if (mkdir (o->tree, 0755) == -1 || chmod (o->tree, 0755) == -1) {
    log_error ("mkdir: %s: %m", o->tree);
    return -1;
  }
  log_debug ("building into %s", o->tree);
  return 0;

 oom:
  log_error ("out of memory");
  return -1;
}

int
pxe_output_commit (struct pxe_output *o)
{
  CLEANUP_FREE char *marker = NULL, *old = NULL;

  if (asprintf (&marker, "%s/" MARKER, o->tree) == -1 ||
      asprintf (&old, "%s/old", o->work) == -1) {
    log_error ("out of memory");
    return -1;
  }
  if (write_file_atomic (marker, PACKAGE_VERSION "\n",
                         strlen (PACKAGE_VERSION "\n"), 0644) == -1) {
    log_error ("%s: %m", marker);
    return -1;
  }
  if (check_interrupted () == -1)
    return -1;
  if (renameat2 (AT_FDCWD, o->tree, AT_FDCWD, o->path,
                 RENAME_EXCHANGE) == 0)
    return 0;                   /* WORK/tree is now the old tree */
  if (errno != ENOENT && errno != EINVAL && errno != ENOSYS) {
    log_error ("-o %s: cannot replace it: %m", o->path);
    return -1;
  }
  /* No old tree, or no exchange on this file system. */
  if (errno != ENOENT && rename (o->path, old) == -1) {
    log_error ("-o %s: cannot move the old tree away: %m", o->path);
    return -1;
  }
  if (rename (o->tree, o->path) == -1) {
    log_error ("-o %s: %m", o->path);
    /* Put the old one back. */
    if (access (old, F_OK) == 0 && rename (old, o->path) == -1) {
      log_error ("-o %s: the old tree is in %s: %m", o->path, old);
      free (o->work);
      o->work = NULL;           /* keep it */
    }
    return -1;
  }
  return 0;
}

void
pxe_output_free (struct pxe_output *o)
{
  if (o->work)
    media_remove_tree (o->work);
  free (o->path);
  free (o->work);
  free (o->tree);
}
