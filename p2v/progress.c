/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Turning virt-v2v's output into progress people can read: the phase
 * ("[  31.8] Inspecting the source"), and while a disk is copied (by
 * virt-v2v, or to the server by run.sh's staging) its
 * percentage (from nbdcopy's bar), rate and ETA.  On a terminal one
 * status line is redrawn in place; otherwise plain lines are printed,
 * copy progress at most every 10 seconds.  Warnings and errors from
 * the server are always shown; everything with -v.  An observer (the
 * GUI) also gets every line, each phase and the copy figures.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "p2v.h"
#include "utils.h"

#define PLAIN_INTERVAL 10.0     /* seconds between plain copy lines */

struct progress {
  bool tty;
  double start;
  char *phase;                  /* current phase text */
  size_t ndisks;
  uint64_t *sizes;              /* virtual size of each disk */
  char **names;
  int disk;                     /* 1-based disk being copied, 0 = none */
  const char *verb;             /* "copying" or "staging" */
  int percent;
  double copy_start;            /* when this disk's copy began */
  double last_plain;            /* last plain progress line */
  int last_plain_percent;
  bool drawn;                   /* a status line is on screen */
  const struct conversion_observer *obs;
};

struct progress *
progress_new (const struct p2v_config *c, const uint64_t *sizes,
              size_t ndisks)
{
  struct progress *p = calloc (1, sizeof *p);

  if (p == NULL)
    return NULL;
  p->tty = isatty (STDERR_FILENO);
  p->start = now_monotonic ();
  p->ndisks = ndisks;
  p->sizes = calloc (ndisks ? ndisks : 1, sizeof *p->sizes);
  p->names = calloc (ndisks ? ndisks : 1, sizeof *p->names);
  if (p->sizes == NULL || p->names == NULL) {
    progress_free (p);
    return NULL;
  }
  for (size_t i = 0; i < ndisks; ++i) {
    p->sizes[i] = sizes[i];
    p->names[i] = strdup (c->disks.ptr[i]);
  }
  p->last_plain_percent = -1;
  return p;
}

void
progress_free (struct progress *p)
{
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->ndisks; ++i)
    free (p->names[i]);
  free (p->names);
  free (p->sizes);
  free (p->phase);
  free (p);
}

static void
clear_line (struct progress *p)
{
  if (p->tty && p->drawn) {
    fputs ("\r\033[K", stderr);
    p->drawn = false;
  }
}

void
progress_set_observer (struct progress *p,
                       const struct conversion_observer *obs)
{
  p->obs = obs;
}

/* The figures of the current disk's copy. */
static void
copy_figures (const struct progress *p, struct copy_progress *cp)
{
  double elapsed = now_monotonic () - p->copy_start;

  cp->verb = p->verb;
  cp->disk = p->disk;
  cp->ndisks = p->ndisks;
  cp->name = p->names[p->disk - 1];
  cp->percent = p->percent;
  cp->size = p->sizes[p->disk - 1];
  cp->done = cp->size / 100 * p->percent;
  cp->rate = 0;
  cp->eta = -1;
  if (elapsed > 0.5 && cp->done > 0) {
    cp->rate = cp->done / elapsed;
    cp->eta = (cp->size - cp->done) / cp->rate;
  }
}

/* The copy figures of the current disk: "sda 45% (1.2 GiB of 3.0 GiB),
 * 95.0 MiB/s, ETA 0:12".
 */
static void
copy_status (struct progress *p, char *buf, size_t len)
{
  struct copy_progress cp;
  char done_s[32], size_s[32], rate_s[64] = "", eta_s[64] = "";

  copy_figures (p, &cp);
  human_size (cp.done, done_s, sizeof done_s);
  human_size (cp.size, size_s, sizeof size_s);
  if (cp.rate > 0) {
    char r[32];
    human_size ((uint64_t) cp.rate, r, sizeof r);
    snprintf (rate_s, sizeof rate_s, ", %s/s", r);
    format_duration (cp.eta, r, sizeof r);
    snprintf (eta_s, sizeof eta_s, ", ETA %s", r);
  }
  snprintf (buf, len, "%s disk %d/%zu (%s): %d%% (%s of %s)%s%s",
            p->verb, p->disk, p->ndisks, p->names[p->disk - 1], p->percent,
            done_s, size_s, rate_s, eta_s);
}

/* Redraw the status line (terminal) or print a plain line when due. */
static void
show (struct progress *p, bool force_plain)
{
  char status[256], el[32];

  format_duration (now_monotonic () - p->start, el, sizeof el);
  if (p->disk > 0)
    copy_status (p, status, sizeof status);
  else
    snprintf (status, sizeof status, "%s", p->phase ? p->phase : "starting");

  if (p->tty) {
    clear_line (p);
    fprintf (stderr, "virt-p2v: [%s] %s", el, status);
    p->drawn = true;
    fflush (stderr);
  }
  else if (force_plain ||
           (p->disk > 0 && p->percent != p->last_plain_percent &&
            (now_monotonic () - p->last_plain >= PLAIN_INTERVAL ||
             p->percent == 100))) {
    log_info ("[%s] %s", el, status);
    p->last_plain = now_monotonic ();
    p->last_plain_percent = p->percent;
  }
}

/* nbdcopy's bar: "<glyph> NN% [****----]". */
static int
parse_percent (const char *s)
{
  const char *pct = strchr (s, '%');
  int n;

  if (pct == NULL || strchr (s, '[') == NULL || pct > strchr (s, '['))
    return -1;
  while (pct > s && (pct[-1] == ' ' || (pct[-1] >= '0' && pct[-1] <= '9')))
    pct--;
  if (sscanf (pct, "%d%%", &n) != 1 || n < 0 || n > 100)
    return -1;
  return n;
}

/* virt-v2v's phase lines are "[  12.3] Text": exactly one decimal,
 * unlike the appliance kernel's "[    0.000000] ..." lines that -v -x
 * logs.  Returns the offset of Text, or 0.
 */
static size_t
phase_text (const char *seg)
{
  const char *q = seg;

  if (*q++ != '[')
    return 0;
  while (*q == ' ')
    q++;
  if (*q < '0' || *q > '9')
    return 0;
  while (*q >= '0' && *q <= '9')
    q++;
  if (q[0] != '.' || q[1] < '0' || q[1] > '9' || q[2] != ']' || q[3] != ' ' ||
      q[4] == '\0')
    return 0;
  return q + 4 - seg;
}

static void
one_segment (struct progress *p, const char *seg)
{
  size_t n;
  int pct;
  size_t total;

  if (*seg == '\0')
    return;
  /* Every line but the bar's redraws, which the observer gets as figures. */
  if (p->obs && p->obs->output &&
      !(p->disk > 0 && parse_percent (seg) >= 0))
    p->obs->output (p->obs->opaque, seg);
  /* A phase: "[  12.3] Text". */
  if ((n = phase_text (seg)) > 0) {
    free (p->phase);
    p->phase = strdup (seg + n);
    /* virt-v2v's copy, or run.sh copying a disk to the server. */
    if ((sscanf (seg + n, "Copying disk %d/%zu", &p->disk, &total) == 2 ||
         sscanf (seg + n, "Staging disk %d/%zu", &p->disk, &total) == 2) &&
        p->disk >= 1 && (size_t) p->disk <= p->ndisks) {
      p->verb = seg[n] == 'C' ? "copying" : "staging";
      p->percent = 0;
      p->copy_start = now_monotonic ();
      p->last_plain = p->copy_start;
      p->last_plain_percent = -1;
    }
    else
      p->disk = 0;
    clear_line (p);
    log_info ("%s", seg);
    show (p, false);
    if (p->obs && p->obs->phase && p->phase)
      p->obs->phase (p->obs->opaque, p->phase);
    return;
  }
  if (p->disk > 0 && (pct = parse_percent (seg)) >= 0) {
    p->percent = pct;
    show (p, false);
    if (p->obs && p->obs->copy) {
      struct copy_progress cp;
      copy_figures (p, &cp);
      p->obs->copy (p->obs->opaque, &cp);
    }
    return;
  }
  if (verbose || strstr (seg, "warning:") || strstr (seg, "error:")) {
    clear_line (p);
    fprintf (stderr, "%s\n", seg);
    show (p, false);
  }
}

void
progress_line (struct progress *p, const char *line)
{
  CLEANUP_FREE char *copy = strdup (line);
  char *save = NULL;

  if (copy == NULL)
    return;
  log_scrub (copy);
  /* nbdcopy redraws its bar with \r: each piece is an update. */
  for (char *seg = strtok_r (copy, "\r", &save); seg;
       seg = strtok_r (NULL, "\r", &save))
    one_segment (p, seg);
}

/* Called about once a second while waiting: keeps the clock moving. */
void
progress_tick (struct progress *p)
{
  if (p->tty)
    show (p, false);
}

void
progress_finish (struct progress *p)
{
  clear_line (p);
}
