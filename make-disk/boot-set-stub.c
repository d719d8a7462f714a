/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* STUB - TO BE REPLACED by the shared media pipeline (common/media.h,
 * see media.h here).  Until it exists, media_build_boot_set only
 * opens an existing boot set directory, named by the hidden option
 * --boot-set=DIR (boot_set_stub_dir) or $VIRT_P2V_BOOT_SET:
 *
 *   DIR/vmlinuz DIR/initrd.img DIR/payload.img DIR/LiveOS/squashfs.img
 *   DIR/manifest DIR/kernel-version
 *
 * tests/fixtures/make-boot-set.sh makes one.  The media options are
 * accepted and ignored (the pipeline packs them into the root).
 */

#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "media.h"
#include "utils.h"

const char *boot_set_stub_dir;

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

int
media_build_boot_set (const struct media_options *opts, struct boot_set *bs)
{
  const char *dir = boot_set_stub_dir ? boot_set_stub_dir
                                      : getenv ("VIRT_P2V_BOOT_SET");
  CLEANUP_FREE char *kver_file = NULL;

  memset (bs, 0, sizeof *bs);
  if (opts->ssh_identity || opts->host_key || opts->extra_packages ||
      opts->virt_p2v_binary || !opts->firmware || opts->cache_dir)
    log_warning ("the boot set stub packs nothing: --inject-ssh-identity, "
                 "--host-key, --install, --virt-p2v, --no-firmware and "
                 "--cache-dir take effect with the media pipeline");
  if (dir == NULL || *dir == '\0') {
    log_error ("no boot set: the media pipeline is not built in yet; "
               "give an existing boot set with --boot-set=DIR or "
               "VIRT_P2V_BOOT_SET=DIR");
    return -1;
  }
  bs->dir = realpath (dir, NULL);
  if (bs->dir == NULL) {
    log_error ("boot set %s: %m", dir);
    return -1;
  }
  if ((bs->kernel = member (bs->dir, "vmlinuz")) == NULL ||
      (bs->initrd = member (bs->dir, "initrd.img")) == NULL ||
      (bs->payload = member (bs->dir, "payload.img")) == NULL ||
      (bs->squashfs = member (bs->dir, "LiveOS/squashfs.img")) == NULL ||
      (bs->manifest = member (bs->dir, "manifest")) == NULL ||
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

void
media_free_boot_set (struct boot_set *bs)
{
  free (bs->dir);
  free (bs->kernel);
  free (bs->initrd);
  free (bs->payload);
  free (bs->squashfs);
  free (bs->manifest);
  free (bs->kernel_version);
  memset (bs, 0, sizeof *bs);
}
