/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The machine's processors: how many, their topology (from
 * /sys/devices/system/cpu/cpuN/topology), vendor, model name and the
 * features virt-v2v cares about (from /proc/cpuinfo).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "machine-internal.h"
#include "utils.h"

/* Does the space-separated flag list contain flag? */
static bool
has_flag (const char *flags, const char *flag)
{
  size_t n = strlen (flag);
  const char *p = flags;

  while (p && *p) {
    p += strspn (p, " \t");
    size_t len = strcspn (p, " \t");
    if (len == n && STREQLEN (p, flag, n))
      return true;
    p += len;
  }
  return false;
}

/* The value of "key<tabs>: value", or NULL. */
static const char *
cpuinfo_value (char *line, const char *key)
{
  size_t n = strlen (key);
  char *p;

  if (!STREQLEN (line, key, n) || (line[n] != '\t' && line[n] != ' ' &&
                                   line[n] != ':'))
    return NULL;
  p = strchr (line, ':');
  if (p == NULL)
    return NULL;
  p++;
  p += strspn (p, " \t");
  return p;
}

static const char *
vendor_name (const char *vendor_id)
{
  if (STREQ (vendor_id, "GenuineIntel")) return "Intel";
  if (STREQ (vendor_id, "AuthenticAMD")) return "AMD";
  if (STREQ (vendor_id, "HygonGenuine")) return "Hygon";
  return NULL;
}

/* Read the first processor's stanza; return the number of stanzas. */
static int
parse_cpuinfo (struct p2v_machine *m, const char *root)
{
  CLEANUP_FREE char *cpuinfo = root_read (root, "/proc/cpuinfo");
  CLEANUP_FREE char *flags = NULL;
  char *line, *save = NULL;
  int count = 0;
  const char *v;

  if (cpuinfo == NULL)
    return 0;
  for (line = strtok_r (cpuinfo, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save)) {
    if (cpuinfo_value (line, "processor")) {
      count++;
      continue;
    }
    if (count > 1)
      continue;
    if ((v = cpuinfo_value (line, "vendor_id")) && !m->cpu_vendor) {
      const char *name = vendor_name (v);
      if (name && (m->cpu_vendor = strdup (name)) == NULL)
        return -1;
    }
    else if ((v = cpuinfo_value (line, "model name")) && !m->cpu_model) {
      if ((m->cpu_model = strdup (v)) == NULL)
        return -1;
    }
    else if ((v = cpuinfo_value (line, "flags")) && !flags) {
      if ((flags = strdup (v)) == NULL)
        return -1;
    }
  }
  if (flags) {
    m->acpi = has_flag (flags, "acpi");
    m->apic = has_flag (flags, "apic");
    m->pae = has_flag (flags, "pae");
  }
  return count;
}

struct cpu_topo {
  char *package;                /* physical_package_id */
  char *core;                   /* thread_siblings_list (or core_id) */
};
DEFINE_VECTOR_TYPE (cpu_topo_vector, struct cpu_topo);

static void
free_cpu_topo (struct cpu_topo t)
{
  free (t.package);
  free (t.core);
}

static bool
same_core (const struct cpu_topo *a, const struct cpu_topo *b)
{
  return STREQ (a->package, b->package) && STREQ (a->core, b->core);
}

/* Read the online CPUs' topology into v. */
static int
read_topology (cpu_topo_vector *v, const char *root)
{
  CLEANUP_FREE_STRING_VECTOR string_vector names = empty_vector;
  const char *dir = "/sys/devices/system/cpu";

  if (root_list_dir (&names, root, "%s", dir) == -1)
    return -1;
  for (size_t i = 0; i < names.len; ++i) {
    const char *n = names.ptr[i];
    struct cpu_topo t;
    uint64_t online;

    if (!STRPREFIX (n, "cpu") || n[3] == '\0' ||
        strspn (n + 3, "0123456789") != strlen (n + 3))
      continue;
    /* cpu0 usually has no "online" file: it cannot be taken offline. */
    if (root_read_u64 (&online, 10, root, "%s/%s/online", dir, n) == 0 &&
        online == 0)
      continue;
    t.package = root_read (root, "%s/%s/topology/physical_package_id", dir, n);
    t.core = root_read (root, "%s/%s/topology/thread_siblings_list", dir, n);
    if (t.core == NULL)
      t.core = root_read (root, "%s/%s/topology/thread_siblings", dir, n);
    if (t.core == NULL)
      t.core = root_read (root, "%s/%s/topology/core_id", dir, n);
    /* A CPU directory without topology still counts as a CPU. */
    if (t.package == NULL)
      t.package = strdup ("?");
    if (t.core == NULL)
      t.core = strdup (n);
    if (t.package == NULL || t.core == NULL ||
        cpu_topo_vector_append (v, t) == -1) {
      free_cpu_topo (t);
      return -1;
    }
  }
  return 0;
}

/* sockets x cores x threads, if every package has the same number of
 * cores and every core the same number of threads (not so on hybrid
 * CPUs with hyperthreaded and plain cores).
 */
static int
compute_topology (struct p2v_machine *m, const cpu_topo_vector *v)
{
  size_t n = v->len, packages = 0, cores = 0;
  CLEANUP_FREE bool *first_pkg = calloc (n, sizeof (bool));
  CLEANUP_FREE bool *first_core = calloc (n, sizeof (bool));

  if (first_pkg == NULL || first_core == NULL)
    return -1;
  for (size_t i = 0; i < n; ++i) {
    first_pkg[i] = first_core[i] = true;
    for (size_t j = 0; j < i && (first_pkg[i] || first_core[i]); ++j) {
      if (STREQ (v->ptr[i].package, v->ptr[j].package))
        first_pkg[i] = false;
      if (same_core (&v->ptr[i], &v->ptr[j]))
        first_core[i] = false;
    }
    packages += first_pkg[i];
    cores += first_core[i];
  }
  if (cores % packages != 0 || n % cores != 0)
    goto asymmetric;

  size_t cores_per_pkg = cores / packages, threads = n / cores;
  for (size_t i = 0; i < n; ++i) {
    size_t count = 0;
    if (first_core[i]) {
      for (size_t j = i; j < n; ++j)
        count += same_core (&v->ptr[i], &v->ptr[j]);
      if (count != threads)
        goto asymmetric;
    }
    if (first_pkg[i]) {
      count = 0;
      for (size_t j = i; j < n; ++j)
        count += first_core[j] && STREQ (v->ptr[i].package, v->ptr[j].package);
      if (count != cores_per_pkg)
        goto asymmetric;
    }
  }
  m->sockets = packages;
  m->cores = cores_per_pkg;
  m->threads = threads;
  return 0;

 asymmetric:
  log_debug ("machine: %zu CPUs in %zu packages and %zu cores do not "
             "form a regular topology", n, packages, cores);
  m->sockets = m->cores = m->threads = 0;
  return 0;
}

int
inspect_cpus (struct p2v_machine *m, const char *root)
{
  cpu_topo_vector topo = empty_vector;
  int nr_cpuinfo, r;

  nr_cpuinfo = parse_cpuinfo (m, root);
  if (nr_cpuinfo == -1)
    return -1;
  /* ACPI is a firmware feature: trust the firmware tables over the
   * CPUID bit, which AMD processors do not set.
   */
  if (root_exists (root, "/sys/firmware/acpi"))
    m->acpi = true;

  if (read_topology (&topo, root) == -1) {
    cpu_topo_vector_iter_reset (&topo, free_cpu_topo);
    return -1;
  }
  m->cpus = topo.len;
  r = topo.len > 0 ? compute_topology (m, &topo) : 0;
  cpu_topo_vector_iter_reset (&topo, free_cpu_topo);
  if (r == -1)
    return -1;

  if (m->cpus == 0)
    m->cpus = nr_cpuinfo;
  if (m->cpus == 0 && *root == '\0')
    m->cpus = sysconf (_SC_NPROCESSORS_ONLN);
  if (m->cpus <= 0)
    m->cpus = 1;
  return 0;
}
