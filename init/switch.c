/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Leave the initramfs: move the API file systems into the new root,
 * free the initramfs's memory (its files are in RAM, and the root of a
 * ramfs cannot be unmounted, only emptied), make the new root "/" and
 * exec its init.  This is what switch_root(8) does.
 */

#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

static const char *const api_mounts[] = { "/dev", "/proc", "/sys", "/run" };

/* Remove everything under dirfd on device dev (not other mounts). */
static void
empty_dir (int dirfd, dev_t dev)
{
  DIR *d = fdopendir (dirfd);
  struct dirent *e;

  if (d == NULL) {
    close (dirfd);
    return;
  }
  while ((e = readdir (d)) != NULL) {
    struct stat st;

    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0 ||
        fstatat (dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
        st.st_dev != dev)
      continue;
    if (S_ISDIR (st.st_mode)) {
      int fd = openat (dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0)
        empty_dir (fd, dev);
      unlinkat (dirfd, e->d_name, AT_REMOVEDIR);
    }
    else
      unlinkat (dirfd, e->d_name, 0);
  }
  closedir (d);
}

/* init= if given, else the usual places; the live root need not
 * have systemd-sysv's /sbin/init.
 */
static const char *
find_init (const char *given)
{
  static const char *const places[] = {
    "/sbin/init", "/usr/lib/systemd/systemd", "/lib/systemd/systemd", NULL
  };
  static char path[4096];

  if (given) {
    snprintf (path, sizeof path, NEWROOT "%s", given);
    if (access (path, X_OK) == 0)
      return given;
    error ("init=%s: %m in the live root", given);
    return NULL;
  }
  for (size_t i = 0; places[i]; ++i) {
    snprintf (path, sizeof path, NEWROOT "%s", places[i]);
    if (access (path, X_OK) == 0)
      return places[i];
  }
  error ("the live root has no init (%s, %s)", places[0], places[1]);
  return NULL;
}

int
switch_root (const char *given_init, char **argv)
{
  const char *init = find_init (given_init);
  struct stat root;
  char target[64];
  int fd;

  if (init == NULL)
    return -1;
  for (size_t i = 0; i < sizeof api_mounts / sizeof *api_mounts; ++i) {
    snprintf (target, sizeof target, NEWROOT "%s", api_mounts[i]);
    if (mount (api_mounts[i], target, NULL, MS_MOVE, NULL) == -1) {
      error ("move %s to %s: %m", api_mounts[i], target);
      return -1;
    }
  }
  if (chdir (NEWROOT) == -1 || stat ("/", &root) == -1) {
    error ("chdir " NEWROOT ": %m");
    return -1;
  }
  fd = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    empty_dir (fd, root.st_dev);
  if (mount (".", "/", NULL, MS_MOVE, NULL) == -1 || chroot (".") == -1 ||
      chdir ("/") == -1) {
    error ("switching to " NEWROOT ": %m");
    return -1;
  }
  argv[0] = (char *) init;
  execv (init, argv);
  error ("exec %s: %m", init);
  return -1;
}
