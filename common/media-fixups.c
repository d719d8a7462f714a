/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* What the packages' maintainer scripts would have done (supermin runs
 * none), plus our own files: users and groups, alternatives, module
 * dependencies, the library cache, enabled units, an empty machine-id
 * and fstab (a live root: /etc/fstab must not name a root device),
 * networking, the consoles, and virt-p2v with its launcher.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "media.h"
#include "string-vector.h"
#include "utils.h"

/* Template files and where they go in the tree (media.h): shared with
 * make-kickstart, which puts the same files in its %post.
 */
const struct media_payload_file media_payload_files[] = {
  { "launcher.sh", "/usr/lib/virt-p2v/launcher", 0755 },
  { "p2v.service", "/etc/systemd/system/p2v.service", 0644 },
  { "p2v-gui.service", "/etc/systemd/system/p2v-gui.service", 0644 },
  { "getty-after-p2v.conf",
    "/etc/systemd/system/getty@.service.d/p2v.conf", 0644 },
  { "getty-after-p2v.conf",
    "/etc/systemd/system/serial-getty@.service.d/p2v.conf", 0644 },
  { "wait-online-any.conf",
    "/etc/systemd/system/systemd-networkd-wait-online.service.d/p2v.conf",
    0644 },
  { "99-p2v-wired.network", "/etc/systemd/network/99-p2v-wired.network",
    0644 },
  { "issue", "/etc/issue", 0644 },
  { "modprobe-p2v.conf", "/etc/modprobe.d/p2v.conf", 0644 },
  { NULL }
};

const char *const media_payload_units[] = {
  "p2v.service", "systemd-networkd.service",
  "systemd-network-generator.service",
  "systemd-networkd-wait-online.service", "getty@tty1.service", NULL
};

/* Files written from nothing. */
static const struct {
  const char *path, *text;
  int mode;
} writes[] = {
  /* Empty: systemd makes a transient id on each boot. */
  { "/etc/machine-id", "", 0444 },
  { "/etc/fstab", "# Live root (squashfs + overlay): nothing to mount.\n",
    0644 },
  { "/etc/hostname", "p2v\n", 0644 },
  { "/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tp2v\n"
    "::1\t\tlocalhost ip6-localhost ip6-loopback\n", 0644 },
};

/* Made by maintainer scripts on the host; copied if the tree lacks
 * them.  Missing on the host is not an error.
 */
static const char *const host_files[] = {
  "/etc/nsswitch.conf",
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pam.d/common-account",
  "/etc/pam.d/common-auth",
  "/etc/pam.d/common-password",
  "/etc/pam.d/common-session",
  "/etc/pam.d/common-session-noninteractive",
  /* Caches the GUI's packages' triggers make: image loaders (icons),
   * GIO modules, settings schemas, MIME types, the hardware database
   * (libinput's device quirks).
   */
  "/usr/lib/" MULTIARCH "/gdk-pixbuf-2.0/2.10.0/loaders.cache",
  "/usr/lib/" MULTIARCH "/gio/modules/giomodule.cache",
  "/usr/share/glib-2.0/schemas/gschemas.compiled",
  "/usr/share/mime/mime.cache",
  "/etc/udev/hwdb.bin",
};

static int
mkdir_parents (char *path)
{
  for (char *p = strchr (path + 1, '/'); p; p = strchr (p + 1, '/')) {
    *p = '\0';
    int r = mkdir (path, 0755);
    *p = '/';
    if (r == -1 && errno != EEXIST) {
      log_error ("mkdir: %s: %m", path);
      return -1;
    }
  }
  return 0;
}

/* media-internal.h */
int
media_put_file (const char *tree, const char *src, const char *dst,
                int mode)
{
  CLEANUP_FREE char *path = NULL, *buf = NULL;
  size_t len;

  buf = read_whole_file (src, &len);
  if (buf == NULL) {
    log_error ("%s: %m", src);
    return -1;
  }
  if (asprintf (&path, "%s%s", tree, dst) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (mkdir_parents (path) == -1)
    return -1;
  if (write_file_atomic (path, buf, len, mode) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  return 0;
}

static int
put_text (const char *tree, const char *dst, const char *text, int mode)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s%s", tree, dst) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (mkdir_parents (path) == -1)
    return -1;
  unlink (path);
  if (write_file_atomic (path, text, strlen (text), mode) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  return 0;
}

static int
run (const char *what, const char *const *argv)
{
  CLEANUP_FREE char *err = NULL;
  int r = command_run (argv, &(struct command_opts) { .err = &err });

  if (r != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (r, argv[0]);
    if (err)
      chomp (err);
    log_error ("%s failed: %s: %s", what, why ? why : "", err ? err : "");
    return -1;
  }
  return 0;
}

/* passwd and group from base-passwd's masters, shadow files locked
 * ('*': no password; the console gettys log root in without one).
 * systemd-sysusers then adds the system users packages declare.
 */
static int
users (const char *tree)
{
  static const struct { const char *master, *dst, *shadow, *tail; } f[] = {
    { "passwd", "/etc/passwd", "/etc/shadow", ":*:19000:0:99999:7:::" },
    { "group", "/etc/group", "/etc/gshadow", ":*::" },
  };

  for (size_t i = 0; i < 2; ++i) {
    CLEANUP_FREE char *master = NULL, *text = NULL, *shadow = NULL;
    size_t len = 0;
    char *line, *save = NULL;
    FILE *fp;

    if (asprintf (&master, "/usr/share/base-passwd/%s.master",
                  f[i].master) == -1)
      goto nomem;
    if (media_put_file (tree, master, f[i].dst, 0644) == -1)
      return -1;
    text = read_whole_file (master, NULL);
    if (text == NULL) {
      log_error ("%s: %m", master);
      return -1;
    }
    fp = open_memstream (&shadow, &len);
    if (fp == NULL)
      goto nomem;
    for (line = strtok_r (text, "\n", &save); line;
         line = strtok_r (NULL, "\n", &save)) {
      line[strcspn (line, ":")] = '\0';
      fprintf (fp, "%s%s\n", line, f[i].tail);
    }
    if (fclose (fp) == EOF)
      goto nomem;
    if (put_text (tree, f[i].shadow, shadow, 0640) == -1)
      return -1;
  }
  const char *const sysusers[] = {
    "systemd-sysusers", "--root", tree, NULL
  };
  return run ("creating the system users (systemd-sysusers)", sysusers);

 nomem:
  log_error ("malloc: %m");
  return -1;
}

/* ldconfig's aux-cache records the host files' inode numbers and
 * times: it would make every build's bytes differ, for a cache that
 * only speeds up the next ldconfig run.
 */
static int
remove_aux_cache (const char *tree)
{
  CLEANUP_FREE char *p = NULL;

  if (asprintf (&p, "%s/var/cache/ldconfig/aux-cache", tree) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (unlink (p) == -1 && errno != ENOENT) {
    log_error ("unlink: %s: %m", p);
    return -1;
  }
  return 0;
}

int
media_fixup_tree (const char *tree, const char *templates,
                  const char *virt_p2v, const char *kver)
{
  size_t i;

  for (i = 0; media_payload_files[i].template; ++i) {
    const struct media_payload_file *f = &media_payload_files[i];
    CLEANUP_FREE char *src = NULL;
    if (asprintf (&src, "%s/%s", templates, f->template) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
    if (media_put_file (tree, src, f->path, f->mode) == -1)
      return -1;
  }
  if (media_put_file (tree, virt_p2v, MEDIA_VIRT_P2V_PATH, 0755) == -1)
    return -1;
  for (i = 0; i < sizeof writes / sizeof writes[0]; ++i)
    if (put_text (tree, writes[i].path, writes[i].text, writes[i].mode) == -1)
      return -1;
  for (i = 0; i < sizeof host_files / sizeof host_files[0]; ++i) {
    CLEANUP_FREE char *dst = NULL;
    struct stat st;
    if (asprintf (&dst, "%s%s", tree, host_files[i]) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
    if (lstat (dst, &st) == 0 || access (host_files[i], R_OK) == -1)
      continue;
    log_debug ("copying %s from the host", host_files[i]);
    if (media_put_file (tree, host_files[i], host_files[i], 0644) == -1)
      return -1;
  }

  if (users (tree) == -1 || media_alternatives (tree) == -1)
    return -1;

  const char *const depmod[] = { "depmod", "-b", tree, kver, NULL };
  const char *const ldconfig[] = { "ldconfig", "-r", tree, NULL };
  const char *const preset[] = {
    "systemctl", "--root", tree, "--quiet", "preset-all", NULL
  };
  const char *const target[] = {
    "systemctl", "--root", tree, "--quiet", "set-default",
    MEDIA_DEFAULT_TARGET, NULL
  };
  CLEANUP_FREE_STRING_VECTOR string_vector enable = empty_vector;
  if (string_vector_split (&enable, "systemctl --quiet enable", " ") == -1 ||
      string_vector_addf (&enable, "--root=%s", tree) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  for (i = 0; media_payload_units[i]; ++i)
    if (string_vector_add (&enable, media_payload_units[i]) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  if (string_vector_terminate (&enable) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (run ("module dependencies (depmod)", depmod) == -1 ||
      run ("the library cache (ldconfig)", ldconfig) == -1 ||
      remove_aux_cache (tree) == -1 ||
      run ("enabling the units (systemctl preset-all)", preset) == -1 ||
      run ("enabling the units (systemctl enable)",
           (const char *const *) enable.ptr) == -1 ||
      run ("the default target (systemctl set-default)", target) == -1)
    return -1;
  return 0;
}
