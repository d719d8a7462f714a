/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The user's p2v.pre / p2v.post / p2v.fail commands.  These are shell
 * command lines written by the admin, so (and only so) they go
 * through /bin/sh.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"

int
run_hook (const char *what, const char *command)
{
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  int st;

  if (command == NULL || *command == '\0')
    return 0;
  log_info ("running p2v.%s: %s", what, command);
  st = command_run (argv, &(struct command_opts) { .inherit_stdin = true });
  if (st != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (st, command);
    log_error ("p2v.%s: %s", what, why ? why : "failed");
    return -1;
  }
  return 0;
}

/* p2v.pre must succeed for the conversion to start; p2v.post runs
 * after success, p2v.fail after anything else.
 */
int
run_conversion_with_hooks (const struct p2v_config *c,
                           const struct p2v_machine *m,
                           const struct conversion_observer *obs)
{
  int r = run_hook ("pre", c->pre);

  if (r == 0)
    r = run_conversion (c, m, obs);
  if (r == 0)
    r = run_hook ("post", c->post);
  else
    run_hook ("fail", c->fail);
  return r;
}
