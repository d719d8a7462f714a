/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Running the build's external tools, progress lines, and SIGINT:
 * a signal only sets a flag and stops the tool running now, so every
 * interruption unwinds through the normal failure path, which removes
 * the partial output and the temporary files.
 */

#include <config.h>

#include <errno.h>
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
#include "make-disk.h"
#include "utils.h"

volatile sig_atomic_t interrupted;
static volatile pid_t current_child;
static double start_time;

static void
on_signal (int sig)
{
  pid_t pid = current_child;

  interrupted = sig;
  if (pid > 0)
    kill (pid, SIGTERM);
}

void
interrupt_install (void)
{
  /* No SA_RESTART: a blocked read or wait returns, so we notice. */
  struct sigaction sa = { .sa_handler = on_signal };

  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  start_time = now_monotonic ();
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
set_current_child (pid_t pid)
{
  current_child = pid;
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
  set_current_child (pid);
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
      set_current_child (0);
      return -1;
    }
  }
  set_current_child (0);
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
