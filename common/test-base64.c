/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test base64_write: the RFC 4648 vectors, line wrapping, and every
 * byte value read back by coreutils' base64 -d.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "cleanup.h"
#include "test-check.h"

int failures;

static char *
encode (const void *data, size_t len, size_t line_len)
{
  char *out = NULL;
  size_t n = 0;
  FILE *fp = open_memstream (&out, &n);

  if (fp == NULL || base64_write (fp, data, len, line_len) == -1) {
    perror ("base64_write");
    exit (EXIT_FAILURE);
  }
  fclose (fp);
  return out;
}

int
main (void)
{
  static const struct { const char *in, *out; } rfc[] = {
    { "", "" }, { "f", "Zg==\n" }, { "fo", "Zm8=\n" }, { "foo", "Zm9v\n" },
    { "foob", "Zm9vYg==\n" }, { "fooba", "Zm9vYmE=\n" },
    { "foobar", "Zm9vYmFy\n" },
  };
  unsigned char all[256];

  for (size_t i = 0; i < sizeof rfc / sizeof rfc[0]; ++i) {
    CLEANUP_FREE char *s = encode (rfc[i].in, strlen (rfc[i].in), 76);
    CHECK (strcmp (s, rfc[i].out) == 0);
  }
  {
    /* Exactly one full line: no empty line after it. */
    CLEANUP_FREE char *s = encode ("foobar", 6, 8);
    CHECK (strcmp (s, "Zm9vYmFy\n") == 0);
    CLEANUP_FREE char *t = encode ("foobarfoob", 10, 8);
    CHECK (strcmp (t, "Zm9vYmFy\nZm9vYg==\n") == 0);
    CLEANUP_FREE char *u = encode ("foobarfoob", 10, 0);
    CHECK (strcmp (u, "Zm9vYmFyZm9vYg==\n") == 0);
  }
  CHECK (base64_write (stdout, "x", 1, 3) == -1);

  /* Every byte value, through the real decoder. */
  for (size_t i = 0; i < sizeof all; ++i)
    all[i] = (unsigned char) (255 - i);
  for (size_t cut = 253; cut <= 256; ++cut) {
    CLEANUP_FREE char *s = encode (all, cut, 76);
    char cmd[] = "base64 -d";
    FILE *fp;
    unsigned char back[300];
    size_t n;
    char tmpl[] = "/tmp/test-base64.XXXXXX";
    int fd = mkstemp (tmpl);
    FILE *in;

    CHECK (fd != -1);
    in = fdopen (fd, "w");
    fputs (s, in);
    fclose (in);
    {
      CLEANUP_FREE char *full = NULL;
      if (asprintf (&full, "%s < %s", cmd, tmpl) == -1)
        exit (EXIT_FAILURE);
      fp = popen (full, "r");
      CHECK (fp != NULL);
      n = fread (back, 1, sizeof back, fp);
      CHECK (pclose (fp) == 0);
    }
    unlink (tmpl);
    CHECK (n == cut && memcmp (back, all, cut) == 0);
  }

  if (failures) {
    fprintf (stderr, "test-base64: %d failure(s)\n", failures);
    exit (EXIT_FAILURE);
  }
  return 0;
}
