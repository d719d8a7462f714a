/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <config.h>

#include <string.h>

#include "module-name.h"

void
module_name_normalize (char *name)
{
  for (; *name; ++name)
    if (*name == '-')
      *name = '_';
}

char *
module_name (const char *path, size_t len)
{
  const char *base = memrchr (path, '/', len);
  char *name, *dot;

  base = base ? base + 1 : path;
  name = strndup (base, len - (base - path));
  if (name == NULL)
    return NULL;
  if ((dot = strstr (name, ".ko")) != NULL)
    *dot = '\0';
  module_name_normalize (name);
  return name;
}
