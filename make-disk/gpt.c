/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A GUID partition table with one partition, built in memory (UEFI
 * 2.10, section 5.3).  Building it here rather than with one parted
 * or sgdisk run per field saves a udev settle per field in the
 * libguestfs appliance (about a second each under TCG), and gives the
 * same bytes for the same inputs by construction.  disk.c writes it
 * through libguestfs and reads it back with the appliance's tools.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "make-disk.h"

#define SECTOR 512
#define ENTRIES 128
#define ENTRY_SIZE 128
#define HEADER_SIZE 92
_Static_assert (ENTRIES * ENTRY_SIZE == GPT_TABLE_SECTORS * SECTOR,
                "the entries fill the table's sectors");

static void
put16 (unsigned char *p, uint16_t v)
{
  p[0] = v; p[1] = v >> 8;
}

static void
put32 (unsigned char *p, uint32_t v)
{
  put16 (p, v); put16 (p + 2, v >> 16);
}

static void
put64 (unsigned char *p, uint64_t v)
{
  put32 (p, v); put32 (p + 4, v >> 32);
}

/* The CRC-32 of IEEE 802.3, as GPT uses it. */
static uint32_t
crc32_ieee (const unsigned char *p, size_t len)
{
  uint32_t crc = 0xffffffff;

  while (len--) {
    crc ^= *p++;
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc;
}

/* "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" to its 16 bytes on disk: the
 * first three fields little-endian, the rest as written.
 */
static int
guid_bytes (const char *s, unsigned char out[16])
{
  static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
                                 8, 9, 10, 11, 12, 13, 14, 15 };
  unsigned char raw[16];
  size_t n = 0;

  for (size_t i = 0; s[i] && n < 16; ) {
    unsigned int byte;
    if (s[i] == '-') { ++i; continue; }
    if (sscanf (s + i, "%2x", &byte) != 1)
      return -1;
    raw[n++] = byte;
    i += 2;
  }
  if (n != 16 || strlen (s) != 36)
    return -1;
  for (int i = 0; i < 16; ++i)
    out[i] = raw[order[i]];
  return 0;
}

/* The header at lba, pointing at its entries at entries_lba. */
static void
header (unsigned char *h, const struct gpt *g, uint64_t lba,
        uint64_t other_lba, uint64_t entries_lba,
        const unsigned char disk_guid[16], uint32_t entries_crc)
{
  memset (h, 0, SECTOR);
  memcpy (h, "EFI PART", 8);
  put32 (h + 8, 0x00010000);
  put32 (h + 12, HEADER_SIZE);
  put64 (h + 24, lba);
  put64 (h + 32, other_lba);
  put64 (h + 40, 2 + GPT_TABLE_SECTORS);               /* first usable */
  put64 (h + 48, g->sectors - 2 - GPT_TABLE_SECTORS);  /* last usable */
  memcpy (h + 56, disk_guid, 16);
  put64 (h + 72, entries_lba);
  put32 (h + 80, ENTRIES);
  put32 (h + 84, ENTRY_SIZE);
  put32 (h + 88, entries_crc);
  put32 (h + 16, crc32_ieee (h, HEADER_SIZE));
}

int
gpt_build (const struct gpt *g, struct gpt_sectors *out)
{
  unsigned char disk_guid[16];
  unsigned char *entries = out->head + 2 * SECTOR;
  size_t name_len = strlen (g->name);

  memset (out, 0, sizeof *out);
  if (g->sectors < 2 * (GPT_TABLE_SECTORS + 2) + 1 ||
      g->first < 2 + GPT_TABLE_SECTORS || g->last < g->first ||
      g->last > g->sectors - 2 - GPT_TABLE_SECTORS || name_len > 36 ||
      guid_bytes (g->disk_guid, disk_guid) == -1 ||
      guid_bytes (g->type_guid, entries) == -1 ||
      guid_bytes (g->part_guid, entries + 16) == -1) {
    log_error ("internal error: bad GPT layout");
    return -1;
  }

  /* Protective MBR: the boot code, and one partition of type 0xEE
   * covering the disk (capped at 2^32-1 sectors).
   */
  unsigned char *mbr = out->head;
  memcpy (mbr, g->boot_code, 440);
  unsigned char *pe = mbr + 446;
  pe[1] = 0x00; pe[2] = 0x02; pe[3] = 0x00;           /* CHS 0/0/2 */
  pe[4] = 0xee;
  pe[5] = 0xff; pe[6] = 0xff; pe[7] = 0xff;
  put32 (pe + 8, 1);
  put32 (pe + 12, g->sectors - 1 > 0xffffffff ? 0xffffffff
                                               : (uint32_t) (g->sectors - 1));
  mbr[510] = 0x55; mbr[511] = 0xaa;

  /* The one entry (its GUIDs were written above). */
  put64 (entries + 32, g->first);
  put64 (entries + 40, g->last);
  put64 (entries + 48, g->attributes);
  for (size_t i = 0; i < name_len; ++i)               /* UTF-16LE, ASCII */
    put16 (entries + 56 + 2 * i, (unsigned char) g->name[i]);

  const uint32_t crc = crc32_ieee (entries, GPT_TABLE_SECTORS * SECTOR);
  header (out->head + SECTOR, g, 1, g->sectors - 1, 2, disk_guid, crc);

  /* The backup: the same entries, then its header in the last sector. */
  memcpy (out->tail, entries, GPT_TABLE_SECTORS * SECTOR);
  header (out->tail + GPT_TABLE_SECTORS * SECTOR, g, g->sectors - 1, 1,
          g->sectors - 1 - GPT_TABLE_SECTORS, disk_guid, crc);
  return 0;
}
