/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The per-build payload: a small newc cpio the boot loader loads as a
 * second initrd after ours.  It holds the SSH identity and pinned host
 * keys under /p2v-payload, which p2v-init copies into the live root
 * before switching to it (init/payload.c).  Keeping them out of the
 * cached root means a new identity never rebuilds anything.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-internal.h"
#include "media.h"
#include "utils.h"

/* Read a small input file; the message names the option. */
static char *
slurp (const char *path, const char *what, size_t *len)
{
  char *buf = read_whole_file (path, len);
  if (buf == NULL)
    log_error ("cannot read the %s \"%s\": %m", what, path);
  return buf;
}

int
media_write_payload (const char *out, const char *identity,
                     const char *host_key)
{
  CLEANUP_FREE char *tmp = NULL, *key = NULL, *known = NULL;
  size_t key_len = 0, known_len = 0;
  struct media_cpio *c = NULL;
  int r = -1;

  if (asprintf (&tmp, "%s.tmp", out) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (identity &&
      (key = slurp (identity, "SSH identity (--inject-ssh-identity)",
                    &key_len)) == NULL)
    return -1;
  if (host_key &&
      (known = slurp (host_key, "server host key file", &known_len)) == NULL)
    goto out;

  /* The private key is in this file: keep it to its owner. */
  c = media_cpio_open (tmp, false, media_output_time (), 0600);
  if (c == NULL || media_cpio_dir (c, "p2v-payload", 0755) == -1)
    goto out;
  if (key &&
      (media_cpio_dir (c, "p2v-payload/var", 0755) == -1 ||
       media_cpio_dir (c, "p2v-payload/var/tmp", 01777) == -1 ||
       media_cpio_data (c, "p2v-payload" MEDIA_IDENTITY_PATH, 0600,
                        key, key_len) == -1))
    goto out;
  if (known &&
      (media_cpio_dir (c, "p2v-payload/etc", 0755) == -1 ||
       media_cpio_dir (c, "p2v-payload/etc/virt-p2v", 0755) == -1 ||
       media_cpio_data (c, "p2v-payload/etc/virt-p2v/known_hosts", 0644,
                        known, known_len) == -1))
    goto out;
  r = media_cpio_close (c);
  c = NULL;
  if (r == 0 && rename (tmp, out) == -1) {
    log_error ("rename: %s: %m", out);
    r = -1;
  }

 out:
  media_cpio_abort (c);
  if (r == -1)
    unlink (tmp);
  if (key)
    memset (key, 0, key_len);
  return r;
}
