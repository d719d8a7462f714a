/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The one way every program runs another: an argv (never a shell),
 * stdin from /dev/null unless fed, output captured on request, an
 * optional time limit, and each command logged in quoted,
 * copy-pasteable form when verbose.
 */

#ifndef P2V_COMMAND_H
#define P2V_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct command_opts {
  /* Fed to the child's stdin (NULL: /dev/null).  Use this, never argv
   * or the environment, for secrets.
   */
  const char *input;
  size_t input_len;             /* 0: strlen (input) */
  /* If not NULL, the child's stdout (stderr) is captured into a
   * malloc'd NUL-terminated string the caller frees.  Otherwise it is
   * inherited (stdout) or inherited (stderr).
   */
  char **out;
  char **err;
  /* Extra NAME=VALUE entries for the child's environment. */
  const char *const *env;
  /* Kill the child (SIGTERM, then SIGKILL) after this many seconds;
   * 0 means no limit.  A timed-out run returns status -2.
   */
  double timeout;
  /* Run in this directory. */
  const char *cwd;
  /* Let the child keep stdin (interactive tools); ignores input. */
  bool inherit_stdin;
};

/* Run argv to completion.  Returns the wait(2) status (>= 0), -1 if
 * the command could not be run (error logged), or -2 on timeout.
 */
extern int command_run (const char *const *argv,
                        const struct command_opts *opts);

/* Start argv in the background.  If stdin_fd is not NULL it receives
 * the write end of a pipe to the child's stdin (else stdin is
 * /dev/null); if stdout_fd/stderr_fd are not NULL they receive the
 * read end of a pipe from the child's stdout/stderr.  Returns the pid,
 * or -1 (error logged).
 */
extern pid_t command_start (const char *const *argv,
                            const char *const *env, int *stdin_fd,
                            int *stdout_fd, int *stderr_fd);

/* Start argv in the background, in directory cwd (NULL: ours), with
 * stdin from /dev/null and stdout and stderr written to log_path
 * (truncated): for long, chatty jobs such as dracut.  Returns the pid,
 * or -1 (error logged).
 */
extern pid_t command_start_logged (const char *const *argv, const char *cwd,
                                   const char *log_path);

/* "PROG exited with status N" / "PROG was killed by signal N (NAME)"
 * / "PROG timed out", malloc'd.
 */
extern char *exit_status_to_string (int status, const char *prog);

/* Log argv (quoted) if verbose. */
extern void command_debug (const char *const *argv);

#endif /* P2V_COMMAND_H */
