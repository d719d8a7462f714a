/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef P2V_USER_CMDLINE_H
#define P2V_USER_CMDLINE_H

/* Check a --cmdline for a medium's boot entries: p2v.* keys and values
 * through the key table, no arguments the medium sets itself (root=,
 * rd.live.*, ...), no characters the boot loaders cannot pass.  One
 * error line ("--cmdline: ...") and -1 if it is wrong.  A password in
 * it is registered as a secret for the log.
 */
extern int check_user_cmdline (const char *cmdline);
/* The same check: why it is wrong (malloc'd, without the "--cmdline: "
 * prefix), or NULL.  For a fleet manifest's fields.
 */
extern char *user_cmdline_error (const char *cmdline);

#endif /* P2V_USER_CMDLINE_H */
