/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Scope-bound cleanup: a variable declared with one of these macros
 * is released when it goes out of scope, so every early return is
 * leak-free.  To hand ownership on, copy the pointer out and set the
 * variable to NULL (or -1 for fds).
 */

#ifndef P2V_CLEANUP_H
#define P2V_CLEANUP_H

#include <stdio.h>

extern void cleanup_free (void *ptr);
extern void cleanup_fclose (void *ptr);
extern void cleanup_pclose (void *ptr);
extern void cleanup_close (void *ptr);
extern void cleanup_unlink_free (void *ptr);
extern void cleanup_free_string_list (void *ptr);

#define CLEANUP_FREE __attribute__ ((cleanup (cleanup_free)))
#define CLEANUP_FCLOSE __attribute__ ((cleanup (cleanup_fclose)))
#define CLEANUP_CLOSE __attribute__ ((cleanup (cleanup_close)))
/* A malloc'd path: the file is unlinked, then the string freed. */
#define CLEANUP_UNLINK_FREE __attribute__ ((cleanup (cleanup_unlink_free)))
/* A NULL-terminated malloc'd array of malloc'd strings. */
#define CLEANUP_FREE_STRING_LIST \
  __attribute__ ((cleanup (cleanup_free_string_list)))

#endif /* P2V_CLEANUP_H */
