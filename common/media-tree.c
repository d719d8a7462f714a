/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Copy the files of the closure's packages from the host into a tree.
 * One tar stream for all of them: 4 s for ~8000 files here, where
 * supermin -f chroot's cp per file takes 180-200 s.
 */

#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

/* Top-level directories that usrmerge made symlinks (/lib -> usr/lib):
 * paths through them are rewritten to the real directory, so a file
 * listed both ways is copied once and the symlink survives in the tree.
 */
static const char *const merged[] = {
  "bin", "sbin", "lib", "lib32", "lib64", "libx32", NULL
};

static char *
canonical (const char *path)
{
  for (size_t i = 0; merged[i]; ++i) {
    size_t n = strlen (merged[i]);
    if (path[0] == '/' && STREQLEN (path + 1, merged[i], n) &&
        (path[n + 1] == '/' || path[n + 1] == '\0')) {
      char link[PATH_MAX], top[64];
      ssize_t r;
      snprintf (top, sizeof top, "/%s", merged[i]);
      r = readlink (top, link, sizeof link - 1);
      if (r > 0 && link[0] != '/') {
        char *out;
        link[r] = '\0';
        if (asprintf (&out, "/%s%s", link, path + n + 1) == -1)
          return NULL;
        return out;
      }
    }
  }
  return strdup (path);
}

/* "-PATTERN" leaves matching paths out, "+PATTERN" keeps them anyway
 * (checked first).  fnmatch without FNM_PATHNAME: '*' spans '/'.
 */
static bool
excluded (const string_vector *rules, const char *path)
{
  for (size_t i = 0; i < rules->len; ++i)
    if (rules->ptr[i][0] == '+' && fnmatch (rules->ptr[i] + 1, path, 0) == 0)
      return false;
  for (size_t i = 0; i < rules->len; ++i)
    if (rules->ptr[i][0] == '-' && fnmatch (rules->ptr[i] + 1, path, 0) == 0)
      return true;
  return false;
}

static int
compare (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The file list of every package, in one dpkg-query call. */
static int
list_files (const string_vector *closure, char **out)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  CLEANUP_FREE char *err = NULL;
  int r;

  if (string_vector_add (&argv, "dpkg-query") == -1 ||
      string_vector_add (&argv, "-L") == -1)
    goto nomem;
  for (size_t i = 0; i < closure->len; ++i) {
    /* "name version arch" -> "name:arch" */
    const char *e = closure->ptr[i];
    const char *arch = strrchr (e, ' ');
    if (string_vector_addf (&argv, "%.*s:%s", (int) strcspn (e, " "), e,
                            arch + 1) == -1)
      goto nomem;
  }
  if (string_vector_terminate (&argv) == -1)
    goto nomem;
  r = command_run ((const char *const *) argv.ptr,
                   &(struct command_opts) { .out = out, .err = &err });
  if (r != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (r, "dpkg-query -L");
    if (err)
      chomp (err);
    log_error ("listing the packages' files failed: %s: %s",
               why ? why : "", err ? err : "");
    return -1;
  }
  return 0;
 nomem:
  log_error ("malloc: %m");
  return -1;
}

int
media_copy_tree (const string_vector *closure, const char *exclude_list,
                 const char *workdir, const char *tree)
{
  CLEANUP_FREE_STRING_VECTOR string_vector rules = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector files = empty_vector;
  CLEANUP_FREE char *text = NULL, *listfile = NULL, *tarfile = NULL;
  CLEANUP_FREE char *list = NULL;
  size_t len = 0;
  char *line, *save = NULL;
  FILE *fp;
  int r;

  if (media_read_list (exclude_list, &rules) == -1)
    return -1;
  for (size_t i = 0; i < rules.len; ++i)
    if (rules.ptr[i][0] != '-' && rules.ptr[i][0] != '+') {
      log_error ("%s: \"%s\": each rule must start with - (leave out) "
                 "or + (keep)", exclude_list, rules.ptr[i]);
      return -1;
    }
  if (list_files (closure, &text) == -1)
    return -1;

  for (line = strtok_r (text, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    struct stat st;
    /* Skip "diverted by ..." notes and the root itself. */
    if (line[0] != '/' || line[1] == '\0')
      continue;
    char *path = canonical (line);
    if (path == NULL)
      goto nomem;
    /* Files a package lists but the host no longer has (a deleted
     * conffile) are skipped, as supermin does.
     */
    if (excluded (&rules, path) || lstat (path, &st) == -1) {
      free (path);
      continue;
    }
    if (string_vector_append (&files, path) == -1) {
      free (path);
      goto nomem;
    }
  }
  qsort (files.ptr, files.len, sizeof (char *), compare);

  if (asprintf (&listfile, "%s/files.txt", workdir) == -1 ||
      asprintf (&tarfile, "%s/root.tar", workdir) == -1)
    goto nomem;
  fp = open_memstream (&list, &len);
  if (fp == NULL)
    goto nomem;
  for (size_t i = 0; i < files.len; ++i)
    if (i == 0 || STRNEQ (files.ptr[i], files.ptr[i - 1]))
      fprintf (fp, "%s\n", files.ptr[i] + 1);
  if (fclose (fp) == EOF)
    goto nomem;
  if (write_file_atomic (listfile, list, len, 0644) == -1) {
    log_error ("%s: %m", listfile);
    return -1;
  }

  if (mkdir (tree, 0755) == -1) {
    log_error ("mkdir: %s: %m", tree);
    return -1;
  }
  for (size_t i = 0; merged[i]; ++i) {
    char link[PATH_MAX], top[64];
    CLEANUP_FREE char *dst = NULL;
    ssize_t n;
    snprintf (top, sizeof top, "/%s", merged[i]);
    n = readlink (top, link, sizeof link - 1);
    if (n <= 0)
      continue;
    link[n] = '\0';
    if (asprintf (&dst, "%s/%s", tree, merged[i]) == -1)
      goto nomem;
    if (symlink (link, dst) == -1) {
      log_error ("symlink: %s: %m", dst);
      return -1;
    }
  }

  /* Through a file rather than a pipe: the runner has no pipelines,
   * and the page cache makes the detour cheap (~1 s for 500 MB).
   */
  const char *const create[] = {
    "tar", "-C", "/", "--numeric-owner", "--no-recursion",
    "-cf", tarfile, "-T", listfile, NULL
  };
  const char *const extract[] = {
    "tar", "-C", tree, "--numeric-owner", "--keep-directory-symlink",
    "-xpf", tarfile, NULL
  };
  CLEANUP_FREE char *err = NULL;
  r = command_run (create, &(struct command_opts) { .err = &err });
  if (r == 0) {
    free (err);
    err = NULL;
    r = command_run (extract, &(struct command_opts) { .err = &err });
  }
  unlink (tarfile);
  if (r != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (r, "tar");
    if (err)
      chomp (err);
    log_error ("copying the packages' files into %s failed: %s: %s",
               tree, why ? why : "", err ? err : "");
    return -1;
  }
  return 0;

 nomem:
  log_error ("malloc: %m");
  return -1;
}
