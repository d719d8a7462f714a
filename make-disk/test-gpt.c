/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* gpt.c against an independent reader: write the table into sparse
 * files (a small disk, and one past 2^32 sectors where the protective
 * MBR's size is capped) and have sfdisk (libfdisk) verify and dump it.
 */

#include <config.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "make-disk.h"
#include "test-check.h"

int failures;

static char *
run (const char *fmt, const char *path)
{
  char cmd[512], *out = NULL;
  size_t len = 0;
  FILE *p, *o = open_memstream (&out, &len);
  int c;

  snprintf (cmd, sizeof cmd, fmt, path);
  p = popen (cmd, "r");
  if (p == NULL || o == NULL)
    exit (2);
  while ((c = fgetc (p)) != EOF)
    fputc (c, o);
  CHECK (pclose (p) == 0);
  fclose (o);
  return out;
}

static void
one (const char *dir, uint64_t sectors, uint64_t last)
{
  unsigned char boot[440];
  char path[256], want[512];
  struct gpt_sectors gs;
  const struct gpt g = {
    .sectors = sectors, .first = 2048, .last = last,
    .disk_guid = "0E8FE149-A634-DA45-B71C-64C0F19E8C2A",
    .type_guid = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
    .part_guid = "C11D5574-1634-714F-B834-AEC0208BB097",
    .name = "virt-p2v", .attributes = UINT64_C (1) << 2,
    .boot_code = boot,
  };

  memset (boot, 0x90, sizeof boot);
  CHECK (gpt_build (&g, &gs) == 0);
  snprintf (path, sizeof path, "%s/disk-%" PRIu64, dir, sectors);
  int fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK (fd >= 0);
  CHECK (ftruncate (fd, sectors * 512) == 0);
  CHECK (pwrite (fd, gs.head, sizeof gs.head, 0) == sizeof gs.head);
  CHECK (pwrite (fd, gs.tail, sizeof gs.tail, sectors * 512 - sizeof gs.tail)
         == sizeof gs.tail);
  CHECK (close (fd) == 0);
  CHECK (memcmp (gs.head, boot, sizeof boot) == 0);

  char *verify = run ("sfdisk --verify '%s' 2>&1", path);
  printf ("%s", verify);
  CHECK (strstr (verify, "No errors detected") != NULL);
  free (verify);

  /* Spaces removed: sfdisk pads its numbers. */
  char *dump = run ("sfdisk --dump '%s' | tr -d ' '", path);
  printf ("%s", dump);
  CHECK (strstr (dump, "label:gpt\n") != NULL);
  CHECK (strstr (dump, "label-id:0E8FE149-A634-DA45-B71C-64C0F19E8C2A\n")
         != NULL);
  snprintf (want, sizeof want,
            "start=2048,size=%" PRIu64 ","
            "type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B,"
            "uuid=C11D5574-1634-714F-B834-AEC0208BB097,"
            "name=\"virt-p2v\",attrs=\"LegacyBIOSBootable\"\n",
            last - 2048 + 1);
  CHECK (strstr (dump, want) != NULL);
  snprintf (want, sizeof want, "last-lba:%" PRIu64 "\n", sectors - 34);
  CHECK (strstr (dump, want) != NULL);
  free (dump);
  unlink (path);
}

int
main (void)
{
  char dir[] = "/tmp/test-gpt.XXXXXX";

  if (mkdtemp (dir) == NULL)
    exit (2);
  one (dir, 372736, 370687);            /* the default image's layout */
  one (dir, UINT64_C (5) << 32, 8390655);    /* 10 TiB: MBR size capped */

  /* A partition past the last usable sector is refused. */
  static struct gpt_sectors gs;
  static const unsigned char boot[440];
  const struct gpt bad = {
    .sectors = 4096, .first = 2048, .last = 4096 - 33,
    .disk_guid = "0E8FE149-A634-DA45-B71C-64C0F19E8C2A",
    .type_guid = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
    .part_guid = "C11D5574-1634-714F-B834-AEC0208BB097",
    .name = "x", .boot_code = boot,
  };
  CHECK (gpt_build (&bad, &gs) == -1);
  rmdir (dir);
  return failures ? 1 : 0;
}
