/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Fake machines for the machine*.c unit tests: sysfs/procfs trees
 * written under a private directory in $TMPDIR (see test-fake-root.h).
 */

#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "test-fake-root.h"
#include "utils.h"

char *tmpdir;
int failures;

void
die (const char *what, const char *path)
{
  fprintf (stderr, "test-machine: %s: %s: %m\n", what, path);
  exit (EXIT_FAILURE);
}

static void
mkdir_p (const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);

  for (char *p = copy + 1; *p; ++p) {
    if (*p == '/') {
      *p = '\0';
      if (mkdir (copy, 0755) == -1 && errno != EEXIST)
        die ("mkdir", copy);
      *p = '/';
    }
  }
  if (mkdir (copy, 0755) == -1 && errno != EEXIST)
    die ("mkdir", copy);
}

static void
parent_dir (const char *path)
{
  CLEANUP_FREE char *dir = strdup (path);
  *strrchr (dir, '/') = '\0';
  mkdir_p (dir);
}

/* Write ROOT/rel with formatted content. */
void
mkfile (const char *root, const char *rel, const char *fs, ...)
{
  CLEANUP_FREE char *path = NULL;
  CLEANUP_FREE char *content = NULL;
  va_list args;

  if (asprintf (&path, "%s%s", root, rel) == -1)
    die ("asprintf", rel);
  va_start (args, fs);
  if (vasprintf (&content, fs, args) == -1)
    die ("vasprintf", rel);
  va_end (args);
  parent_dir (path);
  if (write_file_atomic (path, content, strlen (content), 0644) == -1)
    die ("write", path);
}

void
mklink (const char *root, const char *rel, const char *target)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s%s", root, rel) == -1)
    die ("asprintf", rel);
  parent_dir (path);
  if (symlink (target, path) == -1)
    die ("symlink", path);
}

void
mkdirr (const char *root, const char *rel)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s%s", root, rel) == -1)
    die ("asprintf", rel);
  mkdir_p (path);
}

/* A fresh empty root under tmpdir. */
char *
new_root (const char *name)
{
  char *root;

  if (asprintf (&root, "%s/%s", tmpdir, name) == -1)
    die ("asprintf", name);
  mkdir_p (root);
  return root;
}

static int
rm_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  if (remove (path) == -1)
    perror (path);
  return 0;
}

/* A disk in /sys/block, with optional partitions (NULL-terminated). */
void
fake_disk (const char *root, const char *name, unsigned long long sectors,
           const char *vendor, const char *model, const char *const *parts)
{
#define DISKFILE(file, ...)                                             \
  do {                                                                  \
    CLEANUP_FREE char *rel_ = NULL;                                     \
    if (asprintf (&rel_, "/sys/block/%s/%s", name, file) == -1)         \
      die ("asprintf", name);                                           \
    mkfile (root, rel_, __VA_ARGS__);                                   \
  } while (0)
  DISKFILE ("size", "%llu\n", sectors);
  DISKFILE ("removable", "0\n");
  if (vendor)
    DISKFILE ("device/vendor", "%-8s\n", vendor);
  if (model)
    DISKFILE ("device/model", "%-16s\n", model);
  for (size_t i = 0; parts && parts[i]; ++i) {
    CLEANUP_FREE char *file = NULL;
    if (asprintf (&file, "%s/partition", parts[i]) == -1) die ("asprintf", name);
    DISKFILE (file, "%zu\n", i + 1);
  }
}

/* 2 sockets x 4 cores x 2 threads, and cpu16 offline. */
static void
fake_cpus_2x4x2 (const char *root)
{
  mkfile (root, "/sys/devices/system/cpu/online", "0-15\n");
  mkfile (root, "/sys/devices/system/cpu/possible", "0-16\n");
  mkdirr (root, "/sys/devices/system/cpu/cpufreq");
  mkdirr (root, "/sys/devices/system/cpu/cpuidle");
  for (int n = 0; n <= 16; ++n) {
    int pkg = (n / 8) % 2, core = n % 4, base = pkg * 8 + core;
    char rel[128];

#define CPUFILE(file, ...)                                              \
    do {                                                                \
      snprintf (rel, sizeof rel, "/sys/devices/system/cpu/cpu%d/%s", n, file); \
      mkfile (root, rel, __VA_ARGS__);                                  \
    } while (0)
    if (n > 0)
      CPUFILE ("online", "%d\n", n == 16 ? 0 : 1);
    CPUFILE ("topology/physical_package_id", "%d\n", pkg);
    /* core_id repeats in each package: cores are told apart by
     * package and siblings.
     */
    CPUFILE ("topology/core_id", "%d\n", core);
    CPUFILE ("topology/thread_siblings_list", "%d,%d\n", base, base + 4);
  }
}

void
fake_cpuinfo (const char *root, int n, const char *vendor, const char *model,
              const char *flags)
{
  CLEANUP_FREE char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  for (int i = 0; i < n; ++i)
    fprintf (fp, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: 6\n"
             "model\t\t: 79\nmodel name\t: %s\nflags\t\t: %s\n\n",
             i, vendor, model, flags);
  fclose (fp);
  mkfile (root, "/proc/cpuinfo", "%s", buf);
}

void
fake_memory (const char *root, int online_blocks, int offline_blocks)
{
  mkfile (root, "/proc/meminfo",
          "MemTotal:       16318900 kB\nMemFree:        15000000 kB\n");
  mkfile (root, "/sys/devices/system/memory/block_size_bytes", "8000000\n");
  mkfile (root, "/sys/devices/system/memory/auto_online_blocks", "online\n");
  for (int i = 0; i < online_blocks + offline_blocks; ++i) {
    char rel[128];
    snprintf (rel, sizeof rel, "/sys/devices/system/memory/memory%d/online", i);
    mkfile (root, rel, "%d\n", i < online_blocks);
  }
}

static void
fake_netdev (const char *root, const char *name, const char *mac,
             const char *devtype, bool hardware)
{
  char rel[256];

  snprintf (rel, sizeof rel, "/sys/class/net/%s/address", name);
  mkfile (root, rel, "%s\n", mac);
  snprintf (rel, sizeof rel, "/sys/class/net/%s/type", name);
  mkfile (root, rel, "%d\n", STREQ (name, "lo") ? 772 : 1);
  snprintf (rel, sizeof rel, "/sys/class/net/%s/uevent", name);
  mkfile (root, rel, "%s%s%sINTERFACE=%s\nIFINDEX=3\n",
          devtype ? "DEVTYPE=" : "", devtype ? devtype : "",
          devtype ? "\n" : "", name);
  if (hardware) {
    snprintf (rel, sizeof rel, "/sys/class/net/%s/device", name);
    mklink (root, rel, "../../../devices/pci0000:00/0000:00:03.0");
  }
}

static void
fake_network (const char *root)
{
  mkfile (root, "/sys/class/net/bonding_masters", "bond0 bond1\n");
  fake_netdev (root, "lo", "00:00:00:00:00:00", NULL, false);
  fake_netdev (root, "eth0", "52:54:00:00:00:10", NULL, true);
  /* bond0 over eth1 and eth2 */
  fake_netdev (root, "bond0", "52:54:00:00:00:b0", "bond", false);
  mkfile (root, "/sys/class/net/bond0/bonding/slaves", "eth1 eth2\n");
  mkfile (root, "/sys/class/net/bond0/bonding/mode", "active-backup 1\n");
  mklink (root, "/sys/class/net/bond0/lower_eth1", "../eth1");
  mklink (root, "/sys/class/net/bond0/lower_eth2", "../eth2");
  fake_netdev (root, "eth1", "52:54:00:00:00:b0", NULL, true);
  mklink (root, "/sys/class/net/eth1/master", "../bond0");
  mkdirr (root, "/sys/class/net/eth1/bonding_slave");
  fake_netdev (root, "eth2", "52:54:00:00:00:b0", NULL, true);
  mklink (root, "/sys/class/net/eth2/master", "../bond0");
  /* an empty bond */
  fake_netdev (root, "bond1", "52:54:00:00:00:b1", "bond", false);
  mkfile (root, "/sys/class/net/bond1/bonding/slaves", "\n");
  /* eth3 carries VLAN 100 */
  fake_netdev (root, "eth3", "52:54:00:00:00:13", NULL, true);
  mklink (root, "/sys/class/net/eth3/upper_eth3.100", "../eth3.100");
  fake_netdev (root, "eth3.100", "52:54:00:00:00:13", "vlan", false);
  mklink (root, "/sys/class/net/eth3.100/lower_eth3", "../eth3");
  /* a bridge made on the P2V medium, with a hardware port */
  fake_netdev (root, "br0", "52:54:00:00:00:14", "bridge", false);
  mkdirr (root, "/sys/class/net/br0/bridge");
  fake_netdev (root, "eth4", "52:54:00:00:00:14", NULL, true);
  mklink (root, "/sys/class/net/eth4/master", "../br0");
  /* libvirt-style bridge and a tap */
  fake_netdev (root, "virbr0", "52:54:00:00:00:99", "bridge", false);
  mkdirr (root, "/sys/class/net/virbr0/bridge");
  fake_netdev (root, "tap0", "fe:54:00:00:00:98", NULL, false);
  /* ordering: eth10 after eth4 */
  fake_netdev (root, "eth10", "52:54:00:00:00:1a", NULL, true);
  /* wireless */
  fake_netdev (root, "wlan0", "52:54:00:00:00:20", "wlan", true);
  mklink (root, "/sys/class/net/wlan0/phy80211", "../../ieee80211/phy0");
}

/* The disks of the main fake machine. */
static void
fake_disks (const char *root)
{
  static const char *const sda_parts[] = { "sda1", "sda2", NULL };
  static const char *const sdb_parts[] = { "sdb1", NULL };
  static const char *const nvme_parts[] = { "nvme0n1p1", NULL };

  fake_disk (root, "sda", 2097152, "ATA", "QEMU HARDDISK", sda_parts);
  fake_disk (root, "sdaa", 4096, "SEAGATE", "ST300MM0008", NULL);
  /* sdb: the USB stick holding the P2V medium */
  fake_disk (root, "sdb", 16777216, "SanDisk", "Cruzer Blade", sdb_parts);
  mkfile (root, "/sys/block/sdb/removable", "1\n");
  /* sdc: an empty card reader */
  fake_disk (root, "sdc", 0, "Generic", "SD/MMC Reader", NULL);
  mkfile (root, "/sys/block/sdc/removable", "1\n");
  fake_disk (root, "vda", 8192, NULL, NULL, NULL);
  fake_disk (root, "hda", 8192, NULL, "WDC WD800JB", NULL);
  fake_disk (root, "xvda", 8192, NULL, NULL, NULL);
  fake_disk (root, "nvme0n1", 1000215216, NULL, NULL, nvme_parts);
  mkfile (root, "/sys/block/nvme0n1/device/model", "Samsung SSD 970 EVO 500GB\n");
  fake_disk (root, "nvme0c0n1", 1000215216, NULL, NULL, NULL);
  mkfile (root, "/sys/block/nvme0c0n1/hidden", "1\n");
  fake_disk (root, "mmcblk0", 61071360, NULL, NULL, NULL);
  mkfile (root, "/sys/block/mmcblk0/device/name", "DG4064\n");
  fake_disk (root, "mmcblk0boot0", 8192, NULL, NULL, NULL);
  fake_disk (root, "mmcblk0boot1", 8192, NULL, NULL, NULL);
  fake_disk (root, "mmcblk0rpmb", 8192, NULL, NULL, NULL);
  fake_disk (root, "cciss!c0d0", 143305920, "HP", "LOGICAL VOLUME", NULL);
  fake_disk (root, "loop0", 204800, NULL, NULL, NULL);
  fake_disk (root, "ram0", 8192, NULL, NULL, NULL);
  fake_disk (root, "zram0", 8192, NULL, NULL, NULL);
  fake_disk (root, "dm-0", 2000000, NULL, NULL, NULL);
  mklink (root, "/sys/block/dm-0/slaves/sda2", "../../sda/sda2");
  fake_disk (root, "md0", 8192, NULL, NULL, NULL);
  fake_disk (root, "fd0", 2880, NULL, NULL, NULL);
  /* CD/DVD drives: sr0 (with the P2V ISO in it, say), sr1 empty,
   * and an old IDE drive.
   */
  fake_disk (root, "sr0", 1000000, "QEMU", "QEMU DVD-ROM", NULL);
  mkfile (root, "/sys/block/sr0/device/type", "5\n");
  mkfile (root, "/sys/block/sr0/removable", "1\n");
  fake_disk (root, "sr1", 0, "HL-DT-ST", "DVDRAM GH24NSD1", NULL);
  mkfile (root, "/sys/block/sr1/device/type", "5\n");
  fake_disk (root, "hdc", 0, NULL, NULL, NULL);
  mkfile (root, "/sys/block/hdc/device/media", "cdrom\n");
}

const char *const want_disks[] = {
  "cciss!c0d0", "hda", "mmcblk0", "nvme0n1", "sda", "sdaa", "vda", "xvda", NULL
};
const char *const want_ifaces[] = {
  "bond0", "eth0", "eth3", "eth4", "eth10", "wlan0", NULL
};

/* The main machine: Intel, 2x4x2, 16 GiB in memory blocks, booted
 * from a dracut live USB stick (sdb1), clock in UTC.
 */
char *
build_main (void)
{
  char *root = new_root ("main");

  fake_disks (root);
  mkfile (root, "/proc/self/mountinfo",
          "22 1 0:30 / / rw,relatime - overlay LiveOS_rootfs rw\n"
          "23 22 0:5 / /proc rw - proc proc rw\n"
          "24 22 0:21 / /sys rw - sysfs sysfs rw\n"
          "30 22 8:17 / /run/initramfs/live ro,relatime - vfat /dev/sdb1 ro\n"
          "31 22 7:0 / /run/rootfsbase ro - squashfs /dev/loop0 ro\n");
  mkfile (root, "/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=live:LABEL=P2V "
          "rd.live.image quiet\n");
  mkfile (root, "/proc/sys/kernel/hostname", "db1.example.com\n");
  mkfile (root, "/proc/sys/kernel/arch", "x86_64\n");
  fake_cpus_2x4x2 (root);
  fake_cpuinfo (root, 16, "GenuineIntel",
                "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",
                "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr acpi mmx");
  fake_memory (root, 128, 2);
  mkfile (root, "/sys/class/rtc/rtc0/since_epoch", "%lld\n",
          (long long) time (NULL));
  fake_network (root);
  return root;
}

void
fake_root_init (void)
{
  const char *t = getenv ("TMPDIR");

  verbose = getenv ("P2V_TEST_VERBOSE") != NULL;
  if (asprintf (&tmpdir, "%s/test-machine.XXXXXX",
                t && *t ? t : "/tmp") == -1 ||
      mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
}

int
fake_root_finish (const char *prog)
{
  nftw (tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free (tmpdir);
  if (failures) {
    fprintf (stderr, "%s: %d check(s) failed\n", prog, failures);
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
