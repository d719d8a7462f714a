/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Unit test of machine_apply_defaults (machine-defaults.c): on the
 * fake machines of test-fake-root.c, what the user leaves unset comes
 * from the machine, what the user sets wins, and every bad name or
 * inconsistent CPU topology gets its exact one-line message.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "machine.h"
#include "p2v-config.h"
#include "test-fake-root.h"
#include "utils.h"

/* Apply cmdline to a fresh config, then the machine's defaults.
 * Returns the error message (malloc'd) or NULL on success.
 */
static char *
apply (struct p2v_config *c, const struct p2v_machine *m, const char *cmdline)
{
  char *err = NULL;

  CHECK (p2v_config_init (c) == 0);
  if (cmdline && p2v_config_from_cmdline (c, cmdline, &err) == -1) {
    fprintf (stderr, "FAILED: %s: %s\n", cmdline, err);
    failures++;
    return err;
  }
  if (machine_apply_defaults (c, m, false, &err) == -1)
    return err ? err : strdup ("(no message)");
  return NULL;
}

static void
check_error (const struct p2v_machine *m, const char *cmdline,
             const char *want)
{
  struct p2v_config c;
  CLEANUP_FREE char *err = apply (&c, m, cmdline);

  if (err == NULL || STRNEQ (err, want)) {
    fprintf (stderr, "FAILED: %s\n  got:  %s\n  want: %s\n", cmdline,
             err ? err : "(success)", want);
    failures++;
  }
  p2v_config_free (&c);
}

static void
check_list (const string_vector *v, const char *const *want, const char *what)
{
  size_t n = 0;

  while (want[n])
    n++;
  if (v->len != n) {
    fprintf (stderr, "FAILED: %s: %zu entries, want %zu\n", what, v->len, n);
    failures++;
    return;
  }
  for (size_t i = 0; i < n; ++i)
    CHECK_STR (v->ptr[i], want[i]);
}

static void
test_defaults (const char *root)
{
  struct p2v_machine m;
  struct p2v_config c;
  char *err;

  CHECK (machine_inspect (&m, root, NULL) == 0);

  /* Nothing set: everything from the machine. */
  err = apply (&c, &m, NULL);
  CHECK_STR (err, NULL);
  CHECK_STR (c.name, "db1");
  CHECK_INT (c.vcpus, 16);
  CHECK_INT (c.sockets, 2);
  CHECK_INT (c.cores, 4);
  CHECK_INT (c.threads, 2);
  CHECK_INT (c.memory, 16ULL << 30);
  CHECK_STR (c.cpu_vendor, "Intel");
  CHECK (c.cpu_model == NULL);
  CHECK (c.acpi && c.apic && c.pae);
  check_list (&c.disks, want_disks, "default disks");
  {
    static const char *const want[] = { "hdc", "sr0", "sr1", NULL };
    check_list (&c.removable, want, "default removable");
  }
  check_list (&c.interfaces, want_ifaces, "default interfaces");
  p2v_config_free (&c);
  free (err);

  /* What the user sets wins. */
  err = apply (&c, &m, "p2v.name=myguest p2v.vcpus=4 p2v.memory=2G "
               "p2v.cpu.vendor=AMD p2v.cpu.model=EPYC p2v.cpu.pae=no "
               "p2v.rtc.basis=localtime "
               "p2v.disks=/dev/sda,nvme0n1,/dev/cciss/c0d0 p2v.removable= "
               "p2v.interfaces=wlan0,eth0 p2v.network_map=eth0:net1,other");
  CHECK_STR (err, NULL);
  CHECK_STR (c.name, "myguest");
  CHECK_INT (c.vcpus, 4);
  CHECK_INT (c.sockets, 0);     /* not the physical count: no topology */
  CHECK_INT (c.memory, 2ULL << 30);
  CHECK_STR (c.cpu_vendor, "AMD");
  CHECK_STR (c.cpu_model, "EPYC");
  CHECK (c.acpi && c.apic && !c.pae);
  CHECK_STR (c.rtc_basis, "localtime");
  {
    static const char *const want[] = { "sda", "nvme0n1", "cciss!c0d0", NULL };
    check_list (&c.disks, want, "user disks (normalised)");
  }
  CHECK_INT (c.removable.len, 0);
  {
    static const char *const want[] = { "wlan0", "eth0", NULL };
    check_list (&c.interfaces, want, "user interfaces");
  }
  p2v_config_free (&c);
  free (err);

  /* Topology. */
  err = apply (&c, &m, "p2v.vcpus=16");
  CHECK_STR (err, NULL);
  CHECK (c.vcpus == 16 && c.sockets == 2 && c.cores == 4 && c.threads == 2);
  p2v_config_free (&c); free (err);
  err = apply (&c, &m, "p2v.vcpu.phys_topo=no");
  CHECK_STR (err, NULL);
  CHECK (c.vcpus == 16 && c.sockets == 0 && c.cores == 0 && c.threads == 0);
  p2v_config_free (&c); free (err);
  err = apply (&c, &m, "p2v.vcpus=8 p2v.vcpu.sockets=2");
  CHECK_STR (err, NULL);
  CHECK (c.vcpus == 8 && c.sockets == 2 && c.cores == 4 && c.threads == 1);
  p2v_config_free (&c); free (err);
  err = apply (&c, &m, "p2v.vcpu.cores=3");
  CHECK_STR (err, NULL);
  CHECK (c.vcpus == 3 && c.sockets == 1 && c.cores == 3 && c.threads == 1);
  p2v_config_free (&c); free (err);
  err = apply (&c, &m, "p2v.vcpus=12 p2v.vcpu.threads=2 p2v.vcpu.cores=3");
  CHECK_STR (err, NULL);
  CHECK (c.vcpus == 12 && c.sockets == 2 && c.cores == 3 && c.threads == 2);
  p2v_config_free (&c); free (err);

  /* Errors, word for word. */
  check_error (&m, "p2v.disks=sda,sdz",
               "p2v.disks: sdz: no such disk: the machine has cciss!c0d0, "
               "hda, mmcblk0, nvme0n1, sda, sdaa, vda, xvda");
  check_error (&m, "p2v.disks=sdb",
               "p2v.disks: sdb: cannot be converted: it is the medium "
               "virt-p2v booted from");
  check_error (&m, "p2v.disks=/dev/loop0",
               "p2v.disks: loop0: cannot be converted: it is a loop device");
  check_error (&m, "p2v.disks=sda,/dev/sda", "p2v.disks: sda: listed twice");
  check_error (&m, "p2v.disks=",
               "p2v.disks is empty: name at least one disk (the machine has "
               "cciss!c0d0, hda, mmcblk0, nvme0n1, sda, sdaa, vda, xvda)");
  check_error (&m, "p2v.removable=sr0,sr9",
               "p2v.removable: sr9: no such removable drive: the machine has "
               "hdc, sr0, sr1");
  check_error (&m, "p2v.interfaces=eth1",
               "p2v.interfaces: eth1: cannot be converted: it is enslaved to "
               "bond0; name bond0 instead");
  check_error (&m, "p2v.interfaces=eth0,eth3.100",
               "p2v.interfaces: eth3.100: cannot be converted: it is a VLAN "
               "on eth3; name eth3 instead");
  check_error (&m, "p2v.interfaces=virbr0",
               "p2v.interfaces: virbr0: cannot be converted: it is a software "
               "bridge, not hardware");
  check_error (&m, "p2v.interfaces=eth9",
               "p2v.interfaces: eth9: no such network interface: the machine "
               "has bond0, eth0, eth3, eth4, eth10, wlan0");
  check_error (&m, "p2v.vcpus=6 p2v.vcpu.sockets=2 p2v.vcpu.cores=2",
               "p2v.vcpus=6 is not a multiple of p2v.vcpu.sockets x "
               "p2v.vcpu.cores x p2v.vcpu.threads (4): change one of them");
  check_error (&m, "p2v.vcpus=8 p2v.vcpu.sockets=2 p2v.vcpu.cores=2 "
               "p2v.vcpu.threads=1",
               "p2v.vcpus=8 does not match p2v.vcpu.sockets x p2v.vcpu.cores "
               "x p2v.vcpu.threads = 2 x 2 x 1 = 4: change one of them");
  check_error (&m, "p2v.network_map=:net1",
               "p2v.network_map: :net1: write INTERFACE:NETWORK, or NETWORK "
               "alone for the default");
  machine_free (&m);
}

static void
test_defaults_bare (void)
{
  CLEANUP_FREE char *r = new_root ("bare-defaults");
  struct p2v_machine m;
  struct p2v_config c;
  char *err;

  /* No hostname: a random name.  No memory: the user must say. */
  fake_disk (r, "sda", 2048, NULL, NULL, NULL);
  CHECK (machine_inspect (&m, r, NULL) == 0);
  check_error (&m, NULL, "p2v.memory: the machine's memory size could not "
               "be read: set it, for example p2v.memory=4G");
  err = apply (&c, &m, "p2v.memory=1G");
  CHECK_STR (err, NULL);
  CHECK (c.name && strlen (c.name) == 12 && STRPREFIX (c.name, "p2v-") &&
         strspn (c.name + 4, "abcdefghijklmnopqrstuvwxyz0123456789") == 8);
  CHECK_INT (c.vcpus, 1);
  CHECK (!c.acpi && !c.apic && !c.pae);  /* the machine has none */
  CHECK_INT (c.removable.len, 0);
  CHECK_INT (c.interfaces.len, 0);
  p2v_config_free (&c);
  free (err);
  machine_free (&m);

  /* No disk at all. */
  CLEANUP_FREE char *r2 = new_root ("no-disks");
  mkfile (r2, "/proc/meminfo", "MemTotal: 1048576 kB\n");
  CHECK (machine_inspect (&m, r2, NULL) == 0);
  check_error (&m, NULL,
               "p2v.disks: the machine has no disk that can be converted");
  /* The wizard opens anyway, with nothing ticked (Start stays off). */
  {
    struct p2v_config c;
    CLEANUP_FREE char *err = NULL;
    CHECK (p2v_config_init (&c) == 0);
    CHECK (machine_apply_defaults (&c, &m, true, &err) == 0);
    CHECK (c.disks.len == 0);
    p2v_config_free (&c);
  }
  machine_free (&m);
}

int
main (int argc, char *argv[])
{
  char *root;

  fake_root_init ();
  root = build_main ();
  test_defaults (root);
  test_defaults_bare ();
  free (root);
  exit (fake_root_finish ("test-machine-defaults"));
}
