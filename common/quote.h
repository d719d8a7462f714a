/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Quoting for POSIX shells: the only way a value reaches a shell
 * (the remote command line over ssh, user hooks, debug output).
 */

#ifndef P2V_QUOTE_H
#define P2V_QUOTE_H

#include <stdio.h>

/* Write str to fp so that a POSIX shell reads it back as one word.
 * Words made only of safe characters are written as they are.
 */
extern void shell_quote_fp (const char *str, FILE *fp);
/* The same, into a malloc'd string (NULL on ENOMEM). */
extern char *shell_quote (const char *str);
/* argv joined into one copy-pasteable, quoted command line. */
extern char *shell_quote_argv (const char *const *argv);

#endif /* P2V_QUOTE_H */
