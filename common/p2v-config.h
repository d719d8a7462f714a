/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The one configuration model of a conversion, and the table of
 * "p2v.*" keys that sets it.  The same table drives the kernel
 * command line parser, --dump-config, the man page section and the
 * media builders' check of baked-in command lines, so a key exists in
 * exactly one place.
 */

#ifndef P2V_CONFIG_H
#define P2V_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "string-vector.h"

struct p2v_config {
  /* Conversion server. */
  char *server;                 /* NULL: no server (GUI mode) */
  int port;                     /* default 22 */
  char *username;               /* default "root" */
  char *password;               /* secret */
  char *identity_url;           /* URL of the private key */
  bool sudo;
  char *hostkey;                /* "SHA256:..." fingerprint pin */
  char *known_hosts_url;        /* URL of a known_hosts file to trust */
  bool compress;                /* compress the data connections */
  bool stage;                   /* copy the disks to the server first */

  /* Target guest. */
  char *name;
  bool phys_topo;               /* copy the physical CPU topology */
  int vcpus;                    /* 0: physical */
  int sockets, cores, threads;  /* 0: derived */
  uint64_t memory;              /* bytes; 0: physical */
  char *cpu_vendor, *cpu_model;
  bool acpi, apic, pae;
  bool acpi_set, apic_set, pae_set; /* given by the user */
  char *rtc_basis;              /* "utc", "localtime" or "unknown";
                                   NULL: read from the machine */
  int rtc_offset;               /* seconds */

  /* What to convert.  Empty: everything found. */
  string_vector disks;
  string_vector removable;
  string_vector interfaces;
  string_vector network_map;    /* "iface:net" or "net" (the default) */
  bool disks_set, removable_set, interfaces_set;

  /* virt-v2v output. */
  char *output;                 /* -o, default "local" */
  char *output_alloc;           /* -oa */
  char *output_conn;            /* -oc */
  char *output_format;          /* -of */
  char *output_storage;         /* -os, default "/var/tmp" */
  string_vector output_options; /* -oo, repeated */

  /* Hooks run on the physical machine. */
  char *pre, *post, *fail;
  bool post_set;                /* p2v.post given (even empty) */

  bool debug;                   /* virt-v2v -v -x on the server */
  char *ip;                     /* ip= value, default "dhcp" */
  bool ignore_unknown;          /* unknown p2v.* keys are warnings */
};

enum p2v_key_type {
  KEY_STRING,                   /* char * */
  KEY_SECRET,                   /* char *, never printed */
  KEY_BOOL,                     /* bool: bare key, or =yes/no/1/0/true/false */
  KEY_INT,                      /* int, range in min..max */
  KEY_MEMORY,                   /* uint64_t bytes, from NM / NG */
  KEY_LIST,                     /* string_vector, comma-separated */
  KEY_LIST_APPEND,              /* string_vector, each use appends */
  KEY_ENUM,                     /* char *, one of choices */
};

struct p2v_key {
  const char *name;             /* long form, "p2v.remote.server" */
  const char *alias;            /* short form, "p2v.server", or NULL */
  enum p2v_key_type type;
  size_t offset;                /* into struct p2v_config */
  size_t set_offset;            /* bool "was set" flag, or 0 */
  int min, max;                 /* KEY_INT */
  const char *const *choices;   /* KEY_ENUM, NULL-terminated */
  const char *metavar;          /* for the docs: "HOST", "N", ... */
  const char *doc;              /* one or two sentences */
};

/* The table, terminated by an entry with name == NULL. */
extern const struct p2v_key p2v_keys[];

/* p2v-config.c */
/* Set every field to its built-in default (no machine defaults). */
extern int p2v_config_init (struct p2v_config *c);
extern void p2v_config_free (struct p2v_config *c);
/* Find a key by long name or alias, or NULL. */
extern const struct p2v_key *p2v_key_lookup (const char *name);
/* Set one key.  value is NULL for a bare key.  On failure returns -1
 * and puts a one-line explanation (naming the key and the fix) into
 * *errmsg (malloc'd).
 */
extern int p2v_config_set (struct p2v_config *c, const struct p2v_key *k,
                           const char *value, char **errmsg);
/* Print every key as "p2v.long.name=value" lines (quoted as on the
 * kernel command line), secrets as "<hidden>", unset keys omitted.
 */
extern void p2v_config_print (const struct p2v_config *c, FILE *fp);
/* Write the POD =item list of every key (for the man page). */
extern void p2v_config_print_pod (FILE *fp);
/* Parse "1024M" / "2G" into bytes.  -1 if malformed. */
extern int parse_memory (const char *str, uint64_t *bytes);

/* kernel-cmdline.c */
/* Split a kernel command line into words the way the kernel does:
 * spaces separate, double quotes group (and are removed).
 */
extern int cmdline_split (const char *cmdline, string_vector *words);
/* Apply every p2v.* word (and ip=) of cmdline to c.  Unknown p2v.*
 * keys and bad values fail with a one-line message in *errmsg, unless
 * p2v.ignore_unknown is present, which turns unknown keys into
 * warnings.  Returns 0, or -1.
 */
extern int p2v_config_from_cmdline (struct p2v_config *c, const char *cmdline,
                                    char **errmsg);

#endif /* P2V_CONFIG_H */
