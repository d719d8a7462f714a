/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* STUB - TO BE REPLACED.  The shared media pipeline's API as agreed
 * for common/media.h (written by the media pipeline, not here).  When
 * common/media.h lands: delete this file and boot-set-stub.c, drop
 * them from make-disk/Makefile.am and link the pipeline's library
 * instead.  Nothing else in make-disk/ needs to change: every file
 * includes "media.h" and uses only what is declared below.
 */

#ifndef P2V_MEDIA_H
#define P2V_MEDIA_H

#include <stdbool.h>

struct media_options {
  const char *virt_p2v_binary;
  const char *cache_dir;
  char **extra_packages;        /* NULL-terminated, or NULL */
  const char *ssh_identity;
  const char *host_key;
  bool firmware;
  bool verbose;
};

/* Absolute paths.  squashfs is DIR/LiveOS/squashfs.img; payload is a
 * small newc cpio loaded as a second initrd after the dracut one.
 */
struct boot_set {
  char *dir;
  char *kernel;
  char *initrd;
  char *payload;
  char *squashfs;
  char *manifest;
  char *kernel_version;
};

/* Returns 0, or -1 with the error already printed. */
extern int media_build_boot_set (const struct media_options *,
                                 struct boot_set *);
extern void media_free_boot_set (struct boot_set *);

/* Plus root=live:LABEL=X (disk) or root=live:CDLABEL=X (ISO). */
#define MEDIA_LIVE_CMDLINE "rd.live.image rd.live.overlay.overlayfs=1"

#endif /* P2V_MEDIA_H */
