/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Knowing who we talk to.  Before any credential is offered the
 * server is reached with a plain TCP connect (for crisp errors), its
 * host keys are scanned and checked against the pin (p2v.hostkey) or
 * a trusted known_hosts (p2v.known_hosts); without either, the
 * fingerprint seen is shown so the admin can pin it.  ssh then runs
 * with StrictHostKeyChecking=yes against our own known_hosts file.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    err = try_connect (ai);
    if (err == 0)
      break;
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
  CLEANUP_FREE char *keys = NULL;
  CLEANUP_FREE char *fps = NULL;
  CLEANUP_FREE char *trusted = NULL;
  size_t trusted_len = 0;
  FILE *tfp;
  const char *fp_argv[] = { "ssh-keygen", "-l", "-f", "-", NULL };
  char *kline, *fline, *ksave = NULL, *fsave = NULL;
  bool matched = false;
  CLEANUP_FREE char *seen = NULL;
  size_t seen_len = 0;
  FILE *sfp;

  keys = scan_keys (c);
  if (keys == NULL)
    return -1;
  if (command_run (fp_argv, &(struct command_opts) {
        .input = keys, .out = &fps }) != 0) {
    log_error ("ssh-keygen could not fingerprint the keys of %s", c->server);
    return -1;
  }

  /* Walk keys and fingerprints in step: ssh-keygen prints one line
   * per key, in order.  Keep the keys that match the pin (or all).
   */
  tfp = open_memstream (&trusted, &trusted_len);
  sfp = open_memstream (&seen, &seen_len);
  if (tfp == NULL || sfp == NULL) {
    log_error ("open_memstream: %m");
    return -1;
  }
  kline = strtok_r (keys, "\n", &ksave);
  fline = strtok_r (fps, "\n", &fsave);
  for (; kline && fline;
       kline = strtok_r (NULL, "\n", &ksave),
       fline = strtok_r (NULL, "\n", &fsave)) {
    char fingerprint[128] = "", type[32] = "";

    if (sscanf (fline, "%*d %127s %*s (%31[^)])", fingerprint, type) < 1)
      continue;
    fprintf (sfp, "%s%s (%s)", ftell (sfp) > 0 ? ", " : "",
             fingerprint, type);
    if (c->hostkey == NULL || STREQ (fingerprint, c->hostkey)) {
      fprintf (tfp, "%s\n", kline);
      if (c->hostkey) {
        matched = true;
        free (s->host_fingerprint);
        s->host_fingerprint = strdup (fingerprint);
      }
      else if (s->host_fingerprint == NULL || STRPREFIX (type, "ED25519")) {
        free (s->host_fingerprint);
        s->host_fingerprint = strdup (fingerprint);
      }
    }
  }
  fclose (tfp);
  fclose (sfp);

  if (c->known_hosts_url) {
    /* The admin's known_hosts is the whole truth: ssh enforces it. */
    if (fetch_url_to_file ("p2v.known_hosts", c->known_hosts_url,
                           s->known_hosts, 0600) == -1)
      return -1;
    log_info ("conversion server %s port %d presents %s; checking it "
              "against %s", c->server, c->port, seen, c->known_hosts_url);
    return 0;
  }
  if (c->hostkey && !matched) {
    log_error ("host key mismatch for %s port %d: the server presents %s, "
               "but p2v.hostkey pins %s: another machine may be "
               "impersonating the server; if it was re-keyed, update "
               "p2v.hostkey", c->server, c->port, seen, c->hostkey);
    return -1;
  }
  if (c->hostkey)
    log_info ("conversion server %s port %d: host key %s matches "
              "p2v.hostkey", c->server, c->port, s->host_fingerprint);
  else
    log_info ("conversion server %s port %d host key: %s (not pinned: add "
              "p2v.hostkey=%s to refuse any other server)",
              c->server, c->port, seen, s->host_fingerprint);
  if (write_file_atomic (s->known_hosts, trusted, trusted_len, 0600) == -1) {
    log_error ("%s: %m", s->known_hosts);
    return -1;
  }
  return 0;
}
