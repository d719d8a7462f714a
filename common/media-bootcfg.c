/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Boot loader configuration text shared by the medium builders: one
 * syslinux (isolinux, pxelinux) entry and one GRUB entry, with the
 * same kernel arguments in both, and the GRUB EFI image.  The
 * builders say where the files are (a path on a disk, a TFTP path or
 * an http:// URL).
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "log.h"
#include "media-builder.h"
#include "utils.h"

/* The initrds joined by sep. */
static int
join (FILE *fp, const char *const *initrds, const char *sep)
{
  for (size_t i = 0; initrds[i]; ++i)
    fprintf (fp, "%s%s", i ? sep : "", initrds[i]);
  return 0;
}

char *
media_syslinux_entry (const char *kernel, const char *const *initrds,
                      const char *args)
{
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("open_memstream: %m");
    return NULL;
  }
  /* SERIAL first, so even "file not found" reaches the serial line. */
  fprintf (fp,
           "SERIAL 0 115200\n"
           "DEFAULT virt-p2v\n"
           "PROMPT 0\n"
           "TIMEOUT 20\n"
           "LABEL virt-p2v\n"
           "  KERNEL %s\n"
           "  INITRD ", kernel);
  join (fp, initrds, ",");
  fprintf (fp, "\n  APPEND %s\n", args);
  if (fclose (fp) == EOF) {
    log_error ("open_memstream: %m");
    free (text);
    return NULL;
  }
  return text;
}

char *
media_grub_entry (const char *kernel, const char *const *initrds,
                  const char *args)
{
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("open_memstream: %m");
    return NULL;
  }
  /* GRUB joins the words of "linux" again; a "KEY=a b" word comes out
   * as "\"KEY=a b\"", which the kernel and virt-p2v read alike.
   */
  fprintf (fp,
           "serial --unit=0 --speed=115200\n"
           "terminal_input console serial\n"
           "terminal_output console serial\n"
           "set timeout=2\n"
           "menuentry \"virt-p2v\" {\n"
           "  linux %s %s\n"
           "  initrd ", kernel, args);
  join (fp, initrds, " ");
  fprintf (fp, "\n}\n");
  if (fclose (fp) == EOF) {
    log_error ("open_memstream: %m");
    free (text);
    return NULL;
  }
  return text;
}

int
media_write_text (const char *path, const char *text, long long epoch)
{
  struct timespec ts[2] = { { .tv_sec = epoch }, { .tv_sec = epoch } };

  if (write_file_atomic (path, text, strlen (text), 0644) == -1 ||
      utimensat (AT_FDCWD, path, ts, 0) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  return 0;
}

/* grub-mkimage rather than grub-mkstandalone: the latter's memdisk
 * tar records the time of its own copies of the modules, so no two
 * builds are identical (measured); grub-mkimage output is.
 */
int
media_grub_efi (const char *output, const char *prefix,
                const char *early_cfg, const char *const *modules)
{
  static const char *const common[] = {
    "normal", "configfile", "linux", "echo", "serial", "terminal",
    "efi_gop", "all_video", "test", "sleep", NULL
  };
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  const char *head[] = {
    "grub-mkimage", "-O", "x86_64-efi", "-d", GRUB_EFI_DIR,
    "-o", output, "-p", prefix,
    early_cfg ? "-c" : NULL, early_cfg, NULL
  };

  for (size_t i = 0; head[i]; ++i)
    if (string_vector_add (&argv, head[i]) == -1)
      goto oom;
  for (size_t i = 0; modules && modules[i]; ++i)
    if (string_vector_add (&argv, modules[i]) == -1)
      goto oom;
  for (size_t i = 0; common[i]; ++i)
    if (string_vector_add (&argv, common[i]) == -1)
      goto oom;
  if (string_vector_terminate (&argv) == -1)
    goto oom;
  return run_tool ((const char *const *) argv.ptr, NULL);

 oom:
  log_error ("out of memory");
  return -1;
}
