/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Knowing who we talk to.  The server is first reached with a plain
 * TCP connect (for crisp errors).  Then ssh itself checks the host key
 * during the login, before any credential is offered, with
 * StrictHostKeyChecking=yes: virt-p2v is its KnownHostsCommand, which
 * ssh runs with the key the server presented.  We vouch for that key
 * only if it matches the pin (p2v.hostkey), or if nothing was pinned
 * (the fingerprint is then shown so the admin can pin it).  With
 * p2v.known_hosts, that file alone decides.  Either way the key seen
 * is recorded for our messages.  No separate key scan: one connection,
 * and what was checked is what we log in to.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"
#include "tmpdir.h"
#include "utils.h"

#define CONNECT_TIMEOUT_MS 10000

/* Try one address; returns 0 or an errno. */
static int
try_connect (const struct addrinfo *ai)
{
  CLEANUP_CLOSE int fd = socket (ai->ai_family,
                                 ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                                 ai->ai_protocol);
  struct pollfd pfd;
  int err = 0;
  socklen_t len = sizeof err;

  if (fd == -1)
    return errno;
  if (connect (fd, ai->ai_addr, ai->ai_addrlen) == 0)
    return 0;
  if (errno != EINPROGRESS)
    return errno;
  pfd = (struct pollfd) { fd, POLLOUT, 0 };
  int r = poll (&pfd, 1, CONNECT_TIMEOUT_MS);
  if (r == 0)
    return ETIMEDOUT;
  if (r == -1)
    return errno;
  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
    return errno;
  return err;
}

int reachable_retry_s;

int
check_reachable (const char *host, int port)
{
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
  struct addrinfo *res = NULL;
  char portstr[16];
  int r, err = 0;

  snprintf (portstr, sizeof portstr, "%d", port);
  r = getaddrinfo (host, portstr, &hints, &res);
  if (r != 0) {
    log_error ("cannot resolve the conversion server \"%s\": %s: check "
               "p2v.server and this machine's DNS", host,
               r == EAI_SYSTEM ? strerror (errno) : gai_strerror (r));
    return -1;
  }
  /* Right after boot the route may not work yet (a switch port still
   * in spanning-tree learning, a neighbour not yet resolved): those
   * errors are retried for a while; a refusal is an answer.
   */
  time_t deadline = time (NULL) + reachable_retry_s;
  bool said = false;
  for (;;) {
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
      err = try_connect (ai);
      if (err == 0)
        break;
    }
    if ((err != EHOSTUNREACH && err != ENETUNREACH) || time (NULL) >= deadline)
      break;
    if (!said)
      log_info ("%s port %d: %s: retrying for up to %d s", host, port,
                strerror (err), reachable_retry_s);
    said = true;
    sleep (2);
  }
  freeaddrinfo (res);
  if (err == ECONNREFUSED) {
    log_error ("cannot connect to %s port %d: connection refused: check "
               "that sshd runs there and that p2v.port is right", host, port);
    return -1;
  }
  if (err != 0) {
    log_error ("cannot connect to %s port %d: %s: check the network and "
               "any firewall between this machine and the server",
               host, port, strerror (err));
    return -1;
  }
  return 0;
}

/* ssh-keyscan the server: one "host type base64" line per key. */
static char *
scan_keys (const struct p2v_config *c)
{
  char portstr[16];
  char *out = NULL, *err = NULL;
  const char *argv[] = { "ssh-keyscan", "-T", "10", "-p", portstr,
                         c->server, NULL };
  int st;

  snprintf (portstr, sizeof portstr, "%d", c->port);
  st = command_run (argv, &(struct command_opts) {
      .out = &out, .err = &err, .timeout = 30 });
  if (st != 0 || out == NULL || *out == '\0') {
    CLEANUP_FREE char *why = exit_status_to_string (st, "ssh-keyscan");
    log_error ("cannot read the host keys of %s port %d (%s): is it an SSH "
               "server?", c->server, c->port, why ? why : "failed");
    free (out);
    free (err);
    return NULL;
  }
  free (err);
  return out;
}

int
hostkey_prepare (struct ssh_conn *s)
{
  const struct p2v_config *c = s->config;

  s->hostkey_record = tmpdir_path ("hostkey-seen");
  if (s->hostkey_record == NULL)
    return -1;
  if (c->known_hosts_url)
    return fetch_url_to_file ("p2v.known_hosts", c->known_hosts_url,
                              s->known_hosts, 0600);
  /* An empty file: every key comes through the command below. */
  if (write_file_atomic (s->known_hosts, "", 0, 0600) == -1) {
    log_error ("%s: %m", s->known_hosts);
    return -1;
  }
  return 0;
}

int
hostkey_argv (const struct ssh_conn *s, string_vector *argv)
{
  const struct p2v_config *c = s->config;
  /* "-": vouch for any key (nothing pinned); "!": vouch for none (the
   * known_hosts file decides).
   */
  const char *pin = c->known_hosts_url ? "!" : c->hostkey ? c->hostkey : "-";

  if (string_vector_add (argv, "-o") == -1 ||
      string_vector_addf (argv, "KnownHostsCommand=%s %s %s %s "
                          "%%I %%H %%t %%K %%f", s->self_exe,
                          KNOWN_HOSTS_COMMAND_OPTION, s->hostkey_record,
                          pin) == -1 ||
      string_vector_add (argv, "-o") == -1 ||
      string_vector_add (argv, "CheckHostIP=no") == -1) {
    log_error ("out of memory");
    return -1;
  }
  return 0;
}

/* ssh's key type name as people know it: "ssh-ed25519" -> "ED25519". */
static const char *
key_type_name (const char *t)
{
  if (STREQ (t, "ssh-ed25519")) return "ED25519";
  if (STRPREFIX (t, "ecdsa-")) return "ECDSA";
  if (STREQ (t, "ssh-rsa") || STRPREFIX (t, "rsa-")) return "RSA";
  if (STREQ (t, "ssh-dss")) return "DSA";
  return t;
}

/* The last key the server presented: fingerprint and type. */
static int
read_record (const struct ssh_conn *s, char *fp, size_t fplen,
             const char **type)
{
  CLEANUP_FREE char *rec = read_whole_file (s->hostkey_record, NULL);
  char f[128], t[64];
  static char type_buf[64];
  char *last;

  if (rec == NULL)
    return -1;
  chomp (rec);
  last = strrchr (rec, '\n');
  last = last ? last + 1 : rec;
  if (sscanf (last, "%127s %63s", f, t) != 2)
    return -1;
  snprintf (fp, fplen, "%s", f);
  snprintf (type_buf, sizeof type_buf, "%s", key_type_name (t));
  *type = type_buf;
  return 0;
}

int
hostkey_report (struct ssh_conn *s)
{
  const struct p2v_config *c = s->config;
  char fp[128];
  const char *type;

  if (read_record (s, fp, sizeof fp, &type) == -1)
    return 0;                   /* known_hosts matched before asking us */
  free (s->host_fingerprint);
  s->host_fingerprint = strdup (fp);
  if (c->known_hosts_url)
    log_info ("conversion server %s port %d: host key %s (%s) is trusted by "
              "%s", c->server, c->port, fp, type, c->known_hosts_url);
  else if (c->hostkey)
    log_info ("conversion server %s port %d: host key %s matches "
              "p2v.hostkey", c->server, c->port, fp);
  else
    log_info ("conversion server %s port %d host key: %s (%s) (not pinned: "
              "add p2v.hostkey=%s to refuse any other server)",
              c->server, c->port, fp, type, fp);
  return 0;
}

bool
hostkey_explain_failure (struct ssh_conn *s)
{
  const struct p2v_config *c = s->config;
  char fp[128];
  const char *type;

  if (read_record (s, fp, sizeof fp, &type) == -1)
    return false;
  if (c->known_hosts_url) {
    log_error ("host key verification of %s failed: the server presents %s "
               "(%s), which %s does not list for it: check p2v.known_hosts",
               c->server, fp, type, c->known_hosts_url);
    return true;
  }
  if (c->hostkey == NULL || STREQ (fp, c->hostkey))
    return false;

  /* Perhaps the pin is another of the server's keys (ssh negotiated
   * this one): say so, rather than cry impostor.
   */
  CLEANUP_FREE char *keys = scan_keys (c);
  CLEANUP_FREE char *fps = NULL;
  const char *fp_argv[] = { "ssh-keygen", "-l", "-f", "-", NULL };
  if (keys && command_run (fp_argv, &(struct command_opts) {
        .input = keys, .out = &fps }) == 0 && strstr (fps, c->hostkey)) {
    log_error ("p2v.hostkey pins another of the host keys of %s, not the %s "
               "key ssh uses (%s): pin p2v.hostkey=%s instead", c->server,
               type, fp, fp);
    return true;
  }
  log_error ("host key mismatch for %s port %d: the server presents %s (%s), "
             "but p2v.hostkey pins %s: another machine may be impersonating "
             "the server; if it was re-keyed, update p2v.hostkey",
             c->server, c->port, fp, type, c->hostkey);
  return true;
}

/* virt-p2v --known-hosts-command RECORD PIN %I %H %t %K %f, run by ssh. */
int
known_hosts_command_main (int argc, char *argv[])
{
  const char *record, *pin, *why, *host, *type, *key, *fp;
  FILE *rfp;
  int fd;

  if (argc != 9)
    return EXIT_FAILURE;
  record = argv[2]; pin = argv[3]; why = argv[4];
  host = argv[5]; type = argv[6]; key = argv[7]; fp = argv[8];

  /* Asked for the algorithm order, there is no key yet. */
  if (STREQ (why, "ORDER") || *key == '\0' || *fp == '\0')
    return EXIT_SUCCESS;
  /* 0600 like everything else in the private temp dir. */
  fd = open (record, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  rfp = fd == -1 ? NULL : fdopen (fd, "a");
  if (rfp == NULL)
    return EXIT_FAILURE;
  fprintf (rfp, "%s %s\n", fp, type);
  if (fclose (rfp) == EOF)
    return EXIT_FAILURE;
  if (STREQ (pin, "-") || STREQ (pin, fp))
    printf ("%s %s %s\n", host, type, key);
  return fflush (stdout) == EOF ? EXIT_FAILURE : EXIT_SUCCESS;
}
