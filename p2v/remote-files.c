/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Files in the remote work dir.  All of them travel in one round trip:
 * a script of here-documents fed to "sh -s" on the server, each ended
 * by a random marker that the content is checked not to contain.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"
#include "quote.h"
#include "utils.h"

int
upload_begin (struct upload *u, const char *dir)
{
  unsigned char rnd[8];

  memset (u, 0, sizeof *u);
  if (getrandom (rnd, sizeof rnd, 0) != sizeof rnd)
    return -1;
  snprintf (u->marker, sizeof u->marker,
            "P2V_EOF_%02x%02x%02x%02x%02x%02x%02x%02x",
            rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
  u->fp = open_memstream (&u->script, &u->len);
  if (u->fp == NULL)
    return -1;
  fputs ("set -e\ncd ", u->fp);
  shell_quote_fp (dir, u->fp);
  fputs ("\numask 077\n", u->fp);
  return 0;
}

int
upload_add (struct upload *u, const char *name, const char *content,
            size_t len)
{
  if (memmem (content, len, u->marker, strlen (u->marker))) {
    log_error ("%s: content clashes with the upload marker", name);
    return -1;
  }
  fputs ("cat > ", u->fp);
  shell_quote_fp (name, u->fp);
  fprintf (u->fp, " <<'%s'\n", u->marker);
  fwrite (content, 1, len, u->fp);
  if (len == 0 || content[len-1] != '\n')
    fputc ('\n', u->fp);
  fprintf (u->fp, "%s\n", u->marker);
  return 0;
}

int
upload_send (struct upload *u, struct ssh_conn *s)
{
  CLEANUP_FREE char *err = NULL;
  int r;

  if (fclose (u->fp) == EOF) {
    u->fp = NULL;
    log_error ("open_memstream: %m");
    return -1;
  }
  u->fp = NULL;
  r = ssh_run (s, "sh -s", u->script, NULL, &err);
  free (u->script);
  u->script = NULL;
  if (r != 0) {
    if (r > 0)
      log_error ("writing files on %s failed: %s", s->config->server,
                 err ? err : "");
    return -1;
  }
  return 0;
}

void
upload_abort (struct upload *u)
{
  if (u->fp)
    fclose (u->fp);
  free (u->script);
  u->fp = NULL;
  u->script = NULL;
}

/* Output of a local diagnostic command, or why there is none. */
static char *
capture (const char *const *argv)
{
  char *out = NULL, *err = NULL;
  int st = command_run (argv, &(struct command_opts) {
      .out = &out, .err = &err, .timeout = 20 });

  if (st != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (st, argv[0]);
    char *msg = NULL;
    if (asprintf (&msg, "%s%s(%s)\n%s", out ? out : "",
                  out && *out ? "\n" : "", why ? why : "failed",
                  err ? err : "") == -1)
      msg = NULL;
    free (out);
    free (err);
    return msg;
  }
  free (err);
  return out;
}

int
gather_local_info (struct upload *u, const char *v2v_version)
{
  static const char *const dmesg[] = { "dmesg", NULL };
  static const char *const lscpu[] = { "lscpu", NULL };
  static const char *const lspci[] = { "lspci", "-vnn", NULL };
  static const char *const lsscsi[] = { "lsscsi", "-v", NULL };
  static const char *const lsusb[] = { "lsusb", "-v", NULL };
  static const struct { const char *name; const char *const *argv; } cmds[] = {
    { "dmesg", dmesg }, { "lscpu", lscpu }, { "lspci", lspci },
    { "lsscsi", lsscsi }, { "lsusb", lsusb },
  };
  CLEANUP_FREE char *p2v_version = NULL;
  struct utsname uts;

  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; ++i) {
    CLEANUP_FREE char *out = capture (cmds[i].argv);
    if (out == NULL || upload_add (u, cmds[i].name, out, strlen (out)) == -1)
      return -1;
  }
  uname (&uts);
  if (asprintf (&p2v_version, "virt-p2v %s\nkernel %s %s %s\n",
                PACKAGE_VERSION, uts.sysname, uts.release, uts.machine) == -1 ||
      upload_add (u, "p2v-version", p2v_version, strlen (p2v_version)) == -1 ||
      upload_add (u, "v2v-version", v2v_version, strlen (v2v_version)) == -1)
    return -1;
  return 0;
}
