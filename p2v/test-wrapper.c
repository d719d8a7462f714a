/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test run.sh as wrapper.c writes it: for every combination of sudo,
 * staging and debugging, with output options that need
 * quoting, the script must parse (sh -n, and bash -n when there), and
 * run.sh's traps, status lines and virt-v2v arguments must be there.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "p2v.h"
#include "utils.h"
#include "test-check.h"

int failures;


static bool
parses (const char *shell, const char *script)
{
  const char *argv[] = { shell, "-n", NULL };
  CLEANUP_FREE char *err = NULL;
  int st = command_run (argv, &(struct command_opts) {
      .input = script, .err = &err });

  if (st != 0)
    fprintf (stderr, "%s -n: %s\n", shell, err ? err : "");
  return st == 0;
}

int
main (void)
{
  struct nbd_export ex[2] = {
    { .disk = (char *) "sda", .remote_port = 40001, .size = 1 << 30 },
    { .disk = (char *) "sdb", .remote_port = 40002, .size = 3 << 29 },
  };
  bool have_bash = access ("/bin/bash", X_OK) == 0;

  for (int sudo = 0; sudo <= 1; ++sudo)
    for (int stage = 0; stage <= 1; ++stage)
      for (int debug = 0; debug <= 1; ++debug) {
        struct p2v_config c;
        CLEANUP_FREE char *err = NULL, *cmdline = NULL;
        CLEANUP_FREE char *script = NULL;

        if (asprintf (&cmdline, "p2v.server=h %s %s p2v.o=local "
                      "p2v.os=\"/var/tmp/it's here\" p2v.oo=\"x=a b\" "
                      "p2v.oo=y=$HOME p2v.of=qcow2",
                      sudo ? "p2v.sudo" : "", debug ? "p2v.debug" : "") == -1)
          abort ();
        CHECK (p2v_config_init (&c) == 0);
        CHECK (p2v_config_from_cmdline (&c, cmdline, &err) == 0);
        script = wrapper_script (&c, ex, 2, stage);
        CHECK (script != NULL);
        if (script == NULL)
          continue;

        CHECK (parses ("sh", script));
        if (have_bash)
          CHECK (parses ("/bin/bash", script));
        /* Values reach virt-v2v quoted, never expanded. */
        CHECK (strstr (script, " -os '/var/tmp/it'\\''s here'") != NULL);
        CHECK (strstr (script, " -oo 'x=a b' -oo 'y=$HOME'") != NULL);
        CHECK (strstr (script, "-i libvirtxml \"$xml\" -o local") != NULL);
        CHECK ((strstr (script, "sudo -n env") != NULL) == sudo);
        CHECK ((strstr (script, "virt-v2v -v -x") != NULL) == debug);
        /* Staging: each disk from its forwarded port, room for both
         * (2.5 GiB in KiB) plus 1 GiB spare.
         */
        CHECK ((strstr (script, "nbdcopy -p nbd://localhost:40002 "
                        "\"$stage/sdb.raw\"") != NULL) == stage);
        CHECK ((strstr (script, "need=3670016\n") != NULL) == stage);
        /* Status to the file and to us, on success and on cancel. */
        CHECK (strstr (script, "echo $1 > status") != NULL);
        CHECK (strstr (script, "echo \"p2v-status: $1\"") != NULL);
        CHECK (strstr (script, "finish $rc\n") != NULL);
        CHECK (strstr (script, "finish 130' TERM INT HUP") != NULL);
        CHECK (strstr (script, "exec < /dev/null") != NULL);
        p2v_config_free (&c);
      }
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
