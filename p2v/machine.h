/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* What the physical machine has: disks, removable drives, network
 * interfaces, CPUs, memory, clock, read straight from sysfs and procfs,
 * and how those facts become the defaults of a p2v_config.
 *
 * Every path is read below a ROOT directory ("" for the running
 * system) so that the unit test can describe a whole machine as a
 * fake tree of files.
 */

#ifndef P2V_MACHINE_H
#define P2V_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "p2v-config.h"
#include "string-vector.h"
#include "vector.h"

struct p2v_disk {
  char *name;             /* as in /sys/block: "sda", "nvme0n1", "cciss!c0d0" */
  char *dev_path;         /* "/dev/sda", "/dev/cciss/c0d0", or a --test-disk */
  uint64_t size;          /* bytes, never 0 */
  char *model;            /* "Samsung SSD 860", or NULL */
  char *serial;           /* NVMe/SCSI/virtio serial number, or NULL */
  const char *bus;        /* libvirt bus "sata", "scsi", "ide", "virtio",
                             or NULL when unknown (static string) */
};
DEFINE_VECTOR_TYPE (p2v_disk_vector, struct p2v_disk);

struct p2v_removable {
  char *name;             /* "sr0" */
  char *dev_path;         /* "/dev/sr0" */
};
DEFINE_VECTOR_TYPE (p2v_removable_vector, struct p2v_removable);

/* One network interface as the guest will see it.  Aggregates and
 * VLANs are folded: a bond is one NIC with the bond's MAC and its
 * slaves are not listed; a VLAN device is not listed, its physical
 * NIC (the trunk) is.  Bridges and other software devices are not
 * hardware and are never listed.
 */
struct p2v_interface {
  char *name;             /* "eth0", "bond0" */
  char *mac;              /* "52:54:00:12:34:56", or NULL if unknown */
  const char *kind;       /* "ethernet", "wireless", "bond" or "team" */
  string_vector slaves;   /* bond/team: the enslaved NICs */
  string_vector vlans;    /* VLAN devices found on top of this NIC */
};
DEFINE_VECTOR_TYPE (p2v_interface_vector, struct p2v_interface);

/* Something found but deliberately not listed, and why.  Used for
 * the debug log and to explain a rejected p2v.disks/p2v.interfaces
 * entry.  reason reads after "NAME: cannot be converted: ".
 */
struct p2v_skipped {
  char *name;
  char *reason;           /* "it is the medium virt-p2v booted from" */
};
DEFINE_VECTOR_TYPE (p2v_skipped_vector, struct p2v_skipped);

struct p2v_machine {
  char *hostname;         /* NULL if unset, "localhost" or "(none)" */
  char *arch;             /* "x86_64" */

  int cpus;               /* logical CPUs online, >= 1 */
  int sockets, cores, threads; /* sockets*cores*threads == cpus, or all 0
                                  if the topology is unknown/asymmetric */
  char *cpu_vendor;       /* libvirt names "Intel", "AMD", "Hygon", or NULL */
  char *cpu_model;        /* /proc/cpuinfo "model name" (for people: it is
                             not a libvirt CPU model), or NULL */
  bool acpi, apic, pae;

  uint64_t memory;        /* bytes, a whole number of MiB; 0 if unknown */
  char *rtc_basis;        /* "utc", "localtime" or "unknown" */

  p2v_disk_vector disks;  /* fixed disks, in natural order */
  p2v_removable_vector removables;
  p2v_interface_vector interfaces;

  string_vector boot_disks;     /* disks holding the P2V medium (excluded) */
  p2v_skipped_vector skipped_disks;
  p2v_skipped_vector skipped_interfaces;
};

/* machine.c */
/* Describe the machine under root ("" for the running system).  If
 * test_disks is not NULL and not empty, those files (or devices)
 * replace the fixed disks, named sda, sdb, ... in order.  Missing
 * optional facts leave fields empty; returns -1 (error logged) only
 * when the machine cannot be described at all.  Call machine_free
 * afterwards in both cases.
 */
extern int machine_inspect (struct p2v_machine *m, const char *root,
                            const string_vector *test_disks);
extern void machine_free (struct p2v_machine *m);
/* Write a human-readable summary (one fact per line) to fp, for -v. */
extern void machine_print (const struct p2v_machine *m, FILE *fp);
/* Order names as a person would: sda < sdb < sdz < sdaa, eth2 < eth10. */
extern int machine_name_compare (const char *a, const char *b);

/* Lookups by name (NULL if absent). */
extern const struct p2v_disk *machine_find_disk (const struct p2v_machine *m,
                                                 const char *name);
extern const struct p2v_removable *
machine_find_removable (const struct p2v_machine *m, const char *name);
extern const struct p2v_interface *
machine_find_interface (const struct p2v_machine *m, const char *name);

/* machine-disks.c */
/* prefix + drive letters for index i: "sda", ..., "sdz", "sdaa", ...
 * malloc'd, NULL on ENOMEM.  (A general helper: could move to common/.)
 */
extern char *drive_name (const char *prefix, size_t i);

/* machine-defaults.c */
/* Fill every field of c that the user did not set from m: name,
 * vcpus and topology, memory, CPU vendor and features, RTC basis,
 * disks, removable drives and interfaces.  Check that every disk,
 * removable drive and interface named in c exists in m (names may be
 * written "/dev/sda", they are normalised to "sda").  A machine with
 * no disk at all is an error, except for the wizard, which shows an
 * empty list and keeps Start off until a disk is chosen.  Returns 0,
 * or -1 with a one-line message naming the key in *errmsg (malloc'd).
 */
extern int machine_apply_defaults (struct p2v_config *c,
                                   const struct p2v_machine *m,
                                   bool wizard, char **errmsg);

#endif /* P2V_MACHINE_H */
