/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Typed growable arrays.
 *
 *   DEFINE_VECTOR_TYPE (int_vector, int);
 *   int_vector v = empty_vector;
 *   if (int_vector_append (&v, 42) == -1) ...error (errno = ENOMEM)...
 *   for (size_t i = 0; i < v.len; ++i) ... v.ptr[i] ...
 *   free (v.ptr);
 *
 * Every append must be checked: it returns -1 when memory runs out.
 */

#ifndef P2V_VECTOR_H
#define P2V_VECTOR_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define empty_vector { .ptr = NULL, .len = 0, .cap = 0 }

#define DEFINE_VECTOR_TYPE(name, type)                                  \
  struct name {                                                         \
    type *ptr;                                                          \
    size_t len;                                                         \
    size_t cap;                                                         \
  };                                                                    \
  typedef struct name name;                                             \
                                                                        \
  /* Make room for at least n more elements. */                         \
  static inline __attribute__ ((__unused__)) int                        \
  name##_reserve (name *v, size_t n)                                    \
  {                                                                     \
    if (v->cap - v->len >= n)                                           \
      return 0;                                                         \
    size_t want = v->len + n;                                           \
    size_t cap = v->cap ? v->cap * 2 : 8;                               \
    while (cap < want)                                                  \
      cap *= 2;                                                         \
    if (cap > SIZE_MAX / sizeof (type)) {                               \
      errno = ENOMEM;                                                   \
      return -1;                                                        \
    }                                                                   \
    type *p = realloc (v->ptr, cap * sizeof (type));                    \
    if (p == NULL)                                                      \
      return -1;                                                        \
    v->ptr = p;                                                         \
    v->cap = cap;                                                       \
    return 0;                                                           \
  }                                                                     \
                                                                        \
  static inline __attribute__ ((__unused__)) int                        \
  name##_append (name *v, type elem)                                    \
  {                                                                     \
    if (name##_reserve (v, 1) == -1)                                    \
      return -1;                                                        \
    v->ptr[v->len++] = elem;                                            \
    return 0;                                                           \
  }                                                                     \
                                                                        \
  static inline __attribute__ ((__unused__)) int                        \
  name##_insert (name *v, type elem, size_t i)                          \
  {                                                                     \
    if (name##_reserve (v, 1) == -1)                                    \
      return -1;                                                        \
    memmove (&v->ptr[i+1], &v->ptr[i], (v->len - i) * sizeof (type));  \
    v->ptr[i] = elem;                                                   \
    v->len++;                                                           \
    return 0;                                                           \
  }                                                                     \
                                                                        \
  static inline __attribute__ ((__unused__)) void                       \
  name##_remove (name *v, size_t i)                                     \
  {                                                                     \
    memmove (&v->ptr[i], &v->ptr[i+1], (v->len - i - 1) * sizeof (type)); \
    v->len--;                                                           \
  }                                                                     \
                                                                        \
  /* Free the array (not the elements) and empty the vector. */         \
  static inline __attribute__ ((__unused__)) void                       \
  name##_reset (name *v)                                                \
  {                                                                     \
    free (v->ptr);                                                      \
    v->ptr = NULL;                                                      \
    v->len = v->cap = 0;                                                \
  }                                                                     \
                                                                        \
  /* Call f on every element, then reset. */                            \
  static inline __attribute__ ((__unused__)) void                       \
  name##_iter_reset (name *v, void (*f) (type))                         \
  {                                                                     \
    for (size_t i = 0; i < v->len; ++i)                                 \
      f (v->ptr[i]);                                                    \
    name##_reset (v);                                                   \
  }

#endif /* P2V_VECTOR_H */
