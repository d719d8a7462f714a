/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Messages of p2v-init.  Progress is logged at the kernel's "info"
 * level, so "quiet" hides it from the console but dmesg keeps it;
 * errors at "err", which every console shows.  Before /dev is mounted
 * (and when run by hand) they go to stderr.
 */

#include <config.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

static int kmsg = -1;

void
log_open (void)
{
  if (kmsg == -1)
    kmsg = open ("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

double
uptime (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_BOOTTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
vlog (int level, const char *fs, va_list args)
{
  char buf[1024];
  int n = snprintf (buf, sizeof buf, "<%d>p2v-init: ", level);

  vsnprintf (buf + n, sizeof buf - n - 1, fs, args);
  /* Without its newline a record stays open for a continuation, and
   * the consoles print it only when the next one comes.
   */
  strcat (buf, "\n");
  if (kmsg >= 0 && write (kmsg, buf, strlen (buf)) > 0)
    return;
  fputs (buf + 3, stderr);
}

void
info (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vlog (6, fs, args);
  va_end (args);
}

void
error (const char *fs, ...)
{
  va_list args;

  va_start (args, fs);
  vlog (3, fs, args);
  va_end (args);
}
