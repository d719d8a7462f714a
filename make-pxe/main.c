/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-pxe: options and up-front checks (the manifest
 * included: every line is checked before anything slow starts), then
 * boot set -> tree -> the directory replaced.  Only main decides the
 * exit status.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cleanup.h"
#include "log.h"
#include "make-pxe.h"
#include "media-internal.h"
#include "tmpdir.h"
#include "utils.h"

enum {
  HTTP_URL_OPTION = MB_OPTION_END,
  MACHINES_OPTION,
  SERVE_GROUP_OPTION,
};

static const char short_options[] = "o:" MEDIA_BUILDER_SHORT_OPTIONS;
static const struct option long_options[] = {
  MEDIA_BUILDER_LONG_OPTIONS,
  { "http-url", required_argument, NULL, HTTP_URL_OPTION },
  { "machines", required_argument, NULL, MACHINES_OPTION },
  { "output", required_argument, NULL, 'o' },
  { "serve-group", required_argument, NULL, SERVE_GROUP_OPTION },
  { NULL }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    media_builder_try_help ();
  printf ("%s: make a PXE boot tree for virt-p2v (BIOS and UEFI clients)\n"
          "\n"
          "Usage:\n"
          "  %s -o DIR [--machines FILE] [--http-url URL] [options]\n"
          "\n"
          "DIR is (re)made whole: serve it with TFTP; bootfile pxelinux.0\n"
          "(lpxelinux.0 with --http-url) for BIOS, bootx64.efi for UEFI.\n"
          "\n"
          "Options:\n"
          "  -o, --output=DIR             the tree to write (replaced whole)\n"
          "  --machines=FILE              one machine a line: MAC NAME [p2v.KEY=VAL...]\n"
          "  --http-url=URL               where DIR is served by HTTP too\n"
          "  --serve-group=GROUP          the group the TFTP/HTTP server runs as:\n"
          "                               it may read the identity (0640)\n",
          program_invocation_short_name, program_invocation_short_name);
  media_builder_usage_options (stdout);
  printf ("\n"
          "See virt-p2v-make-pxe(1).\n");
  exit (status);
}

static const struct media_host_need needs[] = {
  { PXELINUX_DIR "/pxelinux.0", NULL, "pxelinux" },
  { PXELINUX_DIR "/lpxelinux.0", NULL, "pxelinux" },
  { SYSLINUX_BIOS_DIR "/ldlinux.c32", NULL, "syslinux-common" },
  { GRUB_EFI_DIR "/efinet.mod", NULL, "grub-efi-amd64-bin" },
  { NULL, "grub-mkimage", "grub-common" },
  { NULL, "sha256sum", "coreutils" },
};

/* Who may read payload.img.  It carries the injected private key, so
 * it is never world-readable: root and the server's group when one is
 * given, else root alone (a TFTP server running as root, or the admin
 * fixes the group later; the man page says how).
 */
static int
payload_access (struct pxe_build *b, const char *identity, const char *group)
{
  struct group *gr;

  b->payload_gid = -1;
  b->payload_mode = identity ? 0600 : 0644;
  if (group == NULL)
    return 0;
  errno = 0;
  gr = getgrnam (group);
  if (gr == NULL) {
    if (errno)
      log_error ("--serve-group=%s: %m", group);
    else
      log_error ("--serve-group=%s: no such group: give the group your "
                 "TFTP or HTTP server runs as (e.g. tftp, dnsmasq, www-data)",
                 group);
    return -1;
  }
  b->payload_gid = gr->gr_gid;
  if (identity)
    b->payload_mode = 0640;
  return 0;
}

/* http://HOST[:PORT][/PATH], kept without its last '/'. */
static char *
check_http_url (const char *url)
{
  char *u;

  if (!STRPREFIX (url, "http://") || url[7] == '\0' || url[7] == '/' ||
      strpbrk (url, " \t\"")) {
    log_error ("--http-url %s: not an http:// URL: give the address where "
               "the tree is served, e.g. http://10.0.0.1/p2v (the boot "
               "loaders do not speak https)", url);
    return NULL;
  }
  u = strdup (url);
  if (u == NULL) {
    log_error ("out of memory");
    return NULL;
  }
  while (u[strlen (u) - 1] == '/')
    u[strlen (u) - 1] = '\0';
  return u;
}

/* make-pxe's own options. */
struct pxe_args {
  const char *output, *machines, *http_url, *serve_group;
};

static bool
own_option (int c, const char *arg, void *opaque)
{
  struct pxe_args *a = opaque;

  switch (c) {
  case 'o': a->output = arg; return true;
  case HTTP_URL_OPTION: a->http_url = arg; return true;
  case MACHINES_OPTION: a->machines = arg; return true;
  case SERVE_GROUP_OPTION: a->serve_group = arg; return true;
  default: return false;
  }
}

int
main (int argc, char *argv[])
{
  struct pxe_args a = { NULL };
  const char *output, *machines_file, *http_url;
  CLEANUP_FREE char *url = NULL, *bs_dir = NULL;
  struct media_builder_options mb;
  machine_list machines = empty_vector;
  struct boot_set bs = { NULL };
  struct pxe_output out = { NULL };
  struct pxe_build b = { .bs = &bs, .machines = &machines };
  int r = -1;

  media_builder_options_init (&mb, usage);
  media_builder_parse (&mb, argc, argv, short_options, long_options,
                       own_option, &a);
  output = a.output;
  machines_file = a.machines;
  http_url = a.http_url;
  if (output == NULL || *output == '\0') {
    log_error ("no output: give -o DIR, the directory to serve by TFTP");
    usage (EXIT_FAILURE);
  }

  /* Everything that can be wrong, before anything slow. */
  if (media_builder_options_check (&mb) == -1)
    exit (EXIT_FAILURE);
  b.user_cmdline = mb.cmdline;
  if (http_url && (url = check_http_url (http_url)) == NULL)
    exit (EXIT_FAILURE);
  b.http_url = url;
  if (payload_access (&b, mb.media.ssh_identity, a.serve_group) == -1)
    exit (EXIT_FAILURE);
  if (machines_file &&
      machines_read (machines_file, b.user_cmdline, &machines) == -1)
    goto out;
  if (media_check_host (needs, sizeof needs / sizeof needs[0]) == -1)
    goto out;
  b.epoch = media_output_time ();

  interrupt_install ();
  if (pxe_output_check (&out, output) == -1)
    goto out;
  /* Beside the new tree, so removed with it, and linked into it. */
  if (asprintf (&bs_dir, "%s/bootset", out.work) == -1) {
    bs_dir = NULL;
    log_error ("out of memory");
    goto out;
  }
  mb.media.output_dir = bs_dir;
  progress ("Building the boot set");
  if (media_get_boot_set (&mb, &bs) == -1 || check_interrupted () == -1)
    goto out;
  if (tree_write (&b, out.tree) == -1 || check_interrupted () == -1)
    goto out;
  progress ("Replacing %s", output);
  if (pxe_output_commit (&out) == -1)
    goto out;
  progress ("Done: %s (%zu machine%s and the default entry)", output,
            machines.len, machines.len == 1 ? "" : "s");
  r = 0;

 out:
  pxe_output_free (&out);
  media_put_boot_set (&mb, &bs);
  machines_free (&machines);
  media_builder_options_free (&mb);
  log_free_secrets ();
  tmpdir_cleanup ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
