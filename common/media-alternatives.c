/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Debian alternatives (/usr/bin/awk -> /etc/alternatives/awk ->
 * /usr/bin/mawk) are made by maintainer scripts, which supermin never
 * runs.  We redo update-alternatives' "auto" choice from the host's
 * dpkg database: for each group, the highest-priority candidate that
 * is present in the tree.  The host's own choices (/etc/alternatives)
 * are not copied: they name programs the tree may not have.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

#define ALTDB "/var/lib/dpkg/alternatives"

static bool
in_tree (const char *tree, const char *path)
{
  CLEANUP_FREE char *p = NULL;
  struct stat st;
  return asprintf (&p, "%s%s", tree, path) != -1 && lstat (p, &st) == 0;
}

/* TREE/link -> /etc/alternatives/name -> target (replacing old links). */
static int
make_links (const char *tree, const char *name, const char *link,
            const char *target)
{
  CLEANUP_FREE char *l = NULL, *a = NULL, *alt = NULL;

  if (asprintf (&l, "%s%s", tree, link) == -1 ||
      asprintf (&alt, "/etc/alternatives/%s", name) == -1 ||
      asprintf (&a, "%s%s", tree, alt) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  unlink (l);
  unlink (a);
  if (symlink (target, a) == -1 || symlink (alt, l) == -1) {
    if (errno == ENOENT)        /* the link's directory is left out */
      return 0;
    log_error ("alternative %s: symlink in %s: %m", name, tree);
    return -1;
  }
  log_debug ("alternative %s -> %s", link, target);
  return 0;
}

/* One group file: mode, master link, (slave name, slave link)... "",
 * then per candidate: path, priority, one target line per slave.
 */
static int
one_group (const char *tree, const char *name, char *text)
{
  string_vector lines = empty_vector;
  char *p = text, *nl;
  size_t nslaves, i, best = 0;
  long best_prio = -1;
  int r = 0;

  while ((nl = strchr (p, '\n')) != NULL) {
    *nl = '\0';
    if (string_vector_append (&lines, p) == -1) {
      free (lines.ptr);
      log_error ("malloc: %m");
      return -1;
    }
    p = nl + 1;
  }
  for (i = 2; i < lines.len && lines.ptr[i][0] != '\0'; i += 2)
    ;
  if (i >= lines.len)
    goto out;                   /* malformed: ignore, as dpkg would */
  nslaves = (i - 2) / 2;
  for (size_t c = i + 1; c + 1 + nslaves < lines.len &&
         lines.ptr[c][0] != '\0'; c += 2 + nslaves) {
    long prio = strtol (lines.ptr[c + 1], NULL, 10);
    if (in_tree (tree, lines.ptr[c]) && prio > best_prio) {
      best_prio = prio;
      best = c;
    }
  }
  if (best_prio < 0)
    goto out;                   /* no candidate in the tree */
  r = make_links (tree, name, lines.ptr[1], lines.ptr[best]);
  for (size_t s = 0; r == 0 && s < nslaves; ++s) {
    const char *target = lines.ptr[best + 2 + s];
    if (target[0] != '\0' && in_tree (tree, target))
      r = make_links (tree, lines.ptr[2 + 2 * s], lines.ptr[3 + 2 * s],
                      target);
  }
 out:
  free (lines.ptr);
  return r;
}

int
media_alternatives (const char *tree)
{
  DIR *dir = opendir (ALTDB);
  struct dirent *d;
  int r = 0;

  if (dir == NULL) {
    if (errno == ENOENT)
      return 0;                 /* not a dpkg system */
    log_error ("%s: %m", ALTDB);
    return -1;
  }
  while (r == 0 && (d = readdir (dir)) != NULL) {
    CLEANUP_FREE char *path = NULL, *text = NULL;
    if (d->d_name[0] == '.')
      continue;
    if (asprintf (&path, "%s/%s", ALTDB, d->d_name) == -1) {
      log_error ("malloc: %m");
      r = -1;
      break;
    }
    text = read_whole_file (path, NULL);
    if (text == NULL) {
      log_error ("%s: %m", path);
      r = -1;
      break;
    }
    r = one_group (tree, d->d_name, text);
  }
  closedir (dir);
  return r;
}
