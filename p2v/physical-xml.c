/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Writing physical.xml with libxml2's xmlTextWriter.
 *
 * What virt-v2v (2.2, input/parse_libvirt_xml.ml) reads, and so what
 * must be right: domain/@type, name, memory (always taken as KiB,
 * whatever its unit attribute says), vcpu, cpu vendor/model/topology
 * (the topology only when all three numbers are there), the names of
 * the elements under features, disk[@device='disk'] of type network
 * with protocol nbd at host "localhost" and a port (other NBD sources
 * are ignored with a warning) or of type file (a staged copy),
 * target/@bus (the source controller),
 * removables (cdrom/floppy, slot from target/@dev "srN", "hdX"...),
 * and interfaces of type network with mac and source/@network.
 * clock and os are not read; they are written for people.
 */

#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "cleanup.h"
#include "log.h"
#include "physical-xml.h"
#include "utils.h"

const char *
network_map_lookup (const string_vector *map, const char *iface)
{
  size_t n = strlen (iface);
  const char *dflt = NULL;

  for (size_t i = 0; i < map->len; ++i) {
    const char *e = map->ptr[i];
    const char *colon = strchr (e, ':');

    if (colon == NULL) {
      if (dflt == NULL && *e)
        dflt = e;
    }
    else if ((size_t) (colon - e) == n && STREQLEN (e, iface, n))
      return colon + 1;
  }
  return dflt ? dflt : "default";
}

/* A writer whose first failure sticks: each call does nothing once
 * one has failed, and the caller checks once at the end.
 */
struct writer {
  xmlTextWriterPtr w;
  bool failed;
};

static void
start (struct writer *x, const char *element)
{
  if (!x->failed &&
      xmlTextWriterStartElement (x->w, BAD_CAST element) < 0)
    x->failed = true;
}

static void
end (struct writer *x)
{
  if (!x->failed && xmlTextWriterEndElement (x->w) < 0)
    x->failed = true;
}

static void __attribute__ ((format (printf, 3, 4)))
attr (struct writer *x, const char *name, const char *fs, ...)
{
  va_list args;

  if (x->failed)
    return;
  va_start (args, fs);
  if (xmlTextWriterWriteVFormatAttribute (x->w, BAD_CAST name, fs, args) < 0)
    x->failed = true;
  va_end (args);
}

/* <element>text</element> */
static void __attribute__ ((format (printf, 3, 4)))
text_element (struct writer *x, const char *element, const char *fs, ...)
{
  va_list args;

  if (x->failed)
    return;
  va_start (args, fs);
  if (xmlTextWriterWriteVFormatElement (x->w, BAD_CAST element, fs, args) < 0)
    x->failed = true;
  va_end (args);
}

/* <element/> */
static void
empty_element (struct writer *x, const char *element)
{
  start (x, element);
  end (x);
}

/* <!-- text -->, with any "--" (not allowed in a comment) broken up. */
static void __attribute__ ((format (printf, 2, 3)))
comment (struct writer *x, const char *fs, ...)
{
  va_list args;
  char *text = NULL;
  int r;

  if (x->failed)
    return;
  va_start (args, fs);
  r = vasprintf (&text, fs, args);
  va_end (args);
  if (r == -1) {
    x->failed = true;
    return;
  }
  for (char *p = text; *p; ++p)
    if (p[0] == '-' && (p[1] == '-' || p[1] == '\0'))
      p[0] = '_';
  if (xmlTextWriterWriteFormatComment (x->w, " %s ", text) < 0)
    x->failed = true;
  free (text);
}

static void
write_cpu (struct writer *x, const struct p2v_config *c)
{
  bool topology = c->sockets > 0 && c->cores > 0 && c->threads > 0;

  if (!c->cpu_vendor && !c->cpu_model && !topology)
    return;
  start (x, "cpu");
  attr (x, "match", "minimum");
  if (c->cpu_vendor)
    text_element (x, "vendor", "%s", c->cpu_vendor);
  if (c->cpu_model) {
    start (x, "model");
    attr (x, "fallback", "allow");
    if (!x->failed && xmlTextWriterWriteString (x->w, BAD_CAST c->cpu_model) < 0)
      x->failed = true;
    end (x);
  }
  if (topology) {
    start (x, "topology");
    attr (x, "sockets", "%d", c->sockets);
    attr (x, "cores", "%d", c->cores);
    attr (x, "threads", "%d", c->threads);
    end (x);
  }
  end (x);
}

static void
write_features_clock_os (struct writer *x, const struct p2v_config *c,
                         const struct p2v_machine *m)
{
  if (c->acpi || c->apic || c->pae) {
    start (x, "features");
    if (c->acpi) empty_element (x, "acpi");
    if (c->apic) empty_element (x, "apic");
    if (c->pae) empty_element (x, "pae");
    end (x);
  }

  /* libvirt: a clock kept in basis, off by adjustment seconds. */
  if (c->rtc_basis && STRNEQ (c->rtc_basis, "unknown")) {
    start (x, "clock");
    if (c->rtc_offset == 0)
      attr (x, "offset", "%s", c->rtc_basis);
    else {
      attr (x, "offset", "variable");
      attr (x, "basis", "%s", c->rtc_basis);
      attr (x, "adjustment", "%d", c->rtc_offset);
    }
    end (x);
  }

  start (x, "os");
  start (x, "type");
  attr (x, "arch", "%s", m->arch ? m->arch : "x86_64");
  if (!x->failed && xmlTextWriterWriteString (x->w, BAD_CAST "hvm") < 0)
    x->failed = true;
  end (x);
  end (x);
}

/* Target names follow the bus, as libvirt would name them, numbered
 * per prefix: sda, sdb, hda, vda...
 */
static const char *
target_prefix (const char *bus)
{
  if (bus && STREQ (bus, "ide")) return "hd";
  if (bus && STREQ (bus, "virtio")) return "vd";
  return "sd";
}

static int
write_disk (struct writer *x, const struct p2v_disk *d, size_t index,
            const struct nbd_source *src)
{
  CLEANUP_FREE char *target = drive_name (target_prefix (d->bus), index);
  char size[32];

  if (target == NULL)
    return -1;
  human_size (d->size, size, sizeof size);
  comment (x, "%s: %s, %s%s%s", d->name, d->dev_path, size,
           d->model ? ", " : "", d->model ? d->model : "");
  start (x, "disk");
  attr (x, "type", src->file ? "file" : "network");
  attr (x, "device", "disk");
  start (x, "driver");
  attr (x, "name", "qemu");
  attr (x, "type", "raw");
  end (x);
  start (x, "source");
  if (src->file)
    attr (x, "file", "%s", src->file);
  else {
    attr (x, "protocol", "nbd");
    start (x, "host");
    if (src->socket) {
      attr (x, "transport", "unix");
      attr (x, "socket", "%s", src->socket);
    }
    else {
      attr (x, "name", "%s", src->host ? src->host : "localhost");
      attr (x, "port", "%d", src->port);
    }
    end (x);
  }
  end (x);
  start (x, "target");
  attr (x, "dev", "%s", target);
  if (d->bus)
    attr (x, "bus", "%s", d->bus);
  end (x);
  end (x);
  return 0;
}

/* A drive with no medium: virt-v2v recreates the drive only. */
static void
write_removable (struct writer *x, const struct p2v_removable *r)
{
  start (x, "disk");
  attr (x, "type", "file");
  attr (x, "device", "cdrom");
  start (x, "driver");
  attr (x, "name", "qemu");
  attr (x, "type", "raw");
  end (x);
  start (x, "target");
  attr (x, "dev", "%s", r->name);
  end (x);
  empty_element (x, "readonly");
  end (x);
}

static void
write_interface (struct writer *x, const struct p2v_interface *n,
                 const char *network)
{
  comment (x, "%s: %s", n->name, n->kind);
  start (x, "interface");
  attr (x, "type", "network");
  if (n->mac) {
    start (x, "mac");
    attr (x, "address", "%s", n->mac);
    end (x);
  }
  start (x, "source");
  attr (x, "network", "%s", network);
  end (x);
  end (x);
}

static int
write_devices (struct writer *x, const struct p2v_config *c,
               const struct p2v_machine *m, const struct nbd_source *sources)
{
  start (x, "devices");
  for (size_t i = 0; i < c->disks.len; ++i) {
    const struct p2v_disk *d = machine_find_disk (m, c->disks.ptr[i]);
    size_t index = 0;

    if (d == NULL) {
      log_error ("physical.xml: p2v.disks: %s: no such disk on this machine",
                 c->disks.ptr[i]);
      return -1;
    }
    for (size_t j = 0; j < i; ++j) {
      const struct p2v_disk *e = machine_find_disk (m, c->disks.ptr[j]);
      if (STREQ (target_prefix (e->bus), target_prefix (d->bus)))
        index++;
    }
    if (write_disk (x, d, index, &sources[i]) == -1)
      x->failed = true;
  }
  for (size_t i = 0; i < c->removable.len; ++i) {
    const struct p2v_removable *r =
      machine_find_removable (m, c->removable.ptr[i]);
    if (r == NULL) {
      log_error ("physical.xml: p2v.removable: %s: no such removable drive "
                 "on this machine", c->removable.ptr[i]);
      return -1;
    }
    write_removable (x, r);
  }
  for (size_t i = 0; i < c->interfaces.len; ++i) {
    const struct p2v_interface *n =
      machine_find_interface (m, c->interfaces.ptr[i]);
    if (n == NULL) {
      log_error ("physical.xml: p2v.interfaces: %s: no such network "
                 "interface on this machine", c->interfaces.ptr[i]);
      return -1;
    }
    write_interface (x, n, network_map_lookup (&c->network_map, n->name));
  }
  end (x);
  return 0;
}

char *
physical_xml (const struct p2v_config *c, const struct p2v_machine *m,
              const struct nbd_source *sources)
{
  xmlBufferPtr buf = NULL;
  struct writer x = { NULL, false };
  char *r = NULL;

  if (c->name == NULL || c->memory == 0 || c->vcpus <= 0 ||
      c->disks.len == 0) {
    log_error ("physical.xml: the guest needs a name, memory, vCPUs and at "
               "least one disk (machine_apply_defaults not called?)");
    return NULL;
  }
  if ((buf = xmlBufferCreate ()) == NULL ||
      (x.w = xmlNewTextWriterMemory (buf, 0)) == NULL) {
    log_error ("physical.xml: cannot create the XML writer");
    goto out;
  }
  if (xmlTextWriterSetIndent (x.w, 1) < 0 ||
      xmlTextWriterSetIndentString (x.w, BAD_CAST "  ") < 0 ||
      xmlTextWriterStartDocument (x.w, NULL, "UTF-8", NULL) < 0)
    x.failed = true;

  comment (&x, "Written by virt-p2v %s for virt-v2v -i libvirtxml.  "
           "This is not libvirt XML: do not define it in libvirt.",
           PACKAGE_VERSION);
  start (&x, "domain");
  attr (&x, "type", "physical");
  text_element (&x, "name", "%s", c->name);
  start (&x, "memory");
  attr (&x, "unit", "KiB");     /* virt-v2v ignores the unit: KiB it is */
  if (!x.failed && xmlTextWriterWriteFormatString (x.w, "%" PRIu64,
                                                   c->memory / 1024) < 0)
    x.failed = true;
  end (&x);
  start (&x, "currentMemory");
  attr (&x, "unit", "KiB");
  if (!x.failed && xmlTextWriterWriteFormatString (x.w, "%" PRIu64,
                                                   c->memory / 1024) < 0)
    x.failed = true;
  end (&x);
  text_element (&x, "vcpu", "%d", c->vcpus);
  write_cpu (&x, c);
  write_features_clock_os (&x, c, m);
  if (write_devices (&x, c, m, sources) == -1)
    goto out;                   /* error logged */
  end (&x);                     /* domain */
  if (!x.failed && xmlTextWriterEndDocument (x.w) < 0)
    x.failed = true;
  if (x.failed) {
    log_error ("physical.xml: libxml2 failed writing the document");
    goto out;
  }
  xmlFreeTextWriter (x.w);      /* flushes into buf */
  x.w = NULL;
  r = strdup ((const char *) xmlBufferContent (buf));
  if (r == NULL)
    log_error ("physical.xml: %m");
 out:
  if (x.w)
    xmlFreeTextWriter (x.w);
  if (buf)
    xmlBufferFree (buf);
  return r;
}
