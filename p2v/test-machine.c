/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Unit test of machine_inspect (machine*.c): fake sysfs/procfs trees
 * (test-fake-root.c) describe machines with disks of every family,
 * the P2V medium found in several ways, CPU topologies, memory, clock,
 * bonds, VLANs, bridges and wireless, and every rule is checked
 * against them; then --test-disk, and the running system itself.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "machine.h"
#include "test-fake-root.h"
#include "utils.h"

static void
check_names (const char *what, const char *const *want,
             const char *(*get) (const struct p2v_machine *, size_t),
             size_t len, const struct p2v_machine *m)
{
  size_t n = 0;

  while (want[n])
    n++;
  if (len != n) {
    fprintf (stderr, "FAILED: %s: %zu entries, want %zu:", what, len, n);
    for (size_t i = 0; i < len; ++i)
      fprintf (stderr, " %s", get (m, i));
    fputc ('\n', stderr);
    failures++;
    return;
  }
  for (size_t i = 0; i < n; ++i)
    CHECK_STR (get (m, i), want[i]);
}

static const char *
disk_name (const struct p2v_machine *m, size_t i)
{
  return m->disks.ptr[i].name;
}

static const char *
iface_name (const struct p2v_machine *m, size_t i)
{
  return m->interfaces.ptr[i].name;
}

static const char *
skipped_reason (const p2v_skipped_vector *v, const char *name)
{
  for (size_t i = 0; i < v->len; ++i)
    if (STREQ (v->ptr[i].name, name))
      return v->ptr[i].reason;
  return NULL;
}

static void
test_main_machine (const char *root)
{
  struct p2v_machine m;
  const struct p2v_disk *d;
  const struct p2v_interface *n;

  CHECK (machine_inspect (&m, root, NULL) == 0);
  if (verbose)
    machine_print (&m, stderr);

  CHECK_STR (m.hostname, "db1.example.com");
  CHECK_STR (m.arch, "x86_64");
  /* CPUs */
  CHECK_INT (m.cpus, 16);
  CHECK_INT (m.sockets, 2);
  CHECK_INT (m.cores, 4);
  CHECK_INT (m.threads, 2);
  CHECK_STR (m.cpu_vendor, "Intel");
  CHECK_STR (m.cpu_model, "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
  CHECK (m.acpi && m.apic && m.pae);
  /* 128 online blocks of 128 MiB, the 2 offline ones not counted,
   * more than MemTotal and not rounded to a power of two.
   */
  CHECK_INT (m.memory, 16ULL << 30);
  CHECK_STR (m.rtc_basis, "utc");

  /* Disks: the right families, in natural order, sdb (the medium),
   * sdc (size 0) and the rest left out.
   */
  check_names ("disks", want_disks, disk_name, m.disks.len, &m);
  CHECK_INT (m.boot_disks.len, 1);
  if (m.boot_disks.len == 1)
    CHECK_STR (m.boot_disks.ptr[0], "sdb");
  CHECK (machine_find_disk (&m, "sdb") == NULL);
  CHECK_STR (skipped_reason (&m.skipped_disks, "sdb"),
             "it is the medium virt-p2v booted from");
  CHECK_STR (skipped_reason (&m.skipped_disks, "sdc"),
             "it has size 0 (no medium in the drive?)");
  CHECK_STR (skipped_reason (&m.skipped_disks, "loop0"),
             "it is a loop device");
  CHECK_STR (skipped_reason (&m.skipped_disks, "ram0"), "it is a RAM disk");
  CHECK_STR (skipped_reason (&m.skipped_disks, "zram0"),
             "it is a compressed RAM disk");
  CHECK (skipped_reason (&m.skipped_disks, "dm-0") != NULL);
  CHECK (skipped_reason (&m.skipped_disks, "md0") != NULL);
  CHECK_STR (skipped_reason (&m.skipped_disks, "fd0"), "it is a floppy drive");
  CHECK (skipped_reason (&m.skipped_disks, "mmcblk0boot0") != NULL);
  CHECK (skipped_reason (&m.skipped_disks, "mmcblk0boot1") != NULL);
  CHECK (skipped_reason (&m.skipped_disks, "mmcblk0rpmb") != NULL);
  CHECK_STR (skipped_reason (&m.skipped_disks, "nvme0c0n1"),
             "it is a hidden device");

  if ((d = machine_find_disk (&m, "sda")) != NULL) {
    CHECK_STR (d->dev_path, "/dev/sda");
    CHECK_INT (d->size, 1ULL << 30);
    CHECK_STR (d->model, "QEMU HARDDISK");
    CHECK_STR (d->bus, "sata");
  }
  else CHECK (!"sda listed");
  if ((d = machine_find_disk (&m, "sdaa")) != NULL)
    CHECK_STR (d->bus, "scsi");
  if ((d = machine_find_disk (&m, "nvme0n1")) != NULL) {
    CHECK_STR (d->dev_path, "/dev/nvme0n1");
    CHECK_INT (d->size, 1000215216ULL * 512);
    CHECK_STR (d->model, "Samsung SSD 970 EVO 500GB");
    CHECK (d->bus == NULL);
  }
  else CHECK (!"nvme0n1 listed");
  if ((d = machine_find_disk (&m, "cciss!c0d0")) != NULL)
    CHECK_STR (d->dev_path, "/dev/cciss/c0d0");
  if ((d = machine_find_disk (&m, "mmcblk0")) != NULL)
    CHECK_STR (d->model, "DG4064");
  if ((d = machine_find_disk (&m, "hda")) != NULL)
    CHECK_STR (d->bus, "ide");
  if ((d = machine_find_disk (&m, "vda")) != NULL) {
    CHECK_STR (d->bus, "virtio");
    CHECK (d->model == NULL);
  }

  /* Removables: CD/DVD drives whatever their medium. */
  CHECK_INT (m.removables.len, 3);
  if (m.removables.len == 3) {
    CHECK_STR (m.removables.ptr[0].name, "hdc");
    CHECK_STR (m.removables.ptr[1].name, "sr0");
    CHECK_STR (m.removables.ptr[1].dev_path, "/dev/sr0");
    CHECK_STR (m.removables.ptr[2].name, "sr1");
  }

  /* Interfaces */
  check_names ("interfaces", want_ifaces, iface_name, m.interfaces.len, &m);
  if ((n = machine_find_interface (&m, "bond0")) != NULL) {
    CHECK_STR (n->kind, "bond");
    CHECK_STR (n->mac, "52:54:00:00:00:b0");
    CHECK_INT (n->slaves.len, 2);
    if (n->slaves.len == 2) {
      CHECK_STR (n->slaves.ptr[0], "eth1");
      CHECK_STR (n->slaves.ptr[1], "eth2");
    }
  }
  else CHECK (!"bond0 listed");
  if ((n = machine_find_interface (&m, "eth0")) != NULL) {
    CHECK_STR (n->kind, "ethernet");
    CHECK_STR (n->mac, "52:54:00:00:00:10");
    CHECK_INT (n->slaves.len, 0);
  }
  if ((n = machine_find_interface (&m, "eth3")) != NULL) {
    CHECK_INT (n->vlans.len, 1);
    if (n->vlans.len == 1)
      CHECK_STR (n->vlans.ptr[0], "eth3.100");
  }
  if ((n = machine_find_interface (&m, "wlan0")) != NULL) {
    CHECK_STR (n->kind, "wireless");
    CHECK_STR (n->mac, "52:54:00:00:00:20");
  }
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "eth1"),
             "it is enslaved to bond0; name bond0 instead");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "eth3.100"),
             "it is a VLAN on eth3; name eth3 instead");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "br0"),
             "it is a software bridge, not hardware");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "virbr0"),
             "it is a software bridge, not hardware");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "tap0"),
             "it is a virtual interface, not hardware");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "lo"),
             "it is the loopback interface");
  CHECK_STR (skipped_reason (&m.skipped_interfaces, "bond1"),
             "it is a bond with no slaves");
  CHECK (skipped_reason (&m.skipped_interfaces, "bonding_masters") == NULL);

  machine_free (&m);
}

/* A minimal machine with sda (a disk) and sdb (sdb1 holding the
 * medium, found by the route each variant sets up).
 */
static char *
build_boot_variant (const char *name)
{
  static const char *const sda_parts[] = { "sda1", NULL };
  static const char *const sdb_parts[] = { "sdb1", NULL };
  static const char *const nvme_parts[] = { "nvme0n1p1", NULL };
  char *root = new_root (name);

  fake_disk (root, "sda", 2097152, "ATA", "DISK A", sda_parts);
  fake_disk (root, "sdb", 2097152, "SanDisk", "STICK", sdb_parts);
  fake_disk (root, "nvme0n1", 2097152, NULL, NULL, nvme_parts);
  return root;
}

static void
check_boot (const char *root, const char *want_boot, const char *label)
{
  struct p2v_machine m;

  if (machine_inspect (&m, root, NULL) == -1) {
    fprintf (stderr, "FAILED: %s: machine_inspect\n", label);
    failures++;
    return;
  }
  if (want_boot == NULL) {
    if (m.boot_disks.len != 0) {
      fprintf (stderr, "FAILED: %s: boot disk %s found\n", label,
               m.boot_disks.ptr[0]);
      failures++;
    }
    CHECK_INT (m.disks.len, 3);
  }
  else {
    if (m.boot_disks.len != 1 || STRNEQ (m.boot_disks.ptr[0], want_boot)) {
      fprintf (stderr, "FAILED: %s: boot disk %s, want %s\n", label,
               m.boot_disks.len ? m.boot_disks.ptr[0] : "none", want_boot);
      failures++;
    }
    CHECK (machine_find_disk (&m, want_boot) == NULL);
    CHECK_INT (m.disks.len, 2);
  }
  machine_free (&m);
}

static void
test_boot_media (void)
{
  CLEANUP_FREE char *a = build_boot_variant ("boot-mounts");
  CLEANUP_FREE char *b = build_boot_variant ("boot-majmin");
  CLEANUP_FREE char *c = build_boot_variant ("boot-loop");
  CLEANUP_FREE char *d = build_boot_variant ("boot-cmdline");
  CLEANUP_FREE char *e = build_boot_variant ("boot-pxe");
  CLEANUP_FREE char *f = build_boot_variant ("boot-nvme");
  CLEANUP_FREE char *g = build_boot_variant ("boot-debian-live");
  CLEANUP_FREE char *h = build_boot_variant ("boot-cdrom");

  /* /proc/mounts only (no mountinfo): "/" on a partition. */
  mkfile (a, "/proc/mounts", "/dev/sdb1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n");
  check_boot (a, "sdb", "/ in /proc/mounts");

  /* "/dev/root": only the device number tells. */
  mkfile (b, "/proc/self/mountinfo", "1 0 8:17 / / ro - ext4 /dev/root ro\n");
  mklink (b, "/sys/dev/block/8:17", "../../block/sdb/sdb1");
  check_boot (b, "sdb", "/dev/root by major:minor");

  /* dracut: / on dm (live-rw) over loop over a squashfs file on the
   * medium, mounted by label.
   */
  mkfile (c, "/proc/self/mountinfo",
          "1 0 253:0 / / rw - ext4 /dev/mapper/live-rw rw\n"
          "2 1 8:17 / /run/initramfs/live ro - iso9660 "
          "/dev/disk/by-label/P2V\\040MEDIA ro\n");
  mklink (c, "/dev/mapper/live-rw", "../dm-0");
  mklink (c, "/dev/disk/by-label/P2V MEDIA", "../../sdb1");
  fake_disk (c, "dm-0", 1000, NULL, NULL, NULL);
  mklink (c, "/sys/block/dm-0/slaves/loop1", "../../loop1");
  fake_disk (c, "loop1", 1000, NULL, NULL, NULL);
  mkfile (c, "/sys/block/loop1/loop/backing_file",
          "/run/initramfs/live/LiveOS/squashfs.img\n");
  check_boot (c, "sdb", "dm -> loop -> file on the medium");

  /* Nothing mounted from the medium, but the kernel was told. */
  mkfile (d, "/proc/self/mountinfo", "1 0 0:30 / / rw - tmpfs tmpfs rw\n");
  mkfile (d, "/proc/cmdline", "root=live:CDLABEL=P2V-1.0 rd.live.image\n");
  mklink (d, "/dev/disk/by-label/P2V-1.0", "../../sdb1");
  check_boot (d, "sdb", "root=live:CDLABEL=");

  /* PXE: the root is in RAM; every disk stays. */
  mkfile (e, "/proc/self/mountinfo",
          "1 0 0:30 / / rw - overlay LiveOS_rootfs rw\n"
          "2 1 0:31 / /run/initramfs/live rw - tmpfs tmpfs rw\n");
  mkfile (e, "/proc/cmdline", "root=live:/LiveOS/squashfs.img\n");
  check_boot (e, NULL, "PXE");

  /* NVMe partition names. */
  mkfile (f, "/proc/self/mountinfo",
          "1 0 259:1 / /run/initramfs/live ro - vfat /dev/nvme0n1p1 ro\n");
  check_boot (f, "nvme0n1", "nvme0n1p1");

  /* Debian live-boot. */
  mkfile (g, "/proc/self/mountinfo",
          "1 0 0:30 / / rw - overlay overlay rw\n"
          "2 1 8:1 / /run/live/medium ro - iso9660 /dev/sda1 ro\n");
  check_boot (g, "sda", "/run/live/medium");

  /* Booted from a CD: the drive is hardware the guest keeps (the
   * medium is never copied); every fixed disk stays.
   */
  struct p2v_machine m;
  fake_disk (h, "sr0", 1000000, "QEMU", "QEMU DVD-ROM", NULL);
  mkfile (h, "/sys/block/sr0/device/type", "5\n");
  mkfile (h, "/proc/self/mountinfo",
          "1 0 11:0 / /run/initramfs/live ro - iso9660 /dev/sr0 ro\n");
  CHECK (machine_inspect (&m, h, NULL) == 0);
  CHECK_INT (m.boot_disks.len, 1);
  CHECK_INT (m.disks.len, 3);
  CHECK_INT (m.removables.len, 1);
  if (m.removables.len == 1)
    CHECK_STR (m.removables.ptr[0].name, "sr0");
  machine_free (&m);
}

static void
test_cpu_variants (void)
{
  CLEANUP_FREE char *hybrid = new_root ("cpu-hybrid");
  CLEANUP_FREE char *amd = new_root ("cpu-amd");
  CLEANUP_FREE char *bare = new_root ("cpu-bare");
  struct p2v_machine m;

  /* 2 cores with 2 threads, 4 cores with 1: no regular topology. */
  for (int n = 0; n < 8; ++n) {
    char rel[128];
    snprintf (rel, sizeof rel,
              "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", n);
    mkfile (hybrid, rel, "0\n");
    snprintf (rel, sizeof rel,
              "/sys/devices/system/cpu/cpu%d/topology/thread_siblings_list", n);
    if (n < 4)
      mkfile (hybrid, rel, "%d-%d\n", n & ~1, (n & ~1) + 1);
    else
      mkfile (hybrid, rel, "%d\n", n);
  }
  fake_cpuinfo (hybrid, 8, "GenuineIntel", "12th Gen Intel(R) Core(TM) i5",
                "fpu pae apic acpi");
  CHECK (machine_inspect (&m, hybrid, NULL) == 0);
  CHECK_INT (m.cpus, 8);
  CHECK_INT (m.sockets, 0);
  CHECK_INT (m.cores, 0);
  CHECK_INT (m.threads, 0);
  machine_free (&m);

  /* AMD: no "acpi" CPUID flag, but ACPI firmware tables.  No
   * topology in sysfs: the count comes from cpuinfo.
   */
  fake_cpuinfo (amd, 4, "AuthenticAMD", "AMD EPYC 7B13", "fpu pae apic");
  mkdirr (amd, "/sys/firmware/acpi/tables");
  CHECK (machine_inspect (&m, amd, NULL) == 0);
  CHECK_INT (m.cpus, 4);
  CHECK_INT (m.sockets, 0);
  CHECK_STR (m.cpu_vendor, "AMD");
  CHECK (m.acpi && m.apic && m.pae);
  machine_free (&m);

  /* Nothing at all: one CPU, no features, no memory, no hostname. */
  CHECK (machine_inspect (&m, bare, NULL) == 0);
  CHECK_INT (m.cpus, 1);
  CHECK (!m.acpi && !m.apic && !m.pae);
  CHECK (m.cpu_vendor == NULL && m.cpu_model == NULL);
  CHECK_INT (m.memory, 0);
  CHECK (m.hostname == NULL);
  CHECK_STR (m.rtc_basis, "unknown");
  CHECK_INT (m.disks.len, 0);
  CHECK_INT (m.interfaces.len, 0);
  machine_free (&m);
}

static void
test_memory_hostname_rtc (void)
{
  CLEANUP_FREE char *r = new_root ("misc");
  struct p2v_machine m;
  long long now = time (NULL);

  /* No memory blocks: MemTotal, rounded up to a MiB. */
  mkfile (r, "/proc/meminfo", "MemTotal:       16318900 kB\n");
  /* The kernel's hostname is a placeholder; /etc/hostname is used. */
  mkfile (r, "/proc/sys/kernel/hostname", "localhost\n");
  mkfile (r, "/etc/hostname", "web7\n");
  /* RTC 5 hours behind UTC, with TZ 5 hours west: localtime. */
  setenv ("TZ", "EST5", 1);
  tzset ();
  mkfile (r, "/sys/class/rtc/rtc0/since_epoch", "%lld\n", now - 5 * 3600);
  CHECK (machine_inspect (&m, r, NULL) == 0);
  CHECK_INT (m.memory, 15937ULL << 20);
  CHECK_STR (m.hostname, "web7");
  CHECK_STR (m.rtc_basis, "localtime");
  machine_free (&m);

  /* An RTC three days off: unknown.  "(none)" is no hostname. */
  mkfile (r, "/sys/class/rtc/rtc0/since_epoch", "%lld\n", now + 3 * 86400);
  mkfile (r, "/proc/sys/kernel/hostname", "(none)\n");
  mkfile (r, "/etc/hostname", "localhost.localdomain\n");
  CHECK (machine_inspect (&m, r, NULL) == 0);
  CHECK_STR (m.rtc_basis, "unknown");
  CHECK (m.hostname == NULL);
  machine_free (&m);
  unsetenv ("TZ");
  tzset ();
}

static void
test_test_disks (const char *root)
{
  CLEANUP_FREE char *d1 = NULL, *d2 = NULL, *empty = NULL, *missing = NULL;
  CLEANUP_FREE_STRING_VECTOR string_vector disks = empty_vector;
  struct p2v_machine m;

  if (asprintf (&d1, "%s/disk1.img", tmpdir) == -1 ||
      asprintf (&d2, "%s/disk2.img", tmpdir) == -1 ||
      asprintf (&empty, "%s/empty.img", tmpdir) == -1 ||
      asprintf (&missing, "%s/missing.img", tmpdir) == -1)
    die ("asprintf", "disk");
  mkfile ("", d1, "%s", "");
  CHECK (truncate (d1, 10 << 20) == 0);
  mkfile ("", d2, "%s", "");
  CHECK (truncate (d2, 3 << 20) == 0);
  mkfile ("", empty, "%s", "");

  string_vector_add (&disks, d1);
  string_vector_add (&disks, d2);
  /* They replace the machine's disks, boot medium rule included; the
   * removables and interfaces are still the machine's.
   */
  CHECK (machine_inspect (&m, root, &disks) == 0);
  CHECK_INT (m.disks.len, 2);
  if (m.disks.len == 2) {
    CHECK_STR (m.disks.ptr[0].name, "sda");
    CHECK_STR (m.disks.ptr[0].dev_path, d1);
    CHECK_INT (m.disks.ptr[0].size, 10 << 20);
    CHECK (m.disks.ptr[0].model == NULL);
    CHECK_STR (m.disks.ptr[1].name, "sdb");
    CHECK_STR (m.disks.ptr[1].dev_path, d2);
    CHECK_INT (m.disks.ptr[1].size, 3 << 20);
  }
  CHECK_INT (m.skipped_disks.len, 0);
  CHECK_INT (m.boot_disks.len, 0);
  CHECK_INT (m.removables.len, 3);
  CHECK_INT (m.interfaces.len, 6);
  machine_free (&m);

  fprintf (stderr, "test-machine: two --test-disk errors are expected now:\n");
  string_vector_add (&disks, missing);
  CHECK (machine_inspect (&m, root, &disks) == -1);
  machine_free (&m);
  free (disks.ptr[2]);
  disks.ptr[2] = strdup (empty);
  CHECK (machine_inspect (&m, root, &disks) == -1);
  machine_free (&m);
}

static void
test_helpers (void)
{
  static const struct { size_t i; const char *name; } names[] = {
    { 0, "sda" }, { 25, "sdz" }, { 26, "sdaa" }, { 27, "sdab" },
    { 701, "sdzz" }, { 702, "sdaaa" },
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
    CLEANUP_FREE char *n = drive_name ("sd", names[i].i);
    CHECK_STR (n, names[i].name);
  }
  CHECK (machine_name_compare ("sdz", "sdaa") < 0);
  CHECK (machine_name_compare ("sdb", "sdaa") < 0);
  CHECK (machine_name_compare ("eth2", "eth10") < 0);
  CHECK (machine_name_compare ("nvme2n1", "nvme10n1") < 0);
  CHECK (machine_name_compare ("sda", "sda") == 0);
}

/* The running system: it must describe itself without error. */
static void
test_real_system (void)
{
  struct p2v_machine m;

  CHECK (machine_inspect (&m, "", NULL) == 0);
  CHECK (m.cpus >= 1);
  CHECK (m.memory > 0 && m.memory % (1 << 20) == 0);
  CHECK (m.arch != NULL);
  if (verbose)
    machine_print (&m, stderr);
  machine_free (&m);
}

int
main (int argc, char *argv[])
{
  char *root;

  fake_root_init ();
  test_helpers ();
  root = build_main ();
  test_main_machine (root);
  test_boot_media ();
  test_cpu_variants ();
  test_memory_hostname_rtc ();
  test_test_disks (root);
  test_real_system ();
  free (root);
  exit (fake_root_finish ("test-machine"));
}
