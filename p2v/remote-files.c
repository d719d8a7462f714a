/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Files in the remote work dir.  All of them travel in one round trip:
 * a script of here-documents fed to "sh -s" on the server, each ended
 * by a random marker that the content is checked not to contain.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
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
upload_begin (struct upload *u, const nbd_export_list *ex)
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

  /* From the server's side, each forward must reach its disk: the
   * size nbdinfo reads through it must be the disk's.
   */
  for (size_t i = 0; i < ex->len; ++i)
    fprintf (u->fp,
             "s=$(nbdinfo --size nbd://localhost:%d < /dev/null 2>&1 | head -n 1)\n"
             "if [ \"$s\" != %" PRIu64 " ]; then\n"
             "  echo \"p2v-datapath-error: %s %d $s\"; exit 3\n"
             "fi\n",
             ex->ptr[i].remote_port, ex->ptr[i].size,
             ex->ptr[i].disk, ex->ptr[i].remote_port);
  /* The work dir: random, 0700, made safely by mktemp. */
  fputs ("dir=$(mktemp -d \"/tmp/virt-p2v-$(date +%Y%m%d)-XXXXXXXX\") "
         "|| exit 4\n"
         "echo \"p2v-workdir: $dir\"\n"
         "cd \"$dir\" || exit 4\n"
         "umask 077\n", u->fp);
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
upload_finish (struct upload *u)
{
  /* Hand the session over to the conversion. */
  fputs ("exec sh run.sh\n", u->fp);
  if (fclose (u->fp) == EOF) {
    u->fp = NULL;
    log_error ("open_memstream: %m");
    return -1;
  }
  u->fp = NULL;
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

/* Runs in a thread while we connect: the diagnostic files, as
 * name/content pairs.
 */
static void *
gather_thread (void *lv)
{
  struct local_info *li = lv;
  static const char *const dmesg[] = { "dmesg", NULL };
  static const char *const lscpu[] = { "lscpu", NULL };
  static const char *const lspci[] = { "lspci", "-vnn", NULL };
  static const char *const lsscsi[] = { "lsscsi", "-v", NULL };
  static const char *const lsusb[] = { "lsusb", "-v", NULL };
  static const struct { const char *name; const char *const *argv; } cmds[] = {
    { "dmesg", dmesg }, { "lscpu", lscpu }, { "lspci", lspci },
    { "lsscsi", lsscsi }, { "lsusb", lsusb },
  };
  struct utsname uts;

  li->status = -1;
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; ++i) {
    char *out = capture (cmds[i].argv);
    if (out == NULL || string_vector_add (&li->files, cmds[i].name) == -1 ||
        string_vector_append (&li->files, out) == -1) {
      free (out);
      return NULL;
    }
  }
  uname (&uts);
  if (string_vector_add (&li->files, "p2v-version") == -1 ||
      string_vector_addf (&li->files, "virt-p2v %s\nkernel %s %s %s\n",
                          PACKAGE_VERSION, uts.sysname, uts.release,
                          uts.machine) == -1)
    return NULL;
  li->status = 0;
  return NULL;
}

int
gather_local_info_start (struct local_info *li)
{
  int err;

  memset (li, 0, sizeof *li);
  err = pthread_create (&li->thread, NULL, gather_thread, li);
  if (err != 0) {
    errno = err;
    log_error ("pthread_create: %m");
    return -1;
  }
  li->started = true;
  return 0;
}

int
gather_local_info_finish (struct local_info *li, struct upload *u)
{
  int r = 0;

  if (!li->started)
    return -1;
  pthread_join (li->thread, NULL);
  li->started = false;
  if (li->status == -1) {
    log_error ("collecting the machine's diagnostic files failed");
    r = -1;
  }
  for (size_t i = 0; r == 0 && u && i + 1 < li->files.len; i += 2)
    if (upload_add (u, li->files.ptr[i], li->files.ptr[i+1],
                    strlen (li->files.ptr[i+1])) == -1)
      r = -1;
  string_vector_free (&li->files);
  return r;
}
