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

/* One entry: head, the kernel, the arguments after it (GRUB) or on
 * their own line after append (syslinux), initrd_line and the initrds
 * joined by sep, then end.
 */
struct entry_syntax {
  const char *head, *initrd_line, *sep, *append, *end;
};

static char *
entry (const struct entry_syntax *e, const char *kernel,
       const char *const *initrds, const char *args)
{
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("open_memstream: %m");
    return NULL;
  }
  fputs (e->head, fp);
  fputs (kernel, fp);
  if (e->append == NULL)
    fprintf (fp, " %s", args);
  fputs (e->initrd_line, fp);
  for (size_t i = 0; initrds[i]; ++i)
    fprintf (fp, "%s%s", i ? e->sep : "", initrds[i]);
  if (e->append)
    fprintf (fp, "%s%s", e->append, args);
  fputs (e->end, fp);
  if (fclose (fp) == EOF) {
    log_error ("open_memstream: %m");
    free (text);
    return NULL;
  }
  return text;
}

/* SERIAL first, so even "file not found" reaches the serial line. */
static const struct entry_syntax syslinux = {
  .head = "SERIAL 0 115200\n"
          "DEFAULT virt-p2v\n"
          "PROMPT 0\n"
          "TIMEOUT 20\n"
          "LABEL virt-p2v\n"
          "  KERNEL ",
  .initrd_line = "\n  INITRD ", .sep = ",", .append = "\n  APPEND ",
  .end = "\n",
};

/* GRUB joins the words of "linux" again; a "KEY=a b" word comes out
 * as "\"KEY=a b\"", which the kernel and virt-p2v read alike.
 */
static const struct entry_syntax grub = {
  .head = "serial --unit=0 --speed=115200\n"
          "terminal_input console serial\n"
          "terminal_output console serial\n"
          "set timeout=2\n"
          "menuentry \"virt-p2v\" {\n"
          "  linux ",
  .initrd_line = "\n  initrd ", .sep = " ", .end = "\n}\n",
};

char *
media_syslinux_entry (const char *kernel, const char *const *initrds,
                      const char *args)
{
  return entry (&syslinux, kernel, initrds, args);
}

char *
media_grub_entry (const char *kernel, const char *const *initrds,
                  const char *args)
{
  return entry (&grub, kernel, initrds, args);
}

/* root is the medium's live root as p2v-init reads it (init/cmdline.c):
 * "live:LABEL=P2VBOOT" (disk), "live:CDLABEL=P2VBOOT" (ISO) or
 * "live:/LiveOS/squashfs.img" (PXE: the squashfs appended to the
 * initrd); user the checked --cmdline (user-cmdline.h), or NULL.
 */
char *
media_kernel_args (const char *root, const char *user)
{
  char *args;

  if (asprintf (&args, "root=%s quiet console=tty0 console=ttyS0,115200%s%s",
                root, user && *user ? " " : "",
                user ? user : "") == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  return args;
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
