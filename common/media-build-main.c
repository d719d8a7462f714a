/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* test-media-build: build a boot set (media.h) from the command line.
 * An internal driver for the tests and for whoever works on a medium
 * builder; the builders themselves call media_build_boot_set.
 *
 *   test-media-build [-v] -o DIR [--cache DIR] [--virt-p2v FILE]
 *                    [--inject-ssh-identity FILE] [--host-key FILE]
 *                    [--install PKG,...] [--firmware]
 *
 * On success it prints the boot set as NAME=PATH lines on stdout.
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "log.h"
#include "media.h"
#include "string-vector.h"
#include "tmpdir.h"

#ifndef P2V_BUILDDIR_INIT
#define P2V_BUILDDIR_INIT "p2v-init"
#endif
#ifndef P2V_BUILDDIR_VIRT_P2V
#define P2V_BUILDDIR_VIRT_P2V "virt-p2v"
#endif

enum { CACHE_OPT = 0x100, VIRT_P2V_OPT, IDENTITY_OPT, HOST_KEY_OPT,
       INSTALL_OPT, FIRMWARE_OPT, TEMPLATES_OPT };

static const struct option long_options[] = {
  { "cache", required_argument, NULL, CACHE_OPT },
  { "firmware", no_argument, NULL, FIRMWARE_OPT },
  { "help", no_argument, NULL, 'h' },
  { "host-key", required_argument, NULL, HOST_KEY_OPT },
  { "inject-ssh-identity", required_argument, NULL, IDENTITY_OPT },
  { "install", required_argument, NULL, INSTALL_OPT },
  { "output", required_argument, NULL, 'o' },
  { "templates", required_argument, NULL, TEMPLATES_OPT },
  { "verbose", no_argument, NULL, 'v' },
  { "virt-p2v", required_argument, NULL, VIRT_P2V_OPT },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (FILE *fp, int status)
{
  fprintf (fp,
           "usage: test-media-build [-v] -o DIR [--cache DIR] "
           "[--virt-p2v FILE]\n"
           "         [--inject-ssh-identity FILE] [--host-key FILE] "
           "[--install PKG,...]\n"
           "         [--firmware] [--templates DIR]\n");
  exit (status);
}

int
main (int argc, char *argv[])
{
  CLEANUP_FREE_STRING_VECTOR string_vector extra = empty_vector;
  struct media_options o = {
    .virt_p2v_binary = P2V_BUILDDIR_VIRT_P2V,
    .init_binary = P2V_BUILDDIR_INIT,
  };
  struct boot_set bs;
  int c;

  while ((c = getopt_long (argc, argv, "ho:v", long_options, NULL)) != -1) {
    switch (c) {
    case 'h': usage (stdout, EXIT_SUCCESS);
    case 'o': o.output_dir = optarg; break;
    case 'v': o.verbose = true; break;
    case CACHE_OPT: o.cache_dir = optarg; break;
    case VIRT_P2V_OPT: o.virt_p2v_binary = optarg; break;
    case IDENTITY_OPT: o.ssh_identity = optarg; break;
    case HOST_KEY_OPT: o.host_key = optarg; break;
    case FIRMWARE_OPT: o.firmware = true; break;
    case TEMPLATES_OPT: o.templates_dir = optarg; break;
    case INSTALL_OPT:
      if (string_vector_split (&extra, optarg, ",") == -1) {
        log_error ("malloc: %m");
        exit (EXIT_FAILURE);
      }
      break;
    default:
      fprintf (stderr, "test-media-build: try --help\n");
      exit (EXIT_FAILURE);
    }
  }
  if (optind != argc || o.output_dir == NULL) {
    fprintf (stderr, "test-media-build: error: -o DIR is required and "
             "there are no other arguments: try --help\n");
    exit (EXIT_FAILURE);
  }
  if (extra.len > 0) {
    if (string_vector_terminate (&extra) == -1) {
      log_error ("malloc: %m");
      exit (EXIT_FAILURE);
    }
    o.extra_packages = extra.ptr;
  }

  if (media_build_boot_set (&o, &bs) == -1) {
    tmpdir_cleanup ();
    exit (EXIT_FAILURE);
  }
  printf ("dir=%s\nkernel=%s\ninitrd=%s\npayload=%s\nsquashfs=%s\n"
          "manifest=%s\nkernel_version=%s\n", bs.dir, bs.kernel, bs.initrd,
          bs.payload, bs.squashfs, bs.manifest, bs.kernel_version);
  media_free_boot_set (&bs);
  tmpdir_cleanup ();
  exit (EXIT_SUCCESS);
}
