/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-disk: what its files share. */

#ifndef P2V_MAKE_DISK_H
#define P2V_MAKE_DISK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "media-builder.h"

/* The label the kernel's root=live:... finds the medium by: the FAT
 * volume label of the disk's ESP and the ISO's volume id.
 */
#define MEDIUM_LABEL "P2VBOOT"

enum medium_format { FORMAT_RAW, FORMAT_ISO };

/* One build: inputs and the reproducibility seed. */
struct build {
  const struct boot_set *bs;
  enum medium_format format;
  const char *user_cmdline;     /* --cmdline, checked; or NULL */
  bool reproducible;            /* SOURCE_DATE_EPOCH was set */
  long long epoch;              /* it, or the current time */
  unsigned char seed[32];       /* SHA-256 of the inputs */
};

/* bootcfg.c: boot loader configurations, written into the private
 * temporary directory with the build's timestamp; malloc'd paths.
 */
extern char *write_syslinux_cfg (const struct build *b, const char *name);
extern char *write_grub_cfg (const struct build *b);
extern char *build_grub_efi (const struct build *b);

/* fat.c: FAT file systems made with mtools, inside a file at offset. */
extern int fat_format (const struct build *b, const char *image,
                       uint64_t offset, uint64_t bytes, const char *label,
                       bool create);
extern int fat_mkdirs (const struct build *b, const char *image,
                       uint64_t offset, const char *const *dirs);
extern int fat_copy (const struct build *b, const char *image,
                     uint64_t offset, const char *src, const char *dest);
extern int fat_syslinux (const struct build *b, const char *image,
                         uint64_t offset);
extern uint64_t fat_size_for (const uint64_t *sizes, size_t n);

/* gpt.c: a GPT with one partition, as the sectors to write at the
 * start and at the end of the disk.
 */
struct gpt {
  uint64_t sectors;             /* of the disk, 512 bytes each */
  uint64_t first, last;         /* the partition's sectors, inclusive */
  const char *disk_guid, *type_guid, *part_guid;  /* as text */
  const char *name;             /* ASCII, at most 36 characters */
  uint64_t attributes;
  const unsigned char *boot_code;  /* the MBR's first 440 bytes */
};
#define GPT_TABLE_SECTORS 32     /* 128 entries of 128 bytes */
struct gpt_sectors {
  /* Protective MBR, header, entries; then entries, backup header. */
  unsigned char head[(2 + GPT_TABLE_SECTORS) * 512];
  unsigned char tail[(GPT_TABLE_SECTORS + 1) * 512];
};
extern int gpt_build (const struct gpt *g, struct gpt_sectors *out);

/* disk.c, iso.c: write the medium to path (a new, empty file). */
extern int build_disk (const struct build *b, const char *path);
extern int build_iso (const struct build *b, const char *path);

/* output.c */
struct output {
  char *path;                   /* as given */
  char *dir;                    /* its directory */
  bool is_device;
  char *tmp;                    /* the file being built; NULL when done */
};
extern int output_check (struct output *o, const char *path,
                         bool no_warn_if_partition);
extern int output_commit (struct output *o, const struct build *b);
extern void output_abort (struct output *o);
extern void output_free (struct output *o);

/* repro.c */
extern int repro_init (struct build *b);
extern void repro_guid (const struct build *b, int n, char guid[37]);
extern uint32_t repro_serial (const struct build *b, int n);

#endif /* P2V_MAKE_DISK_H */
