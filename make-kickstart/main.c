/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-kickstart: options and up-front checks, then the
 * kickstart is built in memory and written once, atomically (0600 if
 * it holds an identity), and the next commands are printed.  It runs
 * nothing but sha256sum and needs no Fedora tool: any host can make
 * the file; only livecd-creator needs a Fedora/RHEL host.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-kickstart.h"
#include "options.h"
#include "string-vector.h"
#include "utils.h"

#ifndef P2V_TEMPLATES_DIR
#define P2V_TEMPLATES_DIR "/usr/share/virt-p2v-toolkit/templates"
#endif

#define DEFAULT_OUTPUT "p2v.ks"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  CMDLINE_OPTION,
  IDENTITY_OPTION,
  INSTALL_OPTION,
  LONG_OPTIONS_OPTION,
  PROXY_OPTION,
  SHORT_OPTIONS_OPTION,
  VIRT_P2V_OPTION,
};

static const char short_options[] = "o:vV";
static const struct option long_options[] = {
  { "cmdline", required_argument, NULL, CMDLINE_OPTION },
  { "help", no_argument, NULL, HELP_OPTION },
  { "inject-ssh-identity", required_argument, NULL, IDENTITY_OPTION },
  { "install", required_argument, NULL, INSTALL_OPTION },
  { "output", required_argument, NULL, 'o' },
  { "proxy", required_argument, NULL, PROXY_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "virt-p2v", required_argument, NULL, VIRT_P2V_OPTION },
  /* Hidden: bash completion and the docs test. */
  { "long-options", no_argument, NULL, LONG_OPTIONS_OPTION },
  { "short-options", no_argument, NULL, SHORT_OPTIONS_OPTION },
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
  printf ("%s: make a kickstart for a virt-p2v live image (livecd-creator)\n"
          "\n"
          "Usage:\n"
          "  %s [-o p2v.ks] [options] REPO...\n"
          "\n"
          "REPO is fedora, rawhide, koji, rhel-X.Y or a repository URL.\n"
          "\n"
          "Options:\n"
          "  -o, --output=FILE            the kickstart to write (default p2v.ks)\n"
          "  --proxy=URL                  proxy for the repositories\n"
          "  --cmdline=\"p2v.KEY=VAL ...\"  kernel arguments for the boot entries\n"
          "  --inject-ssh-identity=FILE   private key for the conversion server\n"
          "  --install=PKG,...            add these packages to the image\n"
          "  --virt-p2v=FILE              the virt-p2v to embed: built for the\n"
          "                               target distro\n"
          "  -v, --verbose                show every command run\n"
          "  -V, --version                print the version and exit\n"
          "  --help                       print this help and exit\n"
          "\n"
          "See virt-p2v-make-kickstart(1).\n",
          program_invocation_short_name, program_invocation_short_name);
  exit (status);
}

static int
write_output (const char *output, const char *text, size_t len,
              bool secret)
{
  mode_t mask = umask (0);

  umask (mask);
  if (write_file_atomic (output, text, len,
                         secret ? 0600 : 0644 & ~mask) == -1) {
    CLEANUP_FREE char *copy = strdup (output);
    log_error ("-o %s: cannot write it in %s: %m: choose a writable "
               "directory", output, copy ? dirname (copy) : "its directory");
    return -1;
  }
  return 0;
}

int
main (int argc, char *argv[])
{
  const char *output = DEFAULT_OUTPUT, *virt_p2v_opt = NULL;
  CLEANUP_FREE_STRING_VECTOR string_vector install = empty_vector;
  struct ks_input in = { .install = &install };
  CLEANUP_FREE char *text = NULL;
  size_t len = 0;
  struct stat st;
  FILE *fp;
  int c, r;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case PROXY_OPTION: in.proxy = optarg; break;
    case CMDLINE_OPTION: in.cmdline = optarg; break;
    case IDENTITY_OPTION: in.identity = optarg; break;
    case VIRT_P2V_OPTION: virt_p2v_opt = optarg; break;
    case INSTALL_OPTION:
      if (string_vector_split (&install, optarg, ", ") == -1) {
        log_error ("out of memory");
        exit (EXIT_FAILURE);
      }
      break;
    case 'v': verbose = true; break;
    case 'V':
      printf ("virt-p2v-make-kickstart %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case LONG_OPTIONS_OPTION:
      print_long_options (long_options, NULL);
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS_OPTION:
      print_short_options (short_options);
      exit (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind == argc) {
    log_error ("no REPO: give fedora, rawhide, koji, rhel-X.Y or a "
               "repository URL");
    usage (EXIT_FAILURE);
  }
  if (*output == '\0') {
    log_error ("-o: empty file name: give the kickstart to write");
    exit (EXIT_FAILURE);
  }
  if (stat (output, &st) == 0 && !S_ISREG (st.st_mode)) {
    log_error ("-o %s: exists and is not a regular file: give a file name",
               output);
    exit (EXIT_FAILURE);
  }
  in.repos = &argv[optind];
  in.nr_repos = argc - optind;
  in.templates = getenv ("VIRT_P2V_TEMPLATES");
  if (in.templates == NULL || *in.templates == '\0')
    in.templates = P2V_TEMPLATES_DIR;

  /* Everything that can be wrong, before anything is written. */
  if (access (in.templates, R_OK | X_OK) == -1) {
    log_error ("templates directory %s: %m: install the toolkit, or set "
               "VIRT_P2V_TEMPLATES to a source tree's templates/",
               in.templates);
    exit (EXIT_FAILURE);
  }
  for (size_t i = 0; i < in.nr_repos; ++i)
    if (repo_check (in.repos[i]) == -1)
      exit (EXIT_FAILURE);
  for (size_t i = 0; i < install.len; ++i)
    if (check_package (install.ptr[i]) == -1)
      exit (EXIT_FAILURE);
  if ((in.proxy && repo_check_proxy (in.proxy) == -1) ||
      (in.cmdline && check_ks_cmdline (in.cmdline) == -1) ||
      (in.identity && check_identity (in.identity) == -1) ||
      (in.virt_p2v = find_virt_p2v (virt_p2v_opt)) == NULL)
    exit (EXIT_FAILURE);

  fp = open_memstream (&text, &len);
  if (fp == NULL) {
    log_error ("open_memstream: %m");
    exit (EXIT_FAILURE);
  }
  r = kickstart_write (fp, &in);
  if (fclose (fp) == EOF && r == 0) {
    log_error ("writing the kickstart: %m");
    r = -1;
  }
  if (r == 0)
    r = write_output (output, text, len, in.identity != NULL);
  /* The identity's base64 was in this buffer. */
  if (text)
    memset (text, 0, len);
  log_free_secrets ();
  if (r == -1)
    exit (EXIT_FAILURE);

  log_info ("wrote %s%s", output,
            in.identity ? " (mode 0600: it holds the SSH identity)" : "");
  binary_notice (in.virt_p2v, virt_p2v_opt != NULL);
  next_steps (output);
  exit (EXIT_SUCCESS);
}
