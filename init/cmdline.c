/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The kernel command line's keys for the initramfs.  The root is
 * named the way dracut's live boot names it, so boot entries read the
 * same to anyone who knows live media:
 *
 *   root=live:LABEL=P2VBOOT     any device with that label (disk, stick)
 *   root=live:CDLABEL=P2VBOOT   an ISO 9660 volume with that label
 *   root=live:/LiveOS/x.img     a squashfs inside the initramfs (PXE)
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"

/* The value of "KEY=" in the line (the last one wins, as in the
 * kernel), up to the next space; NULL if absent.
 */
static char *
value_of (const char *line, const char *key)
{
  size_t klen = strlen (key);
  const char *found = NULL;

  for (const char *p = line; (p = strstr (p, key)) != NULL; p += klen)
    if (p == line || p[-1] == ' ')
      found = p + klen;
  return found ? strndup (found, strcspn (found, " \n")) : NULL;
}

int
cmdline_parse (const char *line, struct cmdline *c)
{
  char *root;

  memset (c, 0, sizeof *c);
  if ((c->text = strdup (line)) == NULL)
    return -1;
  c->blacklist = value_of (line, "modprobe.blacklist=");
  c->init = value_of (line, "init=");
  root = value_of (line, "root=");
  if (root && strncmp (root, "live:LABEL=", 11) == 0 && root[11])
    c->label = strdup (root + 11);
  else if (root && strncmp (root, "live:CDLABEL=", 13) == 0 && root[13]) {
    c->label = strdup (root + 13);
    c->cd_only = true;
  }
  else if (root && strncmp (root, "live:/", 6) == 0)
    c->image = strdup (root + 5);
  if (c->label == NULL && c->image == NULL) {
    error ("the kernel command line has %s%s: give root=live:LABEL=NAME, "
           "root=live:CDLABEL=NAME or root=live:/PATH (as the media's boot "
           "entries do)",
           root ? "root=" : "no root=", root ? root : "");
    free (root);
    return -1;
  }
  free (root);
  return 0;
}

int
cmdline_read (struct cmdline *c)
{
  FILE *fp = fopen ("/proc/cmdline", "re");
  char *line = NULL;
  size_t n = 0;
  int r;

  if (fp == NULL || getline (&line, &n, fp) == -1) {
    error ("cannot read /proc/cmdline: %m");
    if (fp)
      fclose (fp);
    free (line);
    return -1;
  }
  fclose (fp);
  r = cmdline_parse (line, c);
  free (line);
  return r;
}
