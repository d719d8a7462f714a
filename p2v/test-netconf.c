/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test "Configure network" below the GUI: the field checks, the
 * networkd file and resolv.conf they make, writing them under a
 * scratch root (names, modes, no temporary left behind), resolv.conf
 * from a DHCP lease, spotting a running daemon, and reading back what
 * "ip" says.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "netconf.h"
#include "utils.h"
#include "test-check.h"

int failures;

static void
test_checks (void)
{
  CHECK (netconf_check_address ("10.0.2.15/24") == NULL);
  CHECK (netconf_check_address ("192.0.2.1/32") == NULL);
  CHECK (netconf_check_address ("192.0.2.0/31") == NULL);
  CHECK (netconf_check_address ("10.0.2.300/24") != NULL);
  CHECK (netconf_check_address ("10.0.2.15") != NULL);
  CHECK (netconf_check_address ("10.0.2.15/") != NULL);
  CHECK (netconf_check_address ("10.0.2.15/33") != NULL);
  CHECK (netconf_check_address ("10.0.2.15/0") != NULL);
  CHECK (netconf_check_address ("10.0.2.15/24x") != NULL);
  CHECK (netconf_check_address ("10.0.2.15/+24") != NULL);
  CHECK (netconf_check_address ("10.0.2/24") != NULL);
  CHECK (netconf_check_address ("10.0.2.0/24") != NULL);
  CHECK (netconf_check_address ("10.0.2.255/24") != NULL);
  CHECK (netconf_check_address ("127.0.0.2/8") != NULL);
  CHECK (netconf_check_address ("224.0.0.1/24") != NULL);
  CHECK (netconf_check_address ("") != NULL);
  CHECK (netconf_check_address (" 10.0.2.15/24") != NULL);

  CHECK (netconf_check_ipv4 ("10.0.2.2") == NULL);
  CHECK (netconf_check_ipv4 ("10.0.2.2/24") != NULL);
  CHECK (netconf_check_ipv4 ("10.0.2") != NULL);
  CHECK (netconf_check_ipv4 ("ten") != NULL);

  CHECK (netconf_check_dns ("") == NULL);
  CHECK (netconf_check_dns (NULL) == NULL);
  CHECK (netconf_check_dns ("10.0.2.3") == NULL);
  CHECK (netconf_check_dns ("10.0.2.3, 192.0.2.53 198.51.100.1") == NULL);
  CHECK (netconf_check_dns ("1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4") != NULL);
  CHECK (netconf_check_dns ("10.0.2.3 dns.example.com") != NULL);

  CHECK (netconf_check_iface ("eth0") == NULL);
  CHECK (netconf_check_iface ("enp0s31f6") == NULL);
  CHECK (netconf_check_iface ("") != NULL);
  CHECK (netconf_check_iface ("..") != NULL);
  CHECK (netconf_check_iface ("eth0/x") != NULL);
  CHECK (netconf_check_iface ("eth*") != NULL);
  CHECK (netconf_check_iface ("averyveryverylongname") != NULL);
}

static void
test_check_all (void)
{
  struct netconf nc = { .iface = "eth0", .address = "10.0.2.15/24",
                        .gateway = "10.0.2.2", .dns = "10.0.2.3" };
  CLEANUP_FREE char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL,
    *e5 = NULL;

  CHECK (netconf_check (&nc, &e1) == 0 && e1 == NULL);
  nc.gateway = "10.0.3.1";              /* another network */
  CHECK (netconf_check (&nc, &e2) == -1 && e2 &&
         STRPREFIX (e2, "gateway: 10.0.3.1 is not"));
  nc.gateway = "10.0.2.15";             /* itself */
  CHECK (netconf_check (&nc, &e3) == -1);
  nc.gateway = "";
  nc.address = "10.0.2.300/24";
  CHECK (netconf_check (&nc, &e4) == -1 && e4 && STRPREFIX (e4, "address: "));
  /* DHCP ignores the static fields. */
  nc.dhcp = true;
  CHECK (netconf_check (&nc, &e5) == 0);
}

static void
test_texts (void)
{
  struct netconf st = { .iface = "eth0", .address = "10.0.2.15/24",
                        .gateway = "10.0.2.2", .dns = "10.0.2.3,192.0.2.53" };
  struct netconf dhcp = { .iface = "ens3", .dhcp = true,
                          .address = "10.0.2.15/24", .dns = "10.0.2.3" };
  CLEANUP_FREE char *t1 = netconf_network_text (&st);
  CLEANUP_FREE char *t2 = netconf_network_text (&dhcp);
  CLEANUP_FREE char *r1 = netconf_resolv_text (&st);
  CLEANUP_FREE char *r2 = netconf_resolv_text (&dhcp);
  CLEANUP_FREE char *p = netconf_network_path ("/x", "eth0");
  const char *body1 =
    "[Match]\nName=eth0\n\n[Network]\nDHCP=no\nAddress=10.0.2.15/24\n"
    "Gateway=10.0.2.2\nDNS=10.0.2.3\nDNS=192.0.2.53\n"
    "LinkLocalAddressing=no\n";
  const char *body2 =
    "[Match]\nName=ens3\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n"
    "LinkLocalAddressing=no\n";

  CHECK (t1 && strstr (t1, body1) && STRSUFFIX (t1, body1));
  CHECK (t1 && t1[0] == '#');
  CHECK (t2 && STRSUFFIX (t2, body2));
  CHECK (t2 && strstr (t2, "Address=") == NULL);
  CHECK (r1 && STRSUFFIX (r1, "nameserver 10.0.2.3\n"
                          "nameserver 192.0.2.53\n"));
  CHECK (r2 == NULL);
  CHECK (p && STREQ (p, "/x/run/systemd/network/50-p2v-eth0.network"));
}

static void
test_write (void)
{
  char root[] = "/tmp/test-netconf.XXXXXX";
  struct netconf nc = { .iface = "eth1", .address = "192.0.2.10/24" };
  CLEANUP_FREE char *path = NULL, *text = NULL, *resolv = NULL,
    *cmd = NULL, *expect = netconf_network_text (&nc);
  struct stat st;

  CHECK (mkdtemp (root) != NULL);
  path = netconf_network_path (root, "eth1");
  CHECK (netconf_write (&nc, root) == 0);
  CHECK (stat (path, &st) == 0 && (st.st_mode & 07777) == 0644);
  text = read_whole_file (path, NULL);
  CHECK (text && expect && STREQ (text, expect));
  CHECK (asprintf (&cmd, "%s/etc/resolv.conf", root) != -1);
  /* With DNS servers, resolv.conf too; no etc/ under root yet, so it
   * cannot be written, and says so.
   */
  nc.dns = "192.0.2.53";
  CHECK (netconf_write (&nc, root) == -1);
  *strrchr (cmd, '/') = '\0';
  CHECK (mkdir (cmd, 0755) == 0);
  strcat (cmd, "/resolv.conf");
  CHECK (netconf_write (&nc, root) == 0);
  resolv = read_whole_file (cmd, NULL);
  CHECK (resolv && STRSUFFIX (resolv, "nameserver 192.0.2.53\n"));
  CHECK (stat (cmd, &st) == 0 && (st.st_mode & 07777) == 0644);
  /* Only the two files: no temporaries left. */
  free (cmd);
  CHECK (asprintf (&cmd, "test \"$(find %s -type f | wc -l)\" = 2", root)
         != -1 && system (cmd) == 0);
  free (cmd);
  CHECK (asprintf (&cmd, "rm -rf %s", root) != -1 && system (cmd) == 0);
}

/* "lo" is index 1 on every Linux system. */
static void
test_lease (void)
{
  char root[] = "/tmp/test-netconf.XXXXXX";
  struct netconf nc = { .iface = "lo", .dhcp = true };
  CLEANUP_FREE char *cmd = NULL, *resolv = NULL, *path = NULL;

  CHECK (mkdtemp (root) != NULL);
  CHECK (asprintf (&path, "%s/etc/resolv.conf", root) != -1);
  /* No lease: nothing written. */
  CHECK (netconf_resolv_from_lease (&nc, root) == 0);
  CHECK (access (path, F_OK) == -1);
  CHECK (asprintf (&cmd, "mkdir -p %s/etc %s/run/systemd/netif/leases && "
                   "printf 'ADDRESS=10.0.2.15\nDNS=10.0.2.3 192.0.2.53\n'"
                   " > %s/run/systemd/netif/leases/1",
                   root, root, root) != -1 && system (cmd) == 0);
  CHECK (netconf_resolv_from_lease (&nc, root) == 0);
  resolv = read_whole_file (path, NULL);
  CHECK (resolv && STRSUFFIX (resolv, "nameserver 10.0.2.3\n"
                              "nameserver 192.0.2.53\n"));
  free (cmd);
  CHECK (asprintf (&cmd, "rm -rf %s", root) != -1 && system (cmd) == 0);
}

static void
test_running (void)
{
  char root[] = "/tmp/test-netconf.XXXXXX";
  CLEANUP_FREE char *cmd = NULL;

  CHECK (mkdtemp (root) != NULL);
  CHECK (!netconf_process_running (root, "systemd-network"));
  CHECK (asprintf (&cmd, "mkdir -p %s/proc/1 %s/proc/42 %s/proc/self && "
                   "echo init > %s/proc/1/comm && "
                   "echo systemd-network > %s/proc/42/comm && "
                   "echo systemd-network > %s/proc/self/comm",
                   root, root, root, root, root, root) != -1 &&
         system (cmd) == 0);
  CHECK (netconf_process_running (root, "systemd-network"));
  CHECK (!netconf_process_running (root, "NetworkManager"));
  CHECK (!netconf_process_running (root, "systemd"));
  free (cmd);
  CHECK (asprintf (&cmd, "rm -rf %s", root) != -1 && system (cmd) == 0);
}

static void
test_parse_ip (void)
{
  bool dyn = true;
  CLEANUP_FREE char *a1 = NULL, *a2 = NULL, *a3 = NULL, *g1 = NULL,
    *g2 = NULL;

  a1 = netconf_parse_ip_addr (
    "2: eth0    inet 10.0.2.15/24 metric 1024 brd 10.0.2.255 scope global "
    "dynamic eth0\\       valid_lft 86313sec preferred_lft 86313sec\n", &dyn);
  CHECK (a1 && STREQ (a1, "10.0.2.15/24") && dyn);
  a2 = netconf_parse_ip_addr (
    "2: eth0    inet 169.254.3.4/16 brd 169.254.255.255 scope link eth0\\"
    "       valid_lft forever preferred_lft forever\n"
    "2: eth0    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\\"
    "       valid_lft forever preferred_lft forever\n", &dyn);
  CHECK (a2 && STREQ (a2, "10.0.2.15/24") && !dyn);
  a3 = netconf_parse_ip_addr ("", &dyn);
  CHECK (a3 == NULL);
  g1 = netconf_parse_ip_route ("default via 10.0.2.2 proto static\n");
  CHECK (g1 && STREQ (g1, "10.0.2.2"));
  g2 = netconf_parse_ip_route ("");
  CHECK (g2 == NULL);
}

int
main (void)
{
  test_checks ();
  test_check_all ();
  test_texts ();
  test_write ();
  test_lease ();
  test_running ();
  test_parse_ip ();
  if (failures)
    fprintf (stderr, "test-netconf: %d failure(s)\n", failures);
  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
