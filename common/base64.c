/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Base64 encoding (see base64.h). */

#include <config.h>

#include <errno.h>
#include <stdio.h>

#include "base64.h"

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
base64_write (FILE *fp, const void *data, size_t len, size_t line_len)
{
  const unsigned char *p = data;
  size_t col = 0;

  if (line_len % 4 != 0) {
    errno = EINVAL;
    return -1;
  }
  for (size_t i = 0; i < len; i += 3) {
    size_t n = len - i < 3 ? len - i : 3;
    unsigned long v = (unsigned long) p[i] << 16;
    char q[4];

    if (n > 1)
      v |= (unsigned long) p[i + 1] << 8;
    if (n > 2)
      v |= p[i + 2];
    q[0] = alphabet[(v >> 18) & 63];
    q[1] = alphabet[(v >> 12) & 63];
    q[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
    q[3] = n > 2 ? alphabet[v & 63] : '=';
    if (fwrite (q, 1, 4, fp) != 4)
      return -1;
    col += 4;
    if (line_len > 0 && col == line_len && i + 3 < len) {
      if (putc ('\n', fp) == EOF)
        return -1;
      col = 0;
    }
  }
  if (len > 0 && putc ('\n', fp) == EOF)
    return -1;
  return 0;
}
