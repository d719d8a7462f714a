/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The packages of the shared libraries the virt-p2v binary links.
 *
 * The binary put on the media must run there, whatever it was built
 * with (GTK 3 for the wizard, or a library a packager adds later), so
 * its libraries' packages join the package set by themselves: ldd
 * names the files, dpkg-query -S their packages.
 *
 * With merged /usr, dpkg knows a library by the path its package
 * ships (libc6: /lib/..., libgtk-3-0: /usr/lib/...), while ldd prints
 * whichever path the loader found first.  So each library is asked
 * for under both spellings, and under the real path of its symlink.
 */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

/* "/usr/lib/x" <-> "/lib/x" (and bin, sbin), or NULL. */
static char *
other_spelling (const char *path)
{
  static const char *const dirs[] = { "/lib/", "/lib64/", "/bin/", "/sbin/" };
  char *r = NULL;

  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; ++i) {
    if (STRPREFIX (path, "/usr") && STRPREFIX (path + 4, dirs[i]))
      return strdup (path + 4);
    if (STRPREFIX (path, dirs[i])) {
      if (asprintf (&r, "/usr%s", path) == -1)
        return NULL;
      return r;
    }
  }
  return NULL;
}

/* The "=> /path" of each ldd line: the libraries found by path. */
static int
ldd_paths (const char *binary, string_vector *libs)
{
  const char *const argv[] = { "ldd", binary, NULL };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *line, *save = NULL;
  int r;

  r = command_run (argv, &(struct command_opts) { .out = &out, .err = &err });
  if (r != 0) {
    if (err)
      chomp (err);
    log_error ("cannot list the libraries of %s (ldd%s%s): give a "
               "dynamically linked virt-p2v built on this host",
               binary, err && *err ? ": " : "", err ? err : "");
    return -1;
  }
  for (line = strtok_r (out, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    char *p = strstr (line, "=> ");
    if (p == NULL)
      continue;                 /* the vDSO, the loader itself */
    p += 3;
    if (STRPREFIX (p, "not found")) {
      log_error ("%s needs a library this host lacks (%s): install it, "
                 "or rebuild virt-p2v", binary, line + strspn (line, "\t "));
      return -1;
    }
    p[strcspn (p, " ")] = '\0';
    if (string_vector_add (libs, p) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  }
  return 0;
}

/* "pkg:arch, pkg2:arch: /path" -> each pkg added to out. */
static int
add_owners (char *owners, string_vector *out)
{
  char *name, *save = NULL;

  for (name = strtok_r (owners, ", ", &save); name;
       name = strtok_r (NULL, ", ", &save)) {
    name[strcspn (name, ":")] = '\0';
    if (!string_vector_contains (out, name) &&
        string_vector_add (out, name) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  }
  return 0;
}

int
media_binary_packages (const char *binary, string_vector *out)
{
  CLEANUP_FREE_STRING_VECTOR string_vector libs = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  CLEANUP_FREE char *text = NULL, *err = NULL;
  CLEANUP_FREE bool *found = NULL;
  /* lib_of[j]: the library that argv.ptr[j] spells. */
  CLEANUP_FREE size_t *lib_of = NULL;
  char *line, *save = NULL;

  if (ldd_paths (binary, &libs) == -1)
    return -1;
  if (libs.len == 0)
    return 0;
  /* Up to four spellings per library, after "dpkg-query -S". */
  lib_of = calloc (2 + 4 * libs.len, sizeof *lib_of);
  found = calloc (libs.len, sizeof *found);
  if (lib_of == NULL || found == NULL ||
      string_vector_add (&argv, "dpkg-query") == -1 ||
      string_vector_add (&argv, "-S") == -1)
    goto nomem;
  for (size_t i = 0; i < libs.len; ++i) {
    CLEANUP_FREE char *real = realpath (libs.ptr[i], NULL);
    const char *forms[2] = { libs.ptr[i], real };
    for (size_t f = 0; f < 2; ++f) {
      CLEANUP_FREE char *other = forms[f] ? other_spelling (forms[f]) : NULL;
      if (forms[f]) {
        lib_of[argv.len] = i;
        if (string_vector_add (&argv, forms[f]) == -1)
          goto nomem;
      }
      if (other) {
        lib_of[argv.len] = i;
        if (string_vector_add (&argv, other) == -1)
          goto nomem;
      }
    }
  }
  if (string_vector_terminate (&argv) == -1)
    goto nomem;

  /* Status 1: some spelling is unknown, as expected.  Judged below. */
  if (command_run ((const char *const *) argv.ptr,
                   &(struct command_opts) { .out = &text, .err = &err }) < 0)
    return -1;
  for (line = strtok_r (text, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    char *sep = strstr (line, ": /");
    if (sep == NULL || STRPREFIX (line, "diversion "))
      continue;
    *sep = '\0';
    for (size_t j = 2; j < argv.len; ++j)
      if (STREQ (sep + 2, argv.ptr[j]))
        found[lib_of[j]] = true;
    if (add_owners (line, out) == -1)
      return -1;
  }
  for (size_t i = 0; i < libs.len; ++i)
    if (!found[i]) {
      log_error ("%s links %s, which no installed package provides, so "
                 "the media could not run it: build virt-p2v against "
                 "the host's packaged libraries", binary, libs.ptr[i]);
      return -1;
    }
  return 0;

 nomem:
  log_error ("malloc: %m");
  return -1;
}
