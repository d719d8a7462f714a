/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The inputs, checked before anything is written: each wrong one is
 * one error line naming it and the fix.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-kickstart.h"
#include "user-cmdline.h"
#include "utils.h"

/* An rpm package name, file or @group for %packages: nothing that
 * could end the section or start a new one.
 */
int
check_package (const char *pkg)
{
  if (strspn (pkg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789._+-:@/*") == strlen (pkg) && pkg[0] != '-')
    return 0;
  log_error ("--install %s: not a package name: give names separated by "
             "commas (letters, digits and ._+-:@/*)", pkg);
  return -1;
}

/* --cmdline: the key table's check, and no '#', at which pykickstart
 * cuts the bootloader line, quoted or not.
 */
int
check_ks_cmdline (const char *cmdline)
{
  if (strchr (cmdline, '#')) {
    log_error ("--cmdline: the character '#' cannot be passed in a "
               "kickstart (pykickstart ends the line there): remove it");
    return -1;
  }
  return check_user_cmdline (cmdline);
}

/* The identity must be a readable private key (not the .pub). */
int
check_identity (const char *path)
{
  CLEANUP_FREE char *key = NULL;
  size_t len;
  int r = 0;

  key = read_whole_file (path, &len);
  if (key == NULL) {
    log_error ("--inject-ssh-identity %s: %m: give the private key file "
               "made by ssh-keygen", path);
    return -1;
  }
  if (!STRPREFIX (key, "-----BEGIN ") || !strstr (key, "PRIVATE KEY-----")) {
    log_error ("--inject-ssh-identity %s: not a private key (no "
               "\"-----BEGIN ... PRIVATE KEY-----\"): give the private key, "
               "not the .pub file", path);
    r = -1;
  }
  memset (key, 0, len);
  return r;
}

/* The client to embed: --virt-p2v, $VIRT_P2V_BINARY, else the
 * installed one; an ELF executable.
 */
const char *
find_virt_p2v (const char *opt)
{
  const char *path = opt;
  char magic[4] = { 0 };
  CLEANUP_CLOSE int fd = -1;

  if (path == NULL || *path == '\0')
    path = getenv ("VIRT_P2V_BINARY");
  if (path == NULL || *path == '\0')
    path = P2V_BINDIR "/virt-p2v";
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    log_error ("%s: %m: give the virt-p2v to embed with --virt-p2v=FILE "
               "(built for the target distro)", path);
    return NULL;
  }
  if (read (fd, magic, 4) != 4 || memcmp (magic, "\177ELF", 4) != 0) {
    log_error ("--virt-p2v %s: not an ELF executable: give the virt-p2v "
               "binary (built for the target distro)", path);
    return NULL;
  }
  return path;
}
