/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The boot set a medium builder packs.  Normally the shared media pipeline
 * (common/media.h) builds it, or finds it in its cache.  The hidden
 * option --boot-set=DIR (or $VIRT_P2V_BOOT_SET) instead names a
 * prebuilt one, read as it is:
 *
 *   DIR/vmlinuz DIR/initrd.img DIR/payload.img DIR/LiveOS/squashfs.img
 *   DIR/manifest.txt DIR/kernel-version
 *
 * Tests that check the media's assembly, not their boots, use it with
 * the pipeline's boot set (tests/functions.sh: test_boot_set).
 */

#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "media-builder.h"
#include "media-internal.h"
#include "utils.h"

static char *
member (const char *dir, const char *name)
{
  char *path;

  if (asprintf (&path, "%s/%s", dir, name) == -1) {
    log_error ("asprintf: %m");
    return NULL;
  }
  if (access (path, R_OK) == -1) {
    log_error ("%s: %m: the boot set is incomplete (rebuild it)", path);
    free (path);
    return NULL;
  }
  return path;
}

static int
read_prebuilt (const struct media_options *opts, const char *dir,
               struct boot_set *bs)
{
  CLEANUP_FREE char *kver_file = NULL;

  memset (bs, 0, sizeof *bs);
  if (opts->ssh_identity || opts->extra_packages || !opts->firmware ||
      opts->cache_dir)
    log_warning ("--boot-set: a prebuilt boot set is packed as it is: "
                 "--inject-ssh-identity, --install, --no-firmware and "
                 "--cache-dir are ignored");
  bs->dir = realpath (dir, NULL);
  if (bs->dir == NULL) {
    log_error ("boot set %s: %m", dir);
    return -1;
  }
  if ((bs->kernel = member (bs->dir, "vmlinuz")) == NULL ||
      (bs->initrd = member (bs->dir, "initrd.img")) == NULL ||
      (bs->payload = member (bs->dir, "payload.img")) == NULL ||
      (bs->squashfs = member (bs->dir, "LiveOS/squashfs.img")) == NULL ||
      (bs->manifest = member (bs->dir, "manifest.txt")) == NULL ||
      (kver_file = member (bs->dir, "kernel-version")) == NULL)
    goto err;
  bs->kernel_version = read_whole_file (kver_file, NULL);
  if (bs->kernel_version == NULL) {
    log_error ("%s: %m", kver_file);
    goto err;
  }
  chomp (bs->kernel_version);
  log_debug ("boot set %s (kernel %s)", bs->dir, bs->kernel_version);
  return 0;

 err:
  media_free_boot_set (bs);
  return -1;
}

int
media_get_boot_set (const struct media_builder_options *o,
                    struct boot_set *bs)
{
  const char *dir = o->boot_set ? o->boot_set : getenv ("VIRT_P2V_BOOT_SET");

  if (dir && *dir)
    return read_prebuilt (&o->media, dir, bs);
  return media_build_boot_set (&o->media, bs);
}

/* The pipeline makes the boot set's directory under $TMPDIR unless
 * told where: then it is ours to remove (it holds the payload, the
 * identity included).  A prebuilt one is never touched.
 */
void
media_put_boot_set (const struct media_builder_options *o,
                    struct boot_set *bs)
{
  const char *dir = o->boot_set ? o->boot_set : getenv ("VIRT_P2V_BOOT_SET");

  if (bs->dir && !(dir && *dir) && o->media.output_dir == NULL)
    media_remove_tree (bs->dir);
  media_free_boot_set (bs);
}
