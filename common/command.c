/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Running external commands (see command.h).  The child gets a clean
 * signal state, stdin from /dev/null or a pipe we feed, and no file
 * descriptors beyond 0-2 (every pipe here is O_CLOEXEC).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "quote.h"
#include "utils.h"

void
command_debug (const char *const *argv)
{
  if (verbose) {
    CLEANUP_FREE char *cmd = shell_quote_argv (argv);
    log_debug_always ("run: %s", cmd ? cmd : argv[0]);
  }
}

/* In the child, after fork: set up fds and exec.  Only
 * async-signal-safe calls until exec.
 */
static void __attribute__ ((noreturn))
child_exec (const char *const *argv, const char *const *env,
            int in_fd, int out_fd, int err_fd, const char *cwd)
{
  sigset_t mask;
  struct sigaction sa = { .sa_handler = SIG_DFL };

  for (int sig = 1; sig < NSIG; ++sig)
    sigaction (sig, &sa, NULL);
  sigemptyset (&mask);
  sigprocmask (SIG_SETMASK, &mask, NULL);

  if (in_fd >= 0 && in_fd != 0) { dup2 (in_fd, 0); }
  if (out_fd >= 0 && out_fd != 1) { dup2 (out_fd, 1); }
  if (err_fd >= 0 && err_fd != 2) { dup2 (err_fd, 2); }
  if (cwd && chdir (cwd) == -1) {
    static const char msg[] = "command: chdir failed\n";
    if (write (2, msg, sizeof msg - 1)) { }
    _exit (126);
  }
  /* Nothing of ours beyond 0-2 leaks into the child, even fds that a
   * caller's caller left without O_CLOEXEC.
   */
  close_range (3, ~0U, 0);
  if (env)
    for (size_t i = 0; env[i] != NULL; ++i)
      putenv ((char *) env[i]);
  umask (022);
  execvp (argv[0], (char **) argv);
  /* Same convention as the shell: 127 = not found, 126 = not runnable. */
  _exit (errno == ENOENT ? 127 : 126);
}

pid_t
command_start (const char *const *argv, const char *const *env,
               int *stdin_fd, int *stdout_fd, int *stderr_fd)
{
  int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
  CLEANUP_CLOSE int null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  pid_t pid;

  command_debug (argv);
  if (null_fd == -1) {
    log_error ("open: /dev/null: %m");
    return -1;
  }
  if ((stdin_fd && pipe2 (inp, O_CLOEXEC) == -1) ||
      (stdout_fd && pipe2 (outp, O_CLOEXEC) == -1) ||
      (stderr_fd && pipe2 (errp, O_CLOEXEC) == -1)) {
    log_error ("pipe: %m");
    goto err;
  }
  pid = fork ();
  if (pid == -1) {
    log_error ("fork: %m");
    goto err;
  }
  if (pid == 0)
    child_exec (argv, env, stdin_fd ? inp[0] : null_fd, outp[1], errp[1],
                NULL);

  if (stdin_fd) { close (inp[0]); *stdin_fd = inp[1]; }
  if (stdout_fd) { close (outp[1]); *stdout_fd = outp[0]; }
  if (stderr_fd) { close (errp[1]); *stderr_fd = errp[0]; }
  return pid;

 err:
  for (int i = 0; i < 2; ++i) {
    if (inp[i] >= 0) close (inp[i]);
    if (outp[i] >= 0) close (outp[i]);
    if (errp[i] >= 0) close (errp[i]);
  }
  return -1;
}

pid_t
command_start_logged (const char *const *argv, const char *cwd,
                      const char *log_path)
{
  CLEANUP_CLOSE int null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  CLEANUP_CLOSE int log_fd =
    open (log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_t pid;

  command_debug (argv);
  if (null_fd == -1 || log_fd == -1) {
    log_error ("open: %s: %m", null_fd == -1 ? "/dev/null" : log_path);
    return -1;
  }
  pid = fork ();
  if (pid == -1) {
    log_error ("fork: %m");
    return -1;
  }
  if (pid == 0)
    child_exec (argv, NULL, null_fd, log_fd, log_fd, cwd);
  return pid;
}

/* Append what is readable on fd to *buf; returns 0 at EOF, 1 if more
 * may come, 2 if nothing is there now (non-blocking fd), -1 on error.
 */
static int
drain (int fd, char **buf, size_t *len)
{
  char tmp[8192];
  ssize_t n = read (fd, tmp, sizeof tmp);

  if (n == -1)
    return errno == EINTR ? 1 : errno == EAGAIN ? 2 : -1;
  if (n == 0)
    return 0;
  errno = 0;
  if (buf) {
    char *p = realloc (*buf, *len + n + 1);
    if (p == NULL)
      return -1;
    memcpy (p + *len, tmp, n);
    *len += n;
    p[*len] = '\0';
    *buf = p;
  }
  return 1;
}

int
command_run (const char *const *argv, const struct command_opts *opts)
{
  static const struct command_opts no_opts;
  int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
  CLEANUP_CLOSE int null_fd = -1;
  char *outbuf = NULL, *errbuf = NULL;
  size_t outlen = 0, errlen = 0, inpos = 0, inlen = 0;
  int status = -1;
  bool timed_out = false;
  pid_t pid;

  if (opts == NULL)
    opts = &no_opts;
  command_debug (argv);

  null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd == -1) {
    log_error ("open: /dev/null: %m");
    return -1;
  }
  if (opts->input && !opts->inherit_stdin) {
    inlen = opts->input_len ? opts->input_len : strlen (opts->input);
    if (pipe2 (inp, O_CLOEXEC) == -1)
      goto pipe_error;
  }
  if (opts->out && pipe2 (outp, O_CLOEXEC) == -1)
    goto pipe_error;
  if (opts->err && pipe2 (errp, O_CLOEXEC) == -1)
    goto pipe_error;

  pid = fork ();
  if (pid == -1) {
    log_error ("fork: %m");
    goto out;
  }
  if (pid == 0)
    child_exec (argv, opts->env,
                opts->inherit_stdin ? 0 : (inp[0] >= 0 ? inp[0] : null_fd),
                outp[1], errp[1], opts->cwd);

  if (inp[0] >= 0) { close (inp[0]); inp[0] = -1; }
  if (outp[1] >= 0) { close (outp[1]); outp[1] = -1; }
  if (errp[1] >= 0) { close (errp[1]); errp[1] = -1; }
  if (inp[1] >= 0 && inlen == 0) { close (inp[1]); inp[1] = -1; }
  /* Never block in write: the child may be writing to us meanwhile. */
  if (inp[1] >= 0)
    fcntl (inp[1], F_SETFL, O_NONBLOCK);

  double deadline = opts->timeout > 0 ? now_monotonic () + opts->timeout : 0;
  /* Also wait for the child itself: it may have no pipes to us, or
   * leave a daemon behind that holds them open (ssh -f does).
   */
  CLEANUP_CLOSE int pidfd = syscall (SYS_pidfd_open, pid, 0);
  while (inp[1] >= 0 || outp[0] >= 0 || errp[0] >= 0 || pidfd >= 0) {
    struct pollfd fds[4];
    int nfds = 0, ms = -1;

    if (pidfd >= 0) fds[nfds++] = (struct pollfd) { pidfd, POLLIN, 0 };
    if (inp[1] >= 0) fds[nfds++] = (struct pollfd) { inp[1], POLLOUT, 0 };
    if (outp[0] >= 0) fds[nfds++] = (struct pollfd) { outp[0], POLLIN, 0 };
    if (errp[0] >= 0) fds[nfds++] = (struct pollfd) { errp[0], POLLIN, 0 };
    if (deadline > 0) {
      double left = deadline - now_monotonic ();
      if (left <= 0) { timed_out = true; break; }
      ms = (int) (left * 1000) + 1;
    }
    int r = poll (fds, nfds, ms);
    if (r == -1) {
      if (errno == EINTR) continue;
      log_error ("poll: %m");
      break;
    }
    for (int i = 0; i < nfds; ++i) {
      if (fds[i].revents == 0)
        continue;
      if (fds[i].fd == pidfd) {
        /* Exited: collect what is already in the pipes, then stop. */
        if (outp[0] >= 0) {
          fcntl (outp[0], F_SETFL, O_NONBLOCK);
          while (drain (outp[0], &outbuf, &outlen) == 1)
            ;
          close (outp[0]); outp[0] = -1;
        }
        if (errp[0] >= 0) {
          fcntl (errp[0], F_SETFL, O_NONBLOCK);
          while (drain (errp[0], &errbuf, &errlen) == 1)
            ;
          close (errp[0]); errp[0] = -1;
        }
        if (inp[1] >= 0) { close (inp[1]); inp[1] = -1; }
        close (pidfd);
        pidfd = -1;
        break;
      }
      else if (fds[i].fd == inp[1]) {
        ssize_t n = write (inp[1], opts->input + inpos, inlen - inpos);
        if (n > 0) inpos += n;
        if (n == -1 && errno != EINTR && errno != EAGAIN)
          inpos = inlen;        /* child closed stdin: stop feeding */
        if (inpos >= inlen) { close (inp[1]); inp[1] = -1; }
      }
      else if (fds[i].fd == outp[0]) {
        if (drain (outp[0], &outbuf, &outlen) <= 0) {
          close (outp[0]); outp[0] = -1;
        }
      }
      else if (fds[i].fd == errp[0]) {
        if (drain (errp[0], &errbuf, &errlen) <= 0) {
          close (errp[0]); errp[0] = -1;
        }
      }
    }
  }

  if (timed_out) {
    kill (pid, SIGTERM);
    /* Give it a moment to exit cleanly, then insist. */
    for (int i = 0; i < 50; ++i) {
      if (waitpid (pid, &status, WNOHANG) == pid) goto reaped;
      struct timespec ts = { 0, 20000000 };
      nanosleep (&ts, NULL);
    }
    kill (pid, SIGKILL);
  }
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      log_error ("waitpid: %m");
      status = -1;
      goto out;
    }
  }
 reaped:
  if (timed_out)
    status = -2;

  if (opts->out) { *opts->out = outbuf ? outbuf : strdup (""); outbuf = NULL; }
  if (opts->err) { *opts->err = errbuf ? errbuf : strdup (""); errbuf = NULL; }
  goto out;

 pipe_error:
  log_error ("pipe: %m");
 out:
  for (int i = 0; i < 2; ++i) {
    if (inp[i] >= 0) close (inp[i]);
    if (outp[i] >= 0) close (outp[i]);
    if (errp[i] >= 0) close (errp[i]);
  }
  free (outbuf);
  free (errbuf);
  return status;
}

char *
exit_status_to_string (int status, const char *prog)
{
  char *ret = NULL;
  int r;

  if (status == -2)
    r = asprintf (&ret, "%s timed out", prog);
  else if (WIFEXITED (status) && WEXITSTATUS (status) == 127)
    r = asprintf (&ret, "%s: command not found", prog);
  else if (WIFEXITED (status))
    r = asprintf (&ret, "%s exited with status %d", prog, WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    r = asprintf (&ret, "%s was killed by signal %d (%s)", prog,
                  WTERMSIG (status), strsignal (WTERMSIG (status)));
  else
    r = asprintf (&ret, "%s stopped with wait status %d", prog, status);
  return r == -1 ? NULL : ret;
}
