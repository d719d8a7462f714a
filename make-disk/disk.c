/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The raw disk image: GPT with one EFI system partition (FAT, label
 * P2VBOOT) that holds everything.  BIOS: syslinux's gptmbr.bin in the
 * MBR boots the partition flagged "legacy BIOS bootable", whose boot
 * sector is syslinux.  UEFI: the firmware runs EFI/BOOT/BOOTX64.EFI
 * (GRUB).  libguestfs writes the partition table; the file system is
 * made in place by fat.c.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <guestfs.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "utils.h"

#define MiB (UINT64_C (1024) * 1024)
#define ESP_TYPE "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define GPT_ATTR_LEGACY_BIOS_BOOTABLE (INT64_C (1) << 2)

static int
guestfs_failed (guestfs_h *g, const char *what)
{
  if (check_interrupted () == 0)
    log_error ("libguestfs: %s: %s", what,
               guestfs_last_error (g) ? guestfs_last_error (g) : "failed");
  return -1;
}

/* GPT, one partition [2048, end], MBR boot code. */
static int
partition (const struct build *b, const char *path, int64_t end)
{
  CLEANUP_FREE char *mbr = NULL;
  size_t mbr_len = 0;
  char disk_guid[37], part_guid[37];
  guestfs_h *g;
  int r = -1;

  mbr = read_whole_file (GPTMBR_BIN, &mbr_len);
  if (mbr == NULL || mbr_len != 440) {
    log_error ("%s: %s: install syslinux (or configure GPTMBR_BIN)",
               GPTMBR_BIN, mbr ? "not a 440 byte MBR" : strerror (errno));
    return -1;
  }
  repro_guid (b, 0, disk_guid);
  repro_guid (b, 1, part_guid);

  g = guestfs_create ();
  if (g == NULL) {
    log_error ("guestfs_create: %m");
    return -1;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  if (verbose)
    guestfs_set_trace (g, 1);
  if (guestfs_add_drive_opts (g, path, GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1) {
    guestfs_failed (g, "add_drive");
    goto out;
  }
  if (check_interrupted () == -1) goto out;
  if (guestfs_launch (g) == -1) { guestfs_failed (g, "launch"); goto out; }
  if (check_interrupted () == -1) goto out;
  if (guestfs_part_init (g, "/dev/sda", "gpt") == -1 ||
      guestfs_part_add (g, "/dev/sda", "p", 2048, end) == -1 ||
      guestfs_part_set_gpt_type (g, "/dev/sda", 1, ESP_TYPE) == -1 ||
      guestfs_part_set_name (g, "/dev/sda", 1, "virt-p2v") == -1 ||
      guestfs_part_set_gpt_attributes (g, "/dev/sda", 1,
                                       GPT_ATTR_LEGACY_BIOS_BOOTABLE) == -1 ||
      guestfs_part_set_disk_guid (g, "/dev/sda", disk_guid) == -1 ||
      guestfs_part_set_gpt_guid (g, "/dev/sda", 1, part_guid) == -1 ||
      /* The boot code only: the protective MBR's table stays. */
      guestfs_pwrite_device (g, "/dev/sda", mbr, 440, 0) != 440) {
    guestfs_failed (g, "partitioning the disk image");
    goto out;
  }
  if (guestfs_shutdown (g) == -1) {
    guestfs_failed (g, "shutdown");
    goto out;
  }
  r = 0;
 out:
  guestfs_close (g);
  return r;
}

static int
file_size (const char *path, uint64_t *size)
{
  struct stat st;

  if (stat (path, &st) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  *size = st.st_size;
  return 0;
}

int
build_disk (const struct build *b, const char *path)
{
  const struct boot_set *bs = b->bs;
  CLEANUP_FREE char *efi = NULL, *grub_cfg = NULL, *sys_cfg = NULL;
  uint64_t sizes[8] = { 0 }, fat_bytes, disk_bytes;
  const uint64_t offset = 1 * MiB;
  int fd;

  progress ("Making the boot loader files");
  if ((efi = build_grub_efi (b)) == NULL ||
      (grub_cfg = write_grub_cfg (b)) == NULL ||
      (sys_cfg = write_syslinux_cfg (b, "syslinux.cfg")) == NULL)
    return -1;

  const char *files[] = { bs->kernel, bs->initrd, bs->payload, bs->squashfs,
                          efi, grub_cfg, sys_cfg, NULL };
  for (size_t i = 0; files[i]; ++i)
    if (file_size (files[i], &sizes[i]) == -1)
      return -1;
  sizes[7] = 512 * 1024;        /* ldlinux.sys + ldlinux.c32 */
  fat_bytes = fat_size_for (sizes, 8);
  /* 1 MiB before the partition, 1 MiB after it for the backup GPT. */
  disk_bytes = offset + fat_bytes + MiB;

  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd == -1 || ftruncate (fd, disk_bytes) == -1 || close (fd) == -1) {
    log_error ("%s: %m", path);
    if (fd >= 0) close (fd);
    return -1;
  }

  char human[32];
  human_size (disk_bytes, human, sizeof human);
  progress ("Partitioning a %s disk image (libguestfs)", human);
  if (partition (b, path, (offset + fat_bytes) / 512 - 1) == -1)
    return -1;

  progress ("Writing the FAT file system");
  static const char *const dirs[] = {
    "/EFI", "/EFI/BOOT", "/boot", "/boot/grub", "/LiveOS", NULL
  };
  if (fat_format (b, path, offset, fat_bytes, MEDIUM_LABEL, false) == -1 ||
      fat_mkdirs (b, path, offset, dirs) == -1 ||
      fat_copy (b, path, offset, efi, "/EFI/BOOT/BOOTX64.EFI") == -1 ||
      fat_copy (b, path, offset, grub_cfg, "/boot/grub/grub.cfg") == -1 ||
      fat_copy (b, path, offset, sys_cfg, "/syslinux.cfg") == -1 ||
      fat_copy (b, path, offset, bs->kernel, "/vmlinuz") == -1 ||
      fat_copy (b, path, offset, bs->initrd, "/initrd.img") == -1 ||
      fat_copy (b, path, offset, bs->payload, "/payload.img") == -1 ||
      fat_copy (b, path, offset, bs->squashfs, "/LiveOS/squashfs.img") == -1)
    return -1;

  progress ("Installing syslinux");
  return fat_syslinux (b, path, offset);
}
