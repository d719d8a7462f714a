/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Small string helpers shared by every program. */

#ifndef P2V_UTILS_H
#define P2V_UTILS_H

#include <string.h>
#include <strings.h>
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/types.h>

#define STREQ(a,b) (strcmp ((a),(b)) == 0)
#define STRCASEEQ(a,b) (strcasecmp ((a),(b)) == 0)
#define STRNEQ(a,b) (strcmp ((a),(b)) != 0)
#define STREQLEN(a,b,n) (strncmp ((a),(b),(n)) == 0)
#define STRPREFIX(a,b) (strncmp ((a),(b),strlen ((b))) == 0)
#define STRSUFFIX(a,b) \
  (strlen (a) >= strlen (b) && STREQ ((a) + strlen (a) - strlen (b), (b)))

/* utils.c */
/* Read a whole (small) file into a malloc'd, NUL-terminated string.
 * Returns NULL with errno set on failure.  The trailing newline is
 * kept; see chomp.
 */
extern char *read_whole_file (const char *path, size_t *len_rtn);
/* Remove trailing newlines (and \r) in place. */
extern void chomp (char *str);
/* Write buf to path atomically: PATH.tmp, fsync, rename.  mode is
 * the final mode of the file.  Returns -1 with errno set.
 */
extern int write_file_atomic (const char *path, const void *buf, size_t len,
                              int mode);
/* The same, the file given group gid (unless (gid_t) -1) before any
 * data goes in.
 */
extern int write_file_atomic_owned (const char *path, const void *buf,
                                    size_t len, int mode, gid_t gid);
/* Write all of buf to fd, retrying on EINTR and short writes. */
extern int full_write (int fd, const void *buf, size_t len);
/* Human-readable size such as "3.0 GiB" into a static-free buffer. */
extern void human_size (uint64_t bytes, char *buf, size_t buflen);
/* A duration as "1:02:03" or "2:03" (rounded, never negative). */
extern void format_duration (double secs, char *buf, size_t len);
/* Monotonic time in seconds. */
extern double now_monotonic (void);

#endif /* P2V_UTILS_H */
