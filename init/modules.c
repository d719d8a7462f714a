/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Kernel modules, loaded the way modprobe would, from the initramfs's
 * own small set: /lib/modules/VERSION/modules.dep and modules.alias
 * hold only the modules it carries (the media builder writes them), so
 * matching a device's modalias against every alias pattern is cheap.
 * Module options come from the kernel command line (NAME.KEY=VALUE),
 * and modprobe.blacklist= is honoured, as modprobe does.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "init.h"

struct module {
  char *name;                   /* "usb_storage" */
  char *path;                   /* "kernel/drivers/usb/storage/..." */
  char *deps;                   /* the rest of its modules.dep line */
  bool tried;
};

struct alias {
  char *pattern;                /* "usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*" */
  char *module;
};

static struct module *modules;
static size_t nr_modules;
static struct alias *aliases;
static size_t nr_aliases;
static char *dir;               /* "/lib/modules/6.1.0-56-amd64" */
static const struct cmdline *cmdline;

/* Module names compare with '-' and '_' alike, as in the kernel. */
static void
normalize (char *name)
{
  for (; *name; ++name)
    if (*name == '-')
      *name = '_';
}

/* "kernel/fs/fat/vfat.ko" -> "vfat" (a new string). */
static char *
name_of_path (const char *path)
{
  const char *base = strrchr (path, '/');
  char *name = strdup (base ? base + 1 : path);
  char *dot = name ? strstr (name, ".ko") : NULL;

  if (dot)
    *dot = '\0';
  if (name)
    normalize (name);
  return name;
}

static int
read_dep (void)
{
  char path[256], *line = NULL;
  size_t n = 0;
  FILE *fp;

  snprintf (path, sizeof path, "%s/modules.dep", dir);
  if ((fp = fopen (path, "re")) == NULL) {
    error ("%s: %m (the initramfs was not made for this kernel)", path);
    return -1;
  }
  while (getline (&line, &n, fp) != -1) {
    char *colon = strchr (line, ':');
    struct module *m;

    if (colon == NULL)
      continue;
    *colon = '\0';
    colon[1 + strcspn (colon + 1, "\n")] = '\0';
    m = realloc (modules, (nr_modules + 1) * sizeof *modules);
    if (m == NULL)
      break;
    modules = m;
    m = &modules[nr_modules++];
    m->path = strdup (line);
    m->name = name_of_path (line);
    m->deps = strdup (colon + 1);
    m->tried = false;
  }
  free (line);
  fclose (fp);
  return 0;
}

static void
read_alias (void)
{
  char path[256], *line = NULL;
  size_t n = 0;
  FILE *fp;

  snprintf (path, sizeof path, "%s/modules.alias", dir);
  if ((fp = fopen (path, "re")) == NULL)
    return;
  while (getline (&line, &n, fp) != -1) {
    char pattern[512], module[128];
    struct alias *a;

    if (sscanf (line, "alias %511s %127s", pattern, module) != 2)
      continue;
    a = realloc (aliases, (nr_aliases + 1) * sizeof *aliases);
    if (a == NULL)
      break;
    aliases = a;
    aliases[nr_aliases].pattern = strdup (pattern);
    normalize (module);
    aliases[nr_aliases++].module = strdup (module);
  }
  free (line);
  fclose (fp);
}

int
modules_open (const struct cmdline *c)
{
  struct utsname u;

  cmdline = c;
  if (uname (&u) == -1 ||
      asprintf (&dir, "/lib/modules/%s", u.release) == -1)
    return -1;
  if (read_dep () == -1)
    return -1;
  read_alias ();
  info ("%zu modules, %zu aliases for %s", nr_modules, nr_aliases, u.release);
  return 0;
}

static bool
blacklisted (const char *name)
{
  const char *p = cmdline->blacklist;
  size_t len = strlen (name);

  for (; p && *p; p += strcspn (p, ",") + (p[strcspn (p, ",")] == ',')) {
    char item[128];
    snprintf (item, sizeof item, "%.*s", (int) strcspn (p, ","), p);
    normalize (item);
    if (strlen (item) == len && memcmp (item, name, len) == 0)
      return true;
  }
  return false;
}

char *
modules_options (const char *line, const char *name)
{
  size_t len = strlen (name);
  char *out = NULL;
  size_t olen = 0;
  FILE *fp = open_memstream (&out, &olen);
  bool first = true;

  if (fp == NULL)
    return NULL;
  for (const char *w = line; *w; ) {
    size_t wlen = strcspn (w, " \n");
    char word[256];

    snprintf (word, sizeof word, "%.*s", (int) wlen, w);
    char *dot = strchr (word, '.'), *eq = strchr (word, '=');
    if (dot && eq && dot < eq && (size_t) (dot - word) == len) {
      *dot = '\0';
      normalize (word);
      if (strcmp (word, name) == 0)
      {
        fprintf (fp, "%s%s", first ? "" : " ", dot + 1);
        first = false;
      }
    }
    w += wlen;
    w += strspn (w, " \n");
  }
  fclose (fp);
  return out;
}

static struct module *
find (const char *name)
{
  for (size_t i = 0; i < nr_modules; ++i)
    if (strcmp (modules[i].name, name) == 0)
      return &modules[i];
  return NULL;
}

static void
load (struct module *m)
{
  char path[512], *deps, *dep, *save = NULL, *opts;
  int fd;

  if (m->tried)
    return;
  m->tried = true;
  if (blacklisted (m->name)) {
    info ("%s: blacklisted on the command line", m->name);
    return;
  }
  /* Dependencies first; modules.dep lists them all, not only the
   * direct ones, so recursion only finds them already tried.
   */
  deps = strdup (m->deps);
  for (dep = strtok_r (deps, " ", &save); dep; dep = strtok_r (NULL, " ", &save)) {
    char *name = name_of_path (dep);
    struct module *d = name ? find (name) : NULL;
    if (d)
      load (d);
    free (name);
  }
  free (deps);

  snprintf (path, sizeof path, "%s/%s", dir, m->path);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    error ("%s: %m", path);
    return;
  }
  opts = modules_options (cmdline->text, m->name);
  if (syscall (SYS_finit_module, fd, opts ? opts : "", 0) == -1 &&
      errno != EEXIST)
    /* ENODEV and the like: no such hardware here, which is normal. */
    info ("%s: %m", m->name);
  free (opts);
  close (fd);
}

void
modules_load (const char *name)
{
  char n[128];
  struct module *m;

  snprintf (n, sizeof n, "%s", name);
  normalize (n);
  if ((m = find (n)) != NULL)
    load (m);
}

void
modules_load_for_alias (const char *modalias)
{
  for (size_t i = 0; i < nr_aliases; ++i)
    if (fnmatch (aliases[i].pattern, modalias, 0) == 0)
      modules_load (aliases[i].module);
}

/* What udev's coldplug does for modules: every device already in
 * /sys/devices gets the modules its modalias names.
 */
static void
walk (int dirfd, int depth)
{
  DIR *d;
  struct dirent *e;

  if (depth > 16 || (d = fdopendir (dirfd)) == NULL) {
    close (dirfd);
    return;
  }
  while ((e = readdir (d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (e->d_type == DT_DIR) {
      int fd = openat (dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd >= 0)
        walk (fd, depth + 1);
    }
    else if (e->d_type == DT_REG && strcmp (e->d_name, "modalias") == 0) {
      int fd = openat (dirfd, e->d_name, O_RDONLY | O_CLOEXEC);
      char buf[512];
      ssize_t r = fd >= 0 ? read (fd, buf, sizeof buf - 1) : -1;

      if (fd >= 0)
        close (fd);
      if (r > 0) {
        buf[r] = '\0';
        buf[strcspn (buf, "\n")] = '\0';
        modules_load_for_alias (buf);
      }
    }
  }
  closedir (d);
}

void
modules_coldplug (void)
{
  int fd = open ("/sys/devices", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    walk (fd, 0);
}
