/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* p2v-init: the /init of the media's initramfs (see main.c). */

#ifndef P2V_INIT_H
#define P2V_INIT_H

#include <stdbool.h>

/* log.c: messages go to the kernel log, so they reach every console
 * the kernel was given and "dmesg" in the booted system.
 */
extern void info (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void log_open (void);
extern double uptime (void);

/* cmdline.c: what the kernel command line asks of us. */
struct cmdline {
  char *label;                  /* root=live:LABEL=X or CDLABEL=X */
  bool cd_only;                 /* CDLABEL: only an ISO 9660 volume */
  char *image;                  /* root=live:/PATH: in the initramfs */
  char *blacklist;              /* modprobe.blacklist=a,b */
  char *init;                   /* init=PATH in the live root, or NULL */
  char *text;                   /* the whole line (module options) */
};
extern int cmdline_read (struct cmdline *c);
extern int cmdline_parse (const char *line, struct cmdline *c);

/* modules.c: load kernel modules from the initramfs's own set. */
extern int modules_open (const struct cmdline *c);
extern void modules_load (const char *name);
extern void modules_load_for_alias (const char *modalias);
extern void modules_coldplug (void);
/* The command line's "NAME.KEY=VALUE" words for module NAME, as
 * "KEY=VALUE ..." (malloc'd; "" if none).
 */
extern char *modules_options (const char *cmdline, const char *name);

/* uevent.c: hotplug events, for devices that appear after coldplug. */
extern int uevent_open (void);
extern void uevent_handle (int fd);

/* label.c: which file system a device holds, if it has this label. */
enum medium_fs { FS_NONE, FS_ISO9660, FS_VFAT };
extern enum medium_fs label_match (const char *dev, const char *label,
                                   bool cd_only);

/* root.c: mount the live root and switch to it. */
extern char *root_find_medium (const struct cmdline *c, int uevents,
                               enum medium_fs *fs);
extern int root_mount (const char *dev, enum medium_fs fs,
                       const char *image);

/* payload.c: the per-build files, into the new root. */
extern int payload_copy (void);

/* switch.c: leave the initramfs for the new root. */
extern int switch_root (const char *init, char **argv);

/* The squashfs on the medium, as dracut's live layout has it. */
#define MEDIUM_MOUNT "/run/initramfs/live"
#define SQUASHFS_ON_MEDIUM "LiveOS/squashfs.img"
#define NEWROOT "/sysroot"
#define PAYLOAD_DIR "/p2v-payload"

#endif /* P2V_INIT_H */
