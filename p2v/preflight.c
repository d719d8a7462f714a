/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The pre-flight check: everything that can be known about the
 * conversion server before a byte of disk is sent, in one round trip
 * over the (already authenticated) master, so a wrong server fails in
 * seconds with the fix, not after the slow conversion.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "p2v.h"
#include "quote.h"
#include "utils.h"

/* virt-v2v 2.0 is the first with the nbdkit-based input and output
 * this client is tested against.
 */
#define MIN_V2V_MAJOR 2
#define MIN_V2V_MINOR 0

/* Runs under sh on the server.  $1 is the sudo prefix (or empty).
 * Every answer is a "key: value" line.
 */
static const char probe_script[] =
  "LC_ALL=C; export LC_ALL\n"
  "if [ -n \"$1\" ]; then\n"
  "  if err=$(sudo -n true 2>&1); then echo 'sudo: ok';\n"
  "  else echo \"sudo: $err\" | head -n 1; exit 0; fi\n"
  "fi\n"
  /* The slow questions run side by side; each answer is one short
   * write, so lines do not mix.
   */
  "$1 virt-v2v --machine-readable 2>/dev/null | sed 's/^/v2v-feature: /' &\n"
  "if v=$($1 virt-v2v --version 2>&1); then echo \"v2v-version: $v\";\n"
  "else echo \"v2v-version: missing\"; fi\n"
  "for p in nbdkit nbdcopy nbdinfo; do\n"
  "  command -v $p >/dev/null 2>&1 && echo \"has: $p\"\n"
  "done\n"
  "wait\n"
  "exit 0\n";

static bool
has_line (const char *out, const char *line)
{
  size_t n = strlen (line);

  for (const char *p = out; (p = strstr (p, line)) != NULL; p += n)
    if ((p == out || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
      return true;
  return false;
}

/* The value after "key: " on its line, malloc'd, or NULL. */
static char *
get_value (const char *out, const char *key)
{
  size_t n = strlen (key);

  for (const char *p = out; p && *p; p = strchr (p, '\n'), p = p ? p + 1 : p)
    if (STREQLEN (p, key, n) && p[n] == ':' && p[n+1] == ' ')
      return strndup (p + n + 2, strcspn (p + n + 2, "\n"));
  return NULL;
}

/* The probe as one shell command line, to run on the server. */
char *
preflight_command (const struct p2v_config *c)
{
  CLEANUP_FREE char *script_q = shell_quote (probe_script);
  char *cmd = NULL;

  if (script_q == NULL ||
      asprintf (&cmd, "sh -c %s p2v-probe '%s'", script_q,
                c->sudo ? "sudo -n" : "") == -1) {
    log_error ("out of memory");
    return NULL;
  }
  return cmd;
}

/* Judge the probe's answers. */
/* Every "v2v-feature: output:NAME" line: the -o drivers. */
static int
get_outputs (const char *out, string_vector *outputs)
{
  static const char key[] = "v2v-feature: output:";

  for (const char *p = out; p && *p; p = strchr (p, '\n'), p = p ? p + 1 : p)
    if (STRPREFIX (p, key)) {
      CLEANUP_FREE char *name = strndup (p + strlen (key),
                                         strcspn (p + strlen (key), "\n"));
      if (name == NULL || string_vector_add (outputs, name) == -1) {
        log_error ("out of memory");
        return -1;
      }
    }
  return 0;
}

int
preflight_check (struct ssh_conn *s, const char *out, bool check_output,
                 struct remote_info *info)
{
  const struct p2v_config *c = s->config;
  CLEANUP_FREE char *sudo = NULL, *version = NULL;
  CLEANUP_FREE char *feature = NULL;
  int major = 0, minor = 0, micro = 0;

  memset (info, 0, sizeof *info);
  log_debug ("pre-flight answers:\n%s", out);

  if (c->sudo && (sudo = get_value (out, "sudo")) && STRNEQ (sudo, "ok")) {
    log_error ("sudo on %s needs a password for %s (%s): allow %s to run "
               "commands with sudo without a password (NOPASSWD in "
               "sudoers), or log in as root", c->server, c->username, sudo,
               c->username);
    return -1;
  }
  version = get_value (out, "v2v-version");
  if (version == NULL || STREQ (version, "missing")) {
    log_error ("virt-v2v is not installed on %s (or not in %s's PATH): "
               "install virt-v2v, nbdkit and libnbd-bin there", c->server,
               c->sudo ? "root" : c->username);
    return -1;
  }
  if (sscanf (version, "virt-v2v %d.%d.%d", &major, &minor, &micro) < 2) {
    log_error ("cannot understand the virt-v2v version on %s: \"%s\"",
               c->server, version);
    return -1;
  }
  if (major < MIN_V2V_MAJOR ||
      (major == MIN_V2V_MAJOR && minor < MIN_V2V_MINOR)) {
    log_error ("virt-v2v on %s is too old (%d.%d.%d): virt-p2v needs "
               "virt-v2v >= %d.%d: upgrade virt-v2v on the server",
               c->server, major, minor, micro, MIN_V2V_MAJOR, MIN_V2V_MINOR);
    return -1;
  }
  if (!has_line (out, "v2v-feature: input:libvirtxml")) {
    log_error ("virt-v2v %d.%d.%d on %s cannot read libvirt XML "
               "(-i libvirtxml): upgrade virt-v2v on the server",
               major, minor, micro, c->server);
    return -1;
  }
  if (asprintf (&feature, "v2v-feature: output:%s", c->output) == -1)
    return -1;
  if (check_output && !has_line (out, feature)) {
    log_error ("p2v.o=%s: virt-v2v on %s has no such output mode: see "
               "\"virt-v2v --machine-readable\" there for its outputs",
               c->output, c->server);
    return -1;
  }
  if (!has_line (out, "has: nbdkit") || !has_line (out, "has: nbdcopy")) {
    log_error ("nbdkit or nbdcopy is missing on %s: virt-v2v needs both to "
               "copy disks: install nbdkit and libnbd-bin there",
               c->server);
    return -1;
  }
  info->v2v_version = strdup (version + strlen ("virt-v2v "));
  if (info->v2v_version == NULL || get_outputs (out, &info->outputs) == -1)
    return -1;
  log_info ("conversion server %s: virt-v2v %s", c->server,
            info->v2v_version);
  return 0;
}

int
preflight_send (struct ssh_conn *s, struct session *ss)
{
  CLEANUP_FREE char *cmd = preflight_command (s->config);
  CLEANUP_FREE char *probe = NULL;

  if (cmd == NULL ||
      asprintf (&probe, "%s < /dev/null; echo p2v-probe-end\n", cmd) == -1 ||
      session_write (ss, probe, strlen (probe)) == -1)
    return -1;
  return 0;
}

int
preflight_receive (struct ssh_conn *s, struct session *ss, bool check_output,
                   struct remote_info *info)
{
  CLEANUP_FREE char *answers = NULL;
  size_t len = 0;
  FILE *fp;
  const char *line;
  bool ended = false;

  fp = open_memstream (&answers, &len);
  if (fp == NULL)
    return -1;
  while ((line = session_read_line (ss, true, NULL, NULL)) != NULL) {
    if (STREQ (line, "p2v-probe-end")) {
      ended = true;
      break;
    }
    fprintf (fp, "%s\n", line);
  }
  if (fclose (fp) == EOF)
    return -1;
  if (!ended) {
    if (!conversion_cancelled ())
      log_error ("the pre-flight check on %s did not complete: %s",
                 s->config->server, answers);
    return -1;
  }
  return preflight_check (s, answers, check_output, info);
}

int
preflight_test_connection (const struct p2v_config *c,
                           struct remote_info *info)
{
  struct ssh_conn s;
  struct session ss = { .pid = -1, .in_fd = -1, .out_fd = -1 };
  int r = -1;

  memset (info, 0, sizeof *info);
  if (ssh_init (&s, c) == -1)
    return -1;
  log_info ("testing the connection to %s port %d as %s", c->server,
            c->port, c->username);
  if (ssh_connect (&s) == 0 && !conversion_cancelled () &&
      session_open (&ss, &s) == 0 && preflight_send (&s, &ss) == 0 &&
      preflight_receive (&s, &ss, false, info) == 0)
    r = 0;
  if (ss.pid > 0) {
    session_kill (&ss);
    session_wait (&ss);
  }
  ssh_disconnect (&s);
  ssh_free (&s);
  return r;
}

void
remote_info_free (struct remote_info *info)
{
  free (info->v2v_version);
  string_vector_free (&info->outputs);
  memset (info, 0, sizeof *info);
}
