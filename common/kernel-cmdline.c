/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Reading a configuration from a kernel command line: splitting it
 * into words as the kernel does, and applying each p2v.* word through
 * the key table.  Used by virt-p2v at boot and by the media builders
 * to check a command line before baking it in.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "p2v-config.h"
#include "utils.h"

int
cmdline_split (const char *cmdline, string_vector *words)
{
  const char *p = cmdline;

  for (;;) {
    char *word = NULL;
    size_t len = 0;
    FILE *fp;
    bool in_quote = false;

    while (*p == ' ' || *p == '\t' || *p == '\n')
      p++;
    if (*p == '\0')
      return 0;
    fp = open_memstream (&word, &len);
    if (fp == NULL)
      return -1;
    for (; *p; ++p) {
      if (*p == '"')
        in_quote = !in_quote;
      else if (!in_quote && (*p == ' ' || *p == '\t' || *p == '\n'))
        break;
      else
        fputc (*p, fp);
    }
    if (fclose (fp) == EOF || string_vector_append (words, word) == -1) {
      free (word);
      return -1;
    }
  }
}

/* Edit distance, to suggest the key a typo meant. */
static size_t
distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  size_t *row = calloc (lb + 1, sizeof *row);
  size_t r;

  if (row == NULL)
    return SIZE_MAX;
  for (size_t j = 0; j <= lb; ++j)
    row[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; ++j) {
      size_t up = row[j];
      size_t best = diag + (a[i-1] != b[j-1]);
      if (up + 1 < best) best = up + 1;
      if (row[j-1] + 1 < best) best = row[j-1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  r = row[lb];
  free (row);
  return r;
}

static const char *
closest_key (const char *name)
{
  const char *best = NULL;
  size_t best_d = 4;            /* suggest only near misses */

  for (const struct p2v_key *k = p2v_keys; k->name; ++k) {
    const char *names[2] = { k->name, k->alias };
    for (int i = 0; i < 2; ++i) {
      if (names[i] == NULL) continue;
      size_t d = distance (name, names[i]);
      if (d < best_d) {
        best_d = d;
        best = names[i];
      }
    }
  }
  return best;
}

int
p2v_config_from_cmdline (struct p2v_config *c, const char *cmdline,
                         char **errmsg)
{
  CLEANUP_FREE_STRING_VECTOR string_vector words = empty_vector;
  bool ignore_unknown = false;

  *errmsg = NULL;
  if (cmdline_split (cmdline, &words) == -1) {
    *errmsg = strdup ("out of memory splitting the command line");
    return -1;
  }
  /* Unterminated quotes swallow the rest of the line: refuse them. */
  size_t quotes = 0;
  for (const char *p = cmdline; *p; ++p)
    quotes += *p == '"';
  if (quotes % 2 != 0) {
    if (asprintf (errmsg, "the command line has an unmatched double quote: "
                  "close the quoted value") == -1)
      *errmsg = NULL;
    return -1;
  }

  for (size_t i = 0; i < words.len; ++i)
    if (STREQ (words.ptr[i], "p2v.ignore_unknown") ||
        STREQ (words.ptr[i], "p2v.ignore_unknown=yes") ||
        STREQ (words.ptr[i], "p2v.ignore_unknown=1"))
      ignore_unknown = true;

  for (size_t i = 0; i < words.len; ++i) {
    char *word = words.ptr[i];
    char *eq;
    const char *value = NULL;
    const struct p2v_key *k;

    if (!STRPREFIX (word, "p2v.") && !STRPREFIX (word, "ip="))
      continue;                 /* the kernel's, or another program's */
    eq = strchr (word, '=');
    if (eq) {
      *eq = '\0';
      value = eq + 1;
    }
    k = p2v_key_lookup (word);
    if (k == NULL) {
      const char *hint = closest_key (word);
      if (ignore_unknown) {
        log_warning ("%s: unknown key on the command line, ignored", word);
        continue;
      }
      if (hint) {
        if (asprintf (errmsg, "%s: unknown key on the command line: "
                      "did you mean %s? (or add p2v.ignore_unknown to "
                      "ignore unknown keys)", word, hint) == -1)
          *errmsg = NULL;
      }
      else if (asprintf (errmsg, "%s: unknown key on the command line: "
                         "see \"KERNEL COMMAND LINE\" in virt-p2v(1) for "
                         "the keys (or add p2v.ignore_unknown to ignore "
                         "unknown keys)", word) == -1)
        *errmsg = NULL;
      return -1;
    }
    if (p2v_config_set (c, k, value, errmsg) == -1)
      return -1;
  }
  return 0;
}
