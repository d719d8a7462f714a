/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Messages: errors, warnings, progress and debug lines, all on
 * stderr prefixed with the program name, optionally copied to a log
 * file.  Registered secrets are masked in every line, whatever the
 * caller passed in.
 */

#ifndef P2V_LOG_H
#define P2V_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* Set by -v/--verbose. */
extern bool verbose;

/* "PROG: error: ..." on stderr.  Call exactly once per failure. */
extern void log_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "PROG: warning: ..." */
extern void log_warning (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "PROG: ..." - normal progress for people. */
extern void log_info (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "PROG: debug: ..." - only when verbose.  The arguments are not even
 * evaluated otherwise.
 */
#define log_debug(fs, ...)                          \
  do {                                              \
    if (verbose)                                    \
      log_debug_always ((fs), ##__VA_ARGS__);       \
  } while (0)
extern void log_debug_always (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));

/* Mask this string ("***") wherever it appears in any later message.
 * The string is copied.  Returns -1 on ENOMEM.
 */
extern int log_add_secret (const char *secret);
/* Replace every registered secret in str, in place (secrets are
 * replaced by '*' runs of the same length).  Exposed so that text from
 * child processes can be scrubbed before display.
 */
extern void log_scrub (char *str);

/* Copy every message (with timestamps) to fp as well, or stop doing
 * so if fp is NULL.  The caller owns fp.
 */
extern void log_set_tee (FILE *fp);

/* Also hand every message this thread logs (already scrubbed, without
 * the "PROG: " prefix) to fn, or stop doing so if fn is NULL.  Per
 * thread: a worker's errors belong to its job (the GUI shows them),
 * never to a shared global.  kind is "error", "warning", "info" or
 * "debug".
 */
typedef void (*log_hook_fn) (void *opaque, const char *kind, const char *msg);
extern void log_set_thread_hook (log_hook_fn fn, void *opaque);

/* Forget registered secrets (tests, and before exit). */
extern void log_free_secrets (void);

#endif /* P2V_LOG_H */
