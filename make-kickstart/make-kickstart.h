/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-kickstart: what its files share. */

#ifndef P2V_MAKE_KICKSTART_H
#define P2V_MAKE_KICKSTART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "string-vector.h"

/* Everything the kickstart is made from, checked by main. */
struct ks_input {
  char *const *repos;           /* REPO arguments (at least one) */
  size_t nr_repos;
  const char *proxy;            /* --proxy, or NULL */
  const char *identity;         /* --inject-ssh-identity, or NULL */
  const string_vector *install; /* --install packages */
  const char *cmdline;          /* --cmdline (checked), or NULL */
  const char *virt_p2v;         /* the client to embed */
  const char *templates;        /* templates/ directory */
};

/* The live image's label: livecd-creator --fslabel, the ISO's name. */
#define ISO_LABEL "virt-p2v"

/* checks.c: one error line and -1 (NULL) if an input is wrong. */
extern int check_package (const char *pkg);
extern int check_ks_cmdline (const char *cmdline);
extern int check_identity (const char *path);
/* --virt-p2v, $VIRT_P2V_BINARY or the installed one, if an ELF file. */
extern const char *find_virt_p2v (const char *opt);

/* report.c: after writing. */
extern void binary_notice (const char *virt_p2v, bool given);
extern void next_steps (const char *output);

/* repos.c: "repo --name=..." lines for one REPO argument. */
extern int repo_check (const char *repo);
extern int repo_check_proxy (const char *proxy);
extern int repos_write (FILE *fp, char *const *repos, size_t n,
                        const char *proxy);

/* embed.c: a file as a base64 here-document in %post, checked by
 * sha256sum after decoding.  what says where it came from.
 */
extern int embed_file (FILE *fp, const char *path, int mode,
                       const char *data, size_t len, const char *sha256,
                       const char *what);

/* kickstart.c: the whole kickstart into fp. */
extern int kickstart_write (FILE *fp, const struct ks_input *in);

/* The kernel arguments livecd-creator appends to its own (the serial
 * console, then the user's --cmdline).
 */
#define KS_CONSOLE_ARGS "console=tty0 console=ttyS0,115200"

#endif /* P2V_MAKE_KICKSTART_H */
