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
#include "module-name.h"

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

/* "PATH: DEP DEP ..." */
static void
add_dep (char *line)
{
  char *colon = strchr (line, ':');
  struct module *m;

  if (colon == NULL)
    return;
  *colon = '\0';
  m = realloc (modules, (nr_modules + 1) * sizeof *modules);
  if (m == NULL)
    return;
  modules = m;
  m = &modules[nr_modules++];
  m->path = strdup (line);
  m->name = module_name (line, strlen (line));
  m->deps = strdup (colon + 1);
  m->tried = false;
}

/* "alias PATTERN MODULE" */
static void
add_alias (char *line)
{
  char pattern[512], module[128];
  struct alias *a;

  if (sscanf (line, "alias %511s %127s", pattern, module) != 2)
    return;
  a = realloc (aliases, (nr_aliases + 1) * sizeof *aliases);
  if (a == NULL)
    return;
  aliases = a;
  aliases[nr_aliases].pattern = strdup (pattern);
  module_name_normalize (module);
  aliases[nr_aliases++].module = strdup (module);
}

/* Each line of dir/FILE, without its newline, to add. */
static int
read_index (const char *file, void (*add) (char *line))
{
  char path[256], *line = NULL;
  size_t n = 0;
  FILE *fp;

  snprintf (path, sizeof path, "%s/%s", dir, file);
  if ((fp = fopen (path, "re")) == NULL)
    return -1;
  while (getline (&line, &n, fp) != -1) {
    line[strcspn (line, "\n")] = '\0';
    add (line);
  }
  free (line);
  fclose (fp);
  return 0;
}

int
modules_open (const struct cmdline *c)
{
  struct utsname u;

  cmdline = c;
  if (uname (&u) == -1 ||
      asprintf (&dir, "/lib/modules/%s", u.release) == -1)
    return -1;
  if (read_index ("modules.dep", add_dep) == -1) {
    error ("%s/modules.dep: %m (the initramfs was not made for this kernel)",
           dir);
    return -1;
  }
  /* Without aliases only the always-loaded modules are loaded. */
  read_index ("modules.alias", add_alias);
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
    module_name_normalize (item);
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
      module_name_normalize (word);
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
    char *name = module_name (dep, strlen (dep));
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
  module_name_normalize (n);
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
