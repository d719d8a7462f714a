/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The options every medium builder takes (what goes into the boot
 * set, the kernel command line, -v, -V, --help) and the checks that
 * find bad input before anything slow starts.  The builders add only
 * their own options (output, format, machines...).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-builder.h"
#include "options.h"
#include "utils.h"

void
media_builder_options_init (struct media_builder_options *o,
                            void (*usage) (int))
{
  memset (o, 0, sizeof *o);
  o->media.firmware = true;
  o->usage = usage;
}

void
media_builder_options_free (struct media_builder_options *o)
{
  string_vector_free (&o->packages);
  free (o->full_cmdline);
  o->full_cmdline = NULL;
}

static const char *const hidden[] = { "boot-set", NULL };

static int
shared_option (struct media_builder_options *o, int c, const char *arg,
               const struct option *long_options, const char *short_options)
{
  switch (c) {
  case MB_ARCH_OPTION: o->arch = arg; break;
  case MB_BOOT_SET_OPTION: o->boot_set = arg; break;
  case MB_CACHE_DIR_OPTION: o->media.cache_dir = arg; break;
  case MB_CMDLINE_OPTION: o->cmdline = arg; break;
  case MB_FIRMWARE_OPTION: o->media.firmware = true; break;
  case MB_NO_FIRMWARE_OPTION: o->media.firmware = false; break;
  case MB_HOST_KEY_OPTION: o->media.host_key = arg; break;
  case MB_IDENTITY_OPTION: o->media.ssh_identity = arg; break;
  case MB_VIRT_P2V_OPTION: o->media.virt_p2v_binary = arg; break;
  case MB_INSTALL_OPTION:
    if (string_vector_split (&o->packages, arg, ", ") == -1) {
      log_error ("out of memory");
      exit (EXIT_FAILURE);
    }
    break;
  case 'v': verbose = true; break;
  case 'V':
    printf ("%s %s\n", program_invocation_short_name, PACKAGE_VERSION);
    exit (EXIT_SUCCESS);
  case MB_HELP_OPTION: o->usage (EXIT_SUCCESS); break;
  case MB_LONG_OPTIONS_OPTION:
    print_long_options (long_options, hidden);
    exit (EXIT_SUCCESS);
  case MB_SHORT_OPTIONS_OPTION:
    print_short_options (short_options);
    exit (EXIT_SUCCESS);
  default:
    return 0;
  }
  return 1;
}

void
media_builder_try_help (void)
{
  fprintf (stderr, "Try '%s --help' for more information.\n",
           program_invocation_short_name);
  exit (EXIT_FAILURE);
}

void
media_builder_parse (struct media_builder_options *o, int argc,
                     char *argv[], const char *short_options,
                     const struct option *long_options,
                     bool (*own) (int c, const char *arg, void *opaque),
                     void *opaque)
{
  int c;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1)
    if (!shared_option (o, c, optarg, long_options, short_options) &&
        !own (c, optarg, opaque))
      o->usage (EXIT_FAILURE);
  if (optind != argc) {
    log_error ("unexpected argument '%s': give the output with -o",
               argv[optind]);
    o->usage (EXIT_FAILURE);
  }
}

void
media_builder_usage_options (FILE *fp)
{
  fputs ("  --cmdline=\"p2v.KEY=VAL ...\"  kernel arguments for every boot entry\n"
         "  --inject-ssh-identity=FILE   private key for the conversion server\n"
         "  --host-key=SHA256:...        pin the conversion server's host key\n"
         "  --install=PKG,...            add these installed host packages\n"
         "  --no-firmware, --firmware    leave out (or add) host firmware\n"
         "  --virt-p2v=FILE              the virt-p2v client to pack\n"
         "  --arch=ARCH                  must be the host's architecture\n"
         "  --cache-dir=DIR              cache of built boot sets\n"
         "  -v, --verbose                show every command run\n"
         "  -V, --version                print the version and exit\n"
         "  --help                       print this help and exit\n", fp);
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
             "built: run %s on a %s machine", arch, u.machine,
             program_invocation_short_name, arch);
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
media_builder_options_check (struct media_builder_options *o)
{
  struct media_options *m = &o->media;

  m->verbose = verbose;
  if (o->packages.len > 0) {
    if (string_vector_terminate (&o->packages) == -1) {
      log_error ("out of memory");
      return -1;
    }
    m->extra_packages = o->packages.ptr;
  }
  if (check_arch (o->arch) == -1 ||
      (m->ssh_identity &&
       check_readable ("inject-ssh-identity", m->ssh_identity) == -1) ||
      (m->virt_p2v_binary &&
       check_readable ("virt-p2v", m->virt_p2v_binary) == -1) ||
      (o->cmdline && check_user_cmdline (o->cmdline) == -1))
    return -1;
  if (m->host_key && !STRPREFIX (m->host_key, "SHA256:")) {
    log_error ("--host-key %s: not a fingerprint: give the SHA256:... "
               "form that 'ssh-keygen -l -E sha256 -f KEY.pub' prints",
               m->host_key);
    return -1;
  }
  /* The pin travels as a key on the command line: the client enforces
   * p2v.hostkey; the pipeline's host_key (a known_hosts file) is not
   * needed for it.
   */
  if (m->host_key) {
    if (asprintf (&o->full_cmdline, "%s%sp2v.hostkey=%s",
                  o->cmdline ? o->cmdline : "", o->cmdline ? " " : "",
                  m->host_key) == -1) {
      o->full_cmdline = NULL;
      log_error ("out of memory");
      return -1;
    }
    o->cmdline = o->full_cmdline;
    m->host_key = NULL;
  }
  /* The client to pack: --virt-p2v, $VIRT_P2V_BINARY, else the
   * installed one.
   */
  if (o->boot_set == NULL && getenv ("VIRT_P2V_BOOT_SET") == NULL) {
    if (m->virt_p2v_binary == NULL)
      m->virt_p2v_binary = getenv ("VIRT_P2V_BINARY");
    if (m->virt_p2v_binary == NULL || *m->virt_p2v_binary == '\0')
      m->virt_p2v_binary = P2V_BINDIR "/virt-p2v";
    if (access (m->virt_p2v_binary, X_OK) == -1) {
      log_error ("%s: %m: give the virt-p2v to put on the media with "
                 "--virt-p2v=FILE", m->virt_p2v_binary);
      return -1;
    }
  }
  return 0;
}

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

int
media_check_host (const struct media_host_need *needs, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    if (needs[i].path && access (needs[i].path, R_OK) == -1) {
      log_error ("%s: %m: install it with 'apt-get install %s'",
                 needs[i].path, needs[i].package);
      return -1;
    }
    if (needs[i].prog && !in_path (needs[i].prog)) {
      log_error ("%s: not found in $PATH: install it with "
                 "'apt-get install %s'", needs[i].prog, needs[i].package);
      return -1;
    }
  }
  return 0;
}
