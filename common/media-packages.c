/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The boot environment's package set: read from templates/, checked
 * against the host's installed packages.  supermin drops a package
 * that is not installed without a word, so we check first and name
 * them all at once with the command that fixes it.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

int
media_read_list (const char *path, string_vector *out)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "r");
  CLEANUP_FREE char *line = NULL;
  size_t n = 0;

  if (fp == NULL) {
    log_error ("%s: %m", path);
    return -1;
  }
  while (getline (&line, &n, fp) != -1) {
    char *hash = strchr (line, '#');
    if (hash)
      *hash = '\0';
    if (string_vector_split (out, line, " \t\r\n") == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  }
  return 0;
}

/* dpkg-query prints "name<TAB>status-abbrev" for every name it knows;
 * installed is "ii ".  Unknown names only appear on its stderr.
 */
int
media_check_installed (const string_vector *pkgs)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector missing = empty_vector;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  size_t i;
  int r;

  if (string_vector_add (&argv, "dpkg-query") == -1 ||
      string_vector_add (&argv, "-W") == -1 ||
      string_vector_add (&argv, "-f=${Package}\\t${db:Status-Abbrev}\\n") == -1)
    goto nomem;
  for (i = 0; i < pkgs->len; ++i)
    if (string_vector_add (&argv, pkgs->ptr[i]) == -1)
      goto nomem;
  if (string_vector_terminate (&argv) == -1)
    goto nomem;
  /* Exit status 1 just means some name is unknown: judged below. */
  r = command_run ((const char *const *) argv.ptr,
                   &(struct command_opts) { .out = &out, .err = &err });
  if (r < 0)
    return -1;

  for (i = 0; i < pkgs->len; ++i) {
    CLEANUP_FREE char *want = NULL;
    if (asprintf (&want, "\n%s\tii ", pkgs->ptr[i]) == -1)
      goto nomem;
    /* Match at a line start: prefix the output with a newline. */
    CLEANUP_FREE char *all = NULL;
    if (asprintf (&all, "\n%s", out ? out : "") == -1)
      goto nomem;
    if (strstr (all, want) == NULL &&
        !string_vector_contains (&missing, pkgs->ptr[i]) &&
        string_vector_add (&missing, pkgs->ptr[i]) == -1)
      goto nomem;
  }
  if (missing.len > 0) {
    CLEANUP_FREE char *list = NULL;
    size_t len = 0;
    FILE *fp = open_memstream (&list, &len);
    if (fp == NULL)
      goto nomem;
    for (i = 0; i < missing.len; ++i)
      fprintf (fp, " %s", missing.ptr[i]);
    fclose (fp);
    log_error ("%zu package%s of the boot environment %s not installed on "
               "this host (the media are built from installed packages):%s: "
               "install them with: apt-get install%s",
               missing.len, missing.len == 1 ? "" : "s",
               missing.len == 1 ? "is" : "are", list, list);
    return -1;
  }
  return 0;

 nomem:
  log_error ("malloc: %m");
  return -1;
}

int
media_firmware_packages (string_vector *out)
{
  static const char *const argv[] = {
    "dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package}\\n",
    "firmware-*", NULL
  };
  CLEANUP_FREE char *text = NULL, *err = NULL;
  char *line, *save = NULL;

  /* Status 1 = no firmware-* package known at all: an empty set. */
  if (command_run (argv, &(struct command_opts) {
        .out = &text, .err = &err }) < 0)
    return -1;
  for (line = strtok_r (text, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    if (STRPREFIX (line, "ii ") &&
        string_vector_add (out, line + 3) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  }
  return 0;
}

char *
media_package_version (const char *name)
{
  const char *const argv[] = {
    "dpkg-query", "-W", "-f=${Version}", name, NULL
  };
  char *out = NULL;
  int r = command_run (argv, &(struct command_opts) { .out = &out });

  if (r != 0 || out == NULL || *out == '\0') {
    free (out);
    log_error ("cannot find the version of the installed package %s: "
               "install it with: apt-get install %s", name, name);
    return NULL;
  }
  return out;
}
