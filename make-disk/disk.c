/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The raw disk image: GPT with one EFI system partition (FAT, label
 * P2VBOOT) that holds everything.  BIOS: syslinux's gptmbr.bin in the
 * MBR boots the partition flagged "legacy BIOS bootable", whose boot
 * sector is syslinux.  UEFI: the firmware runs EFI/BOOT/BOOTX64.EFI
 * (GRUB).  gpt.c builds the partition table, libguestfs writes it and
 * reads it back; the file system is made in place by fat.c.
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

/* Read back through the appliance's own tools (parted, sgdisk) what
 * the firmware needs from the table gpt.c built: a mistake there fails
 * the build, not the boot.  That is a GPT, the partition where we put
 * it, the ESP type (UEFI) and the legacy BIOS bootable flag (syslinux's
 * gptmbr.bin).  The name and the GUIDs only identify the disk; test-gpt
 * checks them with libfdisk, and each sgdisk call here costs 0.2-1 s
 * under TCG.
 */
static int
check_partition (guestfs_h *g, const struct gpt *want)
{
  CLEANUP_FREE char *type = NULL, *ptype = NULL;
  struct guestfs_partition_list *parts = NULL;
  int64_t attrs;
  bool ok;

  if ((type = guestfs_part_get_parttype (g, "/dev/sda")) == NULL ||
      (parts = guestfs_part_list (g, "/dev/sda")) == NULL ||
      (ptype = guestfs_part_get_gpt_type (g, "/dev/sda", 1)) == NULL ||
      (attrs = guestfs_part_get_gpt_attributes (g, "/dev/sda", 1)) == -1) {
    if (parts) guestfs_free_partition_list (parts);
    return guestfs_failed (g, "reading the partition table back");
  }
  ok = STREQ (type, "gpt") && parts->len == 1 &&
    parts->val[0].part_start == want->first * 512 &&
    parts->val[0].part_end == want->last * 512 + 511 &&
    STRCASEEQ (ptype, want->type_guid) &&
    (uint64_t) attrs == want->attributes;
  guestfs_free_partition_list (parts);
  if (!ok) {
    log_error ("internal error: the partition table read back differs "
               "from the one written (%s, %s, %" PRIi64 ")",
               type, ptype, attrs);
    return -1;
  }
  return 0;
}

/* GPT, one partition [2048, last], syslinux's boot code in the MBR. */
static int
partition (const struct build *b, const char *path, uint64_t sectors,
           uint64_t last)
{
  CLEANUP_FREE char *mbr = NULL;
  CLEANUP_FREE struct gpt_sectors *gs = NULL;
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
  const struct gpt want = {
    .sectors = sectors, .first = 2048, .last = last,
    .disk_guid = disk_guid, .type_guid = ESP_TYPE, .part_guid = part_guid,
    .name = "virt-p2v", .attributes = GPT_ATTR_LEGACY_BIOS_BOOTABLE,
    .boot_code = (const unsigned char *) mbr,
  };
  if ((gs = malloc (sizeof *gs)) == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  if (gpt_build (&want, gs) == -1)
    return -1;

  g = guestfs_create ();
  if (g == NULL) {
    log_error ("guestfs_create: %m");
    return -1;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  if (verbose)
    guestfs_set_trace (g, 1);
  /* Two vCPUs when the host has two: the appliance's boot is most of
   * this step, and under TCG it took 11.7-13.0 s with two against
   * 12.8-18.8 s with one (six launches each).
   */
  if (sysconf (_SC_NPROCESSORS_ONLN) >= 2 && guestfs_set_smp (g, 2) == -1) {
    guestfs_failed (g, "set_smp");
    goto out;
  }
  if (guestfs_add_drive_opts (g, path, GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1) {
    guestfs_failed (g, "add_drive");
    goto out;
  }
  if (check_interrupted () == -1) goto out;
  if (guestfs_launch (g) == -1) { guestfs_failed (g, "launch"); goto out; }
  if (check_interrupted () == -1) goto out;
  if (guestfs_pwrite_device (g, "/dev/sda", (const char *) gs->head,
                             sizeof gs->head, 0) != (int) sizeof gs->head ||
      guestfs_pwrite_device (g, "/dev/sda", (const char *) gs->tail,
                             sizeof gs->tail,
                             sectors * 512 - sizeof gs->tail)
      != (int) sizeof gs->tail) {
    guestfs_failed (g, "writing the partition table");
    goto out;
  }
  if (check_partition (g, &want) == -1)
    goto out;
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
  if (partition (b, path, disk_bytes / 512,
                 (offset + fat_bytes) / 512 - 1) == -1)
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
