/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Network settings chosen in the wizard ("Configure network"), applied
 * through systemd-networkd, which runs on our boot media: one
 * /run/systemd/network/50-p2v-IFACE.network file (it sorts before the
 * 90-*.network that ip= on the kernel command line becomes, and the
 * media's 99-p2v-wired.network, so it wins), then networkctl reload
 * and reconfigure.
 *
 * Every path is under a root: "" for the running system, a scratch
 * directory for the tests (VIRT_P2V_NETCONF_ROOT).
 */

#ifndef P2V_NETCONF_H
#define P2V_NETCONF_H

#include <stdbool.h>

struct netconf {
  const char *iface;            /* "eth0" */
  bool dhcp;                    /* else static IPv4: */
  const char *address;          /* "10.0.2.15/24" */
  const char *gateway;          /* "10.0.2.2", or NULL/"" for none */
  const char *dns;              /* "10.0.2.3 192.0.2.53" (spaces or
                                   commas), or NULL/"" for none */
};

/* Checks of one field: NULL if good, else why not (a static string
 * that reads after "FIELD: ").
 */
extern const char *netconf_check_iface (const char *name);
extern const char *netconf_check_address (const char *text);
extern const char *netconf_check_ipv4 (const char *text);
extern const char *netconf_check_dns (const char *text);
/* The gateway inside the network of address (both already good). */
extern const char *netconf_check_gateway (const char *address,
                                          const char *gateway);
/* All fields of nc together, and the gateway inside the address's
 * network.  Returns -1 with "FIELD: WHY" in *errmsg (malloc'd).
 */
extern int netconf_check (const struct netconf *nc, char **errmsg);

/* The .network file and the resolv.conf for nc (malloc'd, NULL on
 * ENOMEM).  resolv.conf text is NULL with errno 0 when nc has no DNS
 * servers (DHCP, or none given).
 */
extern char *netconf_network_text (const struct netconf *nc);
extern char *netconf_resolv_text (const struct netconf *nc);
/* ROOT/run/systemd/network/50-p2v-IFACE.network (malloc'd). */
extern char *netconf_network_path (const char *root, const char *iface);

/* Write the .network file (and ROOT/etc/resolv.conf when nc has DNS
 * servers), each under a temporary name then renamed, mode 0644.
 * Returns -1 with the error logged.
 */
extern int netconf_write (const struct netconf *nc, const char *root);

/* Is a process whose /proc/PID/comm is comm running under root? */
extern bool netconf_process_running (const char *root, const char *comm);

/* From the output of "ip -o -4 addr show dev IFACE": the first
 * global address ("10.0.2.15/24", malloc'd) and whether it has a
 * lifetime (*dynamic: a DHCP lease), or NULL if there is none.
 */
extern char *netconf_parse_ip_addr (const char *out, bool *dynamic);
/* From the output of "ip -4 route show default dev IFACE": the
 * gateway (malloc'd), or NULL.
 */
extern char *netconf_parse_ip_route (const char *out);

/* ROOT/etc/resolv.conf from the DNS servers of the interface's DHCP
 * lease (ROOT/run/systemd/netif/leases/IFINDEX), if it has any.
 * Returns -1 with the error logged.
 */
extern int netconf_resolv_from_lease (const struct netconf *nc,
                                      const char *root);

/* Write nc under root, have networkd take it (networkctl reload,
 * networkctl reconfigure IFACE) and wait up to timeout seconds until
 * the interface has it: the static address without a lifetime (and
 * the default route through the gateway), or for DHCP a leased
 * address, whose DNS servers then go to ROOT/etc/resolv.conf.  On
 * success *result is what the interface has now, e.g.
 * "10.0.2.15/24 (static), gateway 10.0.2.2" (malloc'd).  Returns -1
 * with the error logged.  Slow: run it in a worker thread.
 */
extern int netconf_apply (const struct netconf *nc, const char *root,
                          double timeout, char **result);

#endif /* P2V_NETCONF_H */
