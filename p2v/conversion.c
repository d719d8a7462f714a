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
#include <sys/random.h>
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

static void
on_cancel_signal (int sig)
{
  int saved_errno = errno;

  cancel_requested = sig;
  if (cancel_pipe[1] >= 0 && write (cancel_pipe[1], "x", 1) == -1) {
    /* nothing more can be done in a signal handler */
  }
  errno = saved_errno;
}

static int
install_signals (void)
{
  struct sigaction sa = { .sa_handler = on_cancel_signal };

  if (pipe2 (cancel_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
    log_error ("pipe: %m");
    return -1;
  }
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  return 0;
}

static bool
cancelled (void)
{
  if (cancel_requested)
    log_error ("conversion cancelled by signal %d", (int) cancel_requested);
  return cancel_requested != 0;
}

/* Check every forwarded port really reaches its disk, from the
 * server's side, and that the sizes agree.  One round trip.
 */
static int
check_data_paths (struct ssh_conn *s, const nbd_export_list *ex)
{
  CLEANUP_FREE char *cmd = NULL, *out = NULL, *err = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&cmd, &len);
  char *line, *save = NULL;

  if (fp == NULL)
    return -1;
  for (size_t i = 0; i < ex->len; ++i)
    fprintf (fp, "%snbdinfo --size nbd://127.0.0.1:%d 2>&1 || echo failed",
             i ? "; " : "", ex->ptr[i].remote_port);
  if (fclose (fp) == EOF)
    return -1;
  if (ssh_run (s, cmd, NULL, &out, &err) == -1)
    return -1;
  line = strtok_r (out, "\n", &save);
  for (size_t i = 0; i < ex->len; ++i, line = strtok_r (NULL, "\n", &save)) {
    unsigned long long size;
    if (line == NULL || sscanf (line, "%llu", &size) != 1 ||
        size != ex->ptr[i].size) {
      log_error ("the data connection for %s does not work: the server "
                 "reached port %d and got \"%s\": check AllowTcpForwarding "
                 "and PermitListen in sshd_config on %s",
                 ex->ptr[i].disk, ex->ptr[i].remote_port,
                 line ? line : "nothing", s->config->server);
      return -1;
    }
  }
  return 0;
}

/* A port for disk i's caching proxy on the server: random in
 * 10000-32767, below Linux's ephemeral range (where the forwarded
 * ports are), distinct from the others.  If it is taken after all,
 * the wrapper falls back to the direct forwards.
 */
static int
pick_proxy_port (const nbd_export_list *ex, size_t i)
{
  for (;;) {
    unsigned short r;
    int port;
    bool clash = false;

    if (getrandom (&r, sizeof r, 0) != sizeof r)
      r = (unsigned short) (getpid () + i);
    port = 10000 + r % 22768;
    for (size_t j = 0; j < i; ++j)
      clash |= ex->ptr[j].proxy_port == port;
    if (!clash)
      return port;
  }
}

/* mktemp -d on the server: /tmp/virt-p2v-YYYYMMDD-XXXXXXXX, 0700. */
static char *
make_remote_dir (struct ssh_conn *s)
{
  char *out = NULL;
  CLEANUP_FREE char *err = NULL;

  if (ssh_run (s, "mktemp -d \"/tmp/virt-p2v-$(date +%Y%m%d)-XXXXXXXX\"",
               NULL, &out, &err) != 0) {
    log_error ("cannot create the work directory in /tmp on %s: %s",
               s->config->server, err ? err : "");
    free (out);
    return NULL;
  }
  chomp (out);
  return out;
}

static void
stop_exports (nbd_export_list *ex)
{
  for (size_t i = 0; i < ex->len; ++i)
    nbd_stop (&ex->ptr[i]);
  nbd_export_list_reset (ex);
}

/* Run the wrapper and follow its output until it ends.  Returns the
 * remote exit status, or -1.
 */
static int
follow_conversion (struct ssh_conn *s, const char *dir,
                   struct progress *prog)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  CLEANUP_FREE char *dir_q = shell_quote (dir);
  CLEANUP_FREE char *cmd = NULL;
  char buf[65536];
  size_t have = 0;
  int out_fd = -1, status;
  pid_t pid;
  bool cancel_sent = false;
  double cancel_deadline = 0;

  if (dir_q == NULL || asprintf (&cmd, "exec sh %s/run.sh", dir_q) == -1 ||
      ssh_base_argv (s, &argv) == -1 ||
      string_vector_add (&argv, "-o") == -1 ||
      string_vector_add (&argv, "ControlMaster=no") == -1 ||
      string_vector_add (&argv, s->config->server) == -1 ||
      string_vector_add (&argv, "--") == -1 ||
      string_vector_add (&argv, cmd) == -1 ||
      string_vector_terminate (&argv) == -1) {
    log_error ("out of memory");
    return -1;
  }
  pid = command_start ((const char *const *) argv.ptr, ssh_env (s),
                       &out_fd, NULL);
  if (pid == -1)
    return -1;

  for (;;) {
    struct pollfd fds[2] = {
      { out_fd, POLLIN, 0 }, { cancel_pipe[0], POLLIN, 0 },
    };
    int r = poll (fds, 2, 1000);

    if (r == -1 && errno != EINTR)
      break;
    if (cancel_requested && !cancel_sent) {
      CLEANUP_FREE char *kill_cmd = NULL;
      char drainbuf[16];
      while (read (cancel_pipe[0], drainbuf, sizeof drainbuf) > 0)
        ;
      progress_finish (prog);
      log_info ("cancelling: stopping virt-v2v on %s", s->config->server);
      if (asprintf (&kill_cmd, "kill -TERM $(cat %s/run.pid)", dir_q) != -1)
        ssh_run (s, kill_cmd, NULL, NULL, NULL);
      cancel_sent = true;
      cancel_deadline = now_monotonic () + 60;
    }
    if (cancel_sent && now_monotonic () > cancel_deadline) {
      log_warning ("virt-v2v did not stop within 60 seconds");
      kill (pid, SIGTERM);
      break;
    }
    if (r > 0 && (fds[0].revents & (POLLIN | POLLHUP))) {
      ssize_t n = read (out_fd, buf + have, sizeof buf - have - 1);
      if (n <= 0)
        break;
      have += n;
      buf[have] = '\0';
      /* Hand over complete lines; keep the partial tail. */
      char *start = buf, *nl;
      while ((nl = memchr (start, '\n', have - (start - buf))) != NULL) {
        *nl = '\0';
        progress_line (prog, start);
        start = nl + 1;
      }
      have -= start - buf;
      memmove (buf, start, have);
      if (have == sizeof buf - 1) {     /* an endless line: flush it */
        buf[have] = '\0';
        progress_line (prog, buf);
        have = 0;
      }
    }
    else if (r == 0)
      progress_tick (prog);
  }
  if (have > 0) {
    buf[have] = '\0';
    progress_line (prog, buf);
  }
  close (out_fd);
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  progress_finish (prog);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
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
run_conversion (const struct p2v_config *c, const struct p2v_machine *m)
{
  struct ssh_conn s;
  struct remote_info info = { 0 };
  nbd_export_list exports = empty_vector;
  CLEANUP_FREE char *dir = NULL, *xml = NULL, *cached_xml = NULL;
  CLEANUP_FREE char *script = NULL;
  CLEANUP_FREE struct nbd_source *sources = NULL;
  CLEANUP_FREE uint64_t *sizes = NULL;
  struct progress *prog = NULL;
  struct upload up = { 0 };
  time_t now;
  char stamp[64];
  int r = -1, st;
  double t0 = now_monotonic ();

  if (install_signals () == -1 || ssh_init (&s, c) == -1)
    return -1;

  /* Pre-flight: login, sudo, virt-v2v, then the data paths. */
  log_info ("connecting to %s port %d as %s", c->server, c->port,
            c->username);
  if (ssh_connect (&s) == -1 || cancelled () ||
      preflight (&s, &info) == -1 || cancelled ())
    goto out;

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
  if (check_data_paths (&s, &exports) == -1 || cancelled ())
    goto out;

  /* The work dir and its files, in one round trip. */
  dir = make_remote_dir (&s);
  if (dir == NULL)
    goto out;
  log_info ("logs and files of this conversion are in %s:%s", c->server, dir);
  /* physical.xml reads the forwarded ports directly; with caching
   * proxies, physical-cached.xml reads the proxies and the wrapper
   * swaps it in once they are up.
   */
  for (size_t i = 0; i < exports.len; ++i) {
    sources[i].host = "localhost";
    sources[i].port = exports.ptr[i].remote_port;
  }
  xml = physical_xml (c, m, sources);
  if (xml == NULL)
    goto out;
  if (info.has_cache_filter) {
    for (size_t i = 0; i < exports.len; ++i) {
      exports.ptr[i].proxy_port = pick_proxy_port (&exports, i);
      sources[i].port = exports.ptr[i].proxy_port;
    }
    cached_xml = physical_xml (c, m, sources);
    if (cached_xml == NULL)
      goto out;
  }
  script = wrapper_script (c, dir, exports.ptr, exports.len,
                           info.has_cache_filter);
  if (script == NULL)
    goto out;
  now = time (NULL);
  strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S %z", localtime (&now));
  if (upload_begin (&up, dir) == -1 ||
      upload_add (&up, "name", c->name, strlen (c->name)) == -1 ||
      upload_add (&up, "physical.xml", xml, strlen (xml)) == -1 ||
      (cached_xml && upload_add (&up, "physical-cached.xml", cached_xml,
                                 strlen (cached_xml)) == -1) ||
      upload_add (&up, "time", stamp, strlen (stamp)) == -1 ||
      upload_add (&up, "run.sh", script, strlen (script)) == -1 ||
      gather_local_info (&up, info.v2v_version) == -1 ||
      upload_send (&up, &s) == -1) {
    upload_abort (&up);
    goto out;
  }
  if (cancelled ())
    goto out;

  /* The conversion itself. */
  log_info ("starting virt-v2v on %s (set-up took %.1f s)", c->server,
            now_monotonic () - t0);
  prog = progress_new (c, sizes, c->disks.len);
  if (prog == NULL) {
    log_error ("out of memory");
    goto out;
  }
  follow_conversion (&s, dir, prog);
  st = remote_status (&s, dir);
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
  progress_free (prog);
  stop_exports (&exports);
  ssh_disconnect (&s);
  ssh_free (&s);
  remote_info_free (&info);
  return r;
}
