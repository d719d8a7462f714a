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
  struct timespec ts[2] = { { .tv_sec = b->epoch }, { .tv_sec = b->epoch } };

  if (path == NULL)
    return NULL;
  if (write_file_atomic (path, text, strlen (text), 0644) == -1 ||
      utimensat (AT_FDCWD, path, ts, 0) == -1) {
    log_error ("%s: %m", path);
    free (path);
    return NULL;
  }
  return path;
}

char *
write_syslinux_cfg (const struct build *b, const char *name)
{
  CLEANUP_FREE char *args = kernel_args (b->format, b->user_cmdline);
  CLEANUP_FREE char *text = NULL;

  if (args == NULL)
    return NULL;
  /* SERIAL first, so even "file not found" reaches the serial line. */
  if (asprintf (&text,
                "SERIAL 0 115200\n"
                "DEFAULT virt-p2v\n"
                "PROMPT 0\n"
                "TIMEOUT 20\n"
                "LABEL virt-p2v\n"
                "  KERNEL /vmlinuz\n"
                "  INITRD /initrd.img,/payload.img\n"
                "  APPEND %s\n", args) == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  return write_tmp (b, name, text);
}

char *
write_grub_cfg (const struct build *b)
{
  CLEANUP_FREE char *args = kernel_args (b->format, b->user_cmdline);
  CLEANUP_FREE char *text = NULL;

  if (args == NULL)
    return NULL;
  /* GRUB joins the words of "linux" again; a "KEY=a b" word comes out
   * as "\"KEY=a b\"", which the kernel and virt-p2v read alike.
   */
  if (asprintf (&text,
                "serial --unit=0 --speed=115200\n"
                "terminal_input console serial\n"
                "terminal_output console serial\n"
                "set timeout=2\n"
                "menuentry \"virt-p2v\" {\n"
                "  linux /vmlinuz %s\n"
                "  initrd /initrd.img /payload.img\n"
                "}\n", args) == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  return write_tmp (b, "grub.cfg", text);
}

/* grub-mkimage rather than grub-mkstandalone: the latter's memdisk
 * tar records the time of its own copies of the modules, so no two
 * builds are identical (measured); grub-mkimage output is.  The
 * embedded configuration finds the medium by label and reads
 * /boot/grub/grub.cfg from it, so the entry is an ordinary file.
 */
char *
build_grub_efi (const struct build *b)
{
  static const char early[] =
    "search --no-floppy --set=root --label " MEDIUM_LABEL "\n"
    "set prefix=($root)/boot/grub\n"
    "configfile ($root)/boot/grub/grub.cfg\n";
  CLEANUP_FREE char *early_cfg = write_tmp (b, "grub-early.cfg", early);
  char *efi = tmpdir_path ("BOOTX64.EFI");
  const char *argv[] = {
    "grub-mkimage", "-O", "x86_64-efi", "-d", GRUB_EFI_DIR,
    "-o", efi, "-p", "/boot/grub", "-c", early_cfg,
    "part_gpt", "part_msdos", "fat", "iso9660", "search", "search_label",
    "normal", "configfile", "linux", "echo", "serial", "terminal",
    "efi_gop", "all_video", "test", "sleep",
    NULL
  };

  if (early_cfg == NULL || efi == NULL || run_tool (argv, NULL) == -1) {
    free (efi);
    return NULL;
  }
  return efi;
}
