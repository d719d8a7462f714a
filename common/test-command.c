/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test the command runner: capture, stdin feeding, environment,
 * exit status strings, timeouts, and that no extra fds leak.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "command.h"
#include "utils.h"
#include "test-check.h"

int failures;


int
main (void)
{
  {
    CLEANUP_FREE char *out = NULL, *err = NULL;
    const char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
    int st = command_run (argv, &(struct command_opts) { .out = &out, .err = &err });
    CHECK (WIFEXITED (st) && WEXITSTATUS (st) == 3);
    CHECK (STREQ (out, "out\n"));
    CHECK (STREQ (err, "err\n"));
    CLEANUP_FREE char *s = exit_status_to_string (st, "sh");
    CHECK (STREQ (s, "sh exited with status 3"));
  }
  {
    /* Large input and output through the poll loop both ways. */
    size_t n = 1 << 20;
    CLEANUP_FREE char *in = malloc (n + 1);
    CLEANUP_FREE char *out = NULL;
    memset (in, 'x', n);
    in[n] = '\0';
    const char *argv[] = { "cat", NULL };
    int st = command_run (argv, &(struct command_opts) { .input = in, .out = &out });
    CHECK (st == 0);
    CHECK (out && strlen (out) == n);
  }
  {
    /* Default stdin is /dev/null: cat ends at once. */
    CLEANUP_FREE char *out = NULL;
    const char *argv[] = { "cat", NULL };
    CHECK (command_run (argv, &(struct command_opts) { .out = &out }) == 0);
    CHECK (STREQ (out, ""));
  }
  {
    CLEANUP_FREE char *out = NULL;
    const char *env[] = { "P2V_TEST_VAR=hello", NULL };
    const char *argv[] = { "sh", "-c", "printf %s \"$P2V_TEST_VAR\"", NULL };
    CHECK (command_run (argv, &(struct command_opts) { .out = &out, .env = env }) == 0);
    CHECK (STREQ (out, "hello"));
  }
  {
    /* Only fds 0, 1, 2 (and the one ls opens) are open in the child. */
    CLEANUP_FREE char *out = NULL;
    const char *argv[] = { "sh", "-c", "ls /proc/self/fd | wc -l", NULL };
    CHECK (command_run (argv, &(struct command_opts) { .out = &out }) == 0);
    CHECK (atoi (out) <= 4);
  }
  {
    const char *argv[] = { "sleep", "30", NULL };
    double t = now_monotonic ();
    CHECK (command_run (argv, &(struct command_opts) { .timeout = 0.5 }) == -2);
    CHECK (now_monotonic () - t < 5);
  }
  {
    /* A daemon left holding our pipes (as ssh -f does) must not make
     * us wait for it.
     */
    CLEANUP_FREE char *out = NULL, *err = NULL;
    const char *argv[] = { "sh", "-c", "sleep 30 & echo started", NULL };
    double t = now_monotonic ();
    CHECK (command_run (argv, &(struct command_opts) { .out = &out, .err = &err }) == 0);
    CHECK (now_monotonic () - t < 5);
    CHECK (STREQ (out, "started\n"));
  }
  {
    const char *argv[] = { "/nonexistent/program", NULL };
    int st = command_run (argv, NULL);
    CHECK (WIFEXITED (st) && WEXITSTATUS (st) == 127);
    CLEANUP_FREE char *s = exit_status_to_string (st, "/nonexistent/program");
    CHECK (STREQ (s, "/nonexistent/program: command not found"));
  }
  {
    const char *argv[] = { "sh", "-c", "kill -9 $$", NULL };
    int st = command_run (argv, NULL);
    CLEANUP_FREE char *s = exit_status_to_string (st, "sh");
    CHECK (STRPREFIX (s, "sh was killed by signal 9"));
  }
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
