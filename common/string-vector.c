/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Helpers for string_vector (see string-vector.h). */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "string-vector.h"

int
string_vector_add (string_vector *v, const char *str)
{
  char *copy = strdup (str);

  if (copy == NULL)
    return -1;
  if (string_vector_append (v, copy) == -1) {
    free (copy);
    return -1;
  }
  return 0;
}

int
string_vector_addf (string_vector *v, const char *fs, ...)
{
  va_list args;
  char *str;
  int r;

  va_start (args, fs);
  r = vasprintf (&str, fs, args);
  va_end (args);
  if (r == -1)
    return -1;
  if (string_vector_append (v, str) == -1) {
    free (str);
    return -1;
  }
  return 0;
}

int
string_vector_terminate (string_vector *v)
{
  if (string_vector_reserve (v, 1) == -1)
    return -1;
  v->ptr[v->len] = NULL;
  return 0;
}

int
string_vector_contains (const string_vector *v, const char *str)
{
  for (size_t i = 0; i < v->len; ++i)
    if (strcmp (v->ptr[i], str) == 0)
      return 1;
  return 0;
}

void
string_vector_free (string_vector *v)
{
  for (size_t i = 0; i < v->len; ++i)
    free (v->ptr[i]);
  string_vector_reset (v);
}

int
string_vector_split (string_vector *v, const char *str, const char *delims)
{
  while (str && *str) {
    size_t n;

    str += strspn (str, delims);
    n = strcspn (str, delims);
    if (n > 0) {
      char *piece = strndup (str, n);
      if (piece == NULL || string_vector_append (v, piece) == -1) {
        free (piece);
        return -1;
      }
    }
    str += n;
  }
  return 0;
}

int
string_vector_copy (string_vector *dst, const string_vector *src)
{
  for (size_t i = 0; i < src->len; ++i)
    if (string_vector_add (dst, src->ptr[i]) == -1)
      return -1;
  return 0;
}
