/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Private to machine*.c: reading files below the ROOT directory, and
 * the per-topic inspection steps machine_inspect runs in turn.
 */

#ifndef P2V_MACHINE_INTERNAL_H
#define P2V_MACHINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "string-vector.h"

/* machine.c */
/* ROOT followed by the formatted path, malloc'd; NULL on ENOMEM. */
extern char *root_path (const char *root, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* The content of ROOT/path with surrounding white space removed,
 * malloc'd; NULL if the file is missing, unreadable or out of memory.
 */
extern char *root_read (const char *root, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* The content of ROOT/path as a number (decimal, or hex if base 16). */
extern int root_read_u64 (uint64_t *r, int base, const char *root,
                          const char *fs, ...)
  __attribute__ ((format (printf, 4, 5)));
/* Does ROOT/path exist (a symlink counts even if dangling)? */
extern bool root_exists (const char *root, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* The last path element of the target of the symlink ROOT/path,
 * malloc'd, or NULL.
 */
extern char *root_link_name (const char *root, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* The entries of directory ROOT/path (no "." and ".."), sorted with
 * machine_name_compare.  A missing directory gives an empty list.
 * Returns -1 only on ENOMEM.
 */
extern int root_list_dir (string_vector *names, const char *root,
                          const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));
/* Record that name was not listed, with a formatted reason. */
extern int add_skipped (p2v_skipped_vector *v, const char *name,
                        const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

/* machine-cpu.c */
extern int inspect_cpus (struct p2v_machine *m, const char *root);

/* machine-boot.c */
/* Find the whole disks the running system (the P2V medium, or "/")
 * lives on, adding their /sys/block names to m->boot_disks.
 */
extern int inspect_boot_disks (struct p2v_machine *m, const char *root);
/* The /sys/block disk that holds the block device called name (which
 * may be the disk itself or one of its partitions), malloc'd, or NULL.
 */
extern char *partition_parent (const char *root, const char *name);

/* machine-disks.c */
/* The removable drives, and the fixed disks too if fixed is true. */
extern int inspect_disks (struct p2v_machine *m, const char *root, bool fixed);
extern int inspect_test_disks (struct p2v_machine *m,
                               const string_vector *test_disks);

/* machine-net.c */
extern int inspect_interfaces (struct p2v_machine *m, const char *root);

#endif /* P2V_MACHINE_INTERNAL_H */
