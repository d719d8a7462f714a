/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The fleet manifest (--machines FILE): one machine per line,
 *
 *   MAC NAME [p2v.KEY=VALUE ...]      # comment
 *
 * MAC as aa:bb:cc:dd:ee:ff (or with '-'), NAME the converted guest's
 * name, then any p2v.* keys and the machine's own ip= (static
 * addressing), quoted as on a kernel command line (p2v.pre="echo hi").  Blank lines and '#' comments are skipped.
 * Every key is checked with virt-p2v's own key table, alone (so the
 * error names its field) and together with --cmdline; a bad line is
 * one error naming the file, the line and the field.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "make-pxe.h"
#include "string-vector.h"
#include "utils.h"

/* Split line into words as written (quotes kept): a '"' protects
 * spaces up to the next '"'; an unquoted '#' at the start of a word
 * ends the line.  -1 on an unterminated quote.
 */
static int
words_of (const char *line, string_vector *words)
{
  const char *p = line;

  for (;;) {
    while (*p && isspace ((unsigned char) *p))
      ++p;
    if (*p == '\0' || *p == '#')
      return 0;
    const char *start = p;
    bool quoted = false;
    while (*p && (quoted || !isspace ((unsigned char) *p))) {
      if (*p == '"')
        quoted = !quoted;
      ++p;
    }
    if (quoted)
      return -1;
    if (string_vector_addf (words, "%.*s", (int) (p - start), start) == -1)
      return -1;
  }
}

static bool
parse_mac (const char *s, char out[18])
{
  char sep = s[2];

  if (strlen (s) != 17 || (sep != ':' && sep != '-'))
    return false;
  for (int i = 0; i < 6; ++i) {
    if (!isxdigit ((unsigned char) s[3 * i]) ||
        !isxdigit ((unsigned char) s[3 * i + 1]) ||
        (i < 5 && s[3 * i + 2] != sep))
      return false;
    out[3 * i] = tolower ((unsigned char) s[3 * i]);
    out[3 * i + 1] = tolower ((unsigned char) s[3 * i + 1]);
    out[3 * i + 2] = i < 5 ? ':' : '\0';
  }
  return true;
}

/* A guest name: also a file name on the conversion server. */
static bool
good_name (const char *s)
{
  if (!isalnum ((unsigned char) *s) || strlen (s) > 63)
    return false;
  for (; *s; ++s)
    if (!isalnum ((unsigned char) *s) && !strchr ("-_.", *s))
      return false;
  return true;
}

static int
check_keys (const char *path, size_t lineno, const string_vector *words)
{
  for (size_t i = 2; i < words->len; ++i) {
    const char *w = words->ptr[i];
    CLEANUP_FREE char *msg = NULL;

    if (!STRPREFIX (w, "p2v.") && !STRPREFIX (w, "ip=")) {
      log_error ("%s:%zu: field %zu: %s: not a p2v.* key: only "
                 "p2v.KEY=VALUE and ip=... may follow the name", path,
                 lineno, i + 1, w);
      return -1;
    }
    if (STRPREFIX (w, "p2v.name") || STRPREFIX (w, "p2v.guestname")) {
      log_error ("%s:%zu: field %zu: %s: the guest name is field 2: "
                 "remove it", path, lineno, i + 1, w);
      return -1;
    }
    msg = user_cmdline_error (w);
    if (msg) {
      log_error ("%s:%zu: field %zu: %s", path, lineno, i + 1, msg);
      return -1;
    }
  }
  return 0;
}

static int
parse_line (const char *path, size_t lineno, const char *line,
            const char *user_cmdline, machine_list *list)
{
  CLEANUP_FREE_STRING_VECTOR string_vector words = empty_vector;
  CLEANUP_FREE char *keys = NULL, *all = NULL, *msg = NULL;
  struct machine m = { .line = lineno };
  size_t len = 0;
  FILE *fp;

  if (words_of (line, &words) == -1) {
    log_error ("%s:%zu: a '\"' is not closed: close it on the same line",
               path, lineno);
    return -1;
  }
  if (words.len == 0)
    return 0;
  if (!parse_mac (words.ptr[0], m.mac)) {
    log_error ("%s:%zu: field 1: %s: not a MAC address: write it as "
               "aa:bb:cc:dd:ee:ff", path, lineno, words.ptr[0]);
    return -1;
  }
  if (words.len < 2) {
    log_error ("%s:%zu: field 2: no guest name: write MAC NAME "
               "[p2v.KEY=VALUE ...]", path, lineno);
    return -1;
  }
  if (!good_name (words.ptr[1])) {
    log_error ("%s:%zu: field 2: %s: not a guest name: use up to 63 "
               "letters, digits, '-', '_' and '.', starting with a letter "
               "or digit", path, lineno, words.ptr[1]);
    return -1;
  }
  if (check_keys (path, lineno, &words) == -1)
    return -1;
  for (size_t i = 0; i < list->len; ++i) {
    if (STREQ (list->ptr[i].mac, m.mac)) {
      log_error ("%s:%zu: field 1: %s: the same MAC address as line %zu: "
                 "give each machine once", path, lineno, words.ptr[0],
                 list->ptr[i].line);
      return -1;
    }
    if (STREQ (list->ptr[i].name, words.ptr[1])) {
      log_error ("%s:%zu: field 2: %s: the same guest name as line %zu: "
                 "give each machine its own name", path, lineno,
                 words.ptr[1], list->ptr[i].line);
      return -1;
    }
  }

  fp = open_memstream (&keys, &len);
  if (fp == NULL)
    goto oom;
  for (size_t i = 2; i < words.len; ++i)
    fprintf (fp, "%s%s", i > 2 ? " " : "", words.ptr[i]);
  if (fclose (fp) == EOF)
    goto oom;
  /* The whole command line this machine boots with, checked once. */
  if (asprintf (&all, "%s%sp2v.name=%s %s", user_cmdline ? user_cmdline : "",
                user_cmdline ? " " : "", words.ptr[1], keys) == -1) {
    all = NULL;
    goto oom;
  }
  msg = user_cmdline_error (all);
  if (msg) {
    log_error ("%s:%zu: with --cmdline: %s", path, lineno, msg);
    return -1;
  }
  m.name = strdup (words.ptr[1]);
  m.keys = keys;
  if (m.name == NULL || machine_list_append (list, m) == -1) {
    free (m.name);
    goto oom;
  }
  keys = NULL;
  return 0;

 oom:
  log_error ("out of memory");
  return -1;
}

int
machines_read (const char *path, const char *user_cmdline,
               machine_list *list)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "r");
  CLEANUP_FREE char *line = NULL;
  size_t n = 0, lineno = 0;
  ssize_t len;

  if (fp == NULL) {
    log_error ("--machines %s: %m: give a readable file", path);
    return -1;
  }
  while ((len = getline (&line, &n, fp)) != -1) {
    ++lineno;
    if (len > 0 && line[len - 1] == '\n')
      line[len - 1] = '\0';
    if (parse_line (path, lineno, line, user_cmdline, list) == -1)
      return -1;
  }
  if (ferror (fp)) {
    log_error ("--machines %s: %m", path);
    return -1;
  }
  log_debug ("%s: %zu machines", path, list->len);
  return 0;
}

void
machines_free (machine_list *list)
{
  for (size_t i = 0; i < list->len; ++i) {
    free (list->ptr[i].name);
    free (list->ptr[i].keys);
  }
  machine_list_reset (list);
}
