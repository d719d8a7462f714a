/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Small file and string helpers (see utils.h). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "utils.h"

char *
read_whole_file (const char *path, size_t *len_rtn)
{
  CLEANUP_CLOSE int fd = open (path, O_RDONLY | O_CLOEXEC);
  char *buf = NULL;
  size_t len = 0, cap = 0;

  if (fd == -1)
    return NULL;
  for (;;) {
    if (cap - len < 4096) {
      char *p = realloc (buf, cap + 8192);
      if (p == NULL) { free (buf); return NULL; }
      buf = p;
      cap += 8192;
    }
    ssize_t n = read (fd, buf + len, cap - len - 1);
    if (n == -1) {
      if (errno == EINTR) continue;
      int e = errno; free (buf); errno = e;
      return NULL;
    }
    if (n == 0)
      break;
    len += n;
  }
  buf[len] = '\0';
  if (len_rtn)
    *len_rtn = len;
  return buf;
}

void
chomp (char *str)
{
  size_t n = strlen (str);

  while (n > 0 && (str[n-1] == '\n' || str[n-1] == '\r'))
    str[--n] = '\0';
}

int
full_write (int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t n = write (fd, p, len);
    if (n == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= n;
  }
  return 0;
}

int
write_file_atomic (const char *path, const void *buf, size_t len, int mode)
{
  return write_file_atomic_owned (path, buf, len, mode, (gid_t) -1);
}

int
write_file_atomic_owned (const char *path, const void *buf, size_t len,
                         int mode, gid_t gid)
{
  CLEANUP_FREE char *tmp = NULL;
  int fd;

  if (asprintf (&tmp, "%s.tmp", path) == -1)
    return -1;
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
             mode);
  if (fd == -1)
    return -1;
  if ((gid != (gid_t) -1 && fchown (fd, -1, gid) == -1) ||
      fchmod (fd, mode) == -1 || full_write (fd, buf, len) == -1 ||
      fsync (fd) == -1) {
    int e = errno;
    close (fd);
    unlink (tmp);
    errno = e;
    return -1;
  }
  if (close (fd) == -1 || rename (tmp, path) == -1) {
    int e = errno;
    unlink (tmp);
    errno = e;
    return -1;
  }
  return 0;
}

void
human_size (uint64_t bytes, char *buf, size_t buflen)
{
  static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  double v = bytes;
  size_t u = 0;

  while (v >= 1024 && u < sizeof units / sizeof units[0] - 1) {
    v /= 1024;
    u++;
  }
  if (u == 0)
    snprintf (buf, buflen, "%" PRIu64 " B", bytes);
  else
    snprintf (buf, buflen, "%.1f %s", v, units[u]);
}

double
now_monotonic (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "1:02:03" or "2:03". */
void
format_duration (double secs, char *buf, size_t len)
{
  long s = secs < 0 ? 0 : (long) (secs + 0.5);

  if (s >= 3600)
    snprintf (buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf (buf, len, "%ld:%02ld", s / 60, s % 60);
}
