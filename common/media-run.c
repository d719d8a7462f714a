/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Running the medium builders' external tools, progress lines,
 * checksums, and SIGINT:
 * a signal only sets a flag and wakes a thread that stops our child
 * processes (a tool, or the libguestfs appliance's qemu, even while
 * it is still launching), so every interruption unwinds through the
 * normal failure path, which removes the partial output and the
 * temporary files.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-builder.h"
#include "utils.h"

volatile sig_atomic_t interrupted;
static double start_time;
static int wake_fds[2] = { -1, -1 };

static void
on_signal (int sig)
{
  int saved_errno = errno;

  interrupted = sig;
  if (write (wake_fds[1], "", 1) == -1) { /* the thread is awake anyway */ }
  errno = saved_errno;
}

/* SIGTERM every process whose parent is us. */
static void
kill_children (void)
{
  DIR *d = opendir ("/proc");
  struct dirent *e;
  pid_t self = getpid ();

  if (d == NULL)
    return;
  while ((e = readdir (d)) != NULL) {
    char path[64], buf[512];
    pid_t pid = atoi (e->d_name), ppid;
    int fd;
    ssize_t n;

    if (pid <= 0)
      continue;
    snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
      continue;
    n = read (fd, buf, sizeof buf - 1);
    close (fd);
    if (n <= 0)
      continue;
    buf[n] = '\0';
    /* PID (COMM) STATE PPID: COMM may hold anything but ends at ')'. */
    const char *p = strrchr (buf, ')');
    if (p && sscanf (p + 1, " %*c %d", &ppid) == 1 && ppid == self)
      kill (pid, SIGTERM);
  }
  closedir (d);
}

static void *
watcher (void *arg)
{
  char c;

  while (read (wake_fds[0], &c, 1) == -1 && errno == EINTR)
    ;
  kill_children ();
  return NULL;
}

void
interrupt_install (void)
{
  /* No SA_RESTART: a blocked read or wait returns, so we notice. */
  struct sigaction sa = { .sa_handler = on_signal };
  sigset_t all, old;
  pthread_t thread;

  start_time = now_monotonic ();
  if (pipe2 (wake_fds, O_CLOEXEC) == -1)
    return;
  /* Signals go to the main thread, not the watcher. */
  sigfillset (&all);
  pthread_sigmask (SIG_BLOCK, &all, &old);
  if (pthread_create (&thread, NULL, watcher, NULL) == 0)
    pthread_detach (thread);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

int
check_interrupted (void)
{
  if (interrupted) {
    log_error ("interrupted by %s: the partial output is removed",
               strsignal (interrupted));
    return -1;
  }
  return 0;
}

void
progress (const char *fs, ...)
{
  va_list args;
  CLEANUP_FREE char *msg = NULL;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    msg = NULL;
  va_end (args);
  log_info ("[%5.1f] %s", now_monotonic () - start_time, msg ? msg : fs);
}

/* The last non-empty line of a tool's stderr, for the one-line error. */
static const char *
last_line (char *text)
{
  char *end, *p;

  if (text == NULL)
    return "";
  end = text + strlen (text);
  while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
    *--end = '\0';
  p = strrchr (text, '\n');
  return p ? p + 1 : text;
}

int
run_tool (const char *const *argv, const char *const *env)
{
  CLEANUP_FREE char *err = NULL;
  size_t len = 0;
  int errfd = -1, status;
  pid_t pid;

  if (check_interrupted () == -1)
    return -1;
  /* Quiet tools unless -v; their stderr explains a failure. */
  pid = command_start (argv, env, NULL, NULL, verbose ? NULL : &errfd);
  if (pid == -1)
    return -1;
  /* Started just after the watcher's sweep? */
  if (interrupted)
    kill (pid, SIGTERM);
  if (errfd >= 0) {
    char buf[4096];
    ssize_t n;
    while ((n = read (errfd, buf, sizeof buf)) != 0) {
      if (n == -1) {
        if (errno == EINTR) continue;
        break;
      }
      char *p = realloc (err, len + n + 1);
      if (p == NULL) break;
      memcpy (p + len, buf, n);
      len += n;
      p[len] = '\0';
      err = p;
    }
    close (errfd);
  }
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      log_error ("waitpid: %s: %m", argv[0]);
      return -1;
    }
  }
  if (check_interrupted () == -1)
    return -1;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (status, argv[0]);
    const char *line = last_line (err);
    log_error ("%s%s%s", why ? why : argv[0], *line ? ": " : "", line);
    return -1;
  }
  return 0;
}

/* sha256sum of a file (NULL: of input), as 64 hex digits. */
static int
sha256_run (const char *path, const char *input, size_t input_len,
            char hex[65])
{
  const char *argv[] = { "sha256sum", "--", path ? path : "-", NULL };
  struct command_opts opts = { .input = input, .input_len = input_len };
  CLEANUP_FREE char *out = NULL;
  int r;

  opts.out = &out;
  r = command_run (argv, &opts);
  if (r == -1 || check_interrupted () == -1)
    return -1;
  if (r != 0 || out == NULL || strlen (out) < 64) {
    CLEANUP_FREE char *why = exit_status_to_string (r, "sha256sum");
    log_error ("%s: %s", path ? path : "sha256sum", why ? why : "failed");
    return -1;
  }
  memcpy (hex, out, 64);
  hex[64] = '\0';
  return 0;
}

int
sha256_hex (const char *path, char hex[65])
{
  return sha256_run (path, NULL, 0, hex);
}

int
sha256_of (const char *input, size_t len, char hex[65])
{
  return sha256_run (NULL, input, len, hex);
}
