/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The hidden --long-options and --short-options every program has
 * (bash completion, and the docs tests that compare them with the
 * man page): each option on its own line.
 */

#ifndef P2V_OPTIONS_H
#define P2V_OPTIONS_H

#include <getopt.h>

/* "--NAME" per option of opts, except long-options, short-options and
 * the names in hidden (NULL-terminated, or NULL).
 */
extern void print_long_options (const struct option *opts,
                                const char *const *hidden);
/* "-C" per option character. */
extern void print_short_options (const char *short_options);

#endif /* P2V_OPTIONS_H */
