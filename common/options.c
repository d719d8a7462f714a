/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Option listings (see options.h). */

#include <config.h>

#include <stdio.h>

#include "options.h"
#include "utils.h"

static int
is_hidden (const char *name, const char *const *hidden)
{
  if (STREQ (name, "long-options") || STREQ (name, "short-options"))
    return 1;
  for (size_t i = 0; hidden && hidden[i]; ++i)
    if (STREQ (name, hidden[i]))
      return 1;
  return 0;
}

void
print_long_options (const struct option *opts, const char *const *hidden)
{
  for (const struct option *o = opts; o->name; ++o)
    if (!is_hidden (o->name, hidden))
      printf ("--%s\n", o->name);
}

void
print_short_options (const char *short_options)
{
  for (const char *p = short_options; *p; ++p)
    if (*p != ':')
      printf ("-%c\n", *p);
}
