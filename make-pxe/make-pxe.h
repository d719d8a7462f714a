/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-pxe: what its files share. */

#ifndef P2V_MAKE_PXE_H
#define P2V_MAKE_PXE_H

#include <stdbool.h>
#include <sys/types.h>

#include "media-builder.h"
#include "vector.h"

/* One line of the --machines manifest. */
struct machine {
  char mac[18];                 /* "aa:bb:cc:dd:ee:ff", lower case */
  char *name;                   /* the guest name */
  char *keys;                   /* its p2v.* words, as written, or "" */
  size_t line;
};
DEFINE_VECTOR_TYPE (machine_list, struct machine);

/* The build: inputs and where the tree is being made. */
struct pxe_build {
  const struct boot_set *bs;
  const char *user_cmdline;     /* --cmdline (+ pin), checked; or NULL */
  const char *http_url;         /* --http-url without the last '/', or NULL */
  const machine_list *machines;
  long long epoch;              /* SOURCE_DATE_EPOCH, or now */
  mode_t payload_mode;          /* 0600/0640 with an identity, else 0644 */
  gid_t payload_gid;            /* --serve-group, or (gid_t) -1 */
};

/* machines.c */
extern int machines_read (const char *path, const char *user_cmdline,
                          machine_list *list);
extern void machines_free (machine_list *list);

/* tree.c: the tree inside dir (which exists and is empty). */
extern int tree_write (const struct pxe_build *b, const char *dir);

/* output.c: DIR is replaced whole, or not at all. */
struct pxe_output {
  char *path;                   /* -o DIR, as given */
  char *work;                   /* .DIR.XXXXXX beside it, ours */
  char *tree;                   /* WORK/tree: the new tree */
};
extern int pxe_output_check (struct pxe_output *o, const char *path);
extern int pxe_output_commit (struct pxe_output *o);
extern void pxe_output_free (struct pxe_output *o);

#endif /* P2V_MAKE_PXE_H */
