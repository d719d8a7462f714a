/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Boot loader configurations and the GRUB EFI binary.  One entry
 * each, the same kernel arguments in every loader; files on the
 * medium are /vmlinuz, /initrd.img, /payload.img, /LiveOS/.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "tmpdir.h"
#include "utils.h"

/* Write text to TMPDIR/name, stamped with the build's time. */
static char *
write_tmp (const struct build *b, const char *name, const char *text)
{
  char *path = tmpdir_path (name);

  if (path == NULL || text == NULL ||
      media_write_text (path, text, b->epoch) == -1) {
    free (path);
    return NULL;
  }
  return path;
}

static char *
kernel_args (const struct build *b)
{
  return media_kernel_args (b->format == FORMAT_ISO
                            ? "live:CDLABEL=" MEDIUM_LABEL
                            : "live:LABEL=" MEDIUM_LABEL, b->user_cmdline);
}

static const char *const initrds[] = { "/initrd.img", "/payload.img", NULL };

char *
write_syslinux_cfg (const struct build *b, const char *name)
{
  CLEANUP_FREE char *args = kernel_args (b);
  CLEANUP_FREE char *text =
    args ? media_syslinux_entry ("/vmlinuz", initrds, args) : NULL;

  return text ? write_tmp (b, name, text) : NULL;
}

char *
write_grub_cfg (const struct build *b)
{
  CLEANUP_FREE char *args = kernel_args (b);
  CLEANUP_FREE char *text =
    args ? media_grub_entry ("/vmlinuz", initrds, args) : NULL;

  return text ? write_tmp (b, "grub.cfg", text) : NULL;
}

/* The embedded configuration finds the medium by label and reads
 * /boot/grub/grub.cfg from it, so the entry is an ordinary file.
 */
char *
build_grub_efi (const struct build *b)
{
  static const char early[] =
    "search --no-floppy --set=root --label " MEDIUM_LABEL "\n"
    "set prefix=($root)/boot/grub\n"
    "configfile ($root)/boot/grub/grub.cfg\n";
  static const char *const modules[] = {
    "part_gpt", "part_msdos", "fat", "iso9660", "search", "search_label",
    NULL
  };
  CLEANUP_FREE char *early_cfg = write_tmp (b, "grub-early.cfg", early);
  char *efi = tmpdir_path ("BOOTX64.EFI");

  if (early_cfg == NULL || efi == NULL ||
      media_grub_efi (efi, "/boot/grub", early_cfg, modules) == -1) {
    free (efi);
    return NULL;
  }
  return efi;
}
