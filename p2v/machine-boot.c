/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Which disks the running system was booted from, so that the P2V
 * medium (a USB stick, a disk image) is never offered for conversion.
 *
 * The medium is found from the mount table: the device behind the
 * live medium's mount point (dracut /run/initramfs/live, live-boot
 * /run/live/medium, casper /cdrom) or behind "/".  Device-mapper and
 * md devices are followed to their slaves, loop devices to the mount
 * holding their backing file, and partitions to their disk.  A
 * "root=live:LABEL=..." (or CDLABEL=, UUID=) kernel parameter names
 * the medium too.
 */

#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "machine-internal.h"
#include "p2v-config.h"
#include "utils.h"

/* Mount points whose device is the medium (or the running root). */
static const char *const medium_mounts[] = {
  "/run/initramfs/live",        /* dracut dmsquash-live */
  "/run/initramfs/isoscan",     /* dracut iso-scan */
  "/run/live/medium",           /* Debian live-boot */
  "/lib/live/mount/medium",     /* older live-boot */
  "/cdrom",                     /* casper */
  "/",
  NULL
};

/* Follow device chains at most this deep (loop on a dm on a loop...). */
#define MAX_DEPTH 8

struct mount_entry {
  char *source;                 /* "/dev/sdb1", "overlay" */
  char *target;                 /* "/run/initramfs/live" */
  char *majmin;                 /* "8:17", or NULL from /proc/mounts */
};
DEFINE_VECTOR_TYPE (mount_vector, struct mount_entry);

static void
free_mount (struct mount_entry e)
{
  free (e.source);
  free (e.target);
  free (e.majmin);
}

/* Undo the octal escapes (\040 for space) of the mount tables. */
static void
unescape (char *s)
{
  char *w = s;

  for (; *s; ++s) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
        s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *w++ = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
      s += 3;
    }
    else
      *w++ = *s;
  }
  *w = '\0';
}

static int
add_mount (mount_vector *v, const char *source, const char *target,
           const char *majmin)
{
  struct mount_entry e = {
    .source = strdup (source), .target = strdup (target),
    .majmin = majmin ? strdup (majmin) : NULL
  };

  if (e.source == NULL || e.target == NULL || (majmin && e.majmin == NULL) ||
      mount_vector_append (v, e) == -1) {
    free_mount (e);
    return -1;
  }
  unescape (e.source);
  unescape (e.target);
  return 0;
}

/* Read ROOT/proc/self/mountinfo, or failing that ROOT/proc/mounts. */
static int
read_mounts (mount_vector *v, const char *root)
{
  CLEANUP_FREE char *info = root_read (root, "/proc/self/mountinfo");
  CLEANUP_FREE char *mounts = NULL;
  char *line, *save = NULL;

  if (info) {
    for (line = strtok_r (info, "\n", &save); line;
         line = strtok_r (NULL, "\n", &save)) {
      /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - TYPE SOURCE ... */
      char *f[6], *p = line, *sep, *source;
      size_t i;

      for (i = 0; i < 6 && (f[i] = strsep (&p, " ")) != NULL; ++i)
        ;
      if (i < 6 || p == NULL || (sep = strstr (p, "- ")) == NULL)
        continue;
      p = sep + 2;
      strsep (&p, " ");         /* fs type */
      source = strsep (&p, " ");
      if (source && add_mount (v, source, f[4], f[2]) == -1)
        return -1;
    }
    return 0;
  }

  mounts = root_read (root, "/proc/mounts");
  if (mounts == NULL)
    return 0;
  for (line = strtok_r (mounts, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    char *p = line, *source = strsep (&p, " "), *target = strsep (&p, " ");
    if (source && target && add_mount (v, source, target, NULL) == -1)
      return -1;
  }
  return 0;
}

char *
partition_parent (const char *root, const char *name)
{
  CLEANUP_FREE_STRING_VECTOR string_vector disks = empty_vector;

  if (*name == '\0' || strchr (name, '/') || STREQ (name, ".") ||
      STREQ (name, ".."))
    return NULL;
  if (root_exists (root, "/sys/block/%s", name))
    return strdup (name);
  if (root_list_dir (&disks, root, "/sys/block") == -1)
    return NULL;
  for (size_t i = 0; i < disks.len; ++i)
    if (root_exists (root, "/sys/block/%s/%s", disks.ptr[i], name))
      return strdup (disks.ptr[i]);
  return NULL;
}

/* The kernel name ("sdb1", "dm-0") of a mount's source, or NULL. */
static char *
mount_device (const char *root, const struct mount_entry *e)
{
  if (STRPREFIX (e->source, "/dev/") && STRNEQ (e->source, "/dev/root")) {
    CLEANUP_FREE char *path = root_path (root, "%s", e->source);
    CLEANUP_FREE char *name = NULL;
    char real[PATH_MAX];

    /* /dev/disk/by-label/X and /dev/mapper/X are symlinks to the
     * kernel name (which may be missing in a fake root).
     */
    if (path && realpath (path, real) != NULL)
      name = strdup (strrchr (real, '/') + 1);
    if (name == NULL)
      name = root_link_name (root, "%s", e->source);
    if (name == NULL)
      name = strdup (strrchr (e->source, '/') + 1);
    CLEANUP_FREE char *disk = name ? partition_parent (root, name) : NULL;
    if (disk) {
      char *r = name;
      name = NULL;
      return r;
    }
  }
  if (e->majmin)
    return root_link_name (root, "/sys/dev/block/%s", e->majmin);
  return NULL;
}

static int resolve_device (struct p2v_machine *m, const char *root,
                           const mount_vector *mounts, const char *name,
                           int depth);

/* The device of the mount that holds path (longest prefix wins; of
 * mounts on the same point, the last, which hides the others).
 */
static int
resolve_path (struct p2v_machine *m, const char *root,
              const mount_vector *mounts, const char *path, int depth)
{
  const struct mount_entry *best = NULL;
  size_t best_len = 0;

  for (size_t i = 0; i < mounts->len; ++i) {
    const char *t = mounts->ptr[i].target;
    size_t n = STREQ (t, "/") ? 0 : strlen (t);

    if (STREQLEN (path, t, n) && (path[n] == '/' || path[n] == '\0') &&
        (best == NULL || n >= best_len)) {
      best = &mounts->ptr[i];
      best_len = n;
    }
  }
  if (best == NULL)
    return 0;
  CLEANUP_FREE char *dev = mount_device (root, best);
  if (dev == NULL)
    return 0;
  return resolve_device (m, root, mounts, dev, depth + 1);
}

static int
resolve_device (struct p2v_machine *m, const char *root,
                const mount_vector *mounts, const char *name, int depth)
{
  CLEANUP_FREE_STRING_VECTOR string_vector slaves = empty_vector;
  CLEANUP_FREE char *backing = NULL;
  CLEANUP_FREE char *disk = NULL;

  if (depth > MAX_DEPTH)
    return 0;

  /* A loop device: the medium is wherever its backing file lives. */
  if (STRPREFIX (name, "loop")) {
    backing = root_read (root, "/sys/block/%s/loop/backing_file", name);
    if (backing == NULL)
      return 0;
    return resolve_path (m, root, mounts, backing, depth);
  }

  /* Device-mapper and md devices: follow every slave. */
  if (root_list_dir (&slaves, root, "/sys/block/%s/slaves", name) == -1)
    return -1;
  if (slaves.len > 0) {
    for (size_t i = 0; i < slaves.len; ++i)
      if (resolve_device (m, root, mounts, slaves.ptr[i], depth + 1) == -1)
        return -1;
    return 0;
  }

  disk = partition_parent (root, name);
  if (disk == NULL || string_vector_contains (&m->boot_disks, disk))
    return 0;
  log_debug ("machine: %s holds the running system (via %s)", disk, name);
  return string_vector_add (&m->boot_disks, disk);
}

/* root=live:LABEL=X, live:CDLABEL=X, live:UUID=X or live:/dev/X. */
static int
resolve_cmdline (struct p2v_machine *m, const char *root,
                 const mount_vector *mounts)
{
  CLEANUP_FREE char *cmdline = root_read (root, "/proc/cmdline");
  CLEANUP_FREE_STRING_VECTOR string_vector words = empty_vector;

  if (cmdline == NULL)
    return 0;
  if (cmdline_split (cmdline, &words) == -1)
    return -1;
  for (size_t i = 0; i < words.len; ++i) {
    const char *w = words.ptr[i], *v;
    CLEANUP_FREE char *dev = NULL;

    if (!STRPREFIX (w, "root=live:"))
      continue;
    v = w + strlen ("root=live:");
    if (STRPREFIX (v, "LABEL="))
      dev = root_link_name (root, "/dev/disk/by-label/%s", v + 6);
    else if (STRPREFIX (v, "CDLABEL="))
      dev = root_link_name (root, "/dev/disk/by-label/%s", v + 8);
    else if (STRPREFIX (v, "UUID="))
      dev = root_link_name (root, "/dev/disk/by-uuid/%s", v + 5);
    else if (STRPREFIX (v, "/dev/") && strrchr (v, '/')[1] != '\0')
      dev = strdup (strrchr (v, '/') + 1);
    if (dev && resolve_device (m, root, mounts, dev, 0) == -1)
      return -1;
  }
  return 0;
}

int
inspect_boot_disks (struct p2v_machine *m, const char *root)
{
  mount_vector mounts = empty_vector;
  int r = 0;

  if (read_mounts (&mounts, root) == -1) {
    r = -1;
    goto out;
  }
  for (size_t i = 0; i < mounts.len && r == 0; ++i) {
    const struct mount_entry *e = &mounts.ptr[i];
    bool medium = false;

    for (size_t j = 0; medium_mounts[j]; ++j)
      if (STREQ (e->target, medium_mounts[j]))
        medium = true;
    if (!medium)
      continue;
    CLEANUP_FREE char *dev = mount_device (root, e);
    if (dev)
      r = resolve_device (m, root, &mounts, dev, 0);
  }
  if (r == 0)
    r = resolve_cmdline (m, root, &mounts);
 out:
  mount_vector_iter_reset (&mounts, free_mount);
  return r;
}
