/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The machine's fixed disks and removable (CD/DVD) drives, from
 * /sys/block, or the --test-disk files that stand in for the disks.
 *
 * Fixed disks are the whole-disk entries of the families sd, vd, hd,
 * xvd, nvme (namespaces), mmcblk (not its boot/RPMB areas) and cciss,
 * with a size, that do not hold the P2V medium.  Loop, RAM, zram,
 * device-mapper, md and floppy devices are never disks.  CD/DVD
 * drives (sr*, or SCSI type 5, or IDE media "cdrom") are removables.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "machine-internal.h"
#include "utils.h"

char *
drive_name (const char *prefix, size_t i)
{
  char letters[16];
  size_t n = sizeof letters - 1;
  char *r;

  letters[n] = '\0';
  do {
    letters[--n] = 'a' + i % 26;
    i = i / 26;
  } while (i-- > 0 && n > 0);
  if (asprintf (&r, "%s%s", prefix, &letters[n]) == -1)
    return NULL;
  return r;
}

/* Does s start with prefix followed by one or more characters of set
 * and nothing else?
 */
static bool
prefix_then (const char *s, const char *prefix, const char *set)
{
  size_t n = strlen (prefix);

  return STREQLEN (s, prefix, n) && s[n] != '\0' &&
    strspn (s + n, set) == strlen (s + n);
}

#define LETTERS "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* "nvme" D+ "n" D+, "cciss!c" D+ "d" D+ */
static bool
two_numbers (const char *s, const char *first, char sep)
{
  size_t n = strlen (first), d;

  if (!STREQLEN (s, first, n))
    return false;
  s += n;
  d = strspn (s, DIGITS);
  if (d == 0 || s[d] != sep)
    return false;
  s += d + 1;
  return *s != '\0' && strspn (s, DIGITS) == strlen (s);
}

static bool
is_fixed_disk_name (const char *name)
{
  return prefix_then (name, "sd", LETTERS) ||
    prefix_then (name, "vd", LETTERS) ||
    prefix_then (name, "hd", LETTERS) ||
    prefix_then (name, "xvd", LETTERS) ||
    two_numbers (name, "nvme", 'n') ||
    prefix_then (name, "mmcblk", DIGITS) ||
    two_numbers (name, "cciss!c", 'd');
}

/* Why a /sys/block entry that is not a fixed disk name is left out. */
static const char *
not_a_disk_reason (const char *name)
{
  if (STRPREFIX (name, "loop")) return "it is a loop device";
  if (STRPREFIX (name, "zram")) return "it is a compressed RAM disk";
  if (STRPREFIX (name, "ram")) return "it is a RAM disk";
  if (STRPREFIX (name, "dm-"))
    return "it is a device-mapper device (the disks under it are listed)";
  if (STRPREFIX (name, "md"))
    return "it is a software RAID device (its member disks are listed)";
  if (STRPREFIX (name, "fd")) return "it is a floppy drive";
  if (STRPREFIX (name, "mmcblk"))
    return "it is a boot or RPMB area of an eMMC device, not the device";
  if (STRPREFIX (name, "nvme"))
    return "it is one path of a multipath NVMe namespace";
  return "it is not a kind of disk virt-p2v converts";
}

/* A CD/DVD drive? */
static bool
is_cdrom (const char *root, const char *name)
{
  CLEANUP_FREE char *type = NULL;
  CLEANUP_FREE char *media = NULL;

  if (prefix_then (name, "sr", DIGITS))
    return true;
  type = root_read (root, "/sys/block/%s/device/type", name);
  if (type && STREQ (type, "5"))          /* SCSI TYPE_ROM */
    return true;
  media = root_read (root, "/sys/block/%s/device/media", name);
  return media && STREQ (media, "cdrom"); /* old IDE */
}

/* "/dev/" + name, with cciss's "!" back to "/". */
static char *
dev_path_of (const char *name)
{
  char *r;

  if (asprintf (&r, "/dev/%s", name) == -1)
    return NULL;
  for (char *p = r; *p; ++p)
    if (*p == '!')
      *p = '/';
  return r;
}

static const char *
bus_of (const char *root, const char *name)
{
  if (STRPREFIX (name, "hd"))
    return "ide";
  if (STRPREFIX (name, "vd"))
    return "virtio";
  if (STRPREFIX (name, "sd")) {
    CLEANUP_FREE char *vendor = root_read (root, "/sys/block/%s/device/vendor",
                                           name);
    return vendor && STREQ (vendor, "ATA") ? "sata" : "scsi";
  }
  return NULL;
}

static char *
model_of (const char *root, const char *name)
{
  char *model = root_read (root, "/sys/block/%s/device/model", name);

  if (model == NULL)                    /* MMC/SD cards */
    model = root_read (root, "/sys/block/%s/device/name", name);
  if (model && *model == '\0') {
    free (model);
    model = NULL;
  }
  return model;
}

/* For people choosing disks: the serial is printed on the drive. */
static char *
serial_of (const char *root, const char *name)
{
  char *serial = root_read (root, "/sys/block/%s/device/serial", name);

  if (serial == NULL)                   /* virtio-blk */
    serial = root_read (root, "/sys/block/%s/serial", name);
  if (serial && *serial == '\0') {
    free (serial);
    serial = NULL;
  }
  return serial;
}

static int
add_removable (struct p2v_machine *m, const char *name)
{
  struct p2v_removable r = { .name = strdup (name),
                             .dev_path = dev_path_of (name) };

  if (r.name == NULL || r.dev_path == NULL ||
      p2v_removable_vector_append (&m->removables, r) == -1) {
    free (r.name);
    free (r.dev_path);
    return -1;
  }
  return 0;
}

static int
add_disk (struct p2v_machine *m, const char *root, const char *name,
          uint64_t size)
{
  struct p2v_disk d = {
    .name = strdup (name), .dev_path = dev_path_of (name), .size = size,
    .model = model_of (root, name), .bus = bus_of (root, name),
    .serial = serial_of (root, name)
  };

  if (d.name == NULL || d.dev_path == NULL ||
      p2v_disk_vector_append (&m->disks, d) == -1) {
    free (d.name);
    free (d.dev_path);
    free (d.model);
    free (d.serial);
    return -1;
  }
  return 0;
}

int
inspect_disks (struct p2v_machine *m, const char *root, bool fixed)
{
  CLEANUP_FREE_STRING_VECTOR string_vector names = empty_vector;

  if (root_list_dir (&names, root, "/sys/block") == -1)
    return -1;
  for (size_t i = 0; i < names.len; ++i) {
    const char *name = names.ptr[i];
    uint64_t sectors = 0, hidden = 0;

    if (root_read_u64 (&hidden, 10, root, "/sys/block/%s/hidden", name) == 0 &&
        hidden) {
      if (fixed &&
          add_skipped (&m->skipped_disks, name, "it is a hidden device") == -1)
        return -1;
      continue;
    }
    if (is_cdrom (root, name)) {
      if (add_removable (m, name) == -1)
        return -1;
      continue;
    }
    if (!fixed)
      continue;
    if (!is_fixed_disk_name (name)) {
      if (add_skipped (&m->skipped_disks, name, "%s",
                       not_a_disk_reason (name)) == -1)
        return -1;
      continue;
    }
    if (string_vector_contains (&m->boot_disks, name)) {
      if (add_skipped (&m->skipped_disks, name,
                       "it is the medium virt-p2v booted from") == -1)
        return -1;
      continue;
    }
    /* "size" counts 512-byte sectors whatever the logical block size. */
    root_read_u64 (&sectors, 10, root, "/sys/block/%s/size", name);
    if (sectors == 0) {
      if (add_skipped (&m->skipped_disks, name,
                       "it has size 0 (no medium in the drive?)") == -1)
        return -1;
      continue;
    }
    if (add_disk (m, root, name, sectors * 512) == -1)
      return -1;
  }
  return 0;
}

int
inspect_test_disks (struct p2v_machine *m, const string_vector *test_disks)
{
  for (size_t i = 0; i < test_disks->len; ++i) {
    const char *path = test_disks->ptr[i];
    CLEANUP_CLOSE int fd = open (path, O_RDONLY | O_CLOEXEC);
    char real[PATH_MAX];
    off_t size;
    struct p2v_disk d = { 0 };

    if (fd == -1 || (size = lseek (fd, 0, SEEK_END)) == -1) {
      log_error ("--test-disk %s: %m", path);
      return -1;
    }
    if (size == 0) {
      log_error ("--test-disk %s: the disk is empty", path);
      return -1;
    }
    d.name = drive_name ("sd", i);
    /* Absolute, so that nbdkit finds it whatever its directory. */
    d.dev_path = strdup (realpath (path, real) ? real : path);
    d.size = size;
    if (d.name == NULL || d.dev_path == NULL ||
        p2v_disk_vector_append (&m->disks, d) == -1) {
      free (d.name);
      free (d.dev_path);
      log_error ("--test-disk %s: %m", path);
      return -1;
    }
  }
  return 0;
}
