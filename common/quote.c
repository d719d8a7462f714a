/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* POSIX shell quoting (see quote.h).  Single quotes protect
 * everything except a single quote itself, which is written as '\''.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "quote.h"

static int
is_safe (const char *str)
{
  static const char safe[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "-_=+,.:/@%";

  if (*str == '\0')
    return 0;
  /* '=' or '~' first could be read as an assignment or expansion. */
  if (*str == '=' || *str == '%')
    return 0;
  return strspn (str, safe) == strlen (str);
}

void
shell_quote_fp (const char *str, FILE *fp)
{
  if (is_safe (str)) {
    fputs (str, fp);
    return;
  }
  fputc ('\'', fp);
  for (const char *p = str; *p; ++p) {
    if (*p == '\'')
      fputs ("'\\''", fp);
    else
      fputc (*p, fp);
  }
  fputc ('\'', fp);
}

char *
shell_quote (const char *str)
{
  char *ret = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&ret, &len);

  if (fp == NULL)
    return NULL;
  shell_quote_fp (str, fp);
  if (fclose (fp) == EOF) {
    free (ret);
    return NULL;
  }
  return ret;
}

char *
shell_quote_argv (const char *const *argv)
{
  char *ret = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&ret, &len);

  if (fp == NULL)
    return NULL;
  for (size_t i = 0; argv[i] != NULL; ++i) {
    if (i > 0)
      fputc (' ', fp);
    shell_quote_fp (argv[i], fp);
  }
  if (fclose (fp) == EOF) {
    free (ret);
    return NULL;
  }
  return ret;
}
