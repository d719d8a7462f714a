/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* machine_inspect and the small facts (hostname, architecture,
 * memory, hardware clock), the helpers every machine-*.c file uses to
 * read below ROOT, and freeing, printing and looking up the result.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "machine.h"
#include "machine-internal.h"
#include "utils.h"

/* Reading below ROOT. */

static char *
root_vpath (const char *root, const char *fs, va_list args)
{
  CLEANUP_FREE char *rel = NULL;
  char *path;

  if (vasprintf (&rel, fs, args) == -1)
    return NULL;
  if (asprintf (&path, "%s%s", root, rel) == -1)
    return NULL;
  return path;
}

char *
root_path (const char *root, const char *fs, ...)
{
  va_list args;
  char *path;

  va_start (args, fs);
  path = root_vpath (root, fs, args);
  va_end (args);
  return path;
}

/* Remove leading and trailing white space in place. */
static char *
trim (char *s)
{
  size_t n;

  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  n = strlen (s);
  while (n > 0 && (s[n-1] == ' ' || s[n-1] == '\t' ||
                   s[n-1] == '\n' || s[n-1] == '\r'))
    s[--n] = '\0';
  return s;
}

static char *
root_vread (const char *root, const char *fs, va_list args)
{
  CLEANUP_FREE char *path = root_vpath (root, fs, args);
  CLEANUP_FREE char *content = NULL;

  if (path == NULL || (content = read_whole_file (path, NULL)) == NULL)
    return NULL;
  return strdup (trim (content));
}

char *
root_read (const char *root, const char *fs, ...)
{
  va_list args;
  char *r;

  va_start (args, fs);
  r = root_vread (root, fs, args);
  va_end (args);
  return r;
}

int
root_read_u64 (uint64_t *r, int base, const char *root, const char *fs, ...)
{
  va_list args;
  CLEANUP_FREE char *s = NULL;
  char *end;
  unsigned long long n;

  va_start (args, fs);
  s = root_vread (root, fs, args);
  va_end (args);
  if (s == NULL || *s == '\0' || *s == '-')
    return -1;
  errno = 0;
  n = strtoull (s, &end, base);
  if (errno != 0 || *end != '\0')
    return -1;
  *r = n;
  return 0;
}

bool
root_exists (const char *root, const char *fs, ...)
{
  va_list args;
  CLEANUP_FREE char *path = NULL;
  struct stat st;

  va_start (args, fs);
  path = root_vpath (root, fs, args);
  va_end (args);
  return path != NULL && lstat (path, &st) == 0;
}

char *
root_link_name (const char *root, const char *fs, ...)
{
  va_list args;
  CLEANUP_FREE char *path = NULL;
  char target[PATH_MAX];
  ssize_t n;
  const char *base;

  va_start (args, fs);
  path = root_vpath (root, fs, args);
  va_end (args);
  if (path == NULL)
    return NULL;
  n = readlink (path, target, sizeof target - 1);
  if (n <= 0)
    return NULL;
  target[n] = '\0';
  while (n > 1 && target[n-1] == '/')
    target[--n] = '\0';
  base = strrchr (target, '/');
  return strdup (base ? base + 1 : target);
}

static int
compare_names (const void *a, const void *b)
{
  return machine_name_compare (*(char *const *) a, *(char *const *) b);
}

int
root_list_dir (string_vector *names, const char *root, const char *fs, ...)
{
  va_list args;
  CLEANUP_FREE char *path = NULL;
  DIR *dir;
  struct dirent *d;
  int r = 0;

  va_start (args, fs);
  path = root_vpath (root, fs, args);
  va_end (args);
  if (path == NULL)
    return -1;
  dir = opendir (path);
  if (dir == NULL)
    return 0;
  while ((d = readdir (dir)) != NULL) {
    if (STREQ (d->d_name, ".") || STREQ (d->d_name, ".."))
      continue;
    if (string_vector_add (names, d->d_name) == -1) {
      r = -1;
      break;
    }
  }
  closedir (dir);
  if (names->len > 1)
    qsort (names->ptr, names->len, sizeof (char *), compare_names);
  return r;
}

int
add_skipped (p2v_skipped_vector *v, const char *name, const char *fs, ...)
{
  va_list args;
  struct p2v_skipped s = { .name = strdup (name) };
  int r;

  va_start (args, fs);
  r = vasprintf (&s.reason, fs, args);
  va_end (args);
  if (r == -1)
    s.reason = NULL;
  if (s.name == NULL || s.reason == NULL ||
      p2v_skipped_vector_append (v, s) == -1) {
    free (s.name);
    free (s.reason);
    return -1;
  }
  log_debug ("machine: %s: not listed: %s", name, s.reason);
  return 0;
}

int
machine_name_compare (const char *a, const char *b)
{
  bool a_digits = strpbrk (a, "0123456789") != NULL;
  bool b_digits = strpbrk (b, "0123456789") != NULL;

  /* Drive letters: sdz comes before sdaa (same family, shorter). */
  if (!a_digits && !b_digits && a[0] && b[0] && a[0] == b[0] && a[1] == b[1]) {
    size_t la = strlen (a), lb = strlen (b);
    if (la != lb)
      return la < lb ? -1 : 1;
    return strcmp (a, b);
  }
  return strverscmp (a, b);
}

/* The small facts. */

static bool
is_real_hostname (const char *h)
{
  return h && *h && STRNEQ (h, "(none)") && STRNEQ (h, "localhost") &&
    !STRPREFIX (h, "localhost.");
}

static int
inspect_hostname (struct p2v_machine *m, const char *root)
{
  char *h = NULL;

  if (*root == '\0') {
    char buf[HOST_NAME_MAX + 1];

    if (gethostname (buf, sizeof buf) == 0) {
      buf[HOST_NAME_MAX] = '\0';
      if ((h = strdup (buf)) == NULL)
        return -1;
    }
  }
  else {
    /* A fake root: the kernel's name first, as on a running system. */
    h = root_read (root, "/proc/sys/kernel/hostname");
    if (!is_real_hostname (h)) {
      free (h);
      h = root_read (root, "/etc/hostname");
    }
  }
  if (!is_real_hostname (h)) {
    free (h);
    h = NULL;
  }
  m->hostname = h;
  return 0;
}

static int
inspect_arch (struct p2v_machine *m, const char *root)
{
  struct utsname u;

  m->arch = root_read (root, "/proc/sys/kernel/arch");
  if (m->arch == NULL && *root == '\0' && uname (&u) == 0)
    m->arch = strdup (u.machine);
  if (m->arch == NULL)
    m->arch = strdup ("x86_64");
  return m->arch ? 0 : -1;
}

/* MemTotal leaves out what the kernel and firmware reserve, so prefer
 * the online memory blocks, which add up to the installed RAM.  Round
 * up to a whole MiB.
 */
static int
inspect_memory (struct p2v_machine *m, const char *root)
{
  CLEANUP_FREE char *meminfo = root_read (root, "/proc/meminfo");
  CLEANUP_FREE_STRING_VECTOR string_vector blocks = empty_vector;
  uint64_t memtotal = 0, block_size = 0, online_bytes = 0, mem;
  const char *p;

  if (meminfo && (p = strstr (meminfo, "MemTotal:")) != NULL) {
    unsigned long long kb;
    if (sscanf (p, "MemTotal: %llu kB", &kb) == 1)
      memtotal = kb * 1024;
  }

  if (root_read_u64 (&block_size, 16, root,
                     "/sys/devices/system/memory/block_size_bytes") == 0 &&
      block_size > 0) {
    if (root_list_dir (&blocks, root, "/sys/devices/system/memory") == -1)
      return -1;
    for (size_t i = 0; i < blocks.len; ++i) {
      const char *b = blocks.ptr[i];
      CLEANUP_FREE char *state = NULL;
      uint64_t online;

      if (!STRPREFIX (b, "memory") || b[6] < '0' || b[6] > '9')
        continue;
      if (root_read_u64 (&online, 10, root, "/sys/devices/system/memory/%s/online",
                         b) == 0) {
        if (online != 1)
          continue;
      }
      else {
        state = root_read (root, "/sys/devices/system/memory/%s/state", b);
        if (state == NULL || STRNEQ (state, "online"))
          continue;
      }
      online_bytes += block_size;
    }
  }

  mem = online_bytes > memtotal ? online_bytes : memtotal;
  m->memory = (mem + (1 << 20) - 1) & ~(uint64_t) ((1 << 20) - 1);
  log_debug ("machine: memory: MemTotal %" PRIu64 ", online blocks %" PRIu64
             ", using %" PRIu64, memtotal, online_bytes, m->memory);
  return 0;
}

/* The RTC's reading (as seconds since the epoch, taken as UTC) is
 * compared with the system clock.  Within 10 minutes of it: UTC.
 * Within 10 minutes of local time (only meaningful if a time zone is
 * set): localtime.  Otherwise, or with no RTC, unknown.  If the
 * system clock was itself set from a localtime RTC and never
 * corrected, this cannot be told apart from UTC.
 */
static int
inspect_rtc (struct p2v_machine *m, const char *root)
{
  const long slack = 600;
  uint64_t rtc;
  const char *basis = "unknown";

  if (root_read_u64 (&rtc, 10, root, "/sys/class/rtc/rtc0/since_epoch") == 0) {
    time_t now = time (NULL);
    struct tm tm;
    long long diff = (long long) rtc - (long long) now;

    localtime_r (&now, &tm);
    if (llabs (diff) <= slack)
      basis = "utc";
    else if (tm.tm_gmtoff != 0 && llabs (diff - tm.tm_gmtoff) <= slack)
      basis = "localtime";
  }
  m->rtc_basis = strdup (basis);
  return m->rtc_basis ? 0 : -1;
}

int
machine_inspect (struct p2v_machine *m, const char *root,
                 const string_vector *test_disks)
{
  bool use_test_disks = test_disks && test_disks->len > 0;

  memset (m, 0, sizeof *m);
  if (root == NULL)
    root = "";

  if (inspect_hostname (m, root) == -1 ||
      inspect_arch (m, root) == -1 ||
      inspect_cpus (m, root) == -1 ||
      inspect_memory (m, root) == -1 ||
      inspect_rtc (m, root) == -1)
    goto nomem;

  if (use_test_disks) {
    if (inspect_test_disks (m, test_disks) == -1)
      return -1;                /* error already logged */
    if (inspect_disks (m, root, false) == -1)
      goto nomem;
  }
  else if (inspect_boot_disks (m, root) == -1 ||
           inspect_disks (m, root, true) == -1)
    goto nomem;

  if (inspect_interfaces (m, root) == -1)
    goto nomem;
  return 0;

 nomem:
  log_error ("inspecting the machine: %m");
  return -1;
}

static void
free_skipped (struct p2v_skipped s)
{
  free (s.name);
  free (s.reason);
}

static void
free_disk (struct p2v_disk d)
{
  free (d.name);
  free (d.dev_path);
  free (d.model);
  free (d.serial);
}

static void
free_removable (struct p2v_removable r)
{
  free (r.name);
  free (r.dev_path);
}

static void
free_interface (struct p2v_interface i)
{
  free (i.name);
  free (i.mac);
  string_vector_free (&i.slaves);
  string_vector_free (&i.vlans);
}

void
machine_free (struct p2v_machine *m)
{
  free (m->hostname);
  free (m->arch);
  free (m->cpu_vendor);
  free (m->cpu_model);
  free (m->rtc_basis);
  p2v_disk_vector_iter_reset (&m->disks, free_disk);
  p2v_removable_vector_iter_reset (&m->removables, free_removable);
  p2v_interface_vector_iter_reset (&m->interfaces, free_interface);
  string_vector_free (&m->boot_disks);
  p2v_skipped_vector_iter_reset (&m->skipped_disks, free_skipped);
  p2v_skipped_vector_iter_reset (&m->skipped_interfaces, free_skipped);
  memset (m, 0, sizeof *m);
}

const struct p2v_disk *
machine_find_disk (const struct p2v_machine *m, const char *name)
{
  for (size_t i = 0; i < m->disks.len; ++i)
    if (STREQ (m->disks.ptr[i].name, name))
      return &m->disks.ptr[i];
  return NULL;
}

const struct p2v_removable *
machine_find_removable (const struct p2v_machine *m, const char *name)
{
  for (size_t i = 0; i < m->removables.len; ++i)
    if (STREQ (m->removables.ptr[i].name, name))
      return &m->removables.ptr[i];
  return NULL;
}

const struct p2v_interface *
machine_find_interface (const struct p2v_machine *m, const char *name)
{
  for (size_t i = 0; i < m->interfaces.len; ++i)
    if (STREQ (m->interfaces.ptr[i].name, name))
      return &m->interfaces.ptr[i];
  return NULL;
}

static void
print_list (const char *label, const string_vector *v, FILE *fp)
{
  if (v->len == 0)
    return;
  fprintf (fp, " %s=", label);
  for (size_t i = 0; i < v->len; ++i)
    fprintf (fp, "%s%s", i ? "," : "", v->ptr[i]);
}

void
machine_print (const struct p2v_machine *m, FILE *fp)
{
  char size[32];

  fprintf (fp, "hostname: %s\n", m->hostname ? m->hostname : "(none)");
  fprintf (fp, "arch: %s\n", m->arch);
  fprintf (fp, "cpus: %d", m->cpus);
  if (m->sockets)
    fprintf (fp, " (%d sockets, %d cores, %d threads)",
             m->sockets, m->cores, m->threads);
  fprintf (fp, "\ncpu: %s, %s\n",
           m->cpu_vendor ? m->cpu_vendor : "unknown vendor",
           m->cpu_model ? m->cpu_model : "unknown model");
  fprintf (fp, "features:%s%s%s\n", m->acpi ? " acpi" : "",
           m->apic ? " apic" : "", m->pae ? " pae" : "");
  human_size (m->memory, size, sizeof size);
  fprintf (fp, "memory: %s (%" PRIu64 " bytes)\n", size, m->memory);
  fprintf (fp, "rtc: %s\n", m->rtc_basis);
  for (size_t i = 0; i < m->disks.len; ++i) {
    const struct p2v_disk *d = &m->disks.ptr[i];
    human_size (d->size, size, sizeof size);
    fprintf (fp, "disk: %s %s %s%s%s%s%s\n", d->name, d->dev_path, size,
             d->bus ? " bus " : "", d->bus ? d->bus : "",
             d->model ? " model " : "", d->model ? d->model : "");
  }
  for (size_t i = 0; i < m->removables.len; ++i)
    fprintf (fp, "removable: %s %s\n", m->removables.ptr[i].name,
             m->removables.ptr[i].dev_path);
  for (size_t i = 0; i < m->interfaces.len; ++i) {
    const struct p2v_interface *n = &m->interfaces.ptr[i];
    fprintf (fp, "interface: %s %s %s", n->name, n->kind,
             n->mac ? n->mac : "(no MAC)");
    print_list ("slaves", &n->slaves, fp);
    print_list ("vlans", &n->vlans, fp);
    fputc ('\n', fp);
  }
  for (size_t i = 0; i < m->skipped_disks.len; ++i)
    fprintf (fp, "not listed: disk %s: %s\n", m->skipped_disks.ptr[i].name,
             m->skipped_disks.ptr[i].reason);
  for (size_t i = 0; i < m->skipped_interfaces.len; ++i)
    fprintf (fp, "not listed: interface %s: %s\n",
             m->skipped_interfaces.ptr[i].name,
             m->skipped_interfaces.ptr[i].reason);
}
