/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* One private temporary directory per process: mode 0700 under
 * $TMPDIR (default /tmp), created on first use and removed with all
 * its contents by tmpdir_cleanup(), which main calls on every exit
 * path.  Secrets (passwords, fetched keys) only ever live here, in
 * 0600 files.
 */

#ifndef P2V_TMPDIR_H
#define P2V_TMPDIR_H

/* The directory (created on first call), or NULL (error logged). */
extern const char *tmpdir_get (void);
/* A malloc'd path "TMPDIR/name", or NULL (error logged). */
extern char *tmpdir_path (const char *name);
/* Remove the directory and everything in it.  Safe to call twice. */
extern void tmpdir_cleanup (void);

#endif /* P2V_TMPDIR_H */
