/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The SSH connection to the conversion server, built in one place:
 * every ssh we run gets its options from ssh_base_argv.  One master
 * connection authenticates once (ssh -f returns when it has); remote
 * commands and the per-disk reverse forwards are multiplexed over it.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"
#include "tmpdir.h"
#include "utils.h"

int
ssh_init (struct ssh_conn *s, const struct p2v_config *c)
{
  char exe[4096];
  ssize_t n;

  memset (s, 0, sizeof *s);
  s->config = c;
  n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n == -1) {
    log_error ("/proc/self/exe: %m");
    return -1;
  }
  exe[n] = '\0';
  s->self_exe = strdup (exe);
  s->control_path = tmpdir_path ("ssh-control");
  s->known_hosts = tmpdir_path ("known_hosts");
  s->master_log = tmpdir_path ("ssh-master.log");
  if (!s->self_exe || !s->control_path || !s->known_hosts || !s->master_log)
    return -1;
  return 0;
}

void
ssh_free (struct ssh_conn *s)
{
  free (s->self_exe);
  free (s->control_path);
  free (s->known_hosts);
  free (s->master_log);
  free (s->identity_file);
  free (s->askpass_file);
  free (s->host_fingerprint);
  free (s->hostkey_record);
  memset (s, 0, sizeof *s);
}

/* Options shared by the master, remote commands and forwards.  No
 * user or system ssh_config takes part: -F none.
 */
int
ssh_base_argv (const struct ssh_conn *s, string_vector *argv)
{
  const struct p2v_config *c = s->config;

#define ADD(str) if (string_vector_add (argv, (str)) == -1) goto oom
#define ADDF(...) if (string_vector_addf (argv, __VA_ARGS__) == -1) goto oom
  ADD (SSH_PROG);
  ADD ("-F"); ADD ("none");
  ADD ("-T");
  ADDF ("-p%d", c->port);
  ADD ("-l"); ADD (c->username);
  ADD ("-o"); ADDF ("UserKnownHostsFile=%s", s->known_hosts);
  ADD ("-o"); ADD ("GlobalKnownHostsFile=/dev/null");
  ADD ("-o"); ADD ("StrictHostKeyChecking=yes");
  ADD ("-o"); ADD ("UpdateHostKeys=no");
  ADD ("-o"); ADDF ("ControlPath=%s", s->control_path);
  ADD ("-o"); ADD ("ConnectTimeout=20");
  ADD ("-o"); ADD ("ServerAliveInterval=30");
  ADD ("-o"); ADD ("ServerAliveCountMax=6");
  ADD ("-o"); ADD ("ExitOnForwardFailure=yes");
  ADD ("-o"); ADD ("ForwardAgent=no");
  ADD ("-o"); ADD ("ForwardX11=no");
  ADD ("-o"); ADD ("LogLevel=ERROR");
  ADD ("-o"); ADDF ("Compression=%s", c->compress ? "yes" : "no");
  if (s->identity_file) {
    ADD ("-i"); ADD (s->identity_file);
    ADD ("-o"); ADD ("IdentitiesOnly=yes");
    ADD ("-o"); ADD ("PreferredAuthentications=publickey");
    ADD ("-o"); ADD ("BatchMode=yes");
  }
  else if (s->askpass_file) {
    ADD ("-o"); ADD ("PreferredAuthentications=password,keyboard-interactive");
    ADD ("-o"); ADD ("PubkeyAuthentication=no");
    ADD ("-o"); ADD ("NumberOfPasswordPrompts=1");
  }
  else {
    ADD ("-o"); ADD ("BatchMode=yes");
  }
  return 0;
#undef ADD
#undef ADDF
 oom:
  log_error ("out of memory");
  return -1;
}

/* The askpass environment: paths only, never the password. */
const char *const *
ssh_env (const struct ssh_conn *s)
{
  static char *env[4];

  if (s->askpass_file == NULL)
    return NULL;
  for (int i = 0; i < 3; ++i)
    free (env[i]);
  if (asprintf (&env[0], "SSH_ASKPASS=%s", s->self_exe) == -1 ||
      asprintf (&env[1], "SSH_ASKPASS_REQUIRE=force") == -1 ||
      asprintf (&env[2], "%s=%s", ASKPASS_ENV, s->askpass_file) == -1)
    return NULL;
  env[3] = NULL;
  return (const char *const *) env;
}

/* ssh's stderr (several lines at times) as one line for an error
 * message: each run of line ends becomes "; ", trailing ones are
 * dropped.  Returns a new string, or NULL if out of memory.
 */
static char *
one_line (const char *str)
{
  size_t n = 0;
  char *ret, *q;

  for (const char *p = str; *p; ++p)
    n += *p == '\r' || *p == '\n' ? 2 : 1;
  ret = q = malloc (n + 1);
  if (ret == NULL)
    return NULL;
  for (const char *p = str; *p; ++p) {
    if (*p != '\r' && *p != '\n') {
      *q++ = *p;
      continue;
    }
    p += strspn (p, "\r\n") - 1;
    if (p[1] != '\0') {
      *q++ = ';';
      *q++ = ' ';
    }
  }
  *q = '\0';
  return ret;
}

/* Turn the master's complaint into a one-line error with a fix. */
static void
explain_connect_failure (struct ssh_conn *s, const char *why)
{
  const struct p2v_config *c = s->config;
  CLEANUP_FREE char *raw = read_whole_file (s->master_log, NULL);
  CLEANUP_FREE char *log = raw ? one_line (raw) : NULL;
  const char *msg = log ? log : "";

  /* A key that is not the trusted one: say which we saw. */
  if (hostkey_explain_failure (s))
    return;
  if (log)
    log_scrub (log);
  if (strstr (msg, "Permission denied")) {
    if (s->identity_file)
      log_error ("cannot log in to %s as %s: the server refused the key "
                 "from p2v.identity: add its public key to %s's "
                 "authorized_keys on the server", c->server, c->username,
                 c->username);
    else if (s->askpass_file)
      log_error ("cannot log in to %s as %s: the server refused the "
                 "password: check p2v.password (and that the server allows "
                 "PasswordAuthentication)", c->server, c->username);
    else
      log_error ("cannot log in to %s as %s: no p2v.password or "
                 "p2v.identity was given and the server wants one",
                 c->server, c->username);
  }
  else if (strstr (msg, "Host key verification failed") ||
           strstr (msg, "host key is known") ||
           strstr (msg, "REMOTE HOST IDENTIFICATION HAS CHANGED"))
    log_error ("host key verification of %s failed: the server's key is not "
               "the trusted one (%s): check p2v.hostkey / p2v.known_hosts",
               c->server, *msg ? msg : why);
  else
    log_error ("cannot open an SSH connection to %s port %d: %s",
               c->server, c->port, *msg ? msg : why);
}

int
ssh_connect (struct ssh_conn *s)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  int st;

  if (check_reachable (s->config->server, s->config->port) == -1 ||
      hostkey_prepare (s) == -1 ||
      auth_prepare (s) == -1 ||
      ssh_base_argv (s, &argv) == -1)
    return -1;
  unlink (s->master_log);
  /* -f: fork into the background once authenticated, so our wait for
   * this command is exactly the wait for authentication.
   */
  if (string_vector_add (&argv, "-o") == -1 ||
      string_vector_add (&argv, "ControlMaster=yes") == -1 ||
      string_vector_add (&argv, "-o") == -1 ||
      string_vector_add (&argv, "ControlPersist=no") == -1 ||
      hostkey_argv (s, &argv) == -1 ||
      string_vector_add (&argv, "-E") == -1 ||
      string_vector_add (&argv, s->master_log) == -1 ||
      string_vector_add (&argv, "-f") == -1 ||
      string_vector_add (&argv, "-N") == -1 ||
      string_vector_add (&argv, s->config->server) == -1 ||
      string_vector_terminate (&argv) == -1) {
    log_error ("out of memory");
    return -1;
  }
  st = command_run ((const char *const *) argv.ptr, &(struct command_opts) {
      .env = ssh_env (s), .timeout = 90 });
  if (st != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (st, "ssh");
    explain_connect_failure (s, why ? why : "ssh failed");
    return -1;
  }
  s->master_up = true;
  hostkey_report (s);
  log_debug ("ssh master connection to %s is up", s->config->server);
  return 0;
}

/* ssh BASE -o ControlMaster=no EXTRA... server [-- cmd] */
static int
mux_argv (const struct ssh_conn *s, string_vector *argv,
          const char *const *extra, const char *cmd)
{
  if (ssh_base_argv (s, argv) == -1)
    return -1;
  if (string_vector_add (argv, "-o") == -1 ||
      string_vector_add (argv, "ControlMaster=no") == -1)
    goto oom;
  for (size_t i = 0; extra && extra[i]; ++i)
    if (string_vector_add (argv, extra[i]) == -1)
      goto oom;
  if (string_vector_add (argv, s->config->server) == -1)
    goto oom;
  if (cmd && (string_vector_add (argv, "--") == -1 ||
              string_vector_add (argv, cmd) == -1))
    goto oom;
  if (string_vector_terminate (argv) == -1)
    goto oom;
  return 0;
 oom:
  log_error ("out of memory");
  return -1;
}

int
ssh_run (struct ssh_conn *s, const char *cmd, const char *input,
         char **out, char **err)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  int st;

  if (mux_argv (s, &argv, NULL, cmd) == -1)
    return -1;
  st = command_run ((const char *const *) argv.ptr, &(struct command_opts) {
      .input = input, .out = out, .err = err, .env = ssh_env (s),
      .timeout = 600 });
  if (st < 0 || !WIFEXITED (st)) {
    CLEANUP_FREE char *why = exit_status_to_string (st, "ssh");
    log_error ("running a command on %s: %s", s->config->server,
               why ? why : "failed");
    return -1;
  }
  return WEXITSTATUS (st);
}

int
ssh_forward (struct ssh_conn *s, const char *local_target)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  CLEANUP_FREE char *spec = NULL, *out = NULL, *err = NULL, *why = NULL;
  int st, port;

  if (asprintf (&spec, "0:%s", local_target) == -1)
    return -1;
  const char *extra[] = { "-O", "forward", "-R", spec, NULL };
  if (mux_argv (s, &argv, extra, NULL) == -1)
    return -1;
  st = command_run ((const char *const *) argv.ptr, &(struct command_opts) {
      .out = &out, .err = &err, .env = ssh_env (s), .timeout = 60 });
  if (st != 0 || sscanf (out, "%d", &port) != 1 || port <= 0) {
    /* ssh's own words are about its mux internals: keep them for -v. */
    why = err ? one_line (err) : NULL;
    log_debug ("ssh -O forward: %s", why ? why : "");
    log_error ("the conversion server %s refused a reverse port forward "
               "(ssh -R): set AllowTcpForwarding yes in sshd_config on %s "
               "and restart sshd", s->config->server, s->config->server);
    return -1;
  }
  log_debug ("remote port %d on %s forwards to %s", port, s->config->server,
             local_target);
  return port;
}

void
ssh_disconnect (struct ssh_conn *s)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  const char *extra[] = { "-O", "exit", NULL };

  if (!s->master_up)
    return;
  if (mux_argv (s, &argv, extra, NULL) == 0) {
    CLEANUP_FREE char *err = NULL;
    command_run ((const char *const *) argv.ptr, &(struct command_opts) {
        .err = &err, .timeout = 30 });
  }
  s->master_up = false;
}
