/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A conversation with "sh -s" on the server over one multiplexed ssh
 * session: we write shell text to its stdin and read its stdout line
 * by line.  A conversion needs only this one session after login, so
 * the server's login shell start-up (which can be slow: rc files) is
 * paid once.  Every wait also watches the cancel pipe.
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
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"

int
session_open (struct session *ss, struct ssh_conn *s)
{
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;

  memset (ss, 0, sizeof *ss);
  ss->in_fd = ss->out_fd = -1;
  if (ssh_base_argv (s, &argv) == -1 ||
      string_vector_add (&argv, "-o") == -1 ||
      string_vector_add (&argv, "ControlMaster=no") == -1 ||
      string_vector_add (&argv, s->config->server) == -1 ||
      string_vector_add (&argv, "--") == -1 ||
      string_vector_add (&argv, "exec sh -s") == -1 ||
      string_vector_terminate (&argv) == -1) {
    log_error ("out of memory");
    return -1;
  }
  ss->pid = command_start ((const char *const *) argv.ptr, ssh_env (s),
                           &ss->in_fd, &ss->out_fd, NULL);
  if (ss->pid == -1)
    return -1;
  return 0;
}

int
session_write (struct session *ss, const char *data, size_t len)
{
  size_t done = 0;

  while (done < len) {
    struct pollfd fds[2] = {
      { ss->in_fd, POLLOUT, 0 }, { cancel_pipe[0], POLLIN, 0 },
    };

    if (cancel_requested)
      return -1;
    if (poll (fds, 2, -1) == -1) {
      if (errno == EINTR) continue;
      log_error ("poll: %m");
      return -1;
    }
    if (fds[0].revents & (POLLERR | POLLHUP)) {
      log_error ("the session on the conversion server ended unexpectedly");
      return -1;
    }
    if (fds[0].revents & POLLOUT) {
      ssize_t n = write (ss->in_fd, data + done, len - done);
      if (n == -1 && errno != EINTR && errno != EAGAIN) {
        log_error ("writing to the conversion server: %m");
        return -1;
      }
      if (n > 0)
        done += n;
    }
  }
  return 0;
}

void
session_close_input (struct session *ss)
{
  if (ss->in_fd >= 0) {
    close (ss->in_fd);
    ss->in_fd = -1;
  }
}

const char *
session_read_line (struct session *ss, bool stop_on_cancel,
                   void (*tick) (void *), void *opaque)
{
  for (;;) {
    char *nl;

    /* Drop the line handed out last time. */
    if (ss->consumed) {
      ss->have -= ss->consumed;
      memmove (ss->buf, ss->buf + ss->consumed, ss->have);
      ss->consumed = 0;
    }
    nl = memchr (ss->buf, '\n', ss->have);
    if (ss->split_cr) {
      char *cr = memchr (ss->buf, '\r', nl ? (size_t) (nl - ss->buf)
                         : ss->have);
      if (cr)
        nl = cr;
    }
    if (nl || ss->have == sizeof ss->buf - 1 || (ss->eof && ss->have > 0)) {
      size_t n = nl ? (size_t) (nl - ss->buf) : ss->have;
      ss->buf[n] = '\0';
      ss->consumed = nl ? n + 1 : n;
      return ss->buf;
    }
    if (ss->eof)
      return NULL;
    if (stop_on_cancel && cancel_requested)
      return NULL;

    struct pollfd fds[2] = {
      { ss->out_fd, POLLIN, 0 }, { cancel_pipe[0], POLLIN, 0 },
    };
    int r = poll (fds, 2, 1000);
    if (r == -1) {
      if (errno == EINTR) continue;
      log_error ("poll: %m");
      return NULL;
    }
    if (r == 0) {
      if (tick)
        tick (opaque);
      continue;
    }
    if (fds[1].revents & POLLIN) {
      char drain[16];
      while (read (cancel_pipe[0], drain, sizeof drain) > 0)
        ;
      if (stop_on_cancel)
        return NULL;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read (ss->out_fd, ss->buf + ss->have,
                        sizeof ss->buf - ss->have - 1);
      if (n == -1 && errno == EINTR)
        continue;
      if (n <= 0)
        ss->eof = true;
      else
        ss->have += n;
    }
  }
}

int
session_wait (struct session *ss)
{
  int status;

  session_close_input (ss);
  if (ss->out_fd >= 0) {
    close (ss->out_fd);
    ss->out_fd = -1;
  }
  if (ss->pid <= 0)
    return -1;
  while (waitpid (ss->pid, &status, 0) == -1)
    if (errno != EINTR)
      return -1;
  ss->pid = -1;
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

void
session_kill (struct session *ss)
{
  if (ss->pid > 0)
    kill (ss->pid, SIGTERM);
}
