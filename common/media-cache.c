/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Helpers for the media cache: input hashing, the cache lock, moving
 * results into place.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

static char *
sha256 (const char *const *argv, const char *input)
{
  char *out = NULL;
  int r = command_run (argv, &(struct command_opts) {
      .input = input, .out = &out });

  if (r != 0 || out == NULL || strlen (out) < 64) {
    log_error ("sha256sum %s failed", input ? "(of the inputs)" : argv[1]);
    free (out);
    return NULL;
  }
  out[64] = '\0';
  return out;
}

char *
media_sha256_text (const char *text)
{
  static const char *const argv[] = { "sha256sum", NULL };
  /* The runner treats an empty input as "strlen": feed a newline. */
  return sha256 (argv, *text ? text : "\n");
}

char *
media_sha256_file (const char *path)
{
  const char *const argv[] = { "sha256sum", "--", path, NULL };
  return sha256 (argv, NULL);
}

int
media_cache_lock (const char *dir)
{
  CLEANUP_FREE char *path = NULL;
  int fd;

  if (mkdir (dir, 0755) == -1 && errno != EEXIST) {
    log_error ("cannot create the cache directory %s: %m "
               "(set VIRT_P2V_MEDIA_CACHE to a writable directory)", dir);
    return -1;
  }
  if (asprintf (&path, "%s/lock", dir) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd == -1) {
    log_error ("%s: %m (set VIRT_P2V_MEDIA_CACHE to a writable directory)",
               path);
    return -1;
  }
  /* Two builds with the same inputs share one result: the second
   * waits, then finds it cached.
   */
  if (flock (fd, LOCK_EX) == -1) {
    log_error ("flock: %s: %m", path);
    close (fd);
    return -1;
  }
  return fd;
}

static int
remove_one (const char *path, const struct stat *st, int flag,
            struct FTW *ftw)
{
  remove (path);
  return 0;
}

void
media_remove_tree (const char *dir)
{
  nftw (dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
media_cache_remove_stale (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;

  if (d == NULL)
    return;
  while ((e = readdir (d)) != NULL) {
    CLEANUP_FREE char *p = NULL;
    if (!STRPREFIX (e->d_name, "work."))
      continue;
    if (asprintf (&p, "%s/%s", dir, e->d_name) == -1)
      break;
    log_debug ("removing %s, left by an interrupted build", p);
    media_remove_tree (p);
  }
  closedir (d);
}

int
media_link_or_copy (const char *src, const char *dst)
{
  if (link (src, dst) == 0)
    return 0;
  const char *const argv[] = { "cp", "--", src, dst, NULL };
  CLEANUP_FREE char *err = NULL;
  int r = command_run (argv, &(struct command_opts) { .err = &err });
  if (r != 0) {
    if (err)
      chomp (err);
    log_error ("cannot copy %s to %s: %s", src, dst, err ? err : "");
    return -1;
  }
  return 0;
}

long long
media_source_date_epoch (void)
{
  const char *s = getenv ("SOURCE_DATE_EPOCH");
  char *end;
  long long v;

  if (s == NULL || *s == '\0')
    return -1;
  errno = 0;
  v = strtoll (s, &end, 10);
  if (errno || *end || v < 0)
    return -1;
  return v;
}

time_t
media_output_time (void)
{
  long long sde = media_source_date_epoch ();

  return sde >= 0 ? (time_t) sde : time (NULL);
}
