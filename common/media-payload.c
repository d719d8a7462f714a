/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The per-build payload: a small newc cpio the boot loader loads as a
 * second initrd after dracut's.  It holds the SSH identity and pinned
 * host keys under /p2v-payload, and a dracut pre-pivot hook that copies
 * them into the real root before switch-root.  Keeping them out of
 * the cached root means a new identity never rebuilds anything.
 */

#include <config.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-internal.h"
#include "media.h"
#include "utils.h"

/* dracut 059 sources every *.sh here (hookdir=/lib/dracut/hooks,
 * dracut-pre-pivot.service), after the root is mounted on $NEWROOT.
 */
#define HOOK_DIR "usr/lib/dracut/hooks/pre-pivot"
#define HOOK "/90-p2v-payload.sh"

struct writer {
  struct archive *a;
  time_t mtime;
  int64_t ino;
  const char *out;
};

static int
add (struct writer *w, const char *name, mode_t type, int perm,
     const char *data, size_t len)
{
  struct archive_entry *e = archive_entry_new ();
  int r = -1;

  if (e == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, type);
  archive_entry_set_perm (e, perm);
  archive_entry_set_uid (e, 0);
  archive_entry_set_gid (e, 0);
  archive_entry_set_mtime (e, w->mtime, 0);
  archive_entry_set_ino64 (e, ++w->ino);
  archive_entry_set_nlink (e, type == AE_IFDIR ? 2 : 1);
  archive_entry_set_size (e, type == AE_IFREG ? (int64_t) len : 0);
  if (archive_write_header (w->a, e) != ARCHIVE_OK ||
      (type == AE_IFREG && len > 0 &&
       archive_write_data (w->a, data, len) != (la_ssize_t) len))
    log_error ("writing %s: %s", w->out, archive_error_string (w->a));
  else
    r = 0;
  archive_entry_free (e);
  return r;
}

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
media_write_payload (const char *out, const char *templates,
                     const char *identity, const char *host_key)
{
  CLEANUP_FREE char *tmp = NULL, *hook_src = NULL, *hook = NULL;
  CLEANUP_FREE char *key = NULL, *known = NULL;
  size_t hook_len, key_len = 0, known_len = 0;
  long long sde = media_source_date_epoch ();
  struct writer w = { .mtime = sde >= 0 ? sde : time (NULL), .out = out };
  int r = -1;

  if (asprintf (&tmp, "%s.tmp", out) == -1 ||
      asprintf (&hook_src, "%s/dracut-payload-hook.sh", templates) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if ((hook = slurp (hook_src, "payload hook template", &hook_len)) == NULL)
    return -1;
  if (identity &&
      (key = slurp (identity, "SSH identity (--inject-ssh-identity)",
                    &key_len)) == NULL)
    return -1;
  if (host_key &&
      (known = slurp (host_key, "server host key file", &known_len)) == NULL)
    goto out;

  w.a = archive_write_new ();
  if (w.a == NULL) {
    log_error ("malloc: %m");
    goto out;
  }
  if (archive_write_set_format_cpio_newc (w.a) != ARCHIVE_OK ||
      archive_write_add_filter_none (w.a) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (w.a, 1) != ARCHIVE_OK ||
      archive_write_open_filename (w.a, tmp) != ARCHIVE_OK) {
    log_error ("%s: %s", tmp, archive_error_string (w.a));
    goto out;
  }
  /* The private key is in this file: keep it to its owner. */
  if (chmod (tmp, 0600) == -1) {
    log_error ("chmod: %s: %m", tmp);
    goto out;
  }
  /* The kernel's unpacker makes no parent directories: list them.
   * dracut's /lib is a symlink to usr/lib: name the real path.
   */
  if (add (&w, "usr", AE_IFDIR, 0755, NULL, 0) == -1 ||
      add (&w, "usr/lib", AE_IFDIR, 0755, NULL, 0) == -1 ||
      add (&w, "usr/lib/dracut", AE_IFDIR, 0755, NULL, 0) == -1 ||
      add (&w, "usr/lib/dracut/hooks", AE_IFDIR, 0755, NULL, 0) == -1 ||
      add (&w, HOOK_DIR, AE_IFDIR, 0755, NULL, 0) == -1 ||
      add (&w, HOOK_DIR HOOK, AE_IFREG, 0755, hook, hook_len) == -1 ||
      add (&w, "p2v-payload", AE_IFDIR, 0755, NULL, 0) == -1)
    goto out;
  if (key &&
      (add (&w, "p2v-payload/var", AE_IFDIR, 0755, NULL, 0) == -1 ||
       add (&w, "p2v-payload/var/tmp", AE_IFDIR, 01777, NULL, 0) == -1 ||
       add (&w, "p2v-payload" MEDIA_IDENTITY_PATH, AE_IFREG, 0600,
            key, key_len) == -1))
    goto out;
  if (known &&
      (add (&w, "p2v-payload/etc", AE_IFDIR, 0755, NULL, 0) == -1 ||
       add (&w, "p2v-payload/etc/virt-p2v", AE_IFDIR, 0755, NULL, 0) == -1 ||
       add (&w, "p2v-payload/etc/virt-p2v/known_hosts", AE_IFREG, 0644,
            known, known_len) == -1))
    goto out;
  if (archive_write_close (w.a) != ARCHIVE_OK) {
    log_error ("%s: %s", tmp, archive_error_string (w.a));
    goto out;
  }
  if (rename (tmp, out) == -1) {
    log_error ("rename: %s: %m", out);
    goto out;
  }
  r = 0;

 out:
  if (w.a)
    archive_write_free (w.a);
  if (r == -1)
    unlink (tmp);
  if (key)
    memset (key, 0, key_len);
  return r;
}
