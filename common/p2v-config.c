/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The p2v.* key table, and setting, printing and documenting keys
 * from it (see p2v-config.h).
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2v-config.h"
#include "utils.h"

#define OFF(field) offsetof (struct p2v_config, field)

static const char *const oa_choices[] = { "sparse", "preallocated", NULL };
static const char *const rtc_choices[] = { "utc", "localtime", "unknown", NULL };

const struct p2v_key p2v_keys[] = {
  { "p2v.remote.server", "p2v.server", KEY_STRING, OFF (server),
    .metavar = "HOST",
    .doc = "Name or IP address of the conversion server.  Its presence "
    "selects unattended (kernel command line) mode." },
  { "p2v.remote.port", "p2v.port", KEY_INT, OFF (port), .min = 1, .max = 65535,
    .metavar = "PORT", .doc = "SSH port of the conversion server (default 22)." },
  { "p2v.auth.username", "p2v.username", KEY_STRING, OFF (username),
    .metavar = "USER", .doc = "User to log in as (default root)." },
  { "p2v.auth.password", "p2v.password", KEY_SECRET, OFF (password),
    .metavar = "PASSWORD",
    .doc = "SSH password.  It is never printed, logged or passed in the "
    "arguments or environment of another process.  Ignored when "
    "p2v.identity is given." },
  { "p2v.auth.identity.url", "p2v.identity", KEY_STRING, OFF (identity_url),
    .metavar = "URL",
    .doc = "URL (file://, https://, ...) of an SSH private key with no "
    "passphrase.  Overrides p2v.password; there is no fallback." },
  { "p2v.auth.sudo", "p2v.sudo", KEY_BOOL, OFF (sudo),
    .doc = "Run virt-v2v with \"sudo -n\" after logging in as a non-root user." },
  { "p2v.remote.hostkey", "p2v.hostkey", KEY_STRING, OFF (hostkey),
    .metavar = "SHA256:FINGERPRINT",
    .doc = "Pin the conversion server's host key: the connection is refused "
    "unless the server presents a key with this fingerprint (as printed by "
    "\"ssh-keygen -lf\")." },
  { "p2v.remote.known_hosts", "p2v.known_hosts", KEY_STRING,
    OFF (known_hosts_url), .metavar = "URL",
    .doc = "URL of a known_hosts file listing the trusted keys of the "
    "conversion server; any other key is refused." },
  { "p2v.remote.compress", "p2v.compress", KEY_BOOL, OFF (compress),
    .doc = "Compress the disk data sent to the server.  Helps on slow "
    "links; costs CPU on fast ones." },
  { "p2v.remote.stage", "p2v.stage", KEY_BOOL, OFF (stage),
    .doc = "Copy each disk to the server (sparse, into a private directory "
    "under the server's TMPDIR, else /var/tmp) before converting, so "
    "virt-v2v reads a local file instead of the network: each allocated "
    "block crosses once, and the conversion runs at local speed.  On by "
    "default; when the server has less free space there than the disks' "
    "size, virt-p2v reads them over the network instead (as with "
    "p2v.stage=no)." },
  { "p2v.guestname", "p2v.name", KEY_STRING, OFF (name), .metavar = "NAME",
    .doc = "Name of the converted guest (default: the hostname, else a "
    "random name)." },
  { "p2v.vcpu.phys_topo", NULL, KEY_BOOL, OFF (phys_topo),
    .doc = "Give the guest the same CPU topology (sockets, cores, threads) "
    "as the physical machine." },
  { "p2v.vcpus", NULL, KEY_INT, OFF (vcpus), .min = 1, .max = 4096,
    .metavar = "N", .doc = "Number of virtual CPUs (default: as many as "
    "the physical machine has)." },
  { "p2v.vcpu.sockets", NULL, KEY_INT, OFF (sockets), .min = 1, .max = 4096,
    .metavar = "N", .doc = "CPU sockets of the guest." },
  { "p2v.vcpu.cores", NULL, KEY_INT, OFF (cores), .min = 1, .max = 4096,
    .metavar = "N", .doc = "Cores per socket of the guest." },
  { "p2v.vcpu.threads", NULL, KEY_INT, OFF (threads), .min = 1, .max = 64,
    .metavar = "N", .doc = "Threads per core of the guest." },
  { "p2v.memory", NULL, KEY_MEMORY, OFF (memory), .metavar = "SIZE",
    .doc = "Guest memory with a unit: \"1024M\" or \"4G\" (default: the "
    "physical machine's memory)." },
  { "p2v.cpu.vendor", NULL, KEY_STRING, OFF (cpu_vendor), .metavar = "VENDOR",
    .doc = "CPU vendor for the guest (default: the physical CPU's)." },
  { "p2v.cpu.model", NULL, KEY_STRING, OFF (cpu_model), .metavar = "MODEL",
    .doc = "CPU model for the guest (default: the physical CPU's)." },
  { "p2v.cpu.acpi", NULL, KEY_BOOL, OFF (acpi), OFF (acpi_set),
    .doc = "The guest has ACPI (default: as the physical machine)." },
  { "p2v.cpu.apic", NULL, KEY_BOOL, OFF (apic), OFF (apic_set),
    .doc = "The guest has an APIC (default: as the physical machine)." },
  { "p2v.cpu.pae", NULL, KEY_BOOL, OFF (pae), OFF (pae_set),
    .doc = "The guest has PAE (default: as the physical machine)." },
  { "p2v.rtc.basis", NULL, KEY_ENUM, OFF (rtc_basis), .choices = rtc_choices,
    .metavar = "utc|localtime|unknown",
    .doc = "What the hardware clock keeps (default: read from the machine)." },
  { "p2v.rtc.offset", NULL, KEY_INT, OFF (rtc_offset), .min = -86400,
    .max = 86400, .metavar = "SECONDS",
    .doc = "Offset of the hardware clock from its basis." },
  { "p2v.disks", NULL, KEY_LIST, OFF (disks), OFF (disks_set),
    .metavar = "sda,sdb,...",
    .doc = "Fixed disks to convert (default: every fixed disk found)." },
  { "p2v.removable", NULL, KEY_LIST, OFF (removable), OFF (removable_set),
    .metavar = "sr0,...",
    .doc = "Removable drives to recreate in the guest (default: all found; "
    "their media are not copied)." },
  { "p2v.interfaces", NULL, KEY_LIST, OFF (interfaces), OFF (interfaces_set),
    .metavar = "em1,...",
    .doc = "Network interfaces to recreate in the guest (default: all found)." },
  { "p2v.network_map", "p2v.network", KEY_LIST, OFF (network_map),
    .metavar = "IF:NET,...,NET",
    .doc = "Connect interface IF to target network NET; a bare NET is the "
    "default for the others (default: \"default\")." },
  { "p2v.output.type", "p2v.o", KEY_STRING, OFF (output), .metavar = "OUTPUT",
    .doc = "virt-v2v -o (default local)." },
  { "p2v.output.allocation", "p2v.oa", KEY_ENUM, OFF (output_alloc),
    .choices = oa_choices, .metavar = "sparse|preallocated",
    .doc = "virt-v2v -oa." },
  { "p2v.output.connection", "p2v.oc", KEY_STRING, OFF (output_conn),
    .metavar = "URI", .doc = "virt-v2v -oc." },
  { "p2v.output.format", "p2v.of", KEY_STRING, OFF (output_format),
    .metavar = "FORMAT", .doc = "virt-v2v -of." },
  { "p2v.output.storage", "p2v.os", KEY_STRING, OFF (output_storage),
    .metavar = "STORAGE", .doc = "virt-v2v -os (default /var/tmp)." },
  { "p2v.output.misc", "p2v.oo", KEY_LIST_APPEND, OFF (output_options),
    .metavar = "OPTION", .doc = "virt-v2v -oo; may be repeated." },
  { "p2v.pre", NULL, KEY_STRING, OFF (pre), .metavar = "\"COMMAND ARGS\"",
    .doc = "Command run on the physical machine before conversion." },
  { "p2v.post", NULL, KEY_STRING, OFF (post), OFF (post_set),
    .metavar = "\"COMMAND ARGS\"",
    .doc = "Command run after a successful conversion (default: poweroff, "
    "when running as root with the command line read from /proc/cmdline)." },
  { "p2v.fail", NULL, KEY_STRING, OFF (fail), .metavar = "\"COMMAND ARGS\"",
    .doc = "Command run after a failed conversion." },
  { "p2v.debug", NULL, KEY_BOOL, OFF (debug),
    .doc = "Full virt-v2v debugging (-v -x) in the server-side log." },
  { "p2v.ignore_unknown", NULL, KEY_BOOL, OFF (ignore_unknown),
    .doc = "Warn about unknown p2v.* keys instead of refusing to start." },
  { "ip", NULL, KEY_STRING, OFF (ip), .metavar = "dhcp|...",
    .doc = "Network configuration of the physical machine, in the "
    "kernel's ip= syntax, which systemd-network-generator reads "
    "(default dhcp)." },
  { NULL }
};

#define FIELD(c, k, type) ((type *) ((char *) (c) + (k)->offset))

int
p2v_config_init (struct p2v_config *c)
{
  memset (c, 0, sizeof *c);
  c->port = 22;
  c->stage = true;
  c->phys_topo = true;
  c->acpi = c->apic = c->pae = true;
  if ((c->username = strdup ("root")) == NULL ||
      (c->output = strdup ("local")) == NULL ||
      (c->output_storage = strdup ("/var/tmp")) == NULL ||
      (c->ip = strdup ("dhcp")) == NULL) {
    p2v_config_free (c);
    return -1;
  }
  return 0;
}

void
p2v_config_free (struct p2v_config *c)
{
  for (const struct p2v_key *k = p2v_keys; k->name; ++k) {
    switch (k->type) {
    case KEY_SECRET: {
      char *s = *FIELD (c, k, char *);
      if (s)
        explicit_bzero (s, strlen (s));
    }
      /* fallthrough */
    case KEY_STRING: case KEY_ENUM:
      free (*FIELD (c, k, char *));
      *FIELD (c, k, char *) = NULL;
      break;
    case KEY_LIST: case KEY_LIST_APPEND:
      string_vector_free (FIELD (c, k, string_vector));
      break;
    case KEY_BOOL: case KEY_INT: case KEY_MEMORY:
      break;
    }
  }
}

const struct p2v_key *
p2v_key_lookup (const char *name)
{
  for (const struct p2v_key *k = p2v_keys; k->name; ++k)
    if (STREQ (k->name, name) || (k->alias && STREQ (k->alias, name)))
      return k;
  return NULL;
}

int
parse_memory (const char *str, uint64_t *bytes)
{
  char *end;
  unsigned long long n;

  if (*str < '0' || *str > '9')
    return -1;
  errno = 0;
  n = strtoull (str, &end, 10);
  if (errno != 0 || n == 0 || end[0] == '\0' || end[1] != '\0')
    return -1;
  switch (end[0]) {
  case 'M': if (n > UINT64_MAX >> 20) return -1; *bytes = n << 20; return 0;
  case 'G': if (n > UINT64_MAX >> 30) return -1; *bytes = n << 30; return 0;
  default: return -1;
  }
}

static int
parse_bool (const char *value, bool *b)
{
  if (value == NULL || STREQ (value, "1") || STRCASEEQ (value, "yes") ||
      STRCASEEQ (value, "true") || STRCASEEQ (value, "on")) {
    *b = true;
    return 0;
  }
  if (STREQ (value, "0") || STRCASEEQ (value, "no") ||
      STRCASEEQ (value, "false") || STRCASEEQ (value, "off")) {
    *b = false;
    return 0;
  }
  return -1;
}

#define FAIL(...)                                                   \
  do {                                                              \
    if (asprintf (errmsg, __VA_ARGS__) == -1) *errmsg = NULL;       \
    return -1;                                                      \
  } while (0)

int
p2v_config_set (struct p2v_config *c, const struct p2v_key *k,
                const char *value, char **errmsg)
{
  const char *name = k->name;

  *errmsg = NULL;
  if (k->type != KEY_BOOL && value == NULL)
    FAIL ("%s needs a value: write %s=%s", name, name,
          k->metavar ? k->metavar : "VALUE");

  switch (k->type) {
  case KEY_STRING: case KEY_SECRET: {
    char *s = strdup (value);
    if (s == NULL) FAIL ("%s: out of memory", name);
    free (*FIELD (c, k, char *));
    *FIELD (c, k, char *) = s;
    break;
  }
  case KEY_ENUM: {
    size_t i;
    for (i = 0; k->choices[i]; ++i)
      if (STREQ (k->choices[i], value))
        break;
    if (k->choices[i] == NULL)
      FAIL ("%s=%s: bad value: use one of %s", name, value, k->metavar);
    char *s = strdup (value);
    if (s == NULL) FAIL ("%s: out of memory", name);
    free (*FIELD (c, k, char *));
    *FIELD (c, k, char *) = s;
    break;
  }
  case KEY_BOOL:
    if (parse_bool (value, FIELD (c, k, bool)) == -1)
      FAIL ("%s=%s: bad value: write %s alone, or %s=yes or %s=no",
            name, value, name, name, name);
    break;
  case KEY_INT: {
    char *end;
    long n;
    errno = 0;
    n = strtol (value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || n < k->min || n > k->max)
      FAIL ("%s=%s: bad value: expected a whole number from %d to %d",
            name, value, k->min, k->max);
    *FIELD (c, k, int) = (int) n;
    break;
  }
  case KEY_MEMORY:
    if (parse_memory (value, FIELD (c, k, uint64_t)) == -1)
      FAIL ("%s=%s: bad value: give a size with a unit, for example "
            "%s=1024M or %s=4G", name, value, name, name);
    break;
  case KEY_LIST: {
    string_vector *v = FIELD (c, k, string_vector);
    string_vector_free (v);
    if (string_vector_split (v, value, ",") == -1)
      FAIL ("%s: out of memory", name);
    break;
  }
  case KEY_LIST_APPEND:
    if (string_vector_add (FIELD (c, k, string_vector), value) == -1)
      FAIL ("%s: out of memory", name);
    break;
  }
  if (k->set_offset)
    *(bool *) ((char *) c + k->set_offset) = true;
  return 0;
}

/* Print a value as it would be written on the kernel command line. */
static void
print_value (const char *v, FILE *fp)
{
  if (*v == '\0' || strpbrk (v, " \t"))
    fprintf (fp, "\"%s\"", v);
  else
    fputs (v, fp);
}

void
p2v_config_print (const struct p2v_config *c, FILE *fp)
{
  for (const struct p2v_key *k = p2v_keys; k->name; ++k) {
    switch (k->type) {
    case KEY_STRING: case KEY_ENUM: {
      const char *s = *FIELD (c, k, char *);
      if (s) {
        fprintf (fp, "%s=", k->name);
        print_value (s, fp);
        fputc ('\n', fp);
      }
      break;
    }
    case KEY_SECRET:
      if (*FIELD (c, k, char *))
        fprintf (fp, "%s=<hidden>\n", k->name);
      break;
    case KEY_BOOL:
      fprintf (fp, "%s=%s\n", k->name, *FIELD (c, k, bool) ? "yes" : "no");
      break;
    case KEY_INT:
      if (*FIELD (c, k, int) != 0)
        fprintf (fp, "%s=%d\n", k->name, *FIELD (c, k, int));
      break;
    case KEY_MEMORY: {
      uint64_t m = *FIELD (c, k, uint64_t);
      if (m != 0) {
        if (m % (1 << 30) == 0)
          fprintf (fp, "%s=%" PRIu64 "G\n", k->name, m >> 30);
        else
          fprintf (fp, "%s=%" PRIu64 "M\n", k->name, m >> 20);
      }
      break;
    }
    case KEY_LIST: {
      const string_vector *v = FIELD (c, k, string_vector);
      if (v->len > 0) {
        fprintf (fp, "%s=", k->name);
        for (size_t i = 0; i < v->len; ++i)
          fprintf (fp, "%s%s", i ? "," : "", v->ptr[i]);
        fputc ('\n', fp);
      }
      break;
    }
    case KEY_LIST_APPEND: {
      const string_vector *v = FIELD (c, k, string_vector);
      for (size_t i = 0; i < v->len; ++i) {
        fprintf (fp, "%s=", k->name);
        print_value (v->ptr[i], fp);
        fputc ('\n', fp);
      }
      break;
    }
    }
  }
}

void
p2v_config_print_pod (FILE *fp)
{
  fputs ("=over 4\n\n", fp);
  for (const struct p2v_key *k = p2v_keys; k->name; ++k) {
    const char *mv = k->metavar;
    fprintf (fp, "=item B<%s>%s%s\n\n", k->name,
             mv ? "=" : "", mv ? mv : "");
    if (k->alias)
      fprintf (fp, "=item B<%s>%s%s\n\n", k->alias,
               mv ? "=" : "", mv ? mv : "");
    fprintf (fp, "%s\n\n", k->doc);
  }
  fputs ("=back\n", fp);
}
