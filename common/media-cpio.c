/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* newc cpio archives for the kernel's initramfs unpacker (libarchive):
 * the initramfs, the payload and PXE's squashfs wrapper.  Entries are
 * owned by root with one given mtime, so the same input gives the same
 * bytes.  The unpacker makes no parent directories: callers list them
 * before their contents.
 */

#include <config.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-builder.h"
#include "media-internal.h"

struct media_cpio {
  struct archive *a;
  time_t mtime;
  int64_t ino;
  const char *out;
};

struct media_cpio *
media_cpio_open (const char *out, bool zstd, time_t mtime, mode_t mode)
{
  struct media_cpio *c = calloc (1, sizeof *c);

  if (c == NULL || (c->a = archive_write_new ()) == NULL) {
    log_error ("malloc: %m");
    free (c);
    return NULL;
  }
  c->mtime = mtime;
  c->out = out;
  if (archive_write_set_format_cpio_newc (c->a) != ARCHIVE_OK ||
      (zstd ? archive_write_add_filter_zstd (c->a)
       : archive_write_add_filter_none (c->a)) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block (c->a, 1) != ARCHIVE_OK ||
      archive_write_open_filename (c->a, out) != ARCHIVE_OK) {
    log_error ("%s: %s", out, archive_error_string (c->a));
    media_cpio_abort (c);
    return NULL;
  }
  /* Before any byte is written: the payload holds a private key. */
  if (chmod (out, mode) == -1) {
    log_error ("chmod: %s: %m", out);
    media_cpio_abort (c);
    return NULL;
  }
  return c;
}

static int
header (struct media_cpio *c, const char *name, mode_t type, int perm,
        int64_t size, dev_t rdev)
{
  struct archive_entry *e = archive_entry_new ();
  int r = 0;

  if (e == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  archive_entry_set_pathname (e, name);
  archive_entry_set_filetype (e, type);
  archive_entry_set_perm (e, perm);
  archive_entry_set_uid (e, 0);
  archive_entry_set_gid (e, 0);
  archive_entry_set_mtime (e, c->mtime, 0);
  archive_entry_set_ino64 (e, ++c->ino);
  archive_entry_set_nlink (e, type == AE_IFDIR ? 2 : 1);
  archive_entry_set_size (e, size);
  if (rdev)
    archive_entry_set_rdev (e, rdev);
  if (archive_write_header (c->a, e) != ARCHIVE_OK) {
    log_error ("writing %s: %s", c->out, archive_error_string (c->a));
    r = -1;
  }
  archive_entry_free (e);
  return r;
}

int
media_cpio_dir (struct media_cpio *c, const char *name, int perm)
{
  return header (c, name, AE_IFDIR, perm, 0, 0);
}

int
media_cpio_chardev (struct media_cpio *c, const char *name, int perm,
                    unsigned major, unsigned minor)
{
  return header (c, name, AE_IFCHR, perm, 0, makedev (major, minor));
}

int
media_cpio_data (struct media_cpio *c, const char *name, int perm,
                 const void *data, size_t len)
{
  if (header (c, name, AE_IFREG, perm, len, 0) == -1)
    return -1;
  if (len > 0 && archive_write_data (c->a, data, len) != (la_ssize_t) len) {
    log_error ("writing %s: %s", c->out, archive_error_string (c->a));
    return -1;
  }
  return 0;
}

int
media_cpio_file (struct media_cpio *c, const char *name, int perm,
                 const char *src)
{
  static char buf[1024 * 1024];
  CLEANUP_CLOSE int fd = open (src, O_RDONLY | O_CLOEXEC);
  struct stat st;
  ssize_t n;

  if (fd == -1 || fstat (fd, &st) == -1) {
    log_error ("%s: %m", src);
    return -1;
  }
  if (header (c, name, AE_IFREG, perm, st.st_size, 0) == -1)
    return -1;
  while ((n = read (fd, buf, sizeof buf)) != 0) {
    if (n == -1) {
      if (errno == EINTR && check_interrupted () == 0)
        continue;
      log_error ("%s: %m", src);
      return -1;
    }
    if (archive_write_data (c->a, buf, n) != n) {
      log_error ("writing %s: %s", c->out, archive_error_string (c->a));
      return -1;
    }
  }
  return 0;
}

int
media_cpio_close (struct media_cpio *c)
{
  int r = 0;

  if (archive_write_close (c->a) != ARCHIVE_OK) {
    log_error ("%s: %s", c->out, archive_error_string (c->a));
    r = -1;
  }
  archive_write_free (c->a);
  free (c);
  return r;
}

void
media_cpio_abort (struct media_cpio *c)
{
  if (c) {
    archive_write_free (c->a);
    free (c);
  }
}
