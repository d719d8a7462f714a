/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* A --cmdline that a medium builder bakes into its boot entries is
 * checked with the very key table virt-p2v parses at boot, so a
 * misspelt p2v.* key fails on the admin's desk, not in the rack.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "p2v-config.h"
#include "string-vector.h"
#include "user-cmdline.h"
#include "utils.h"

/* Set by the medium (rd.live.*: by the kickstart's dracut live
 * media); a user's copy would fight ours.
 */
static const char *const reserved[] = {
  "root=", "rd.live.", "initrd=", "BOOT_IMAGE=", NULL
};

/* Why cmdline cannot go on a medium (malloc'd, no prefix), or NULL. */
char *
user_cmdline_error (const char *cmdline)
{
  CLEANUP_FREE_STRING_VECTOR string_vector words = empty_vector;
  CLEANUP_FREE char *errmsg = NULL;
  struct p2v_config c;
  char *msg = NULL;
  int r;

  /* GRUB's parser expands or eats these; syslinux's APPEND is one
   * line.  No p2v.* value needs them.
   */
  const char *bad = strpbrk (cmdline, "$\\'`\n");
  if (bad) {
    if (asprintf (&msg, "the character '%s' cannot be passed through "
                  "the boot loaders: remove it (quote values with \"...\")",
                  *bad == '\n' ? "\\n" : (char[]) { *bad, '\0' }) == -1)
      msg = NULL;
    return msg ? msg : strdup ("out of memory");
  }
  if (cmdline_split (cmdline, &words) == -1)
    return strdup ("out of memory");
  for (size_t i = 0; i < words.len; ++i)
    for (size_t j = 0; reserved[j]; ++j)
      if (STRPREFIX (words.ptr[i], reserved[j])) {
        if (asprintf (&msg, "%s: the medium sets this itself: remove it",
                      words.ptr[i]) == -1)
          msg = NULL;
        return msg ? msg : strdup ("out of memory");
      }

  if (p2v_config_init (&c) == -1)
    return strdup ("out of memory");
  r = p2v_config_from_cmdline (&c, cmdline, &errmsg);
  /* Baked in on purpose, but kept out of our messages. */
  if (c.password && *c.password)
    log_add_secret (c.password);
  p2v_config_free (&c);
  if (r == -1)
    return strdup (errmsg ? errmsg : "cannot parse it");
  return NULL;
}

int
check_user_cmdline (const char *cmdline)
{
  CLEANUP_FREE char *msg = user_cmdline_error (cmdline);

  if (msg) {
    log_error ("--cmdline: %s", msg);
    return -1;
  }
  return 0;
}
