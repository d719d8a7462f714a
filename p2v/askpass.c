/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v as its own SSH_ASKPASS helper.  ssh runs it with the
 * prompt as argv[1] and reads the password from its stdout.  The
 * password comes from a 0600 file in our private temp dir (named by
 * the environment, which holds the path, never the password), so it
 * never appears in any argv or environment.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "p2v.h"
#include "utils.h"

int
askpass_main (const char *file)
{
  CLEANUP_FREE char *pw = NULL;
  struct stat st;
  size_t len;

  /* Refuse a file others could have written or read. */
  if (stat (file, &st) == -1 || st.st_uid != geteuid () ||
      (st.st_mode & 077) != 0) {
    fprintf (stderr, "virt-p2v: askpass: refusing %s: not a private file\n",
             file);
    return EXIT_FAILURE;
  }
  pw = read_whole_file (file, &len);
  if (pw == NULL) {
    perror (file);
    return EXIT_FAILURE;
  }
  if (full_write (STDOUT_FILENO, pw, len) == -1 ||
      full_write (STDOUT_FILENO, "\n", 1) == -1)
    return EXIT_FAILURE;
  explicit_bzero (pw, len);
  return EXIT_SUCCESS;
}
