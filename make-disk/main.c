/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-disk: options and up-front checks (everything that
 * can be wrong is found before the slow part starts), then boot set
 * -> medium -> rename.  Only main decides the exit status.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "make-disk.h"
#include "tmpdir.h"
#include "utils.h"

enum {
  FORMAT_OPTION = MB_OPTION_END,
  NO_WARN_OPTION,
};

static const char short_options[] = "o:" MEDIA_BUILDER_SHORT_OPTIONS;
static const struct option long_options[] = {
  MEDIA_BUILDER_LONG_OPTIONS,
  { "format", required_argument, NULL, FORMAT_OPTION },
  { "no-warn-if-partition", no_argument, NULL, NO_WARN_OPTION },
  { "output", required_argument, NULL, 'o' },
  { NULL }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    media_builder_try_help ();
  printf ("%s: make bootable virt-p2v media (USB disk image or hybrid ISO)\n"
          "\n"
          "Usage:\n"
          "  %s -o OUTPUT [options]\n"
          "\n"
          "OUTPUT ending in .iso is a hybrid ISO (CD or USB stick), anything\n"
          "else a raw disk image; both boot under BIOS and UEFI.  OUTPUT may\n"
          "be a USB stick's block device.\n"
          "\n"
          "Options:\n"
          "  -o, --output=OUTPUT          the medium to write\n"
          "  --format=raw|iso             override the choice by file name\n"
          "  --no-warn-if-partition       allow overwriting a partitioned device\n",
          program_invocation_short_name, program_invocation_short_name);
  media_builder_usage_options (stdout);
  printf ("\n"
          "See virt-p2v-make-disk(1).\n");
  exit (status);
}

/* What a build needs on the host, for each format. */
static const struct media_host_need needs_common[] = {
  { GRUB_EFI_DIR "/linux.mod", NULL, "grub-efi-amd64-bin" },
  { NULL, "mformat", "mtools" },
  { NULL, "grub-mkimage", "grub-common" },
  { NULL, "sha256sum", "coreutils" },
};
static const struct media_host_need needs_raw[] = {
  { GPTMBR_BIN, NULL, "syslinux" },
  { NULL, "syslinux", "syslinux" },
};
static const struct media_host_need needs_iso[] = {
  { ISOLINUX_DIR "/isolinux.bin", NULL, "isolinux" },
  { ISOLINUX_DIR "/isohdpfx.bin", NULL, "isolinux" },
  { SYSLINUX_BIOS_DIR "/ldlinux.c32", NULL, "syslinux-common" },
  { NULL, "xorriso", "xorriso" },
};
#define N(a) (sizeof (a) / sizeof (a)[0])

static int
check_host (enum medium_format format)
{
  if (format == FORMAT_ISO
      ? media_check_host (needs_iso, N (needs_iso)) == -1
      : media_check_host (needs_raw, N (needs_raw)) == -1)
    return -1;
  return media_check_host (needs_common, N (needs_common));
}

/* make-disk's own options. */
struct disk_args {
  const char *output, *format;
  bool no_warn_if_partition;
};

static bool
own_option (int c, const char *arg, void *opaque)
{
  struct disk_args *a = opaque;

  switch (c) {
  case 'o': a->output = arg; return true;
  case FORMAT_OPTION: a->format = arg; return true;
  case NO_WARN_OPTION: a->no_warn_if_partition = true; return true;
  default: return false;
  }
}

int
main (int argc, char *argv[])
{
  struct disk_args a = { NULL };
  const char *output, *format_opt;
  struct media_builder_options mb;
  struct boot_set bs = { NULL };
  struct output out = { NULL };
  struct build b = { .bs = &bs };
  int r = -1;

  media_builder_options_init (&mb, usage);
  media_builder_parse (&mb, argc, argv, short_options, long_options,
                       own_option, &a);
  output = a.output;
  format_opt = a.format;
  if (output == NULL || *output == '\0') {
    log_error ("no output: give -o FILE.img, -o FILE.iso or -o /dev/DEVICE");
    usage (EXIT_FAILURE);
  }
  if (format_opt == NULL)
    b.format = STRSUFFIX (output, ".iso") ? FORMAT_ISO : FORMAT_RAW;
  else if (STREQ (format_opt, "raw"))
    b.format = FORMAT_RAW;
  else if (STREQ (format_opt, "iso"))
    b.format = FORMAT_ISO;
  else {
    log_error ("--format %s: unknown format: use raw or iso", format_opt);
    exit (EXIT_FAILURE);
  }

  /* Everything that can be wrong, before anything slow. */
  if (media_builder_options_check (&mb) == -1)
    exit (EXIT_FAILURE);
  b.user_cmdline = mb.cmdline;
  if (check_host (b.format) == -1)
    exit (EXIT_FAILURE);

  interrupt_install ();
  if (output_check (&out, output, a.no_warn_if_partition) == -1)
    goto out;

  progress ("Building the boot set");
  if (media_get_boot_set (&mb, &bs) == -1 || check_interrupted () == -1)
    goto out;
  if (repro_init (&b) == -1)
    goto out;
  if ((b.format == FORMAT_ISO ? build_iso (&b, out.tmp)
                              : build_disk (&b, out.tmp)) == -1 ||
      check_interrupted () == -1)
    goto out;
  if (output_commit (&out, &b) == -1)
    goto out;
  progress ("Done: %s", output);
  r = 0;

 out:
  output_free (&out);
  media_put_boot_set (&mb, &bs);
  media_builder_options_free (&mb);
  log_free_secrets ();
  tmpdir_cleanup ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
