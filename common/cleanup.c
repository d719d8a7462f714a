/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The functions behind the CLEANUP_* macros of cleanup.h. */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"

void
cleanup_free (void *ptr)
{
  free (* (void **) ptr);
}

void
cleanup_fclose (void *ptr)
{
  FILE *fp = * (FILE **) ptr;

  if (fp)
    fclose (fp);
}

void
cleanup_close (void *ptr)
{
  int fd = * (int *) ptr;
  int saved_errno = errno;

  if (fd >= 0)
    close (fd);
  errno = saved_errno;
}

void
cleanup_unlink_free (void *ptr)
{
  char *path = * (char **) ptr;

  if (path) {
    int saved_errno = errno;
    unlink (path);
    errno = saved_errno;
    free (path);
  }
}

void
cleanup_free_string_list (void *ptr)
{
  char **list = * (char ***) ptr;

  if (list) {
    for (size_t i = 0; list[i] != NULL; ++i)
      free (list[i]);
    free (list);
  }
}
