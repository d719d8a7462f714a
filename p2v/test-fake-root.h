/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Shared by the machine*.c unit tests: check macros, and building
 * fake machines as sysfs/procfs trees under a private temporary
 * directory (removed by fake_root_finish).
 */

#ifndef P2V_TEST_FAKE_ROOT_H
#define P2V_TEST_FAKE_ROOT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "test-check.h"


#define CHECK_STR(got, want)                                            \
  do {                                                                  \
    const char *g_ = (got), *w_ = (want);                               \
    if ((g_ == NULL) != (w_ == NULL) || (g_ && strcmp (g_, w_) != 0)) { \
      fprintf (stderr, "%s:%d: FAILED: %s\n  got:  %s\n  want: %s\n",   \
               __FILE__, __LINE__, #got, g_ ? g_ : "(null)",            \
               w_ ? w_ : "(null)");                                     \
      failures++;                                                       \
    }                                                                   \
  } while (0)

#define CHECK_INT(got, want)                                            \
  do {                                                                  \
    long long g_ = (got), w_ = (want);                                  \
    if (g_ != w_) {                                                     \
      fprintf (stderr, "%s:%d: FAILED: %s = %lld, want %lld\n",         \
               __FILE__, __LINE__, #got, g_, w_);                       \
      failures++;                                                       \
    }                                                                   \
  } while (0)

extern char *tmpdir;

/* Make tmpdir (and set verbose from $P2V_TEST_VERBOSE). */
extern void fake_root_init (void);
/* Remove tmpdir; report; return the exit status. */
extern int fake_root_finish (const char *prog);

extern void die (const char *what, const char *path)
  __attribute__ ((noreturn));
/* A fresh empty root tmpdir/name, malloc'd. */
extern char *new_root (const char *name);
/* Write ROOT/rel (parent directories made as needed). */
extern void mkfile (const char *root, const char *rel, const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));
extern void mklink (const char *root, const char *rel, const char *target);
extern void mkdirr (const char *root, const char *rel);

/* A /sys/block entry: size in sectors, device/vendor and device/model
 * if not NULL, and partition subdirectories (NULL-terminated list).
 */
extern void fake_disk (const char *root, const char *name,
                       unsigned long long sectors, const char *vendor,
                       const char *model, const char *const *parts);
/* /proc/cpuinfo with n identical processors. */
extern void fake_cpuinfo (const char *root, int n, const char *vendor,
                          const char *model, const char *flags);
/* /proc/meminfo (MemTotal 16318900 kB) and 128 MiB memory blocks. */
extern void fake_memory (const char *root, int online_blocks,
                         int offline_blocks);

/* The main fake machine: Intel, 2 sockets x 4 cores x 2 threads,
 * 16 GiB in memory blocks, disks of every family plus the P2V USB
 * stick (sdb, mounted at /run/initramfs/live), CD/DVD drives, a bond,
 * a VLAN, bridges, wireless; hostname db1.example.com, RTC in UTC.
 */
extern char *build_main (void);
/* Its fixed disks and interfaces, in the expected order. */
extern const char *const want_disks[];
extern const char *const want_ifaces[];

#endif /* P2V_TEST_FAKE_ROOT_H */
