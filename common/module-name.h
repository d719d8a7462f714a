/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Kernel module names as modules.dep and the kernel compare them:
 * shared by the media builder (media-initramfs.c) and p2v-init.
 */

#ifndef P2V_MODULE_NAME_H
#define P2V_MODULE_NAME_H

#include <stddef.h>

/* '-' as '_', in place: the kernel treats them alike in names. */
extern void module_name_normalize (char *name);

/* The first len bytes of a module's path ("kernel/fs/fat/vfat.ko") as
 * its normalized name ("vfat"), malloc'd; NULL if out of memory.
 */
extern char *module_name (const char *path, size_t len);

#endif /* P2V_MODULE_NAME_H */
