/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Where the medium goes.  A file is built under a hidden temporary
 * name in its own directory (so the final rename is atomic and a
 * failed or interrupted build leaves nothing), then the manifest and
 * SHA256SUMS are written beside it.  A block device (a USB stick) is
 * refused while mounted, needs --no-warn-if-partition if it has
 * partitions, and gets the finished image copied onto it.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "string-vector.h"
#include "tmpdir.h"
#include "utils.h"

/* "MAJ:MIN" of the device and of each of its partitions. */
static int
device_and_partitions (dev_t dev, string_vector *devs, size_t *nparts)
{
  CLEANUP_FREE char *sysdir = NULL;
  DIR *d;
  struct dirent *e;

  *nparts = 0;
  if (string_vector_addf (devs, "%u:%u", major (dev), minor (dev)) == -1 ||
      asprintf (&sysdir, "/sys/dev/block/%u:%u", major (dev),
                minor (dev)) == -1)
    return -1;
  d = opendir (sysdir);
  if (d == NULL)
    return 0;
  while ((e = readdir (d)) != NULL) {
    CLEANUP_FREE char *part = NULL, *devfile = NULL, *num = NULL;
    if (asprintf (&part, "%s/%s/partition", sysdir, e->d_name) == -1 ||
        asprintf (&devfile, "%s/%s/dev", sysdir, e->d_name) == -1)
      break;
    if (access (part, F_OK) == -1 ||
        (num = read_whole_file (devfile, NULL)) == NULL)
      continue;
    chomp (num);
    if (string_vector_add (devs, num) == -1)
      break;
    ++*nparts;
  }
  closedir (d);
  return 0;
}

/* The mount point of any of devs, from /proc/self/mountinfo, or NULL. */
static char *
mounted_at (const string_vector *devs)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/self/mountinfo", "r");
  CLEANUP_FREE char *line = NULL;
  size_t n = 0;

  if (fp == NULL)
    return NULL;
  while (getline (&line, &n, fp) != -1) {
    char majmin[64], mnt[4096];
    /* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... */
    if (sscanf (line, "%*s %*s %63s %*s %4095s", majmin, mnt) == 2 &&
        string_vector_contains (devs, majmin))
      return strdup (mnt);
  }
  return NULL;
}

static int
check_device (struct output *o, dev_t rdev, bool no_warn_if_partition)
{
  CLEANUP_FREE_STRING_VECTOR string_vector devs = empty_vector;
  CLEANUP_FREE char *mnt = NULL;
  size_t nparts;

  if (device_and_partitions (rdev, &devs, &nparts) == -1) {
    log_error ("out of memory");
    return -1;
  }
  mnt = mounted_at (&devs);
  if (mnt) {
    log_error ("-o %s: the device (or a partition of it) is mounted on %s: "
               "unmount it first", o->path, mnt);
    return -1;
  }
  if (nparts > 0 && !no_warn_if_partition) {
    log_error ("-o %s: the device has %zu partition%s that will be "
               "overwritten: check it is the right device, then add "
               "--no-warn-if-partition", o->path, nparts,
               nparts == 1 ? "" : "s");
    return -1;
  }
  /* Built privately, copied at the end. */
  o->tmp = tmpdir_path ("medium.img");
  return o->tmp ? 0 : -1;
}

int
output_check (struct output *o, const char *path, bool no_warn_if_partition)
{
  CLEANUP_FREE char *copy = strdup (path);
  CLEANUP_FREE char *copy2 = strdup (path);
  struct stat st;
  int fd;

  memset (o, 0, sizeof *o);
  o->path = strdup (path);
  if (copy == NULL || copy2 == NULL || o->path == NULL ||
      (o->dir = strdup (dirname (copy))) == NULL) {
    log_error ("out of memory");
    return -1;
  }
  if (stat (path, &st) == 0) {
    if (S_ISBLK (st.st_mode)) {
      o->is_device = true;
      return check_device (o, st.st_rdev, no_warn_if_partition);
    }
    if (!S_ISREG (st.st_mode)) {
      log_error ("-o %s: not a regular file or a block device: give a "
                 "file name or a USB stick's device", path);
      return -1;
    }
  }

  /* Creating the temporary file now is the real test of the
   * directory, read-only file systems included.
   */
  if (asprintf (&o->tmp, "%s/.%s.XXXXXX", o->dir, basename (copy2)) == -1) {
    o->tmp = NULL;
    log_error ("out of memory");
    return -1;
  }
  fd = mkostemp (o->tmp, O_CLOEXEC);
  if (fd == -1) {
    log_error ("-o %s: cannot create a file in %s: %m: choose a writable "
               "directory", path, o->dir);
    free (o->tmp);
    o->tmp = NULL;
    return -1;
  }
  close (fd);
  log_debug ("building into %s", o->tmp);
  return 0;
}

static int
copy_to_device (struct output *o)
{
  CLEANUP_CLOSE int in = open (o->tmp, O_RDONLY | O_CLOEXEC);
  /* O_EXCL on a block device fails if anything has it mounted. */
  CLEANUP_CLOSE int out = open (o->path, O_WRONLY | O_EXCL | O_CLOEXEC);
  static char buf[4 * 1024 * 1024];
  ssize_t n;

  if (in == -1 || out == -1) {
    log_error ("%s: %m", in == -1 ? o->tmp : o->path);
    return -1;
  }
  progress ("Writing the image to %s", o->path);
  while ((n = read (in, buf, sizeof buf)) != 0) {
    if (check_interrupted () == -1)
      return -1;
    if (n == -1) {
      if (errno == EINTR) continue;
      log_error ("%s: %m", o->tmp);
      return -1;
    }
    if (full_write (out, buf, n) == -1) {
      log_error ("%s: %m", o->path);
      return -1;
    }
  }
  if (fsync (out) == -1) {
    log_error ("%s: fsync: %m", o->path);
    return -1;
  }
  return 0;
}

/* DIR/SHA256SUMS: this output's line replaced, the others kept. */
static int
update_sums (struct output *o, const char *base, const char *hex)
{
  CLEANUP_FREE char *sums = NULL, *old = NULL, *text = NULL;
  size_t len = 0;
  FILE *fp;

  if (asprintf (&sums, "%s/SHA256SUMS", o->dir) == -1)
    return -1;
  old = read_whole_file (sums, NULL);
  fp = open_memstream (&text, &len);
  if (fp == NULL)
    return -1;
  for (char *line = old ? strtok (old, "\n") : NULL; line;
       line = strtok (NULL, "\n")) {
    const char *name = strstr (line, "  ");
    if (name == NULL || STRNEQ (name + 2, base))
      fprintf (fp, "%s\n", line);
  }
  fprintf (fp, "%s  %s\n", hex, base);
  if (fclose (fp) == EOF)
    return -1;
  if (write_file_atomic (sums, text, len, 0644) == -1) {
    log_error ("%s: %m", sums);
    return -1;
  }
  return 0;
}

int
output_commit (struct output *o, const struct build *b)
{
  CLEANUP_FREE char *copy = strdup (o->path);
  CLEANUP_FREE char *manifest = NULL, *manifest_path = NULL;
  const char *base;
  size_t len = 0;
  char hex[65];
  mode_t mask;

  if (copy == NULL) {
    log_error ("out of memory");
    return -1;
  }
  if (o->is_device)
    return copy_to_device (o);

  base = basename (copy);
  progress ("Writing the manifest and SHA256SUMS");
  manifest = read_whole_file (b->bs->manifest, &len);
  if (manifest == NULL) {
    log_error ("%s: %m", b->bs->manifest);
    return -1;
  }
  if (asprintf (&manifest_path, "%s.manifest", o->path) == -1) {
    log_error ("out of memory");
    return -1;
  }
  mask = umask (0);
  umask (mask);
  if (sha256_hex (o->tmp, hex) == -1 ||
      check_interrupted () == -1)
    return -1;
  if (write_file_atomic (manifest_path, manifest, len, 0644 & ~mask) == -1) {
    log_error ("%s: %m", manifest_path);
    return -1;
  }
  if (chmod (o->tmp, 0666 & ~mask) == -1 ||
      rename (o->tmp, o->path) == -1) {
    log_error ("-o %s: %m", o->path);
    return -1;
  }
  free (o->tmp);
  o->tmp = NULL;
  return update_sums (o, base, hex);
}

void
output_abort (struct output *o)
{
  if (o->tmp && !o->is_device)
    unlink (o->tmp);
  free (o->tmp);
  o->tmp = NULL;
}

void
output_free (struct output *o)
{
  output_abort (o);
  free (o->path);
  free (o->dir);
}
