/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Does a block device carry the medium's label?  Only the two file
 * systems our media are made of are read: ISO 9660 (the hybrid ISO,
 * as a CD or dd'd to a stick) and FAT (the disk image's partition, as
 * mformat writes it: the label in the boot sector).
 */

#include <config.h>

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

/* Compare a space-padded on-disk label with the wanted one. */
static bool
same_label (const unsigned char *field, size_t len, const char *label)
{
  size_t l = strlen (label);

  while (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\0'))
    --len;
  return len == l && memcmp (field, label, l) == 0;
}

static unsigned
le16 (const unsigned char *p)
{
  return p[0] | p[1] << 8;
}

/* The primary volume descriptor is at 32 KiB; its volume id at 40. */
static bool
iso9660 (int fd, const char *label)
{
  unsigned char pvd[2048];

  return pread (fd, pvd, sizeof pvd, 32768) == sizeof pvd &&
    pvd[0] == 1 && memcmp (pvd + 1, "CD001", 5) == 0 &&
    same_label (pvd + 40, 32, label);
}

static bool
vfat (int fd, const char *label)
{
  unsigned char bs[512];
  unsigned bps, spc;
  const unsigned char *ext;

  if (pread (fd, bs, sizeof bs, 0) != sizeof bs ||
      bs[510] != 0x55 || bs[511] != 0xaa)
    return false;
  bps = le16 (bs + 11);
  spc = bs[13];
  if ((bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) ||
      spc == 0 || (spc & (spc - 1)) != 0 || le16 (bs + 14) == 0 ||
      bs[16] == 0 || bs[16] > 2)
    return false;
  /* FAT32 has no 16-bit FAT size; its extended BPB is further on. */
  ext = le16 (bs + 22) == 0 ? bs + 64 : bs + 36;
  return (ext[2] == 0x29 && memcmp (ext + 18, "FAT", 3) == 0 &&
          same_label (ext + 7, 11, label));
}

enum medium_fs
label_match (const char *dev, const char *label, bool cd_only)
{
  enum medium_fs r = FS_NONE;
  int fd = open (dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

  if (fd == -1)
    return FS_NONE;
  if (iso9660 (fd, label))
    r = FS_ISO9660;
  else if (!cd_only && vfat (fd, label))
    r = FS_VFAT;
  close (fd);
  return r;
}
