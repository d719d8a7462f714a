/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* One conversion, start to finish, as the manual's "HOW VIRT-P2V
 * WORKS" describes: connect and check the server, serve each disk
 * read-only and forward it, prove each data path works, write the
 * work dir, run virt-v2v there and follow it, record the status.
 * A SIGINT/SIGTERM cancels cleanly at any point.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"
#include "physical-xml.h"
#include "quote.h"
#include "utils.h"

volatile sig_atomic_t cancel_requested;
int cancel_pipe[2] = { -1, -1 };

void
conversion_cancel (int why)
{
  int saved_errno = errno;

  cancel_requested = why;
  if (cancel_pipe[1] >= 0 && write (cancel_pipe[1], "x", 1) == -1) {
    /* nothing more can be done in a signal handler */
  }
  errno = saved_errno;
}

static void
on_cancel_signal (int sig)
{
  conversion_cancel (sig);
}

/* The pipe that wakes every wait when a cancel comes (made once). */
static int
make_cancel_pipe (void)
{
  if (cancel_pipe[0] == -1 &&
      pipe2 (cancel_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
    log_error ("pipe: %m");
    return -1;
  }
  return 0;
}

int
conversion_cancel_reset (void)
{
  char drain[16];

  if (make_cancel_pipe () == -1)
    return -1;
  while (read (cancel_pipe[0], drain, sizeof drain) > 0)
    ;
  cancel_requested = 0;
  return 0;
}

static int
install_signals (void)
{
  struct sigaction sa = { .sa_handler = on_cancel_signal };

  if (make_cancel_pipe () == -1)
    return -1;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  return 0;
}

/* "by signal 15" or "by the user". */
static const char *
cancel_reason (char *buf, size_t len)
{
  if (cancel_requested == CANCEL_BY_USER)
    return "by the user";
  snprintf (buf, len, "by signal %d", (int) cancel_requested);
  return buf;
}

bool
conversion_cancelled (void)
{
  char why[32];

  if (cancel_requested)
    log_error ("conversion cancelled %s", cancel_reason (why, sizeof why));
  return cancel_requested != 0;
}

static void
stop_exports (nbd_export_list *ex)
{
  for (size_t i = 0; i < ex->len; ++i)
    nbd_stop (&ex->ptr[i]);
  nbd_export_list_reset (ex);
}

static void
tick (void *prog)
{
  progress_tick (prog);
}

/* After the script is sent: wait for the work dir (reporting a broken
 * data path), then follow virt-v2v's log until the session ends.  On
 * cancel, stop run.sh on the server and keep reading until it has
 * recorded its status, which it also prints last (*status, else
 * left alone).  Returns the work dir (malloc'd) or NULL.
 */
static char *
follow_session (struct ssh_conn *s, struct session *ss,
                struct progress *prog, const struct conversion_observer *obs,
                double t0, int *status)
{
  const char *line;
  char *dir = NULL;
  bool v2v_running = false, cancel_sent = false;

  /* Our protocol, until the work dir exists. */
  while ((line = session_read_line (ss, true, NULL, NULL)) != NULL) {
    if (STRPREFIX (line, "p2v-workdir: ")) {
      dir = strdup (line + strlen ("p2v-workdir: "));
      if (dir == NULL) {
        log_error ("out of memory");
        return NULL;
      }
      log_info ("logs and files of this conversion are in %s:%s",
                s->config->server, dir);
      if (obs && obs->workdir)
        obs->workdir (obs->opaque, dir);
      break;
    }
    if (STRPREFIX (line, "p2v-datapath-error: ")) {
      char disk[64] = "?";
      int port = 0, off = 0;
      const char *what = line + strlen ("p2v-datapath-error: ");
      sscanf (what, "%63s %d %n", disk, &port, &off);
      log_error ("the data connection for %s does not work: on %s, port %d "
                 "answered \"%s\": check AllowTcpForwarding and PermitListen "
                 "in sshd_config on %s", disk, s->config->server, port,
                 off ? what + off : "", s->config->server);
    }
    else
      log_info ("%s: %s", s->config->server, line);
  }
  if (dir == NULL)
    return NULL;

  /* virt-v2v's log.  nbdcopy redraws its bar with \r and ends the
   * line only when the copy is done: take each redraw as it comes, so
   * the copy figures are live.
   */
  ss->split_cr = true;
  for (;;) {
    line = session_read_line (ss, !cancel_sent, tick, prog);
    if (line == NULL && cancel_requested && !cancel_sent) {
      CLEANUP_FREE char *dir_q = shell_quote (dir);
      CLEANUP_FREE char *kill_cmd = NULL;

      progress_finish (prog);
      log_info ("cancelling: stopping virt-v2v on %s", s->config->server);
      if (dir_q &&
          asprintf (&kill_cmd, "kill -TERM $(cat %s/run.pid)", dir_q) != -1 &&
          ssh_run (s, kill_cmd, NULL, NULL, NULL) != 0)
        session_kill (ss);
      cancel_sent = true;
      continue;
    }
    if (line == NULL)
      break;
    /* run.sh's last word, after the log: the status it recorded. */
    if (sscanf (line, "p2v-status: %d", status) == 1)
      continue;
    if (!v2v_running) {
      /* The first line of virt-v2v's log: it is running. */
      log_info ("starting virt-v2v on %s (set-up took %.1f s)",
                s->config->server, now_monotonic () - t0);
      v2v_running = true;
    }
    progress_line (prog, line);
  }
  progress_finish (prog);
  return dir;
}

/* Read the status file the wrapper wrote. */
static int
remote_status (struct ssh_conn *s, const char *dir)
{
  CLEANUP_FREE char *dir_q = shell_quote (dir);
  CLEANUP_FREE char *cmd = NULL, *out = NULL;
  int st;

  if (dir_q == NULL || asprintf (&cmd, "cat %s/status", dir_q) == -1 ||
      ssh_run (s, cmd, NULL, &out, NULL) != 0 ||
      sscanf (out, "%d", &st) != 1)
    return -1;
  return st;
}

int
run_conversion (const struct p2v_config *c, const struct p2v_machine *m,
                const struct conversion_observer *obs)
{
  struct ssh_conn s;
  struct session ss = { .pid = -1, .in_fd = -1, .out_fd = -1 };
  struct remote_info info = { 0 };
  struct local_info local = { 0 };
  nbd_export_list exports = empty_vector;
  CLEANUP_FREE char *dir = NULL, *xml = NULL, *staged_xml = NULL;
  CLEANUP_FREE_STRING_LIST char **staged_paths = NULL;
  CLEANUP_FREE char *script = NULL;
  CLEANUP_FREE struct nbd_source *sources = NULL;
  CLEANUP_FREE uint64_t *sizes = NULL;
  struct progress *prog = NULL;
  struct upload up = { 0 };
  CLEANUP_FREE char *client_log = NULL;
  size_t client_log_len = 0;
  FILE *client_log_fp;
  time_t now;
  char stamp[64], why[32];
  int r = -1, st, v2v_status;
  double t0 = now_monotonic ();

  if ((obs ? make_cancel_pipe () : install_signals ()) == -1 ||
      ssh_init (&s, c) == -1)
    return -1;
  /* Keep our own messages (the host key seen, the checks) for the work
   * dir, so the server's records say who connected and what we saw.
   */
  client_log_fp = open_memstream (&client_log, &client_log_len);
  if (client_log_fp)
    log_set_tee (client_log_fp);
  /* dmesg, lspci and friends run while we connect. */
  if (gather_local_info_start (&local) == -1)
    goto out;

  /* Host key and login; then one session does everything else. */
  log_info ("connecting to %s port %d as %s", c->server, c->port,
            c->username);
  if (ssh_connect (&s) == -1 || conversion_cancelled () ||
      session_open (&ss, &s) == -1 || preflight_send (&s, &ss) == -1)
    goto out;

  /* While the server answers the probe, serve and forward each disk. */
  sources = calloc (c->disks.len, sizeof *sources);
  sizes = calloc (c->disks.len, sizeof *sizes);
  if (sources == NULL || sizes == NULL) {
    log_error ("out of memory");
    goto out;
  }
  for (size_t i = 0; i < c->disks.len; ++i) {
    const struct p2v_disk *d = machine_find_disk (m, c->disks.ptr[i]);
    struct nbd_export e;

    if (d == NULL) {
      log_error ("p2v.disks: %s: no such disk", c->disks.ptr[i]);
      goto out;
    }
    if (nbd_start (d->name, d->dev_path, d->size, &e) == -1) {
      nbd_stop (&e);
      goto out;
    }
    if (nbd_export_list_append (&exports, e) == -1) {
      log_error ("out of memory");
      nbd_stop (&e);
      goto out;
    }
    e.remote_port = ssh_forward (&s, e.socket);
    if (e.remote_port == -1)
      goto out;
    exports.ptr[exports.len - 1].remote_port = e.remote_port;
    sizes[i] = d->size;
  }
  if (conversion_cancelled () ||
      preflight_receive (&s, &ss, true, &info) == -1 ||
      conversion_cancelled ())
    goto out;

  /* physical.xml reads the forwarded ports; physical-staged.xml the
   * copies run.sh makes on the server (its directory is known only
   * there, so run.sh fills in the placeholder).
   */
  for (size_t i = 0; i < exports.len; ++i) {
    sources[i].host = "localhost";
    sources[i].port = exports.ptr[i].remote_port;
  }
  xml = physical_xml (c, m, sources);
  if (xml == NULL)
    goto out;
  if (c->stage) {
    staged_paths = calloc (exports.len + 1, sizeof *staged_paths);
    if (staged_paths == NULL) {
      log_error ("out of memory");
      goto out;
    }
    for (size_t i = 0; i < exports.len; ++i) {
      if (asprintf (&staged_paths[i], "@P2V_STAGE@/%s.raw",
                    exports.ptr[i].disk) == -1) {
        log_error ("out of memory");
        goto out;
      }
      sources[i].file = staged_paths[i];
    }
    staged_xml = physical_xml (c, m, sources);
    if (staged_xml == NULL)
      goto out;
  }
  script = wrapper_script (c, exports.ptr, exports.len, staged_xml != NULL);
  if (script == NULL)
    goto out;

  /* The rest of the session: check the data paths, make the work
   * dir, write its files, run the conversion.
   */
  now = time (NULL);
  strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S %z", localtime (&now));
  if (upload_begin (&up, &exports) == -1 ||
      upload_add (&up, "name", c->name, strlen (c->name)) == -1 ||
      upload_add (&up, "physical.xml", xml, strlen (xml)) == -1 ||
      (staged_xml && upload_add (&up, "physical-staged.xml", staged_xml,
                                 strlen (staged_xml)) == -1) ||
      upload_add (&up, "time", stamp, strlen (stamp)) == -1 ||
      upload_add (&up, "v2v-version", info.v2v_version,
                  strlen (info.v2v_version)) == -1 ||
      upload_add (&up, "run.sh", script, strlen (script)) == -1 ||
      gather_local_info_finish (&local, &up) == -1 ||
      (client_log_fp && fflush (client_log_fp) == 0 &&
       upload_add (&up, "virt-p2v.log", client_log, client_log_len) == -1) ||
      upload_finish (&up) == -1) {
    upload_abort (&up);
    goto out;
  }
  prog = progress_new (c, sizes, c->disks.len);
  if (prog == NULL) {
    upload_abort (&up);
    log_error ("out of memory");
    goto out;
  }
  progress_set_observer (prog, obs);
  st = session_write (&ss, up.script, up.len);
  upload_abort (&up);
  session_close_input (&ss);
  if (st == -1) {
    conversion_cancelled ();
    goto out;
  }
  v2v_status = -1;
  dir = follow_session (&s, &ss, prog, obs, t0, &v2v_status);
  st = session_wait (&ss);
  if (dir == NULL) {
    /* The session stopped before the work dir existed. */
    if (cancel_requested)
      log_error ("conversion cancelled %s", cancel_reason (why, sizeof why));
    else if (st == 4)
      log_error ("cannot create a work directory in /tmp on %s", c->server);
    else if (st != 3)
      log_error ("the conversion session on %s ended early (status %d)",
                 c->server, st);
    goto out;
  }
  /* Only if the stream was cut before run.sh could tell us. */
  st = v2v_status >= 0 ? v2v_status : remote_status (&s, dir);
  if (cancel_requested) {
    log_error ("conversion cancelled; virt-v2v stopped (status %d recorded "
               "in %s:%s/status)", st, c->server, dir);
  }
  else if (st == 0) {
    log_info ("conversion finished successfully");
    r = 0;
  }
  else if (st > 0)
    log_error ("conversion failed: virt-v2v exited with status %d: see %s:%s/"
               "virt-v2v-conversion-log.txt", st, c->server, dir);
  else
    log_error ("conversion failed: the connection to %s was lost and no "
               "status was recorded: see %s:%s/virt-v2v-conversion-log.txt",
               c->server, c->server, dir);

 out:
  if (client_log_fp) {
    log_set_tee (NULL);
    fclose (client_log_fp);
  }
  if (ss.pid > 0) {
    session_kill (&ss);
    session_wait (&ss);
  }
  if (local.started)
    gather_local_info_finish (&local, NULL);
  progress_free (prog);
  stop_exports (&exports);
  ssh_disconnect (&s);
  ssh_free (&s);
  remote_info_free (&info);
  return r;
}
