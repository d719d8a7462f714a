/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test the progress display on virt-v2v's real output shapes: phase
 * lines are shown, the appliance kernel's lines (logged with -v -x)
 * are not taken for phases, nbdcopy's bar becomes the copy figures.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "p2v.h"
#include "utils.h"
#include "test-check.h"

int failures;

/* What an observer (the GUI) was told. */
static int phases, copies, last_percent = -1, outputs;
static char last_phase[256];

static void
on_phase (void *opaque, const char *text)
{
  phases++;
  snprintf (last_phase, sizeof last_phase, "%s", text);
}

static void
on_copy (void *opaque, const struct copy_progress *cp)
{
  copies++;
  last_percent = cp->percent;
  CHECK (cp->size == 2ULL << 30);
  CHECK (cp->done == cp->size / 100 * cp->percent);
  CHECK (strcmp (cp->name, "sda") == 0);
}

static void
on_output (void *opaque, const char *line)
{
  outputs++;
}

int
main (void)
{
  char path[] = "/tmp/test-progress.XXXXXX";
  int fd = mkstemp (path);
  struct p2v_config c;
  char *err = NULL;
  uint64_t sizes[] = { 2ULL << 30 };
  struct progress *p;
  CLEANUP_FREE char *out = NULL;

  int saved_stderr = dup (2);

  /* The display goes to stderr: capture it in a file. */
  if (fd == -1 || saved_stderr == -1 || freopen (path, "w", stderr) == NULL)
    abort ();
  if (p2v_config_init (&c) == -1 ||
      p2v_config_from_cmdline (&c, "p2v.disks=sda", &err) == -1)
    abort ();
  p = progress_new (&c, sizes, 1);
  progress_set_observer (p, &(struct conversion_observer) {
      .phase = on_phase, .copy = on_copy, .output = on_output });
  progress_line (p, "[   0.3] Staging disk 1/1 (sda) on the server");
  progress_line (p, "\xe2\x96\x9d  50% [**--]\r\xe2\x96\x9d 100% [****]");
  progress_line (p, "[   1.2] Opening the source");
  progress_line (p, "[    0.000000] Linux version 6.1.0-56-amd64");
  progress_line (p, "libguestfs: trace: v2v: launch");
  progress_line (p, "virt-v2v: warning: could not determine a way");
  progress_line (p, "[  50.0] Copying disk 1/1");
  progress_line (p, "\xe2\x96\x9d  10% [*---]\r\xe2\x96\x9d 100% [****]");
  progress_line (p, "[  55.5] Creating output metadata");
  progress_finish (p);
  progress_free (p);
  p2v_config_free (&c);
  fflush (stderr);
  out = read_whole_file (path, NULL);
  unlink (path);
  dup2 (saved_stderr, 2);     /* CHECK reports to the real stderr */

  CHECK (strstr (out, ": [   0.3] Staging disk 1/1 (sda) on the server\n"));
  CHECK (strstr (out, "staging disk 1/1 (sda): 100% (2.0 GiB of 2.0 GiB)"));
  CHECK (strstr (out, ": [   1.2] Opening the source\n"));
  CHECK (strstr (out, "Linux version") == NULL);
  CHECK (strstr (out, "libguestfs: trace") == NULL);
  CHECK (strstr (out, "virt-v2v: warning: could not determine a way\n"));
  CHECK (strstr (out, "copying disk 1/1 (sda): 100% (2.0 GiB of 2.0 GiB)"));
  CHECK (strstr (out, ": [  55.5] Creating output metadata\n"));
  /* The observer: 4 phases, 4 bar updates as figures, every other
   * segment as a line.
   */
  CHECK (phases == 4);
  CHECK (strcmp (last_phase, "Creating output metadata") == 0);
  CHECK (copies == 4);
  CHECK (last_percent == 100);
  CHECK (outputs == 7);
  if (failures)
    fprintf (stdout, "output was:\n%s", out);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
