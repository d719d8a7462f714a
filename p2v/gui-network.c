/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* "Configure network": NetworkManager's own editor where the system
 * has it; else, where systemd-networkd runs (our boot media), a small
 * dialog of ours: a wired NIC, DHCP or a static IPv4 address, checked
 * as it is typed and applied in the worker thread (netconf.c).
 */

#include <config.h>

#include <ifaddrs.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "cleanup.h"
#include "gui.h"
#include "log.h"
#include "netconf.h"
#include "p2v.h"
#include "utils.h"

struct gui_network {
  struct gui *g;
  const char *root;             /* "" or VIRT_P2V_NETCONF_ROOT */
  GtkWidget *dialog, *iface, *dhcp, *stat, *address, *gateway, *dns;
  GtkWidget *spinner, *result, *apply, *close;
  bool applying;
  /* Copies for the worker thread, and what it found. */
  char *j_iface, *j_address, *j_gateway, *j_dns;
  bool j_dhcp;
  char *j_result;
};

/* "10.0.2.15/24" for each IPv4 address of name, for the list. */
static char *
current_addresses (const char *name)
{
  struct ifaddrs *all = NULL;
  char *text = NULL;
  size_t len = 0;
  bool first = true;
  FILE *fp;

  if (getifaddrs (&all) == -1)
    return NULL;
  if ((fp = open_memstream (&text, &len)) == NULL) {
    freeifaddrs (all);
    return NULL;
  }
  for (struct ifaddrs *a = all; a; a = a->ifa_next) {
    char buf[INET_ADDRSTRLEN];
    struct sockaddr_in *in = (struct sockaddr_in *) a->ifa_addr;
    struct sockaddr_in *mask = (struct sockaddr_in *) a->ifa_netmask;
    if (in == NULL || in->sin_family != AF_INET || mask == NULL ||
        STRNEQ (a->ifa_name, name) ||
        inet_ntop (AF_INET, &in->sin_addr, buf, sizeof buf) == NULL)
      continue;
    fprintf (fp, "%s%s/%d", first ? "" : " ", buf,
             __builtin_popcount (mask->sin_addr.s_addr));
    first = false;
  }
  freeifaddrs (all);
  if (fclose (fp) == EOF) {
    free (text);
    return NULL;
  }
  return text;
}

static const char *
entry_text (GtkWidget *e)
{
  return gtk_entry_get_text (GTK_ENTRY (e));
}

/* Check the fields in place: each bad one marked, the first reason
 * under them, Apply only when all are good.
 */
static bool
validate (struct gui_network *p)
{
  const char *iface = gtk_combo_box_get_active_id (GTK_COMBO_BOX (p->iface));
  bool dhcp = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->dhcp));
  const char *why[3] = { NULL, NULL, NULL };
  const char *what[3] = { "Address", "Gateway", "DNS servers" };
  GtkWidget *fields[3] = { p->address, p->gateway, p->dns };
  const char *first = NULL;
  CLEANUP_FREE char *msg = NULL;
  GtkStyleContext *sc = gtk_widget_get_style_context (p->result);

  if (!dhcp) {
    why[0] = netconf_check_address (entry_text (p->address));
    if (*entry_text (p->gateway))
      why[1] = netconf_check_ipv4 (entry_text (p->gateway));
    why[2] = netconf_check_dns (entry_text (p->dns));
    if (!why[0] && !why[1] && *entry_text (p->gateway))
      why[1] = netconf_check_gateway (entry_text (p->address),
                                      entry_text (p->gateway));
  }
  for (size_t i = 0; i < 3; ++i) {
    /* An empty address is not an error yet, just not done. */
    bool shown = why[i] && !(i == 0 && *entry_text (p->address) == '\0');
    gui_mark (fields[i], shown ? why[i] : NULL);
    gtk_widget_set_sensitive (fields[i], !dhcp && !p->applying);
    if (shown && first == NULL) {
      first = why[i];
      if (asprintf (&msg, "%s: %s", what[i], why[i]) == -1)
        msg = NULL;
    }
  }
  if (!p->applying) {
    if (first)
      gtk_style_context_add_class (sc, GTK_STYLE_CLASS_ERROR);
    else
      gtk_style_context_remove_class (sc, GTK_STYLE_CLASS_ERROR);
    gtk_label_set_text (GTK_LABEL (p->result),
                        msg ? msg :
                        iface == NULL ? "No wired network interface found." :
                        why[0] ? "Enter an address with its prefix length, "
                        "like 192.0.2.10/24." : "");
  }
  gtk_widget_set_sensitive (p->apply, iface && !why[0] && !why[1] &&
                            !why[2] && !p->applying);
  return iface && !why[0] && !why[1] && !why[2];
}

static void
on_changed (GtkWidget *w, gpointer pv)
{
  validate (pv);
}

static void
free_job (struct gui_network *p)
{
  free (p->j_iface);
  free (p->j_address);
  free (p->j_gateway);
  free (p->j_dns);
  free (p->j_result);
  p->j_iface = p->j_address = p->j_gateway = p->j_dns = p->j_result = NULL;
}

/* In the worker thread. */
static int
apply_job (void *pv)
{
  struct gui_network *p = pv;
  struct netconf nc = { .iface = p->j_iface, .dhcp = p->j_dhcp,
                        .address = p->j_address, .gateway = p->j_gateway,
                        .dns = p->j_dns };

  log_info ("network: %s: applying %s", nc.iface,
            nc.dhcp ? "DHCP" : nc.address);
  return netconf_apply (&nc, p->root, 60, &p->j_result);
}

static void
set_applying (struct gui_network *p, bool on)
{
  p->applying = on;
  gtk_widget_set_sensitive (p->iface, !on);
  gtk_widget_set_sensitive (p->dhcp, !on);
  gtk_widget_set_sensitive (p->stat, !on);
  gtk_widget_set_sensitive (p->close, !on);
  if (on)
    gtk_spinner_start (GTK_SPINNER (p->spinner));
  else
    gtk_spinner_stop (GTK_SPINNER (p->spinner));
  validate (p);
}

static void
apply_done (void *pv, int r, const char *error)
{
  struct gui_network *p = pv;
  GtkStyleContext *sc = gtk_widget_get_style_context (p->result);
  CLEANUP_FREE char *text = NULL;

  set_applying (p, false);
  if (r == 0) {
    if (asprintf (&text, "%s: %s", p->j_iface, p->j_result) == -1)
      text = NULL;
    gtk_style_context_remove_class (sc, GTK_STYLE_CLASS_ERROR);
    gtk_button_set_label (GTK_BUTTON (p->close), "_Close");
    /* For the console's reader and the tests. */
    log_info ("gui: network: %s", text ? text : "");
  }
  else {
    if (asprintf (&text, "Error: %s",
                  error ? error : "the network could not be set up") == -1)
      text = NULL;
    gtk_style_context_add_class (sc, GTK_STYLE_CLASS_ERROR);
    log_info ("gui: network: failed: %s", text ? text : "");
  }
  gtk_label_set_text (GTK_LABEL (p->result), text ? text : "");
  free_job (p);
}

static void
start_apply (struct gui_network *p)
{
  if (!validate (p))
    return;
  free_job (p);
  p->j_dhcp = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->dhcp));
  p->j_iface =
    strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (p->iface)));
  p->j_address = strdup (entry_text (p->address));
  p->j_gateway = strdup (entry_text (p->gateway));
  p->j_dns = strdup (entry_text (p->dns));
  if (!p->j_iface || !p->j_address || !p->j_gateway || !p->j_dns) {
    free_job (p);
    return;
  }
  gtk_style_context_remove_class (gtk_widget_get_style_context (p->result),
                                  GTK_STYLE_CLASS_ERROR);
  if (p->g->busy) {
    gtk_label_set_text (GTK_LABEL (p->result),
                        "Wait until the connection test has finished.");
    free_job (p);
    return;
  }
  set_applying (p, true);
  gtk_label_set_text (GTK_LABEL (p->result), "Applying...");
  if (gui_job_start (p->g, apply_job, NULL, apply_done, p) == -1) {
    set_applying (p, false);
    free_job (p);
  }
}

static void
on_response (GtkDialog *d, gint response, gpointer pv)
{
  struct gui_network *p = pv;

  if (response == GTK_RESPONSE_APPLY) {
    start_apply (p);
    return;
  }
  /* The worker holds p: the dialog stays until it is done. */
  if (p->applying)
    return;
  log_info ("gui: network dialog: closed");
  gtk_widget_destroy (p->dialog);
  free_job (p);
  free (p);
}

static gboolean
on_delete (GtkWidget *w, GdkEvent *ev, gpointer pv)
{
  struct gui_network *p = pv;

  return p->applying;           /* TRUE: not while applying */
}

/* A label with a mnemonic for w in the grid. */
static void
grid_row (GtkWidget *grid, int row, const char *label, GtkWidget *w)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_widget_set_halign (l, GTK_ALIGN_END);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), w);
  gtk_widget_set_hexpand (w, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), w, 1, row, 1, 1);
}

static GtkWidget *
entry (const char *name, const char *placeholder)
{
  GtkWidget *e = gtk_entry_new ();

  gui_name (e, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (e), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (e), TRUE);
  return e;
}

static void
open_dialog (struct gui *g, const char *root)
{
  struct gui_network *p = calloc (1, sizeof *p);
  GtkWidget *content, *grid, *box;
  const p2v_interface_vector *ifs = &g->machine->interfaces;
  int row = 0;

  if (p == NULL)
    abort ();
  p->g = g;
  p->root = root;
  p->dialog = gtk_dialog_new ();
  gui_name (p->dialog, "network-dialog");
  gtk_window_set_title (GTK_WINDOW (p->dialog), "Configure network");
  gtk_window_set_transient_for (GTK_WINDOW (p->dialog),
                                GTK_WINDOW (g->window));
  gtk_window_set_modal (GTK_WINDOW (p->dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (p->dialog), TRUE);
  p->close = gtk_dialog_add_button (GTK_DIALOG (p->dialog), "_Cancel",
                                    GTK_RESPONSE_CANCEL);
  p->apply = gtk_dialog_add_button (GTK_DIALOG (p->dialog), "A_pply",
                                    GTK_RESPONSE_APPLY);
  gui_name (p->close, "network-cancel");
  gui_name (p->apply, "network-apply");
  gtk_dialog_set_default_response (GTK_DIALOG (p->dialog),
                                   GTK_RESPONSE_APPLY);

  content = gtk_dialog_get_content_area (GTK_DIALOG (p->dialog));
  gtk_container_set_border_width (GTK_CONTAINER (content), 12);
  gtk_box_set_spacing (GTK_BOX (content), 12);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_size_request (grid, 480, -1);

  /* Wired NICs only: a wireless one needs a passphrase, a bond its
   * slaves; neither is what this dialog can set up.
   */
  p->iface = gtk_combo_box_text_new ();
  gui_name (p->iface, "interface");
  for (size_t i = 0; i < ifs->len; ++i) {
    CLEANUP_FREE char *addrs = NULL, *label = NULL;
    if (STRNEQ (ifs->ptr[i].kind, "ethernet"))
      continue;
    addrs = current_addresses (ifs->ptr[i].name);
    if (asprintf (&label, "%s  %s  %s", ifs->ptr[i].name,
                  ifs->ptr[i].mac ? ifs->ptr[i].mac : "(no MAC)",
                  addrs && *addrs ? addrs : "(no IPv4 address)") == -1)
      label = NULL;
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (p->iface),
                               ifs->ptr[i].name,
                               label ? label : ifs->ptr[i].name);
  }
  gtk_combo_box_set_active (GTK_COMBO_BOX (p->iface), 0);
  grid_row (grid, row++, "_Interface:", p->iface);

  p->dhcp = gtk_radio_button_new_with_mnemonic (NULL, "Automatic (_DHCP)");
  p->stat = gtk_radio_button_new_with_mnemonic_from_widget (
    GTK_RADIO_BUTTON (p->dhcp), "_Static IPv4 address");
  gui_name (p->dhcp, "dhcp");
  gui_name (p->stat, "static");
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_pack_start (GTK_BOX (box), p->dhcp, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), p->stat, FALSE, FALSE, 0);
  gtk_grid_attach (GTK_GRID (grid), box, 1, row++, 1, 1);

  p->address = entry ("address", "192.0.2.10/24");
  p->gateway = entry ("gateway", "192.0.2.1 (optional)");
  p->dns = entry ("dns", "192.0.2.53 (optional, up to three)");
  grid_row (grid, row++, "_Address/prefix:", p->address);
  grid_row (grid, row++, "_Gateway:", p->gateway);
  grid_row (grid, row++, "D_NS servers:", p->dns);
  gtk_box_pack_start (GTK_BOX (content), grid, FALSE, FALSE, 0);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  p->spinner = gtk_spinner_new ();
  p->result = gtk_label_new (NULL);
  gui_name (p->result, "network-result");
  gtk_label_set_line_wrap (GTK_LABEL (p->result), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (p->result), 60);
  gtk_label_set_selectable (GTK_LABEL (p->result), TRUE);
  gtk_box_pack_start (GTK_BOX (box), p->spinner, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), p->result, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (content), box, FALSE, FALSE, 0);

  GtkWidget *entries[] = { p->address, p->gateway, p->dns };
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; ++i)
    g_signal_connect (entries[i], "changed", G_CALLBACK (on_changed), p);
  g_signal_connect (p->dhcp, "toggled", G_CALLBACK (on_changed), p);
  g_signal_connect (p->iface, "changed", G_CALLBACK (on_changed), p);
  g_signal_connect (p->dialog, "response", G_CALLBACK (on_response), p);
  g_signal_connect (p->dialog, "delete-event", G_CALLBACK (on_delete), p);
  validate (p);
  gtk_widget_show_all (p->dialog);
  gtk_widget_grab_focus (p->iface);
  log_info ("gui: network dialog");
}

/* No dialog of ours can help: say why, on the screen and in the log. */
static void
explain (struct gui *g, const char *msg)
{
  GtkWidget *d = gtk_message_dialog_new (
    GTK_WINDOW (g->window), GTK_DIALOG_MODAL, GTK_MESSAGE_INFO,
    GTK_BUTTONS_CLOSE, "%s", msg);

  gtk_window_set_title (GTK_WINDOW (d), "Configure network");
  log_info ("gui: network: %s", msg);
  gtk_dialog_run (GTK_DIALOG (d));
  gtk_widget_destroy (d);
}

void
gui_network_open (struct gui *g)
{
  CLEANUP_FREE char *editor = g_find_program_in_path ("nm-connection-editor");
  const char *root = getenv ("VIRT_P2V_NETCONF_ROOT");
  GError *err = NULL;

  if (root == NULL)
    root = "";
  if (editor) {
    char *argv[] = { editor, NULL };
    if (g_spawn_async (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                       &err)) {
      log_info ("gui: network: started nm-connection-editor");
      return;
    }
    CLEANUP_FREE char *msg = NULL;
    if (asprintf (&msg, "cannot start nm-connection-editor: %s",
                  err->message) == -1)
      msg = NULL;
    g_error_free (err);
    explain (g, msg ? msg : "cannot start nm-connection-editor");
    return;
  }
  if (netconf_process_running (root, "systemd-network")) {
    open_dialog (g, root);
    return;
  }
  if (netconf_process_running (root, "NetworkManager"))
    explain (g, "NetworkManager manages the network here, but its editor "
             "(nm-connection-editor) is not installed: use nmcli in a "
             "root shell.");
  else
    explain (g, "Neither systemd-networkd nor NetworkManager is running, "
             "so virt-p2v cannot configure the network here: the "
             "network is as the system set it up.  On virt-p2v's boot "
             "media, set it with ip=... on the kernel command line.");
}
