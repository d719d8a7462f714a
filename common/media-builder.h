/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* What the medium builders (virt-p2v-make-disk, virt-p2v-make-pxe)
 * share on top of the media pipeline (media.h): the options that
 * shape the boot set, the checked kernel command line, running tools
 * with progress lines and interruption, boot loader configuration
 * text and the GRUB EFI image.  One copy of each, in libp2vmedia.
 */

#ifndef P2V_MEDIA_BUILDER_H
#define P2V_MEDIA_BUILDER_H

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "media.h"
#include "string-vector.h"
#include "user-cmdline.h"

/* media-options.c: the options every builder takes.  A builder's own
 * long-only option codes start at MB_OPTION_END; its option table
 * starts with MEDIA_BUILDER_LONG_OPTIONS and its short options with
 * MEDIA_BUILDER_SHORT_OPTIONS.
 */
enum {
  MB_ARCH_OPTION = CHAR_MAX + 1,
  MB_BOOT_SET_OPTION,
  MB_CACHE_DIR_OPTION,
  MB_CMDLINE_OPTION,
  MB_FIRMWARE_OPTION,
  MB_HELP_OPTION,
  MB_HOST_KEY_OPTION,
  MB_IDENTITY_OPTION,
  MB_INSTALL_OPTION,
  MB_LONG_OPTIONS_OPTION,
  MB_NO_FIRMWARE_OPTION,
  MB_SHORT_OPTIONS_OPTION,
  MB_VIRT_P2V_OPTION,
  MB_OPTION_END
};

#define MEDIA_BUILDER_SHORT_OPTIONS "vV"
#define MEDIA_BUILDER_LONG_OPTIONS                                       \
  { "arch", required_argument, NULL, MB_ARCH_OPTION },                   \
  { "cache-dir", required_argument, NULL, MB_CACHE_DIR_OPTION },         \
  { "cmdline", required_argument, NULL, MB_CMDLINE_OPTION },             \
  { "firmware", no_argument, NULL, MB_FIRMWARE_OPTION },                 \
  { "help", no_argument, NULL, MB_HELP_OPTION },                         \
  { "host-key", required_argument, NULL, MB_HOST_KEY_OPTION },           \
  { "inject-ssh-identity", required_argument, NULL, MB_IDENTITY_OPTION }, \
  { "install", required_argument, NULL, MB_INSTALL_OPTION },             \
  { "no-firmware", no_argument, NULL, MB_NO_FIRMWARE_OPTION },           \
  { "verbose", no_argument, NULL, 'v' },                                 \
  { "version", no_argument, NULL, 'V' },                                 \
  { "virt-p2v", required_argument, NULL, MB_VIRT_P2V_OPTION },           \
  /* Hidden: bash completion and the docs tests; a prebuilt boot set. */ \
  { "long-options", no_argument, NULL, MB_LONG_OPTIONS_OPTION },         \
  { "short-options", no_argument, NULL, MB_SHORT_OPTIONS_OPTION },       \
  { "boot-set", required_argument, NULL, MB_BOOT_SET_OPTION }

struct media_builder_options {
  struct media_options media;   /* for media_build_boot_set */
  string_vector packages;       /* --install */
  const char *cmdline;          /* --cmdline (+ p2v.hostkey), checked */
  char *full_cmdline;           /* owned: cmdline with the pin added */
  const char *arch;
  const char *boot_set;         /* hidden --boot-set, or NULL */
  void (*usage) (int status);   /* the program's own --help */
};

/* Defaults (firmware on). */
extern void media_builder_options_init (struct media_builder_options *o,
                                        void (*usage) (int));
/* getopt_long over argv: the shared options here (--help, -V and
 * the hidden listings exit), the builder's own through own(), which
 * returns false for an unknown one (then: usage (EXIT_FAILURE)).  A
 * stray argument is an error.
 */
extern void media_builder_parse (struct media_builder_options *o,
                                 int argc, char *argv[],
                                 const char *short_options,
                                 const struct option *long_options,
                                 bool (*own) (int c, const char *arg,
                                              void *opaque),
                                 void *opaque);
/* "Try 'PROG --help'..." on stderr, exit 1. */
extern void media_builder_try_help (void) __attribute__ ((noreturn));
/* The help lines of the shared options. */
extern void media_builder_usage_options (FILE *fp);
/* After parsing: every check that needs no slow work.  -1 after one
 * error line.
 */
extern int media_builder_options_check (struct media_builder_options *o);
extern void media_builder_options_free (struct media_builder_options *o);

/* What a builder needs on the host: a file (path) or a program in
 * $PATH (prog), and the Debian package that has it.
 */
struct media_host_need {
  const char *path;
  const char *prog;
  const char *package;
};
extern int media_check_host (const struct media_host_need *needs, size_t n);

/* media-prebuilt.c: the boot set, from the pipeline, or the prebuilt
 * one named by --boot-set or $VIRT_P2V_BOOT_SET.
 */
extern int media_get_boot_set (const struct media_builder_options *o,
                               struct boot_set *bs);
/* Free it, and remove its directory if the pipeline made it. */
extern void media_put_boot_set (const struct media_builder_options *o,
                                struct boot_set *bs);


/* media-run.c: external tools, progress, and SIGINT/SIGTERM, which
 * stop the running tool and unwind through the failure path.
 */
extern volatile sig_atomic_t interrupted;
extern void interrupt_install (void);
extern int check_interrupted (void);
extern int run_tool (const char *const *argv, const char *const *env);
extern void progress (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern int sha256_hex (const char *path, char hex[65]);
extern int sha256_of (const char *input, size_t len, char hex[65]);

/* media-bootcfg.c: boot loader configuration text (malloc'd) and
 * files.  initrds is a NULL-terminated list of paths as the loader
 * names them.
 */
extern char *media_syslinux_entry (const char *kernel,
                                   const char *const *initrds,
                                   const char *args);
/* Ours (root=ROOT, the live image, the consoles) + the user's. */
extern char *media_kernel_args (const char *root, const char *user);
extern char *media_grub_entry (const char *kernel,
                               const char *const *initrds,
                               const char *args);
/* Write text to path (0644), its times set to epoch. */
extern int media_write_text (const char *path, const char *text,
                             long long epoch);
/* grub-mkimage -O x86_64-efi with the prefix, the embedded early
 * config (or NULL) and modules (NULL-terminated; added to the common
 * set).
 */
extern int media_grub_efi (const char *output, const char *prefix,
                           const char *early_cfg,
                           const char *const *modules);

#endif /* P2V_MEDIA_BUILDER_H */
