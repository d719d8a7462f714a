/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* "Configure network" without the GUI: checking the fields, the
 * systemd-networkd file they make, writing it and having networkd
 * apply it.  See netconf.h.
 */

#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "netconf.h"
#include "string-vector.h"
#include "utils.h"

/* What the file name and networkd's Name= glob can carry safely. */
const char *
netconf_check_iface (const char *name)
{
  size_t n = name ? strlen (name) : 0;

  if (n == 0)
    return "choose an interface";
  if (n > 15 || STREQ (name, ".") || STREQ (name, ".."))
    return "not an interface name";
  for (size_t i = 0; i < n; ++i)
    if (!isalnum ((unsigned char) name[i]) && !strchr ("_.-", name[i]))
      return "not an interface name";
  return NULL;
}

static bool
parse_ipv4 (const char *text, uint32_t *addr)
{
  struct in_addr a;

  /* inet_pton takes only the dotted quad, each part 0-255. */
  if (inet_pton (AF_INET, text, &a) != 1)
    return false;
  *addr = ntohl (a.s_addr);
  return true;
}

/* An address this machine can use: not 0.0.0.0, loopback, multicast
 * or the broadcast address.
 */
static const char *
check_host (uint32_t a)
{
  if (a == 0 || a == 0xffffffff)
    return "not a host address";
  if ((a >> 24) == 127)
    return "a loopback address";
  if ((a >> 28) == 0xe)
    return "a multicast address";
  return NULL;
}

const char *
netconf_check_ipv4 (const char *text)
{
  uint32_t a;

  if (text == NULL || *text == '\0')
    return "empty";
  if (!parse_ipv4 (text, &a))
    return "not an IPv4 address (four numbers 0-255, like 192.0.2.1)";
  return check_host (a);
}

/* "A.B.C.D/N" into the address and prefix length. */
static const char *
parse_address (const char *text, uint32_t *addr, int *prefix)
{
  const char *slash;
  char quad[INET_ADDRSTRLEN];
  char *end;
  long n;

  if (text == NULL || *text == '\0')
    return "empty";
  slash = strchr (text, '/');
  if (slash == NULL)
    return "give the prefix length too, like 192.0.2.10/24";
  if ((size_t) (slash - text) >= sizeof quad)
    return "not an IPv4 address (four numbers 0-255, like 192.0.2.1)";
  memcpy (quad, text, slash - text);
  quad[slash - text] = '\0';
  if (!parse_ipv4 (quad, addr))
    return "not an IPv4 address (four numbers 0-255, like 192.0.2.1)";
  errno = 0;
  n = strtol (slash + 1, &end, 10);
  if (!isdigit ((unsigned char) slash[1]) || *end != '\0' || errno ||
      n < 1 || n > 32)
    return "the prefix length after / must be 1 to 32";
  *prefix = n;
  return NULL;
}

static uint32_t
netmask (int prefix)
{
  return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
}

const char *
netconf_check_address (const char *text)
{
  uint32_t a, host;
  int prefix;
  const char *why = parse_address (text, &a, &prefix);

  if (why || (why = check_host (a)))
    return why;
  /* /31 and /32 have no network or broadcast address (RFC 3021). */
  host = a & ~netmask (prefix);
  if (prefix <= 30 && host == 0)
    return "that is the network's own address, not a host's";
  if (prefix <= 30 && host == ~netmask (prefix))
    return "that is the network's broadcast address";
  return NULL;
}

/* Split the DNS field into addresses. */
static int
split_dns (const char *text, string_vector *v)
{
  return string_vector_split (v, text ? text : "", " ,\t");
}

const char *
netconf_check_dns (const char *text)
{
  CLEANUP_FREE_STRING_VECTOR string_vector v = empty_vector;

  if (split_dns (text, &v) == -1)
    return "out of memory";
  /* resolv.conf: glibc reads at most three (MAXNS). */
  if (v.len > 3)
    return "at most three servers";
  for (size_t i = 0; i < v.len; ++i)
    if (netconf_check_ipv4 (v.ptr[i]))
      return "IPv4 addresses separated by spaces or commas, "
        "like 192.0.2.53 198.51.100.53";
  return NULL;
}

const char *
netconf_check_gateway (const char *address, const char *gateway)
{
  uint32_t a = 0, gw = 0;
  int prefix = 32;

  parse_address (address, &a, &prefix);
  parse_ipv4 (gateway, &gw);
  /* Else the route to it would need one of its own. */
  if ((a & netmask (prefix)) != (gw & netmask (prefix)) ||
      (prefix < 32 && gw == a))
    return "not another host on the address's network";
  return NULL;
}

int
netconf_check (const struct netconf *nc, char **errmsg)
{
  const char *why;

  *errmsg = NULL;
  if ((why = netconf_check_iface (nc->iface))) {
    if (asprintf (errmsg, "interface: %s", why) == -1)
      *errmsg = NULL;
    return -1;
  }
  if (nc->dhcp)
    return 0;
  if ((why = netconf_check_address (nc->address))) {
    if (asprintf (errmsg, "address: %s", why) == -1)
      *errmsg = NULL;
    return -1;
  }
  if (nc->gateway && *nc->gateway) {
    if ((why = netconf_check_ipv4 (nc->gateway))) {
      if (asprintf (errmsg, "gateway: %s", why) == -1)
        *errmsg = NULL;
      return -1;
    }
    if (netconf_check_gateway (nc->address, nc->gateway)) {
      if (asprintf (errmsg, "gateway: %s is not another host on the "
                    "network of %s", nc->gateway, nc->address) == -1)
        *errmsg = NULL;
      return -1;
    }
  }
  if ((why = netconf_check_dns (nc->dns))) {
    if (asprintf (errmsg, "DNS servers: %s", why) == -1)
      *errmsg = NULL;
    return -1;
  }
  return 0;
}

char *
netconf_network_text (const struct netconf *nc)
{
  CLEANUP_FREE_STRING_VECTOR string_vector dns = empty_vector;
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL)
    return NULL;
  fprintf (fp,
           "# Written by virt-p2v (\"Configure network\" in the wizard).\n"
           "# 50- sorts before the 90-*.network made from ip= and the\n"
           "# media's 99-p2v-wired.network, so this one applies.\n"
           "[Match]\n"
           "Name=%s\n"
           "\n"
           "[Network]\n", nc->iface);
  if (nc->dhcp)
    fprintf (fp, "DHCP=yes\nIPv6AcceptRA=yes\n");
  else {
    fprintf (fp, "DHCP=no\nAddress=%s\n", nc->address);
    if (nc->gateway && *nc->gateway)
      fprintf (fp, "Gateway=%s\n", nc->gateway);
    if (split_dns (nc->dns, &dns) == -1) {
      fclose (fp);
      free (text);
      return NULL;
    }
    for (size_t i = 0; i < dns.len; ++i)
      fprintf (fp, "DNS=%s\n", dns.ptr[i]);
  }
  fprintf (fp, "LinkLocalAddressing=no\n");
  if (fclose (fp) == EOF) {
    free (text);
    return NULL;
  }
  return text;
}

char *
netconf_resolv_text (const struct netconf *nc)
{
  CLEANUP_FREE_STRING_VECTOR string_vector dns = empty_vector;
  char *text = NULL;
  size_t len = 0;
  FILE *fp;

  errno = 0;
  if (nc->dhcp || split_dns (nc->dns, &dns) == -1 || dns.len == 0)
    return NULL;
  if ((fp = open_memstream (&text, &len)) == NULL)
    return NULL;
  fprintf (fp, "# Written by virt-p2v (\"Configure network\").\n");
  for (size_t i = 0; i < dns.len; ++i)
    fprintf (fp, "nameserver %s\n", dns.ptr[i]);
  if (fclose (fp) == EOF) {
    free (text);
    return NULL;
  }
  return text;
}

char *
netconf_network_path (const char *root, const char *iface)
{
  char *path;

  if (asprintf (&path, "%s/run/systemd/network/50-p2v-%s.network",
                root, iface) == -1)
    return NULL;
  return path;
}

/* mkdir -p of ROOT/run/systemd/network (it exists only once a
 * generator or an earlier run put something there).
 */
static int
make_network_dir (const char *root)
{
  static const char *const parts[] = { "/run", "/systemd", "/network" };
  CLEANUP_FREE char *dir = strdup (root);

  for (size_t i = 0; dir && i < sizeof parts / sizeof parts[0]; ++i) {
    char *d;
    if (asprintf (&d, "%s%s", dir, parts[i]) == -1)
      return -1;
    free (dir);
    dir = d;
    if (mkdir (dir, 0755) == -1 && errno != EEXIST) {
      log_error ("cannot create \"%s\": %m", dir);
      return -1;
    }
  }
  return dir ? 0 : -1;
}

/* ROOT/etc/resolv.conf, replaced whole. */
static int
write_resolv (const char *root, const char *text)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s/etc/resolv.conf", root) == -1) {
    log_error ("out of memory");
    return -1;
  }
  if (write_file_atomic (path, text, strlen (text), 0644) == -1) {
    log_error ("cannot write \"%s\": %m", path);
    return -1;
  }
  return 0;
}

int
netconf_write (const struct netconf *nc, const char *root)
{
  CLEANUP_FREE char *path = netconf_network_path (root, nc->iface);
  CLEANUP_FREE char *text = netconf_network_text (nc);
  CLEANUP_FREE char *resolv = netconf_resolv_text (nc);

  if (path == NULL || text == NULL || (resolv == NULL && errno)) {
    log_error ("out of memory");
    return -1;
  }
  if (make_network_dir (root) == -1)
    return -1;
  if (write_file_atomic (path, text, strlen (text), 0644) == -1) {
    log_error ("cannot write \"%s\": %m", path);
    return -1;
  }
  return resolv ? write_resolv (root, resolv) : 0;
}

bool
netconf_process_running (const char *root, const char *comm)
{
  CLEANUP_FREE char *proc = NULL;
  DIR *d;
  struct dirent *e;
  bool found = false;

  if (asprintf (&proc, "%s/proc", root) == -1 || (d = opendir (proc)) == NULL)
    return false;
  while (!found && (e = readdir (d)) != NULL) {
    CLEANUP_FREE char *path = NULL, *name = NULL;
    if (!isdigit ((unsigned char) e->d_name[0]) ||
        asprintf (&path, "%s/%s/comm", proc, e->d_name) == -1)
      continue;
    if ((name = read_whole_file (path, NULL)) == NULL)
      continue;
    chomp (name);
    found = STREQ (name, comm);
  }
  closedir (d);
  return found;
}

char *
netconf_parse_ip_addr (const char *out, bool *dynamic)
{
  CLEANUP_FREE_STRING_VECTOR string_vector lines = empty_vector;

  *dynamic = false;
  if (string_vector_split (&lines, out ? out : "", "\n") == -1)
    return NULL;
  for (size_t i = 0; i < lines.len; ++i) {
    CLEANUP_FREE_STRING_VECTOR string_vector w = empty_vector;
    const char *addr = NULL;
    bool global = false, dyn = false;

    /* "2: eth0    inet 10.0.2.15/24 brd ... scope global dynamic eth0\
     *        valid_lft 86313sec preferred_lft 86313sec"
     */
    if (string_vector_split (&w, lines.ptr[i], " \t") == -1)
      return NULL;
    for (size_t j = 0; j < w.len && !STREQ (w.ptr[j], "\\"); ++j) {
      if (STREQ (w.ptr[j], "inet") && j + 1 < w.len)
        addr = w.ptr[j + 1];
      else if (STREQ (w.ptr[j], "scope") && j + 1 < w.len)
        global = STREQ (w.ptr[j + 1], "global");
      else if (STREQ (w.ptr[j], "dynamic"))
        dyn = true;
    }
    if (addr && global) {
      *dynamic = dyn;
      return strdup (addr);
    }
  }
  return NULL;
}

char *
netconf_parse_ip_route (const char *out)
{
  CLEANUP_FREE_STRING_VECTOR string_vector w = empty_vector;

  /* "default via 10.0.2.2 proto static" */
  if (string_vector_split (&w, out ? out : "", " \t\n") == -1)
    return NULL;
  for (size_t j = 0; j + 2 < w.len; ++j)
    if (STREQ (w.ptr[j], "default") && STREQ (w.ptr[j + 1], "via"))
      return strdup (w.ptr[j + 2]);
  return NULL;
}

/* Run a short command; -1 with its stderr in the error (logged
 * unless quiet: a poll that fails once is not an error yet).
 */
static int
run (const char *const *argv, char **out, bool quiet)
{
  CLEANUP_FREE char *err = NULL, *status = NULL;
  /* networkctl answers in milliseconds on real hardware; a slow
   * machine (an emulated one under load) took over 30 s once.
   */
  struct command_opts opts = { .out = out, .err = &err, .timeout = 120 };
  int r = command_run (argv, &opts);

  if (r == 0)
    return 0;
  if (r == -1 || quiet)
    return -1;
  status = exit_status_to_string (r, argv[0]);
  if (err)
    chomp (err);
  log_error ("%s %s: %s%s%s", argv[0], argv[1], status ? status : "failed",
             err && *err ? ": " : "", err ? err : "");
  return -1;
}

/* What the interface has now; true if it is what nc asked for. */
static bool
interface_has (const struct netconf *nc, char **result)
{
  const char *addr_argv[] = { "ip", "-o", "-4", "addr", "show", "dev",
                              nc->iface, NULL };
  const char *route_argv[] = { "ip", "-4", "route", "show", "default", "dev",
                               nc->iface, NULL };
  CLEANUP_FREE char *aout = NULL, *rout = NULL, *addr = NULL, *gw = NULL;
  bool dynamic, ok;

  *result = NULL;
  if (run (addr_argv, &aout, true) == -1 ||
      run (route_argv, &rout, true) == -1)
    return false;
  addr = netconf_parse_ip_addr (aout, &dynamic);
  gw = netconf_parse_ip_route (rout);
  if (addr == NULL)
    return false;
  /* A DHCP lease has a lifetime; networkd's static address does not:
   * so an address that was leased before is not taken for the static
   * one.
   */
  if (nc->dhcp)
    ok = dynamic;
  else
    ok = !dynamic && STREQ (addr, nc->address) &&
      (nc->gateway == NULL || *nc->gateway == '\0' ||
       (gw && STREQ (gw, nc->gateway)));
  if (asprintf (result, "%s (%s)%s%s", addr, dynamic ? "DHCP" : "static",
                gw ? ", gateway " : "", gw ? gw : "") == -1)
    *result = NULL;
  return ok;
}

/* networkd without resolved writes no resolv.conf: the launcher
 * takes the leases' DNS servers at boot; after DHCP here, so must we,
 * or servers typed for an earlier static setting would linger.
 */
int
netconf_resolv_from_lease (const struct netconf *nc, const char *root)
{
  CLEANUP_FREE char *path = NULL, *lease = NULL;
  CLEANUP_FREE char *dns = NULL;
  unsigned idx = if_nametoindex (nc->iface);
  char *line, *save = NULL;

  if (idx == 0 ||
      asprintf (&path, "%s/run/systemd/netif/leases/%u", root, idx) == -1 ||
      (lease = read_whole_file (path, NULL)) == NULL)
    return 0;                   /* no lease file: leave resolv.conf */
  for (line = strtok_r (lease, "\n", &save); line && !dns;
       line = strtok_r (NULL, "\n", &save))
    if (STRPREFIX (line, "DNS="))
      dns = strdup (line + 4);
  if (dns == NULL || *dns == '\0')
    return 0;
  struct netconf st = { .iface = nc->iface, .dns = dns };
  CLEANUP_FREE char *text = netconf_resolv_text (&st);
  if (text == NULL) {
    log_error ("out of memory");
    return -1;
  }
  return write_resolv (root, text);
}

int
netconf_apply (const struct netconf *nc, const char *root, double timeout,
               char **result)
{
  const char *reload[] = { "networkctl", "reload", NULL };
  const char *reconf[] = { "networkctl", "reconfigure", nc->iface, NULL };
  CLEANUP_FREE char *errmsg = NULL, *have = NULL;
  double deadline = now_monotonic () + timeout;
  const struct timespec pause = { 0, 250 * 1000 * 1000 };

  *result = NULL;
  if (netconf_check (nc, &errmsg) == -1) {
    log_error ("%s", errmsg ? errmsg : "out of memory");
    return -1;
  }
  if (netconf_write (nc, root) == -1 || run (reload, NULL, false) == -1 ||
      run (reconf, NULL, false) == -1)
    return -1;
  for (;;) {
    free (have);
    if (interface_has (nc, &have)) {
      if (nc->dhcp && netconf_resolv_from_lease (nc, root) == -1)
        return -1;
      *result = have;
      have = NULL;
      return 0;
    }
    if (now_monotonic () > deadline)
      break;
    nanosleep (&pause, NULL);
  }
  log_error ("%s: not configured after %g seconds (it has %s): is the "
             "cable in?  \"networkctl status %s\" in a root shell "
             "(Ctrl-Alt-F2) tells more", nc->iface, timeout,
             have ? have : "no IPv4 address", nc->iface);
  return -1;
}
