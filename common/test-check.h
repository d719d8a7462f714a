/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* CHECK for the C unit tests: report a failed condition with its
 * place and carry on, counting failures.  Each test program defines
 * "int failures;" once and exits non-zero if it is not 0.
 */

#ifndef P2V_TEST_CHECK_H
#define P2V_TEST_CHECK_H

#include <stdio.h>

extern int failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf (stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                       \
    }                                                                   \
  } while (0)

#endif /* P2V_TEST_CHECK_H */
