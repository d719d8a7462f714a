/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* physical.xml: the libvirt-style description of the physical
 * machine that "virt-v2v -i libvirtxml" reads on the conversion
 * server.  It is not real libvirt XML (libvirt would reject
 * type="physical"); only what virt-v2v reads matters.
 */

#ifndef P2V_PHYSICAL_XML_H
#define P2V_PHYSICAL_XML_H

#include "machine.h"
#include "p2v-config.h"
#include "string-vector.h"

/* Where the conversion server reaches one disk's NBD export. */
struct nbd_source {
  const char *host;             /* NULL: "localhost" */
  int port;
  /* A Unix socket path on the server, instead of host:port.  Note:
   * virt-v2v 2.2 ignores such disks (and any host but "localhost");
   * only localhost:PORT is read.
   */
  const char *socket;
  /* A file on the server (a staged copy), instead of NBD. */
  const char *file;
};

/* physical-xml.c */
/* The XML document for converting c on machine m, where disk
 * c->disks.ptr[i] is served at sources[i].  Returns a malloc'd
 * NUL-terminated string, or NULL (error logged).
 */
extern char *physical_xml (const struct p2v_config *c,
                           const struct p2v_machine *m,
                           const struct nbd_source *sources);

/* The target network for interface iface under p2v.network_map:
 * its own "iface:net" entry, else the first bare "net" entry, else
 * "default".  Points into map (or is a literal).
 */
extern const char *network_map_lookup (const string_vector *map,
                                       const char *iface);

#endif /* P2V_PHYSICAL_XML_H */
