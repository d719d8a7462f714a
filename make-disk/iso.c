/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The hybrid ISO, made by xorriso: El Torito for BIOS (isolinux) and
 * for UEFI (a small FAT image holding GRUB), plus an isohybrid MBR
 * and GPT so the same file also boots when written to a USB stick.
 * The volume id is the label root=live:CDLABEL= names.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "string-vector.h"
#include "tmpdir.h"
#include "utils.h"

/* The EFI El Torito image: EFI/BOOT/BOOTX64.EFI alone on FAT. */
static char *
make_efiboot (const struct build *b, const char *efi)
{
  static const char *const dirs[] = { "/EFI", "/EFI/BOOT", NULL };
  char *img = tmpdir_path ("efiboot.img");
  struct stat st;
  uint64_t size;

  if (img == NULL)
    return NULL;
  if (stat (efi, &st) == -1) {
    log_error ("%s: %m", efi);
    goto err;
  }
  size = st.st_size;
  size = fat_size_for (&size, 1);
  if (fat_format (b, img, 0, size, "EFIBOOT", true) == -1 ||
      fat_mkdirs (b, img, 0, dirs) == -1 ||
      fat_copy (b, img, 0, efi, "/EFI/BOOT/BOOTX64.EFI") == -1)
    goto err;
  return img;
 err:
  free (img);
  return NULL;
}

int
build_iso (const struct build *b, const char *path)
{
  const struct boot_set *bs = b->bs;
  CLEANUP_FREE char *efi = NULL, *grub_cfg = NULL, *iso_cfg = NULL;
  CLEANUP_FREE char *efiboot = NULL;
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  char epoch_env[64], date[32];
  const char *env[2] = { NULL, NULL };
  int r = 0;

  progress ("Making the boot loader files");
  if ((efi = build_grub_efi (b)) == NULL ||
      (grub_cfg = write_grub_cfg (b)) == NULL ||
      (iso_cfg = write_syslinux_cfg (b, "isolinux.cfg")) == NULL ||
      (efiboot = make_efiboot (b, efi)) == NULL)
    return -1;

  const char *const fixed[] = {
    "xorriso", "-as", "mkisofs", "-o", path,
    "-V", MEDIUM_LABEL, "-J", "-R", "-graft-points",
    "-isohybrid-mbr", ISOLINUX_DIR "/isohdpfx.bin",
    "-c", "isolinux/boot.cat",
    "-b", "isolinux/isolinux.bin",
    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
    "-eltorito-alt-boot", "-e", "boot/efiboot.img", "-no-emul-boot",
    "-isohybrid-gpt-basdat",
    NULL
  };
  for (size_t i = 0; fixed[i]; ++i)
    r |= string_vector_add (&argv, fixed[i]);
  if (!verbose)
    r |= string_vector_add (&argv, "-quiet");
  if (b->reproducible) {
    /* Volume dates, the UUID the GPT GUIDs derive from, and every
     * file's and directory's dates.
     */
    time_t t = b->epoch;
    struct tm tm;
    strftime (date, sizeof date, "%Y%m%d%H%M%S00", gmtime_r (&t, &tm));
    r |= string_vector_addf (&argv, "--modification-date=%s", date);
    r |= string_vector_add (&argv, "--set_all_file_dates");
    r |= string_vector_add (&argv, date);
    snprintf (epoch_env, sizeof epoch_env, "SOURCE_DATE_EPOCH=%lld",
              b->epoch);
    env[0] = epoch_env;
  }
  r |= string_vector_addf (&argv, "/isolinux/isolinux.bin=%s/isolinux.bin",
                           ISOLINUX_DIR);
  r |= string_vector_addf (&argv, "/isolinux/ldlinux.c32=%s/ldlinux.c32",
                           SYSLINUX_BIOS_DIR);
  r |= string_vector_addf (&argv, "/isolinux/isolinux.cfg=%s", iso_cfg);
  r |= string_vector_addf (&argv, "/boot/grub/grub.cfg=%s", grub_cfg);
  r |= string_vector_addf (&argv, "/boot/efiboot.img=%s", efiboot);
  r |= string_vector_addf (&argv, "/vmlinuz=%s", bs->kernel);
  r |= string_vector_addf (&argv, "/initrd.img=%s", bs->initrd);
  r |= string_vector_addf (&argv, "/payload.img=%s", bs->payload);
  r |= string_vector_addf (&argv, "/LiveOS/squashfs.img=%s", bs->squashfs);
  r |= string_vector_terminate (&argv);
  if (r != 0) {
    log_error ("out of memory");
    return -1;
  }

  progress ("Writing the ISO (xorriso)");
  return run_tool ((const char *const *) argv.ptr, env);
}
