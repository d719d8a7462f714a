/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* FAT file systems, made with mtools straight into a file at a byte
 * offset (the ESP inside the disk image, or the ISO's EFI image).
 * mtools rather than the kernel's vfat driver in the libguestfs
 * appliance: mtools takes every time stamp from SOURCE_DATE_EPOCH,
 * while vfat stamps creation times from the appliance's running clock
 * (so no two builds would match), and no bytes have to travel through
 * the appliance.  syslinux's installer is mtools-based too.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "string-vector.h"
#include "utils.h"

#define MiB (UINT64_C (1024) * 1024)

/* mtools reads no user configuration and skips its geometry checks
 * (the partition is not a floppy).
 */
struct fat_env {
  char epoch[64];
  const char *env[4];
};

static const char *const *
fat_env (const struct build *b, struct fat_env *e)
{
  size_t i = 0;

  e->env[i++] = "MTOOLS_SKIP_CHECK=1";
  e->env[i++] = "MTOOLSRC=/dev/null";
  if (b->reproducible) {
    snprintf (e->epoch, sizeof e->epoch, "SOURCE_DATE_EPOCH=%lld", b->epoch);
    e->env[i++] = e->epoch;
  }
  e->env[i] = NULL;
  return e->env;
}

static char *
image_spec (const char *image, uint64_t offset)
{
  char *spec;

  if (offset == 0)
    return strdup (image);
  if (asprintf (&spec, "%s@@%" PRIu64, image, offset) == -1)
    return NULL;
  return spec;
}

int
fat_format (const struct build *b, const char *image, uint64_t offset,
            uint64_t bytes, const char *label, bool create)
{
  CLEANUP_FREE char *spec = image_spec (image, offset);
  char sectors[32], hidden[32], serial[16];
  struct fat_env e;
  const char *argv[20];
  size_t i = 0;

  if (spec == NULL) { log_error ("asprintf: %m"); return -1; }
  snprintf (sectors, sizeof sectors, "%" PRIu64, bytes / 512);
  /* syslinux's boot sector finds itself by the hidden sectors. */
  snprintf (hidden, sizeof hidden, "%" PRIu64, offset / 512);
  snprintf (serial, sizeof serial, "%08" PRIx32,
            repro_serial (b, create ? 1 : 0));
  argv[i++] = "mformat";
  argv[i++] = "-i"; argv[i++] = spec;
  if (create)
    argv[i++] = "-C";
  argv[i++] = "-T"; argv[i++] = sectors;
  argv[i++] = "-h"; argv[i++] = "64";
  argv[i++] = "-s"; argv[i++] = "32";
  argv[i++] = "-H"; argv[i++] = hidden;
  argv[i++] = "-v"; argv[i++] = label;
  argv[i++] = "-N"; argv[i++] = serial;
  /* FAT32 past FAT16's comfortable range. */
  if (bytes >= 512 * MiB)
    argv[i++] = "-F";
  argv[i++] = "::";
  argv[i] = NULL;
  return run_tool (argv, fat_env (b, &e));
}

int
fat_mkdirs (const struct build *b, const char *image, uint64_t offset,
            const char *const *dirs)
{
  CLEANUP_FREE char *spec = image_spec (image, offset);
  CLEANUP_FREE_STRING_VECTOR string_vector argv = empty_vector;
  struct fat_env e;

  if (spec == NULL ||
      string_vector_add (&argv, "mmd") == -1 ||
      string_vector_add (&argv, "-i") == -1 ||
      string_vector_add (&argv, spec) == -1) {
    log_error ("out of memory");
    return -1;
  }
  for (size_t i = 0; dirs[i]; ++i)
    if (string_vector_addf (&argv, "::%s", dirs[i]) == -1) {
      log_error ("out of memory");
      return -1;
    }
  if (string_vector_terminate (&argv) == -1) {
    log_error ("out of memory");
    return -1;
  }
  return run_tool ((const char *const *) argv.ptr, fat_env (b, &e));
}

int
fat_copy (const struct build *b, const char *image, uint64_t offset,
          const char *src, const char *dest)
{
  CLEANUP_FREE char *spec = image_spec (image, offset);
  CLEANUP_FREE char *target = NULL;
  struct fat_env e;

  if (spec == NULL || asprintf (&target, "::%s", dest) == -1) {
    log_error ("out of memory");
    return -1;
  }
  const char *argv[] = { "mcopy", "-i", spec, "-D", "o", src, target, NULL };
  return run_tool (argv, fat_env (b, &e));
}

int
fat_syslinux (const struct build *b, const char *image, uint64_t offset)
{
  char off[32];
  struct fat_env e;

  snprintf (off, sizeof off, "%" PRIu64, offset);
  const char *argv[] = {
    "syslinux", "--offset", off, "--install", image, NULL
  };
  return run_tool (argv, fat_env (b, &e));
}

/* Room for files of these sizes: whole 32 KiB clusters each, plus
 * the FATs, directories and some headroom.  Whole MiB.
 */
uint64_t
fat_size_for (const uint64_t *sizes, size_t n)
{
  const uint64_t cluster = 32 * 1024;
  uint64_t total = 0;

  for (size_t i = 0; i < n; ++i)
    total += (sizes[i] + cluster - 1) / cluster * cluster + cluster;
  total += total / 16 + 2 * MiB;
  return (total + MiB - 1) / MiB * MiB;
}
