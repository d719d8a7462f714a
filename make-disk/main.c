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
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "string-vector.h"
#include "tmpdir.h"
#include "utils.h"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  ARCH_OPTION,
  BOOT_SET_OPTION,
  CACHE_DIR_OPTION,
  CMDLINE_OPTION,
  FIRMWARE_OPTION,
  FORMAT_OPTION,
  HOST_KEY_OPTION,
  IDENTITY_OPTION,
  INSTALL_OPTION,
  LONG_OPTIONS_OPTION,
  NO_FIRMWARE_OPTION,
  NO_WARN_OPTION,
  SHORT_OPTIONS_OPTION,
  VIRT_P2V_OPTION,
};

static const char short_options[] = "o:vV";
static const struct option long_options[] = {
  { "arch", required_argument, NULL, ARCH_OPTION },
  { "cache-dir", required_argument, NULL, CACHE_DIR_OPTION },
  { "cmdline", required_argument, NULL, CMDLINE_OPTION },
  { "firmware", no_argument, NULL, FIRMWARE_OPTION },
  { "format", required_argument, NULL, FORMAT_OPTION },
  { "help", no_argument, NULL, HELP_OPTION },
  { "host-key", required_argument, NULL, HOST_KEY_OPTION },
  { "inject-ssh-identity", required_argument, NULL, IDENTITY_OPTION },
  { "install", required_argument, NULL, INSTALL_OPTION },
  { "no-firmware", no_argument, NULL, NO_FIRMWARE_OPTION },
  { "no-warn-if-partition", no_argument, NULL, NO_WARN_OPTION },
  { "output", required_argument, NULL, 'o' },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "virt-p2v", required_argument, NULL, VIRT_P2V_OPTION },
  /* Hidden: bash completion and the docs test; the boot set stub. */
  { "long-options", no_argument, NULL, LONG_OPTIONS_OPTION },
  { "short-options", no_argument, NULL, SHORT_OPTIONS_OPTION },
  { "boot-set", required_argument, NULL, BOOT_SET_OPTION },
  { NULL }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n",
             program_invocation_short_name);
    exit (status);
  }
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
          "  --cmdline=\"p2v.KEY=VAL ...\"  kernel arguments for every boot entry\n"
          "  --inject-ssh-identity=FILE   private key for the conversion server\n"
          "  --host-key=SHA256:...        pin the conversion server's host key\n"
          "  --install=PKG,...            add these installed host packages\n"
          "  --no-firmware, --firmware    leave out (or add) host firmware\n"
          "  --virt-p2v=FILE              the virt-p2v client to pack\n"
          "  --arch=ARCH                  must be the host's architecture\n"
          "  --cache-dir=DIR              cache of built boot sets\n"
          "  --no-warn-if-partition       allow overwriting a partitioned device\n"
          "  -v, --verbose                show every command run\n"
          "  -V, --version                print the version and exit\n"
          "  --help                       print this help and exit\n"
          "\n"
          "See virt-p2v-make-disk(1).\n",
          program_invocation_short_name, program_invocation_short_name);
  exit (status);
}

/* What a build needs on the host: file, Debian package, for which format
 * (-1: both).
 */
static const struct {
  const char *path;
  const char *package;
  int format;
} host_needs[] = {
  { GPTMBR_BIN, "syslinux", FORMAT_RAW },
  { ISOLINUX_DIR "/isolinux.bin", "isolinux", FORMAT_ISO },
  { ISOLINUX_DIR "/isohdpfx.bin", "isolinux", FORMAT_ISO },
  { SYSLINUX_BIOS_DIR "/ldlinux.c32", "syslinux-common", FORMAT_ISO },
  { GRUB_EFI_DIR "/linux.mod", "grub-efi-amd64-bin", -1 },
};
static const struct {
  const char *prog;
  const char *package;
  int format;
} host_progs[] = {
  { "mformat", "mtools", -1 },
  { "syslinux", "syslinux", FORMAT_RAW },
  { "xorriso", "xorriso", FORMAT_ISO },
  { "grub-mkimage", "grub-common", -1 },
  { "sha256sum", "coreutils", -1 },
};

static bool
in_path (const char *prog)
{
  const char *path = getenv ("PATH");
  CLEANUP_FREE char *copy = strdup (path ? path : "/usr/bin:/bin");

  for (char *dir = copy ? strtok (copy, ":") : NULL; dir;
       dir = strtok (NULL, ":")) {
    CLEANUP_FREE char *p = NULL;
    if (asprintf (&p, "%s/%s", dir, prog) != -1 && access (p, X_OK) == 0)
      return true;
  }
  return false;
}

static int
check_host (enum medium_format format)
{
  for (size_t i = 0; i < sizeof host_needs / sizeof host_needs[0]; ++i)
    if ((host_needs[i].format == -1 || host_needs[i].format == (int) format)
        && access (host_needs[i].path, R_OK) == -1) {
      log_error ("%s: %m: install it with 'apt-get install %s'",
                 host_needs[i].path, host_needs[i].package);
      return -1;
    }
  for (size_t i = 0; i < sizeof host_progs / sizeof host_progs[0]; ++i)
    if ((host_progs[i].format == -1 || host_progs[i].format == (int) format)
        && !in_path (host_progs[i].prog)) {
      log_error ("%s: not found in $PATH: install it with "
                 "'apt-get install %s'", host_progs[i].prog,
                 host_progs[i].package);
      return -1;
    }
  return 0;
}

static int
check_arch (const char *arch)
{
  struct utsname u;

  uname (&u);
  if (arch == NULL || STREQ (arch, u.machine) ||
      (STREQ (u.machine, "x86_64") && STREQ (arch, "amd64")))
    return 0;
  log_error ("--arch %s: only the build host's architecture (%s) can be "
             "built: run virt-p2v-make-disk on a %s machine", arch,
             u.machine, arch);
  return -1;
}

static int
check_readable (const char *opt, const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd == -1) {
    log_error ("--%s %s: %m: give a readable file", opt, path);
    return -1;
  }
  close (fd);
  return 0;
}

int
main (int argc, char *argv[])
{
  const char *output = NULL, *format_opt = NULL, *arch = NULL;
  const char *cmdline = NULL;
  CLEANUP_FREE char *full_cmdline = NULL;
  bool no_warn_if_partition = false;
  struct media_options mopts = { .firmware = true };
  CLEANUP_FREE_STRING_VECTOR string_vector packages = empty_vector;
  struct boot_set bs = { NULL };
  struct output out = { NULL };
  struct build b = { .bs = &bs };
  int c, r = -1;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case FORMAT_OPTION: format_opt = optarg; break;
    case ARCH_OPTION: arch = optarg; break;
    case CMDLINE_OPTION: cmdline = optarg; break;
    case IDENTITY_OPTION: mopts.ssh_identity = optarg; break;
    case HOST_KEY_OPTION: mopts.host_key = optarg; break;
    case CACHE_DIR_OPTION: mopts.cache_dir = optarg; break;
    case VIRT_P2V_OPTION: mopts.virt_p2v_binary = optarg; break;
    case FIRMWARE_OPTION: mopts.firmware = true; break;
    case NO_FIRMWARE_OPTION: mopts.firmware = false; break;
    case NO_WARN_OPTION: no_warn_if_partition = true; break;
    case BOOT_SET_OPTION: prebuilt_boot_set = optarg; break;
    case INSTALL_OPTION:
      if (string_vector_split (&packages, optarg, ", ") == -1) {
        log_error ("out of memory");
        exit (EXIT_FAILURE);
      }
      break;
    case 'v': verbose = true; break;
    case 'V':
      printf ("virt-p2v-make-disk %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case LONG_OPTIONS_OPTION:
      for (const struct option *o = long_options; o->name; ++o)
        if (!STREQ (o->name, "long-options") &&
            !STREQ (o->name, "short-options") &&
            !STREQ (o->name, "boot-set"))
          printf ("--%s\n", o->name);
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS_OPTION:
      for (const char *p = short_options; *p; ++p)
        if (*p != ':')
          printf ("-%c\n", *p);
      exit (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind != argc) {
    log_error ("unexpected argument '%s': give the output with -o",
               argv[optind]);
    usage (EXIT_FAILURE);
  }
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
  mopts.verbose = verbose;
  if (packages.len > 0) {
    if (string_vector_terminate (&packages) == -1) {
      log_error ("out of memory");
      exit (EXIT_FAILURE);
    }
    mopts.extra_packages = packages.ptr;
  }

  /* Everything that can be wrong, before anything slow. */
  if (check_arch (arch) == -1 ||
      (mopts.ssh_identity &&
       check_readable ("inject-ssh-identity", mopts.ssh_identity) == -1) ||
      (mopts.virt_p2v_binary &&
       check_readable ("virt-p2v", mopts.virt_p2v_binary) == -1) ||
      (cmdline && check_user_cmdline (cmdline) == -1))
    exit (EXIT_FAILURE);
  if (mopts.host_key && !STRPREFIX (mopts.host_key, "SHA256:")) {
    log_error ("--host-key %s: not a fingerprint: give the SHA256:... "
               "form that 'ssh-keygen -l -E sha256 -f KEY.pub' prints",
               mopts.host_key);
    exit (EXIT_FAILURE);
  }
  /* The pin travels as a key on the command line: the client enforces
   * p2v.hostkey; the pipeline's host_key (a known_hosts file) is not
   * needed for it.
   */
  if (mopts.host_key) {
    if (asprintf (&full_cmdline, "%s%sp2v.hostkey=%s", cmdline ? cmdline : "",
                  cmdline ? " " : "", mopts.host_key) == -1) {
      log_error ("out of memory");
      exit (EXIT_FAILURE);
    }
    cmdline = full_cmdline;
    mopts.host_key = NULL;
  }
  /* The client to pack: --virt-p2v, $VIRT_P2V_BINARY, else the
   * installed one.
   */
  if (prebuilt_boot_set == NULL && getenv ("VIRT_P2V_BOOT_SET") == NULL) {
    if (mopts.virt_p2v_binary == NULL)
      mopts.virt_p2v_binary = getenv ("VIRT_P2V_BINARY");
    if (mopts.virt_p2v_binary == NULL || *mopts.virt_p2v_binary == '\0')
      mopts.virt_p2v_binary = P2V_BINDIR "/virt-p2v";
    if (access (mopts.virt_p2v_binary, X_OK) == -1) {
      log_error ("%s: %m: give the virt-p2v to put on the media with "
                 "--virt-p2v=FILE", mopts.virt_p2v_binary);
      exit (EXIT_FAILURE);
    }
  }
  b.user_cmdline = cmdline;
  if (check_host (b.format) == -1)
    exit (EXIT_FAILURE);

  interrupt_install ();
  if (output_check (&out, output, no_warn_if_partition) == -1)
    goto out;

  progress ("Building the boot set");
  if (get_boot_set (&mopts, &bs) == -1 || check_interrupted () == -1)
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
  media_free_boot_set (&bs);
  log_free_secrets ();
  tmpdir_cleanup ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
