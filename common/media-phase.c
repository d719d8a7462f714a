/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Progress of a media build: one line as each phase starts, with the
 * seconds since the build started (libguestfs style), so each phase's
 * duration is the gap to the next line, and logs can be compared.
 */

#include <config.h>

#include "log.h"
#include "media-internal.h"
#include "utils.h"

static double start = -1;

void
media_phase (const char *what)
{
  if (start < 0)
    start = now_monotonic ();
  log_info ("[%6.1f] %s", now_monotonic () - start, what);
}

void
media_phase_done (void)
{
  media_phase ("Boot set ready");
  start = -1;
}
