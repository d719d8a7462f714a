/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* machine_apply_defaults: what the user left unset in the
 * configuration is taken from the machine, and what the user named
 * (disks, removable drives, interfaces) is checked against it.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cleanup.h"
#include "log.h"
#include "machine.h"
#include "utils.h"

#define FAIL(...)                                                   \
  do {                                                              \
    if (asprintf (errmsg, __VA_ARGS__) == -1) *errmsg = NULL;       \
    return -1;                                                      \
  } while (0)

/* "p2v-" and 8 random lower-case letters and digits. */
static char *
random_name (void)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[8];
  char *name;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    return NULL;
  if ((name = strdup ("p2v-XXXXXXXX")) == NULL)
    return NULL;
  for (size_t i = 0; i < sizeof bytes; ++i)
    name[4 + i] = chars[bytes[i] % (sizeof chars - 1)];
  return name;
}

/* The hostname up to its first dot, else a random name. */
static int
default_name (struct p2v_config *c, const struct p2v_machine *m,
              char **errmsg)
{
  if (c->name)
    return 0;
  if (m->hostname && m->hostname[0] != '.')
    c->name = strndup (m->hostname, strcspn (m->hostname, "."));
  else
    c->name = random_name ();
  if (c->name == NULL)
    FAIL ("p2v.guestname: cannot make a default name: %m");
  return 0;
}

/* vcpus and sockets x cores x threads.  Nothing set and
 * p2v.vcpu.phys_topo: the physical topology.  Only p2v.vcpus set:
 * that many, no topology (unless it is the physical count and the
 * physical topology is wanted).  Some of the topology set: the
 * rest is derived (cores take up what is left), and it must multiply
 * to p2v.vcpus if that is set too.
 */
static int
default_cpus (struct p2v_config *c, const struct p2v_machine *m,
              char **errmsg)
{
  long long s = c->sockets, k = c->cores, t = c->threads, v = c->vcpus;

  if (s == 0 && k == 0 && t == 0) {
    if (v == 0)
      v = m->cpus;
    if (c->phys_topo && m->sockets > 0 && v == m->cpus) {
      s = m->sockets;
      k = m->cores;
      t = m->threads;
    }
  }
  else {
    long long known = (s ? s : 1) * (k ? k : 1) * (t ? t : 1);

    if (v != 0) {
      if (v % known != 0)
        FAIL ("p2v.vcpus=%lld is not a multiple of p2v.vcpu.sockets x "
              "p2v.vcpu.cores x p2v.vcpu.threads (%lld): change one of them",
              v, known);
      if (k == 0) k = v / known;
      else if (s == 0) s = v / known;
      else if (t == 0) t = v / known;
    }
    if (s == 0) s = 1;
    if (k == 0) k = 1;
    if (t == 0) t = 1;
    if (v == 0)
      v = s * k * t;
    else if (v != s * k * t)
      FAIL ("p2v.vcpus=%lld does not match p2v.vcpu.sockets x p2v.vcpu.cores "
            "x p2v.vcpu.threads = %lld x %lld x %lld = %lld: change one of "
            "them", v, s, k, t, s * k * t);
    if (v > 4096)
      FAIL ("p2v.vcpu.sockets x p2v.vcpu.cores x p2v.vcpu.threads = "
            "%lld x %lld x %lld is more than 4096 vCPUs", s, k, t);
  }
  c->vcpus = v;
  c->sockets = s;
  c->cores = k;
  c->threads = t;
  return 0;
}

/* The configuration cannot tell "left at its default" from "set" for
 * the CPU features (default on), so a feature stays on only if the
 * machine has it too: a user can turn one off, not invent one.
 */
static int
default_cpu_and_clock (struct p2v_config *c, const struct p2v_machine *m,
                       char **errmsg)
{
  if (c->memory == 0) {
    if (m->memory == 0)
      FAIL ("p2v.memory: the machine's memory size could not be read: "
            "set it, for example p2v.memory=4G");
    c->memory = m->memory;
  }
  /* The model name is for people, not a libvirt CPU model, so only
   * the vendor is copied; p2v.cpu.model must be a libvirt model.
   */
  if (c->cpu_vendor == NULL && m->cpu_vendor &&
      (c->cpu_vendor = strdup (m->cpu_vendor)) == NULL)
    FAIL ("p2v.cpu.vendor: %m");
  /* What the user said wins; otherwise the machine's own. */
  if (!c->acpi_set) c->acpi = m->acpi;
  if (!c->apic_set) c->apic = m->apic;
  if (!c->pae_set) c->pae = m->pae;
  if (c->rtc_basis == NULL && m->rtc_basis &&
      (c->rtc_basis = strdup (m->rtc_basis)) == NULL)
    FAIL ("p2v.rtc.basis: %m");
  return 0;
}

/* "sda, sdb" or "none". */
static char *
join (const string_vector *names)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  if (fp == NULL)
    return NULL;
  if (names->len == 0)
    fputs ("none", fp);
  for (size_t i = 0; i < names->len; ++i)
    fprintf (fp, "%s%s", i ? ", " : "", names->ptr[i]);
  if (fclose (fp) == EOF) {
    free (buf);
    return NULL;
  }
  return buf;
}

/* "/dev/sda" -> "sda", "/dev/cciss/c0d0" -> "cciss!c0d0", in place. */
static void
normalise_dev_name (char *name)
{
  if (STRPREFIX (name, "/dev/")) {
    memmove (name, name + 5, strlen (name + 5) + 1);
    for (char *p = name; *p; ++p)
      if (*p == '/')
        *p = '!';
  }
}

struct list_check {
  const char *key;              /* "p2v.disks" */
  const char *what;             /* "disk" */
  bool dev_names;               /* accept "/dev/NAME" */
  bool need_one;                /* an empty list is an error */
};

static int
check_list (const struct list_check *lc, string_vector *list, bool was_set,
            const string_vector *have, const p2v_skipped_vector *skipped,
            char **errmsg)
{
  if (!was_set && list->len == 0) {
    if (lc->need_one && have->len == 0)
      FAIL ("%s: the machine has no %s that can be converted", lc->key,
            lc->what);
    if (string_vector_copy (list, have) == -1)
      FAIL ("%s: %m", lc->key);
    return 0;
  }
  if (lc->need_one && list->len == 0) {
    CLEANUP_FREE char *all = join (have);
    FAIL ("%s is empty: name at least one %s (the machine has %s)",
          lc->key, lc->what, all ? all : "?");
  }

  for (size_t i = 0; i < list->len; ++i) {
    char *name = list->ptr[i];

    if (lc->dev_names)
      normalise_dev_name (name);
    for (size_t j = 0; j < i; ++j)
      if (STREQ (list->ptr[j], name))
        FAIL ("%s: %s: listed twice", lc->key, name);
    if (string_vector_contains (have, name))
      continue;
    for (size_t j = 0; j < skipped->len; ++j)
      if (STREQ (skipped->ptr[j].name, name))
        FAIL ("%s: %s: cannot be converted: %s", lc->key, name,
              skipped->ptr[j].reason);
    CLEANUP_FREE char *all = join (have);
    FAIL ("%s: %s: no such %s: the machine has %s", lc->key, name, lc->what,
          all ? all : "?");
  }
  return 0;
}

static int
check_devices (struct p2v_config *c, const struct p2v_machine *m,
               bool wizard, char **errmsg)
{
  const struct list_check disks = { "p2v.disks", "disk", true, !wizard };
  static const struct list_check removable =
    { "p2v.removable", "removable drive", true, false };
  static const struct list_check interfaces =
    { "p2v.interfaces", "network interface", false, false };
  static const p2v_skipped_vector none = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector d = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector r = empty_vector;
  CLEANUP_FREE_STRING_VECTOR string_vector n = empty_vector;

  for (size_t i = 0; i < m->disks.len; ++i)
    if (string_vector_add (&d, m->disks.ptr[i].name) == -1)
      FAIL ("p2v.disks: %m");
  for (size_t i = 0; i < m->removables.len; ++i)
    if (string_vector_add (&r, m->removables.ptr[i].name) == -1)
      FAIL ("p2v.removable: %m");
  for (size_t i = 0; i < m->interfaces.len; ++i)
    if (string_vector_add (&n, m->interfaces.ptr[i].name) == -1)
      FAIL ("p2v.interfaces: %m");

  if (check_list (&disks, &c->disks, c->disks_set, &d,
                  &m->skipped_disks, errmsg) == -1 ||
      check_list (&removable, &c->removable, c->removable_set, &r,
                  &none, errmsg) == -1 ||
      check_list (&interfaces, &c->interfaces, c->interfaces_set, &n,
                  &m->skipped_interfaces, errmsg) == -1)
    return -1;

  /* A map entry for an interface this machine lacks is not an error:
   * one command line may serve a fleet of different machines.
   */
  for (size_t i = 0; i < c->network_map.len; ++i) {
    const char *e = c->network_map.ptr[i];
    const char *colon = strchr (e, ':');

    if (colon == NULL)
      continue;
    if (colon == e || colon[1] == '\0')
      FAIL ("p2v.network_map: %s: write INTERFACE:NETWORK, or NETWORK alone "
            "for the default", e);
    CLEANUP_FREE char *iface = strndup (e, colon - e);
    if (iface && !string_vector_contains (&n, iface))
      log_warning ("p2v.network_map: %s: this machine has no interface %s",
                   e, iface);
  }
  return 0;
}

int
machine_apply_defaults (struct p2v_config *c, const struct p2v_machine *m,
                        bool wizard, char **errmsg)
{
  *errmsg = NULL;
  if (default_name (c, m, errmsg) == -1 ||
      default_cpus (c, m, errmsg) == -1 ||
      default_cpu_and_clock (c, m, errmsg) == -1 ||
      check_devices (c, m, wizard, errmsg) == -1)
    return -1;
  return 0;
}
