/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The per-build payload (a second initrd: the SSH identity, pinned
 * host keys) unpacks under /p2v-payload; its tree is copied into the
 * new root with its modes and owners, over whatever the root has.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

static int copy_dir (int from, int to, const char *path);

static int
copy_file (int from, int to, const char *name, const struct stat *st,
           const char *path)
{
  char buf[65536];
  ssize_t n;
  int in = openat (from, name, O_RDONLY | O_CLOEXEC);
  int out;

  unlinkat (to, name, 0);
  /* Created with no permissions, given its own once it is complete:
   * a private key is never readable by others on the way.
   */
  out = openat (to, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (in == -1 || out == -1) {
    error ("payload %s: %m", path);
    goto fail;
  }
  while ((n = read (in, buf, sizeof buf)) > 0)
    if (write (out, buf, n) != n)
      break;
  if (n != 0 || fchown (out, st->st_uid, st->st_gid) == -1 ||
      fchmod (out, st->st_mode & 07777) == -1) {
    error ("payload %s: %m", path);
    goto fail;
  }
  close (in);
  return close (out);
 fail:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  return -1;
}

static int
copy_entry (int from, int to, const char *name, const char *path)
{
  struct stat st;
  char full[4096];

  snprintf (full, sizeof full, "%s/%s", path, name);
  if (fstatat (from, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    error ("payload %s: %m", full);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    int sub_from, sub_to, r;

    /* An existing directory keeps its mode (/var/tmp is 1777 both). */
    if (mkdirat (to, name, st.st_mode & 07777) == -1 && errno != EEXIST) {
      error ("payload %s: %m", full);
      return -1;
    }
    sub_from = openat (from, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    sub_to = openat (to, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    r = sub_from >= 0 && sub_to >= 0 ? copy_dir (sub_from, sub_to, full) : -1;
    if (sub_to >= 0)
      close (sub_to);
    return r;                   /* copy_dir closed sub_from */
  }
  if (S_ISREG (st.st_mode))
    return copy_file (from, to, name, &st, full);
  if (S_ISLNK (st.st_mode)) {
    char target[4096];
    ssize_t n = readlinkat (from, name, target, sizeof target - 1);

    if (n < 0)
      return -1;
    target[n] = '\0';
    unlinkat (to, name, 0);
    return symlinkat (target, to, name);
  }
  return 0;                     /* devices, fifos: none in a payload */
}

static int
copy_dir (int from, int to, const char *path)
{
  DIR *d = fdopendir (from);
  struct dirent *e;
  int r = 0;

  if (d == NULL) {
    close (from);
    return -1;
  }
  while ((e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0 &&
        copy_entry (from, to, e->d_name, path) == -1)
      r = -1;
  closedir (d);
  return r;
}

int
payload_copy (void)
{
  int from = open (PAYLOAD_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int to, r;

  if (from == -1)
    return 0;                   /* no payload: nothing to add */
  to = open (NEWROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (to == -1) {
    close (from);
    return -1;
  }
  r = copy_dir (from, to, "");
  close (to);
  return r;
}
