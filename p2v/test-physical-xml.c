/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Unit test of physical-xml.c: a configuration and a machine built by
 * hand are turned into physical.xml, which is parsed back with
 * libxml2 and checked field by field with XPath, network mapping
 * included.
 *
 * With P2V_TEST_XML_OUT=FILE, it also writes a document whose disks
 * are all at localhost:$P2V_TEST_NBD_PORT (or all the file
 * $P2V_TEST_FILE, as staged copies) to FILE, for
 * tests/test-physical-xml-virt-v2v.sh to feed to the real virt-v2v.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "cleanup.h"
#include "log.h"
#include "machine.h"
#include "p2v-config.h"
#include "physical-xml.h"
#include "utils.h"
#include "test-check.h"

int failures;


/* The parsed document under test. */
static xmlDocPtr doc;
static xmlXPathContextPtr ctx;

static int
parse (const char *xml)
{
  if (ctx) xmlXPathFreeContext (ctx);
  if (doc) xmlFreeDoc (doc);
  ctx = NULL;
  doc = xmlReadMemory (xml, strlen (xml), "physical.xml", NULL, XML_PARSE_NONET);
  if (doc == NULL || (ctx = xmlXPathNewContext (doc)) == NULL) {
    fprintf (stderr, "FAILED: cannot parse:\n%s\n", xml);
    failures++;
    return -1;
  }
  return 0;
}

/* string(expr) */
static char *
xp_string (const char *expr)
{
  CLEANUP_FREE char *full = NULL;
  xmlXPathObjectPtr obj;
  char *r;

  if (asprintf (&full, "string(%s)", expr) == -1)
    abort ();
  obj = xmlXPathEvalExpression (BAD_CAST full, ctx);
  if (obj == NULL)
    return strdup ("(bad xpath)");
  r = strdup ((const char *) obj->stringval);
  xmlXPathFreeObject (obj);
  return r;
}

static int
xp_count (const char *expr)
{
  CLEANUP_FREE char *full = NULL;
  xmlXPathObjectPtr obj;
  int r;

  if (asprintf (&full, "count(%s)", expr) == -1)
    abort ();
  obj = xmlXPathEvalExpression (BAD_CAST full, ctx);
  if (obj == NULL)
    return -1;
  r = (int) obj->floatval;
  xmlXPathFreeObject (obj);
  return r;
}

#define CHECK_XP(expr, want)                                            \
  do {                                                                  \
    CLEANUP_FREE char *got_ = xp_string (expr);                         \
    if (STRNEQ (got_, (want))) {                                        \
      fprintf (stderr, "%s:%d: FAILED: %s\n  got:  \"%s\"\n  want: \"%s\"\n", \
               __FILE__, __LINE__, (expr), got_, (want));               \
      failures++;                                                       \
    }                                                                   \
  } while (0)

#define CHECK_COUNT(expr, want)                                         \
  do {                                                                  \
    int got_ = xp_count (expr);                                         \
    if (got_ != (want)) {                                               \
      fprintf (stderr, "%s:%d: FAILED: count(%s) = %d, want %d\n",      \
               __FILE__, __LINE__, (expr), got_, (want));               \
      failures++;                                                       \
    }                                                                   \
  } while (0)

/* Building the machine by hand. */

static void
add_disk (struct p2v_machine *m, const char *name, uint64_t size,
          const char *model, const char *bus)
{
  struct p2v_disk d = {
    .name = strdup (name), .size = size, .bus = bus,
    .model = model ? strdup (model) : NULL,
  };
  if (asprintf (&d.dev_path, "/dev/%s", name) == -1 ||
      p2v_disk_vector_append (&m->disks, d) == -1)
    abort ();
}

static void
add_removable (struct p2v_machine *m, const char *name)
{
  struct p2v_removable r = { .name = strdup (name) };
  if (asprintf (&r.dev_path, "/dev/%s", name) == -1 ||
      p2v_removable_vector_append (&m->removables, r) == -1)
    abort ();
}

static void
add_interface (struct p2v_machine *m, const char *name, const char *mac,
               const char *kind)
{
  struct p2v_interface n = {
    .name = strdup (name), .mac = mac ? strdup (mac) : NULL, .kind = kind,
  };
  if (p2v_interface_vector_append (&m->interfaces, n) == -1)
    abort ();
}

static void
build_machine (struct p2v_machine *m)
{
  memset (m, 0, sizeof *m);
  m->hostname = strdup ("db1");
  m->arch = strdup ("x86_64");
  m->cpus = 16;
  m->sockets = 2; m->cores = 4; m->threads = 2;
  m->cpu_vendor = strdup ("Intel");
  m->memory = 16ULL << 30;
  m->rtc_basis = strdup ("utc");
  m->acpi = m->apic = m->pae = true;
  add_disk (m, "sda", 1ULL << 30, "QEMU HARDDISK", "sata");
  add_disk (m, "nvme0n1", 2ULL << 30, "Samsung -- SSD", NULL);
  add_disk (m, "hda", 1ULL << 20, NULL, "ide");
  add_removable (m, "sr0");
  add_removable (m, "sr1");
  add_interface (m, "bond0", "52:54:00:00:00:b0", "bond");
  add_interface (m, "eth0", "52:54:00:00:00:10", "ethernet");
  add_interface (m, "eth3", "52:54:00:00:00:13", "ethernet");
  add_interface (m, "wlan0", NULL, "wireless");
}

static void
set (struct p2v_config *c, const char *cmdline)
{
  CLEANUP_FREE char *err = NULL;

  if (p2v_config_from_cmdline (c, cmdline, &err) == -1) {
    fprintf (stderr, "test-physical-xml: %s: %s\n", cmdline, err);
    exit (EXIT_FAILURE);
  }
}

static void
test_network_map (void)
{
  CLEANUP_FREE_STRING_VECTOR string_vector map = empty_vector;

  CHECK (STREQ (network_map_lookup (&map, "em1"), "default"));
  string_vector_add (&map, "em1:rhevm");
  string_vector_add (&map, "em2:management");
  CHECK (STREQ (network_map_lookup (&map, "em1"), "rhevm"));
  CHECK (STREQ (network_map_lookup (&map, "em2"), "management"));
  CHECK (STREQ (network_map_lookup (&map, "em3"), "default"));
  CHECK (STREQ (network_map_lookup (&map, "em"), "default"));
  string_vector_add (&map, "other");
  string_vector_add (&map, "ignored-second-default");
  CHECK (STREQ (network_map_lookup (&map, "em3"), "other"));
  CHECK (STREQ (network_map_lookup (&map, "em1"), "rhevm"));
}

/* Everything set, all three disk source forms. */
static void
test_full (const struct p2v_machine *m)
{
  struct p2v_config c;
  CLEANUP_FREE char *err = NULL;
  CLEANUP_FREE char *xml = NULL;
  const struct nbd_source sources[] = {
    { .port = 10809 },
    { .socket = "/tmp/p2v.XXXX/nbd1.sock" },
    { .host = "127.0.0.1", .port = 10811 },
  };

  p2v_config_init (&c);
  /* Characters XML must escape, set directly (the command line
   * would take the double quote as grouping).
   */
  c.name = strdup ("a&b<c>\"d'");
  set (&c, "p2v.memory=2G p2v.cpu.model=Broadwell "
       "p2v.cpu.pae=no p2v.rtc.basis=localtime "
       "p2v.disks=sda,nvme0n1,hda p2v.removable=sr1 "
       "p2v.interfaces=bond0,eth0,eth3,wlan0 "
       "p2v.network_map=eth0:net1,mgmt,bond0:prod,eth0:ignored");
  CHECK (machine_apply_defaults (&c, m, false, &err) == 0);
  xml = physical_xml (&c, m, sources);
  CHECK (xml != NULL);
  if (xml == NULL || parse (xml) == -1)
    goto out;
  if (getenv ("P2V_TEST_VERBOSE"))
    fputs (xml, stderr);

  CHECK_XP ("/domain/@type", "physical");
  CHECK_XP ("/domain/name", "a&b<c>\"d'");
  CHECK_XP ("/domain/memory/@unit", "KiB");
  CHECK_XP ("/domain/memory", "2097152");
  CHECK_XP ("/domain/currentMemory/@unit", "KiB");
  CHECK_XP ("/domain/currentMemory", "2097152");
  CHECK_XP ("/domain/vcpu", "16");
  CHECK_XP ("/domain/cpu/@match", "minimum");
  CHECK_XP ("/domain/cpu/vendor", "Intel");
  CHECK_XP ("/domain/cpu/model", "Broadwell");
  CHECK_XP ("/domain/cpu/model/@fallback", "allow");
  CHECK_XP ("/domain/cpu/topology/@sockets", "2");
  CHECK_XP ("/domain/cpu/topology/@cores", "4");
  CHECK_XP ("/domain/cpu/topology/@threads", "2");
  CHECK_COUNT ("/domain/features/*", 2);
  CHECK_COUNT ("/domain/features/acpi", 1);
  CHECK_COUNT ("/domain/features/apic", 1);
  CHECK_COUNT ("/domain/features/pae", 0);
  CHECK_XP ("/domain/clock/@offset", "localtime");
  CHECK_XP ("/domain/os/type", "hvm");
  CHECK_XP ("/domain/os/type/@arch", "x86_64");

  /* Disks, in p2v.disks order, targets named after their bus. */
  CHECK_COUNT ("/domain/devices/disk[@device='disk']", 3);
  CHECK_COUNT ("/domain/devices/disk[@device='disk'][@type='network']", 3);
  CHECK_COUNT ("/domain/devices/disk[@device='disk']/driver"
               "[@name='qemu'][@type='raw']", 3);
  CHECK_COUNT ("/domain/devices/disk/source[@protocol='nbd']", 3);
  CHECK_XP ("/domain/devices/disk[1]/source/host/@name", "localhost");
  CHECK_XP ("/domain/devices/disk[1]/source/host/@port", "10809");
  CHECK_XP ("/domain/devices/disk[1]/target/@dev", "sda");
  CHECK_XP ("/domain/devices/disk[1]/target/@bus", "sata");
  CHECK_XP ("/domain/devices/disk[2]/source/host/@transport", "unix");
  CHECK_XP ("/domain/devices/disk[2]/source/host/@socket",
            "/tmp/p2v.XXXX/nbd1.sock");
  CHECK_COUNT ("/domain/devices/disk[2]/source/host/@port", 0);
  CHECK_COUNT ("/domain/devices/disk[2]/source/host/@name", 0);
  CHECK_XP ("/domain/devices/disk[2]/target/@dev", "sdb");
  CHECK_COUNT ("/domain/devices/disk[2]/target/@bus", 0);
  CHECK_XP ("/domain/devices/disk[3]/source/host/@name", "127.0.0.1");
  CHECK_XP ("/domain/devices/disk[3]/source/host/@port", "10811");
  CHECK_XP ("/domain/devices/disk[3]/target/@dev", "hda");
  CHECK_XP ("/domain/devices/disk[3]/target/@bus", "ide");
  /* Each disk is preceded by a comment naming the physical device;
   * "--" in the model cannot break the comment.
   */
  CHECK_COUNT ("/domain/devices/comment()"
               "[contains(., 'nvme0n1: /dev/nvme0n1, 2.0 GiB')]", 1);

  /* Only the removable drive asked for, without a medium. */
  CHECK_COUNT ("/domain/devices/disk[@device='cdrom']", 1);
  CHECK_XP ("/domain/devices/disk[@device='cdrom']/@type", "file");
  CHECK_XP ("/domain/devices/disk[@device='cdrom']/target/@dev", "sr1");
  CHECK_COUNT ("/domain/devices/disk[@device='cdrom']/source", 0);

  /* Interfaces and the network map (its own entry first, the first
   * bare entry for the others; a second eth0 entry is not used).
   */
  CHECK_COUNT ("/domain/devices/interface", 4);
  CHECK_COUNT ("/domain/devices/interface[@type='network']", 4);
  CHECK_XP ("/domain/devices/interface[1]/mac/@address", "52:54:00:00:00:b0");
  CHECK_XP ("/domain/devices/interface[1]/source/@network", "prod");
  CHECK_XP ("/domain/devices/interface[2]/mac/@address", "52:54:00:00:00:10");
  CHECK_XP ("/domain/devices/interface[2]/source/@network", "net1");
  CHECK_XP ("/domain/devices/interface[3]/mac/@address", "52:54:00:00:00:13");
  CHECK_XP ("/domain/devices/interface[3]/source/@network", "mgmt");
  CHECK_COUNT ("/domain/devices/interface[4]/mac", 0);
  CHECK_XP ("/domain/devices/interface[4]/source/@network", "mgmt");
  CHECK_COUNT ("/domain/devices/interface/model", 0);

  /* The version, in a comment before the root element. */
  CHECK_COUNT ("/comment()[contains(., 'virt-p2v " PACKAGE_VERSION "')]", 1);
 out:
  p2v_config_free (&c);
}

/* Defaults only: no model, no removables or interfaces, no map. */
static void
test_minimal (const struct p2v_machine *m)
{
  struct p2v_config c;
  CLEANUP_FREE char *err = NULL;
  CLEANUP_FREE char *xml = NULL;
  const struct nbd_source sources[] = { { .port = 50123 } };

  p2v_config_init (&c);
  set (&c, "p2v.disks=sda p2v.removable= p2v.interfaces=eth3 "
       "p2v.vcpu.phys_topo=no p2v.rtc.offset=-3600");
  CHECK (machine_apply_defaults (&c, m, false, &err) == 0);
  xml = physical_xml (&c, m, sources);
  CHECK (xml != NULL);
  if (xml == NULL || parse (xml) == -1)
    goto out;

  CHECK_XP ("/domain/name", "db1");
  CHECK_XP ("/domain/memory", "16777216");
  CHECK_XP ("/domain/vcpu", "16");
  CHECK_COUNT ("/domain/cpu/topology", 0);
  CHECK_COUNT ("/domain/cpu/model", 0);
  CHECK_XP ("/domain/cpu/vendor", "Intel");
  CHECK_COUNT ("/domain/features/*", 3);
  CHECK_XP ("/domain/clock/@offset", "variable");
  CHECK_XP ("/domain/clock/@basis", "utc");
  CHECK_XP ("/domain/clock/@adjustment", "-3600");
  CHECK_COUNT ("/domain/devices/disk", 1);
  CHECK_XP ("/domain/devices/disk/source/host/@port", "50123");
  CHECK_COUNT ("/domain/devices/interface", 1);
  CHECK_XP ("/domain/devices/interface/source/@network", "default");
  free (xml);
  /* A staged copy: a file disk. */
  xml = physical_xml (&c, m, (const struct nbd_source[]) {
      { .file = "/var/tmp/virt-p2v-disks.Ab12/sda.raw" } });
  CHECK (xml != NULL);
  if (xml == NULL || parse (xml) == -1)
    goto out;
  CHECK_COUNT ("/domain/devices/disk[@type='file']", 1);
  CHECK_XP ("/domain/devices/disk/source/@file",
            "/var/tmp/virt-p2v-disks.Ab12/sda.raw");
  CHECK_COUNT ("/domain/devices/disk/source/@protocol", 0);
  CHECK_COUNT ("/domain/devices/disk/source/host", 0);
  p2v_config_free (&c);

  /* No vendor, no topology, unknown clock: no <cpu>, no <clock>. */
  p2v_config_init (&c);
  free (c.rtc_basis);
  c.rtc_basis = strdup ("unknown");
  c.name = strdup ("x");
  c.vcpus = 2;
  c.memory = 1ULL << 30;
  c.acpi = c.apic = c.pae = false;
  string_vector_add (&c.disks, "sda");
  free (xml);
  xml = physical_xml (&c, m, sources);
  CHECK (xml != NULL);
  if (xml == NULL || parse (xml) == -1)
    goto out;
  CHECK_COUNT ("/domain/cpu", 0);
  CHECK_COUNT ("/domain/clock", 0);
  CHECK_COUNT ("/domain/features", 0);
 out:
  p2v_config_free (&c);
}

static void
test_errors (const struct p2v_machine *m)
{
  struct p2v_config c;
  const struct nbd_source sources[] = { { .port = 1 }, { .port = 2 } };
  char *xml;

  fprintf (stderr, "test-physical-xml: four errors are expected now:\n");
  /* A disk, drive or interface the machine does not have. */
  p2v_config_init (&c);
  c.name = strdup ("x");
  c.vcpus = 1;
  c.memory = 1ULL << 30;
  string_vector_add (&c.disks, "sdz");
  xml = physical_xml (&c, m, sources);
  CHECK (xml == NULL);
  free (xml);
  free (c.disks.ptr[0]);
  c.disks.ptr[0] = strdup ("sda");
  string_vector_add (&c.interfaces, "eth9");
  xml = physical_xml (&c, m, sources);
  CHECK (xml == NULL);
  free (xml);
  string_vector_free (&c.interfaces);
  string_vector_add (&c.removable, "sr7");
  xml = physical_xml (&c, m, sources);
  CHECK (xml == NULL);
  free (xml);
  string_vector_free (&c.removable);
  /* No disks at all. */
  string_vector_free (&c.disks);
  xml = physical_xml (&c, m, sources);
  CHECK (xml == NULL);
  free (xml);
  p2v_config_free (&c);
}

/* For the virt-v2v test: everything virt-v2v 2.2 reads, every disk at
 * localhost:PORT.  The expected values are in
 * tests/test-physical-xml-virt-v2v.sh.
 */
static int
write_for_virt_v2v (const struct p2v_machine *m, const char *path,
                    const char *port_str, const char *file)
{
  struct p2v_config c;
  CLEANUP_FREE char *err = NULL;
  CLEANUP_FREE char *xml = NULL;
  int port = atoi (port_str);
  const struct nbd_source sources[] = {
    { .port = port, .file = file }, { .port = port, .file = file },
  };
  int r = -1;

  p2v_config_init (&c);
  set (&c, "p2v.name=p2v-test-guest p2v.memory=3G p2v.cpu.model=Skylake-Client "
       "p2v.cpu.pae=no p2v.disks=sda,nvme0n1 p2v.removable=sr0,sr1 "
       "p2v.interfaces=bond0,eth0,wlan0 p2v.network_map=bond0:prod,lan");
  if (machine_apply_defaults (&c, m, false, &err) == -1) {
    fprintf (stderr, "test-physical-xml: %s\n", err);
    goto out;
  }
  xml = physical_xml (&c, m, sources);
  if (xml == NULL)
    goto out;
  if (write_file_atomic (path, xml, strlen (xml), 0644) == -1) {
    fprintf (stderr, "test-physical-xml: %s: %m\n", path);
    goto out;
  }
  r = 0;
 out:
  p2v_config_free (&c);
  return r;
}

int
main (int argc, char *argv[])
{
  struct p2v_machine m;
  const char *out = getenv ("P2V_TEST_XML_OUT");

  LIBXML_TEST_VERSION;
  build_machine (&m);

  test_network_map ();
  test_full (&m);
  test_minimal (&m);
  test_errors (&m);

  if (out && write_for_virt_v2v (&m, out, getenv ("P2V_TEST_NBD_PORT") ?: "10809",
                                 getenv ("P2V_TEST_FILE")) == -1)
    failures++;

  if (ctx) xmlXPathFreeContext (ctx);
  if (doc) xmlFreeDoc (doc);
  machine_free (&m);
  xmlCleanupParser ();
  if (failures) {
    fprintf (stderr, "test-physical-xml: %d check(s) failed\n", failures);
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
