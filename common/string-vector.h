/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A vector of malloc'd strings, used for argv lists, disk names and
 * the like.  string_vector_terminate() appends the NULL an argv needs.
 */

#ifndef P2V_STRING_VECTOR_H
#define P2V_STRING_VECTOR_H

#include <stdarg.h>

#include "vector.h"

DEFINE_VECTOR_TYPE (string_vector, char *);

/* Append a copy of str. */
extern int string_vector_add (string_vector *v, const char *str);
/* Append a formatted string. */
extern int string_vector_addf (string_vector *v, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Append a NULL (not counted in len) so v->ptr is a valid argv. */
extern int string_vector_terminate (string_vector *v);
/* Does the vector contain str? */
extern int string_vector_contains (const string_vector *v, const char *str);
/* Free every string, then the array. */
extern void string_vector_free (string_vector *v);
/* Append each non-empty piece of str between characters of delims. */
extern int string_vector_split (string_vector *v, const char *str,
                                const char *delims);
/* Deep copy. */
extern int string_vector_copy (string_vector *dst, const string_vector *src);

#define CLEANUP_FREE_STRING_VECTOR \
  __attribute__ ((cleanup (string_vector_free)))

#endif /* P2V_STRING_VECTOR_H */
