/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The package closure, as supermin resolves it.  supermin's own file
 * copy (-f chroot) runs one cp per file (180-200 s here), so we ask it
 * only for the resolution: an excludefiles rule matching every path
 * leaves nothing to copy, and --include-packagelist writes the closure (0.8 s).  The
 * files are then copied by media-tree.c in one stream.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

static int
write_text (const char *path, const char *text)
{
  if (write_file_atomic (path, text, strlen (text), 0644) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  return 0;
}

static int
compare (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
media_closure (const string_vector *pkgs, const char *workdir,
               string_vector *closure)
{
  CLEANUP_FREE char *in = NULL, *out = NULL, *list = NULL, *names = NULL;
  CLEANUP_FREE char *packages = NULL, *excludes = NULL, *text = NULL;
  size_t len = 0;
  FILE *fp;
  char *line, *save = NULL;
  int r;

  if (asprintf (&in, "%s/supermin.d", workdir) == -1 ||
      asprintf (&out, "%s/closure", workdir) == -1 ||
      asprintf (&packages, "%s/packages", in) == -1 ||
      asprintf (&excludes, "%s/excludefiles", in) == -1 ||
      asprintf (&list, "%s/packagelist", out) == -1)
    goto nomem;
  if (mkdir (in, 0755) == -1) {
    log_error ("mkdir: %s: %m", in);
    return -1;
  }
  fp = open_memstream (&names, &len);
  if (fp == NULL)
    goto nomem;
  for (size_t i = 0; i < pkgs->len; ++i)
    fprintf (fp, "%s\n", pkgs->ptr[i]);
  if (fclose (fp) == EOF)
    goto nomem;
  if (write_text (packages, names) == -1 ||
      write_text (excludes, "-/*\n") == -1)
    return -1;

  const char *const argv[] = {
    "supermin", "--build", "--use-installed", "-f", "chroot",
    "--include-packagelist", "-o", out, in, NULL
  };
  CLEANUP_FREE char *err = NULL;
  r = command_run (argv, &(struct command_opts) { .err = &err });
  if (r != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (r, "supermin");
    if (err)
      chomp (err);
    log_error ("resolving the package dependencies failed: %s: %s",
               why ? why : "supermin failed", err ? err : "");
    return -1;
  }

  text = read_whole_file (list, NULL);
  if (text == NULL) {
    log_error ("%s: %m", list);
    return -1;
  }
  /* "name_version_arch" (neither names nor versions contain '_'). */
  for (line = strtok_r (text, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    char *v = strchr (line, '_');
    char *a = v ? strrchr (line, '_') : NULL;
    if (v == NULL || a == v) {
      log_error ("%s: unexpected line \"%s\"", list, line);
      return -1;
    }
    *v = *a = ' ';
    if (string_vector_add (closure, line) == -1)
      goto nomem;
  }
  qsort (closure->ptr, closure->len, sizeof (char *), compare);
  return 0;

 nomem:
  log_error ("malloc: %m");
  return -1;
}

char *
media_kernel_version (const string_vector *closure)
{
  char *best = NULL;

  for (size_t i = 0; i < closure->len; ++i) {
    const char *e = closure->ptr[i];
    if (!STRPREFIX (e, "linux-image-"))
      continue;
    CLEANUP_FREE char *kver = strndup (e + 12, strcspn (e + 12, " "));
    CLEANUP_FREE char *vmlinuz = NULL;
    struct stat st;
    if (kver == NULL ||
        asprintf (&vmlinuz, "/boot/vmlinuz-%s", kver) == -1) {
      log_error ("malloc: %m");
      free (best);
      return NULL;
    }
    /* linux-image-amd64 is the metapackage: it has no vmlinuz. */
    if (stat (vmlinuz, &st) == 0 &&
        (best == NULL || strverscmp (kver, best) > 0)) {
      free (best);
      best = kver;
      kver = NULL;
    }
  }
  if (best == NULL)
    log_error ("the boot environment has no kernel: no linux-image-* "
               "package with a /boot/vmlinuz-* file is among its packages: "
               "add one (e.g. linux-image-amd64) to the package list");
  return best;
}
