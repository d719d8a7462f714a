/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The shared media pipeline: builds the P2V boot set (host kernel,
 * initramfs of our own init/, squashfs root, per-build payload) that
 * make-disk, make-pxe and make-kickstart put on their media.
 *
 * The root and the initramfs are cached under the cache dir, keyed by
 * their inputs; the payload (identity, host key) is made per build so
 * it never forces a rebuild.  With SOURCE_DATE_EPOCH set the outputs
 * are byte-identical for identical inputs.
 */

#ifndef P2V_MEDIA_H
#define P2V_MEDIA_H

#include <stdbool.h>

/* Default cache dir; $VIRT_P2V_MEDIA_CACHE or cache_dir override it. */
#define MEDIA_DEFAULT_CACHE_DIR "/var/tmp/virt-p2v-media-cache"

struct media_options {
  const char *virt_p2v_binary;  /* required */
  /* The initramfs's /init (NULL: $VIRT_P2V_INIT or the installed one). */
  const char *init_binary;
  const char *cache_dir;        /* NULL: $VIRT_P2V_MEDIA_CACHE or default */
  char **extra_packages;        /* NULL-terminated, or NULL */
  const char *ssh_identity;     /* -> /var/tmp/id_rsa (0600), or NULL */
  const char *host_key;         /* known_hosts file -> /etc/virt-p2v/known_hosts */
  bool firmware;                /* add the host's installed firmware-* packages */
  bool verbose;
  /* Added: where templates/ is (NULL: $VIRT_P2V_TEMPLATES or the
   * configured data dir).
   */
  const char *templates_dir;
  /* Added: the boot set's directory (NULL: a new directory under
   * $TMPDIR, which the caller removes).  Must not exist yet.
   */
  const char *output_dir;
};

/* Absolute paths inside dir. */
struct boot_set {
  char *dir;
  char *kernel;                 /* DIR/vmlinuz */
  char *initrd;                 /* DIR/initrd.img (p2v-init, zstd cpio) */
  char *payload;                /* DIR/payload.img (newc cpio, 2nd initrd) */
  char *squashfs;               /* DIR/LiveOS/squashfs.img */
  char *manifest;               /* DIR/manifest.txt: "name version", sorted */
  char *kernel_version;
};

/* What every medium installs into the P2V root besides packages (the
 * pipeline copies it into its tree, make-kickstart embeds it in %post):
 * template files and where they go, the client, the identity, and the
 * units to enable.  One table, so the media cannot drift apart.
 */
struct media_payload_file {
  const char *template;         /* file name in templates/ */
  const char *path;             /* absolute path in the P2V root */
  int mode;
};
/* Terminated by an entry with template == NULL. */
extern const struct media_payload_file media_payload_files[];
/* NULL-terminated: systemctl enable these. */
extern const char *const media_payload_units[];
#define MEDIA_VIRT_P2V_PATH "/usr/bin/virt-p2v"
#define MEDIA_IDENTITY_PATH "/var/tmp/id_rsa"    /* mode 0600 */
#define MEDIA_DEFAULT_TARGET "multi-user.target"

/* -1 with one error line already printed on failure. */
extern int media_build_boot_set (const struct media_options *,
                                 struct boot_set *);
extern void media_free_boot_set (struct boot_set *);

#endif /* P2V_MEDIA_H */
