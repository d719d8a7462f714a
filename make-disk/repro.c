/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Reproducible builds: with SOURCE_DATE_EPOCH set, every value that
 * would be random or time-based (GPT GUIDs, FAT serials, timestamps)
 * comes from that time and a SHA-256 "seed" of the inputs, so two
 * builds from the same boot set are byte-identical.  Without it the
 * seed is random, as GUIDs and serials should be.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "cleanup.h"
#include "log.h"
#include "make-disk.h"
#include "utils.h"

static int
hex_to_bytes (const char *hex, unsigned char *out, size_t n)
{
  for (size_t i = 0; i < n; ++i)
    if (sscanf (hex + 2 * i, "%2hhx", &out[i]) != 1)
      return -1;
  return 0;
}

int
repro_init (struct build *b)
{
  const char *sde = getenv ("SOURCE_DATE_EPOCH");
  const struct boot_set *bs = b->bs;
  const char *files[] = { bs->kernel, bs->initrd, bs->payload,
                          bs->squashfs, NULL };
  CLEANUP_FREE char *manifest = NULL, *text = NULL;
  size_t len = 0;
  char hex[65];
  FILE *fp;

  if (sde == NULL || *sde == '\0') {
    b->reproducible = false;
    b->epoch = time (NULL);
    if (getrandom (b->seed, sizeof b->seed, 0) != sizeof b->seed) {
      log_error ("getrandom: %m");
      return -1;
    }
    return 0;
  }
  char *end;
  errno = 0;
  b->epoch = strtoll (sde, &end, 10);
  if (errno || *end || b->epoch < 315532800 || b->epoch > 4102444800LL) {
    /* FAT dates start in 1980. */
    log_error ("SOURCE_DATE_EPOCH=%s: not a time between 1980 and 2099 in "
               "seconds since 1970: unset it or give such a number", sde);
    return -1;
  }
  b->reproducible = true;

  /* The seed: what the medium is made of, cheaply.  The manifest
   * names every package version; the sizes catch a rebuilt root.
   */
  manifest = read_whole_file (bs->manifest, NULL);
  if (manifest == NULL) {
    log_error ("%s: %m", bs->manifest);
    return -1;
  }
  fp = open_memstream (&text, &len);
  if (fp == NULL) {
    log_error ("open_memstream: %m");
    return -1;
  }
  fprintf (fp, "%lld\n%d\n%s\n%s\n%s\n", b->epoch, (int) b->format,
           MEDIUM_LABEL, b->user_cmdline ? b->user_cmdline : "", manifest);
  for (size_t i = 0; files[i]; ++i) {
    struct stat st;
    if (stat (files[i], &st) == -1) {
      fclose (fp);
      log_error ("%s: %m", files[i]);
      return -1;
    }
    fprintf (fp, "%jd\n", (intmax_t) st.st_size);
  }
  if (fclose (fp) == EOF) {
    log_error ("open_memstream: %m");
    return -1;
  }
  if (sha256_of (text, len, hex) == -1 ||
      hex_to_bytes (hex, b->seed, sizeof b->seed) == -1)
    return -1;
  log_debug ("SOURCE_DATE_EPOCH=%lld, seed %s", b->epoch, hex);
  return 0;
}

/* GUID n (0 or 1) from the seed, in the variant-1, version-4 form. */
void
repro_guid (const struct build *b, int n, char guid[37])
{
  unsigned char u[16];

  memcpy (u, b->seed + 16 * (n & 1), 16);
  u[6] = (u[6] & 0x0f) | 0x40;
  u[8] = (u[8] & 0x3f) | 0x80;
  snprintf (guid, 37,
            "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
            "%02X%02X%02X%02X%02X%02X",
            u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
            u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

uint32_t
repro_serial (const struct build *b, int n)
{
  const unsigned char *p = b->seed + 4 * (n & 7);

  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
         (uint32_t) p[2] << 8 | p[3];
}
