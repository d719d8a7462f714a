/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Pieces of the media pipeline (media.h), one file each. */

#ifndef P2V_MEDIA_INTERNAL_H
#define P2V_MEDIA_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "string-vector.h"

/* Bump when the pipeline changes what it puts in the root or the
 * initramfs: it is part of every cache key.
 */
#define MEDIA_PIPELINE_VERSION "4"

/* zstd level of the squashfs: measured, see HACKING.md. */
#define MEDIA_SQUASHFS_ZSTD_LEVEL "9"

/* media-phase.c: "[  12.3] Building the root" progress lines. */
extern void media_phase (const char *what);
extern void media_phase_done (void);

/* media-packages.c */
/* Append the packages named in a list file (comments stripped). */
extern int media_read_list (const char *path, string_vector *out);
/* One error naming every package of pkgs not installed on the host,
 * with the apt-get command that installs them.
 */
extern int media_check_installed (const string_vector *pkgs);
/* Append the host's installed firmware-* packages. */
extern int media_firmware_packages (string_vector *out);
/* Version of an installed package (malloc'd), or NULL (error logged). */
extern char *media_package_version (const char *name);

/* media-binary.c: append the packages of the libraries binary links
 * (ldd, dpkg-query -S); an unpackaged library is an error.
 */
extern int media_binary_packages (const char *binary, string_vector *out);

/* media-closure.c: the dependency closure of pkgs as supermin resolves
 * it, as sorted "name version arch" lines (the key and the manifest).
 */
extern int media_closure (const string_vector *pkgs, const char *workdir,
                          string_vector *closure);
/* The kernel version ("6.1.0-56-amd64") of the closure's kernel
 * package, malloc'd, or NULL (error logged).
 */
extern char *media_kernel_version (const string_vector *closure);

/* media-tree.c: copy the closure's files from the host into tree,
 * leaving out what the exclude list names.
 */
extern int media_copy_tree (const string_vector *closure,
                            const char *exclude_list, const char *workdir,
                            const char *tree);

/* media-fixups.c: what maintainer scripts would have done. */
extern int media_fixup_tree (const char *tree, const char *templates,
                             const char *virt_p2v, const char *kver);

/* media-alternatives.c: update-alternatives' automatic choices. */
extern int media_alternatives (const char *tree);

/* media-fixups.c: copy src to TREE/dst, making dst's directories
 * (replacing dst, never writing through a link to the host).
 */
extern int media_put_file (const char *tree, const char *src,
                           const char *dst, int mode);

/* media-squashfs.c */
extern int media_mksquashfs (const char *tree, const char *out);

/* media-initramfs.c: the initramfs (init/p2v-init as /init, the
 * drivers' modules and firmware) as a zstd newc cpio.
 */
extern int media_write_initramfs (const char *kver,
                                  const string_vector *drivers,
                                  const char *init, const char *out,
                                  time_t mtime);

/* media-cpio.c: newc cpio for the kernel's unpacker; entries owned by
 * root with one mtime.  open makes OUT with MODE before writing.
 */
struct media_cpio;
extern struct media_cpio *media_cpio_open (const char *out, bool zstd,
                                           time_t mtime, mode_t mode);
extern int media_cpio_dir (struct media_cpio *c, const char *name, int perm);
extern int media_cpio_chardev (struct media_cpio *c, const char *name,
                               int perm, unsigned major, unsigned minor);
extern int media_cpio_data (struct media_cpio *c, const char *name, int perm,
                            const void *data, size_t len);
extern int media_cpio_file (struct media_cpio *c, const char *name, int perm,
                            const char *src);
/* Write the trailer and free c. */
extern int media_cpio_close (struct media_cpio *c);
/* Free c after a failure (the caller removes OUT). */
extern void media_cpio_abort (struct media_cpio *c);

/* media-payload.c: the per-build newc cpio. */
extern int media_write_payload (const char *out, const char *identity,
                                const char *host_key);

/* media-cache.c */
/* sha256 (hex, malloc'd) of a string / a file, or NULL (error logged). */
extern char *media_sha256_text (const char *text);
extern char *media_sha256_file (const char *path);
/* Hold an exclusive lock on DIR/lock; returns the fd or -1. */
extern int media_cache_lock (const char *dir);
/* Remove the work dirs of interrupted builds; call with the lock held. */
extern void media_cache_remove_stale (const char *dir);
/* Remove a directory tree (ignores errors). */
extern void media_remove_tree (const char *dir);
/* Hard link src to dst, or copy it if that fails (other file system). */
extern int media_link_or_copy (const char *src, const char *dst);
/* SOURCE_DATE_EPOCH if set and valid, else -1. */
extern long long media_source_date_epoch (void);
/* The time written into outputs: SOURCE_DATE_EPOCH, else now. */
extern time_t media_output_time (void);

#endif /* P2V_MEDIA_INTERNAL_H */
