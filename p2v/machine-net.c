/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The machine's network interfaces as the guest should see them,
 * from /sys/class/net.
 *
 * Listed: hardware NICs (those with a "device" link), wired or
 * wireless, and bonds/teams, each as one NIC with its own MAC.
 * Not listed: the loopback, slaves of a bond (the bond stands for
 * them), VLAN devices (the NIC under them, which carries the trunk,
 * is listed), bridges and other software devices (tun, veth, dummy,
 * virbr...), which are not hardware.  A hardware NIC that is a port
 * of a bridge is still listed.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "machine-internal.h"
#include "utils.h"

#define NET "/sys/class/net"

struct net_info {
  char *name;
  char *devtype;                /* uevent DEVTYPE: "vlan", "bond", "wlan"... */
  char *master;                 /* name of the "master" link, or NULL */
  char *mac;
  bool has_device, wireless, bonding, team, bridge, vlan, loopback;
  string_vector lowers;         /* lower_* links: slaves, VLAN parent */
  string_vector slaves;         /* bond/team members */
};
DEFINE_VECTOR_TYPE (net_info_vector, struct net_info);

static void
free_net_info (struct net_info n)
{
  free (n.name);
  free (n.devtype);
  free (n.master);
  free (n.mac);
  string_vector_free (&n.lowers);
  string_vector_free (&n.slaves);
}

static char *
read_devtype (const char *root, const char *name)
{
  CLEANUP_FREE char *uevent = root_read (root, NET "/%s/uevent", name);
  char *line, *save = NULL;

  if (uevent == NULL)
    return NULL;
  for (line = strtok_r (uevent, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save))
    if (STRPREFIX (line, "DEVTYPE="))
      return strdup (line + strlen ("DEVTYPE="));
  return NULL;
}

static int
read_info (struct net_info *n, const char *root, const char *name)
{
  CLEANUP_FREE_STRING_VECTOR string_vector entries = empty_vector;
  CLEANUP_FREE char *slaves = NULL;
  uint64_t type = 0;

  memset (n, 0, sizeof *n);
  if ((n->name = strdup (name)) == NULL)
    return -1;
  n->devtype = read_devtype (root, name);
  n->master = root_link_name (root, NET "/%s/master", name);
  n->mac = root_read (root, NET "/%s/address", name);
  if (n->mac && (*n->mac == '\0' || STREQ (n->mac, "00:00:00:00:00:00"))) {
    free (n->mac);
    n->mac = NULL;
  }
  n->has_device = root_exists (root, NET "/%s/device", name);
  n->wireless = root_exists (root, NET "/%s/wireless", name) ||
    root_exists (root, NET "/%s/phy80211", name) ||
    (n->devtype && STREQ (n->devtype, "wlan"));
  n->bonding = root_exists (root, NET "/%s/bonding", name) ||
    (n->devtype && STREQ (n->devtype, "bond"));
  n->team = n->devtype && STREQ (n->devtype, "team");
  n->bridge = root_exists (root, NET "/%s/bridge", name) ||
    (n->devtype && STREQ (n->devtype, "bridge"));
  n->vlan = (n->devtype && STREQ (n->devtype, "vlan")) ||
    root_exists (root, "/proc/net/vlan/%s", name);
  root_read_u64 (&type, 10, root, NET "/%s/type", name);
  n->loopback = STREQ (name, "lo") || type == 772; /* ARPHRD_LOOPBACK */

  if (root_list_dir (&entries, root, NET "/%s", name) == -1)
    return -1;
  for (size_t i = 0; i < entries.len; ++i)
    if (STRPREFIX (entries.ptr[i], "lower_") &&
        string_vector_add (&n->lowers, entries.ptr[i] + 6) == -1)
      return -1;

  if (n->bonding) {
    slaves = root_read (root, NET "/%s/bonding/slaves", name);
    if (string_vector_split (&n->slaves, slaves, " \t\n") == -1)
      return -1;
  }
  if ((n->bonding || n->team) && n->slaves.len == 0 &&
      string_vector_copy (&n->slaves, &n->lowers) == -1)
    return -1;
  return 0;
}

static const struct net_info *
find_info (const net_info_vector *v, const char *name)
{
  for (size_t i = 0; i < v->len; ++i)
    if (STREQ (v->ptr[i].name, name))
      return &v->ptr[i];
  return NULL;
}

/* List n as a guest NIC. */
static int
add_interface (struct p2v_machine *m, const struct net_info *n)
{
  struct p2v_interface iface = {
    .name = strdup (n->name), .mac = n->mac ? strdup (n->mac) : NULL,
    .kind = n->bonding ? "bond" : n->team ? "team" :
            n->wireless ? "wireless" : "ethernet",
  };

  if (iface.name == NULL || (n->mac && iface.mac == NULL) ||
      string_vector_copy (&iface.slaves, &n->slaves) == -1 ||
      p2v_interface_vector_append (&m->interfaces, iface) == -1) {
    free (iface.name);
    free (iface.mac);
    string_vector_free (&iface.slaves);
    return -1;
  }
  return 0;
}

static int
classify (struct p2v_machine *m, const net_info_vector *all,
          const struct net_info *n)
{
  p2v_skipped_vector *sk = &m->skipped_interfaces;
  const struct net_info *master = n->master ? find_info (all, n->master) : NULL;

  if (n->loopback)
    return add_skipped (sk, n->name, "it is the loopback interface");
  if (n->vlan) {
    if (n->lowers.len > 0)
      return add_skipped (sk, n->name, "it is a VLAN on %s; name %s instead",
                          n->lowers.ptr[0], n->lowers.ptr[0]);
    return add_skipped (sk, n->name, "it is a VLAN device");
  }
  if (n->bridge)
    return add_skipped (sk, n->name, "it is a software bridge, not hardware");
  if (n->bonding || n->team) {
    if (n->slaves.len == 0)
      return add_skipped (sk, n->name, "it is a %s with no slaves",
                          n->bonding ? "bond" : "team");
    return add_interface (m, n);
  }
  if (master && (master->bonding || master->team))
    return add_skipped (sk, n->name, "it is enslaved to %s; name %s instead",
                        master->name, master->name);
  if (!n->has_device)
    return add_skipped (sk, n->name,
                        "it is a virtual interface, not hardware");
  return add_interface (m, n);
}

int
inspect_interfaces (struct p2v_machine *m, const char *root)
{
  CLEANUP_FREE_STRING_VECTOR string_vector names = empty_vector;
  net_info_vector all = empty_vector;
  int r = -1;

  if (root_list_dir (&names, root, NET) == -1)
    return -1;
  for (size_t i = 0; i < names.len; ++i) {
    struct net_info n;

    /* Skip files such as bonding_masters. */
    if (!root_exists (root, NET "/%s/address", names.ptr[i]))
      continue;
    if (read_info (&n, root, names.ptr[i]) == -1 ||
        net_info_vector_append (&all, n) == -1) {
      free_net_info (n);
      goto out;
    }
  }

  for (size_t i = 0; i < all.len; ++i)
    if (classify (m, &all, &all.ptr[i]) == -1)
      goto out;

  /* Note each VLAN on the NIC that carries it. */
  for (size_t i = 0; i < all.len; ++i) {
    const struct net_info *n = &all.ptr[i];

    if (!n->vlan || n->lowers.len == 0)
      continue;
    for (size_t j = 0; j < m->interfaces.len; ++j) {
      struct p2v_interface *parent = &m->interfaces.ptr[j];
      if (STREQ (parent->name, n->lowers.ptr[0]) &&
          string_vector_add (&parent->vlans, n->name) == -1)
        goto out;
    }
  }
  r = 0;
 out:
  net_info_vector_iter_reset (&all, free_net_info);
  return r;
}
