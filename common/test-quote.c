/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test shell_quote: every quoted word, read back by a real /bin/sh,
 * must come out exactly as it went in.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "command.h"
#include "quote.h"

static const char *cases[] = {
  "simple", "with space", "it's", "'", "''", "\"double\"", "$HOME", "`id`",
  "$(id)", "a\\b", "tab\there", "new\nline", "*", "?", "[a]", "~", "=x",
  "%d", "-n", "semi;colon", "amp&", "pipe|", "<in", ">out", "!bang", "#hash",
  "é ü", "", NULL
};

static const struct { const char *in, *out; } exact[] = {
  { "abc", "abc" },
  { "/var/tmp/x-1.img", "/var/tmp/x-1.img" },
  { "a b", "'a b'" },
  { "it's", "'it'\\''s'" },
  { "", "''" },
  { "$x", "'$x'" },
};

int
main (void)
{
  int failed = 0;

  for (size_t i = 0; i < sizeof exact / sizeof exact[0]; ++i) {
    CLEANUP_FREE char *q = shell_quote (exact[i].in);
    if (strcmp (q, exact[i].out) != 0) {
      fprintf (stderr, "FAIL: shell_quote (%s) = %s, expected %s\n",
               exact[i].in, q, exact[i].out);
      failed++;
    }
  }

  /* Round trip through sh: printf '%s\0' WORD. */
  for (size_t i = 0; cases[i] != NULL; ++i) {
    CLEANUP_FREE char *q = shell_quote (cases[i]);
    CLEANUP_FREE char *script = NULL;
    CLEANUP_FREE char *out = NULL;
    const char *argv[] = { "sh", "-c", NULL, NULL };

    if (asprintf (&script, "printf %%s %s", q) == -1) abort ();
    argv[2] = script;
    int st = command_run (argv, &(struct command_opts) { .out = &out });
    if (st != 0 || strcmp (out, cases[i]) != 0) {
      fprintf (stderr, "FAIL: round trip of [%s]: quoted [%s], got [%s]\n",
               cases[i], q, out ? out : "(null)");
      failed++;
    }
  }

  /* argv joining. */
  const char *argv[] = { "ssh", "-o", "Foo=bar baz", "it's", NULL };
  CLEANUP_FREE char *joined = shell_quote_argv (argv);
  if (strcmp (joined, "ssh -o 'Foo=bar baz' 'it'\\''s'") != 0) {
    fprintf (stderr, "FAIL: shell_quote_argv: %s\n", joined);
    failed++;
  }
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
