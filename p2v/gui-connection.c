/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The wizard's first page: the conversion server and how to log in,
 * "Test connection" (the conversion's own login and probe, in the
 * worker thread) and "Next" once a test has passed with these exact
 * settings.
 */

#include <config.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "cleanup.h"
#include "gui.h"
#include "log.h"
#include "p2v.h"
#include "utils.h"

struct gui_connection {
  struct gui *g;
  GtkWidget *page;
  GtkWidget *server, *port, *user, *password, *identity, *sudo;
  GtkWidget *test, *spinner, *result, *next;
  bool tested_ok;
  struct remote_info info;      /* the worker fills it */
};

/* Set key from an entry's text on c ("" unsets a string key).
 * Returns -1 with the reason in *errmsg.
 */
static int
set_key (struct p2v_config *c, const char *key, GtkWidget *entry,
         char **errmsg)
{
  const struct p2v_key *k = p2v_key_lookup (key);
  const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

  *errmsg = NULL;
  if (*text == '\0' && (k->type == KEY_STRING || k->type == KEY_SECRET)) {
    char **field = (char **) ((char *) c + k->offset);
    if (*field && k->type == KEY_SECRET)
      explicit_bzero (*field, strlen (*field));
    free (*field);
    *field = NULL;
    return 0;
  }
  return p2v_config_set (c, k, text, errmsg);
}

/* Check the fields in place; the buttons follow. */
static bool
validate (struct gui_connection *p)
{
  struct p2v_config scratch;
  CLEANUP_FREE char *err = NULL;
  const char *server = gtk_entry_get_text (GTK_ENTRY (p->server));
  bool ok = true, bad = false;  /* bad: a wrong value, not just missing */

  if (p2v_config_init (&scratch) == -1)
    return false;
  if (set_key (&scratch, "p2v.port", p->port, &err) == -1) {
    gui_mark (p->port, err);
    gtk_label_set_text (GTK_LABEL (p->result), err);
    ok = false;
    bad = true;
  }
  else
    gui_mark (p->port, NULL);
  p2v_config_free (&scratch);
  if (*server == '\0' || strpbrk (server, " \t")) {
    gui_mark (p->server, *server ? "no spaces in a host name" : NULL);
    if (ok)
      gtk_label_set_text (GTK_LABEL (p->result),
                          *server ? "The server name has a space in it."
                          : "Enter the conversion server's name or address.");
    ok = false;
    bad = bad || *server;
  }
  else
    gui_mark (p->server, NULL);
  if (bad)
    gtk_style_context_add_class (gtk_widget_get_style_context (p->result),
                                 GTK_STYLE_CLASS_ERROR);
  if (ok && !p->tested_ok)
    gtk_label_set_text (GTK_LABEL (p->result),
                        "Press \"Test connection\" to log in to the server.");
  gtk_widget_set_sensitive (p->test, ok && !p->g->busy);
  gtk_widget_set_sensitive (p->next, ok && p->tested_ok && !p->g->busy);
  return ok;
}

static void
on_changed (GtkWidget *w, gpointer pv)
{
  struct gui_connection *p = pv;

  /* A test counts only for the settings it was made with. */
  p->tested_ok = false;
  gtk_style_context_remove_class (gtk_widget_get_style_context (p->result),
                                  GTK_STYLE_CLASS_ERROR);
  validate (p);
}

/* Copy the page into the configuration.  -1 if a field is bad. */
static int
apply (struct gui_connection *p)
{
  struct p2v_config *c = p->g->config;
  CLEANUP_FREE char *err = NULL;
  static const struct { const char *key; size_t w; } fields[] = {
    { "p2v.server", offsetof (struct gui_connection, server) },
    { "p2v.port", offsetof (struct gui_connection, port) },
    { "p2v.username", offsetof (struct gui_connection, user) },
    { "p2v.password", offsetof (struct gui_connection, password) },
    { "p2v.identity", offsetof (struct gui_connection, identity) },
  };

  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
    GtkWidget *e = *(GtkWidget **) ((char *) p + fields[i].w);
    free (err);
    err = NULL;
    if (set_key (c, fields[i].key, e, &err) == -1) {
      gui_mark (e, err);
      gtk_label_set_text (GTK_LABEL (p->result), err ? err : "bad value");
      return -1;
    }
  }
  c->sudo = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->sudo));
  if (c->username == NULL)
    c->username = strdup ("root");
  /* Masked in every message from now on, whatever prints it. */
  if (c->password)
    log_add_secret (c->password);
  return 0;
}

static void
set_busy (struct gui_connection *p, bool busy)
{
  GtkWidget *fields[] = { p->server, p->port, p->user, p->password,
                          p->identity, p->sudo };

  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i)
    gtk_widget_set_sensitive (fields[i], !busy);
  if (busy) {
    gtk_spinner_start (GTK_SPINNER (p->spinner));
    gtk_widget_set_sensitive (p->test, FALSE);
    gtk_widget_set_sensitive (p->next, FALSE);
  }
  else
    gtk_spinner_stop (GTK_SPINNER (p->spinner));
}

/* In the worker thread. */
static int
test_job (void *pv)
{
  struct gui_connection *p = pv;

  remote_info_free (&p->info);
  return preflight_test_connection (p->g->config, &p->info);
}

static void
test_done (void *pv, int r, const char *error)
{
  struct gui_connection *p = pv;
  struct gui *g = p->g;
  GtkStyleContext *sc = gtk_widget_get_style_context (p->result);
  CLEANUP_FREE char *text = NULL;

  set_busy (p, false);
  if (r == 0) {
    remote_info_free (&g->remote);
    g->remote = p->info;
    memset (&p->info, 0, sizeof p->info);
    if (asprintf (&text, "Connected to %s: virt-v2v %s is ready.",
                  g->config->server, g->remote.v2v_version) == -1)
      text = NULL;
    gtk_style_context_remove_class (sc, GTK_STYLE_CLASS_ERROR);
    log_info ("gui: connection test: ok");
  }
  else {
    /* The same line the unattended mode would print. */
    if (asprintf (&text, "Error: %s",
                  error ? error : "the connection test failed") == -1)
      text = NULL;
    gtk_style_context_add_class (sc, GTK_STYLE_CLASS_ERROR);
    /* What the page shows, for the log reader and the tests. */
    log_info ("gui: connection test: failed: %s", text ? text : "");
  }
  p->tested_ok = r == 0;
  validate (p);
  gtk_label_set_text (GTK_LABEL (p->result), text ? text : "");
  if (r == 0)
    gtk_widget_grab_focus (p->next);
}

static void
on_test (GtkWidget *w, gpointer pv)
{
  struct gui_connection *p = pv;

  if (!validate (p) || apply (p) == -1)
    return;
  p->tested_ok = false;
  gtk_label_set_text (GTK_LABEL (p->result), "Testing the connection...");
  gtk_style_context_remove_class (gtk_widget_get_style_context (p->result),
                                  GTK_STYLE_CLASS_ERROR);
  set_busy (p, true);
  if (gui_job_start (p->g, test_job, NULL, test_done, p) == -1)
    set_busy (p, false);
}

static void
on_next (GtkWidget *w, gpointer pv)
{
  struct gui_connection *p = pv;

  if (!p->tested_ok)
    return;
  gui_conversion_refresh (p->g->conv);
  gui_show_page (p->g, "conversion");
}

static void
on_network (GtkWidget *w, gpointer pv)
{
  struct gui_connection *p = pv;

  gui_network_open (p->g);
}

static void
on_about (GtkWidget *w, gpointer pv)
{
  struct gui_connection *p = pv;
  const char *authors[] = { "The virt-p2v toolkit authors", NULL };
  GtkWidget *d = gtk_about_dialog_new ();

  g_object_set (d, "program-name", "virt-p2v",
                "version", PACKAGE_VERSION,
                "comments", "Convert a physical machine to run on KVM, "
                "with virt-v2v on a conversion server.",
                "license-type", GTK_LICENSE_GPL_2_0,
                "authors", authors,
                NULL);
  gui_name (d, "about-dialog");
  gtk_window_set_transient_for (GTK_WINDOW (d), GTK_WINDOW (p->g->window));
  gtk_window_set_modal (GTK_WINDOW (d), TRUE);
  /* Read back from the dialog: tests wait for this line. */
  log_info ("gui: about dialog: %s %s",
            gtk_about_dialog_get_program_name (GTK_ABOUT_DIALOG (d)),
            gtk_about_dialog_get_version (GTK_ABOUT_DIALOG (d)));
  gtk_dialog_run (GTK_DIALOG (d));
  gtk_widget_destroy (d);
  log_info ("gui: about dialog: closed");
}

static GtkWidget *
button (const char *label, const char *name, GCallback cb, void *data)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gui_name (b, name);
  g_signal_connect (b, "clicked", cb, data);
  return b;
}

struct gui_connection *
gui_connection_new (struct gui *g)
{
  struct gui_connection *p = calloc (1, sizeof *p);
  const struct p2v_config *c = g->config;
  GtkWidget *grid, *title, *box, *bbox;
  char port[16];

  if (p == NULL)
    abort ();
  p->g = g;
  p->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (p->page, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (p->page, GTK_ALIGN_CENTER);

  title = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (title),
                        "<span size='x-large' weight='bold'>virt-p2v</span>\n"
                        "Connect to the conversion server");
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_box_pack_start (GTK_BOX (p->page), title, FALSE, FALSE, 0);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_size_request (grid, 520, -1);
  snprintf (port, sizeof port, "%d", c->port);
  p->server = gui_grid_entry (grid, 0, "_Conversion server:", "server",
                              c->server);
  p->port = gui_grid_entry (grid, 1, "SSH p_ort:", "port", port);
  p->user = gui_grid_entry (grid, 2, "_User name:", "username", c->username);
  p->password = gui_grid_entry (grid, 3, "_Password:", "password",
                                c->password);
  gtk_entry_set_visibility (GTK_ENTRY (p->password), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (p->password),
                               GTK_INPUT_PURPOSE_PASSWORD);
  p->identity = gui_grid_entry (grid, 4, "SSH _Identity URL:", "identity",
                                c->identity_url);
  gtk_entry_set_placeholder_text (GTK_ENTRY (p->identity),
                                  "file:///... or https://... "
                                  "(overrides the password)");
  p->sudo = gtk_check_button_new_with_mnemonic
    ("Use _sudo when running virt-v2v");
  gui_name (p->sudo, "sudo");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->sudo), c->sudo);
  gtk_grid_attach (GTK_GRID (grid), p->sudo, 1, 5, 1, 1);
  gtk_box_pack_start (GTK_BOX (p->page), grid, FALSE, FALSE, 0);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  p->test = button ("_Test connection", "test-connection",
                    G_CALLBACK (on_test), p);
  p->spinner = gtk_spinner_new ();
  gui_name (p->spinner, "spinner");
  gtk_box_pack_start (GTK_BOX (box), p->test, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), p->spinner, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (p->page), box, FALSE, FALSE, 0);

  p->result = gtk_label_new (NULL);
  gui_name (p->result, "connection-result");
  gtk_label_set_line_wrap (GTK_LABEL (p->result), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (p->result), 70);
  gtk_label_set_selectable (GTK_LABEL (p->result), TRUE);
  gtk_box_pack_start (GTK_BOX (p->page), p->result, FALSE, FALSE, 0);

  bbox = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_button_box_set_layout (GTK_BUTTON_BOX (bbox), GTK_BUTTONBOX_EDGE);
  gtk_box_set_spacing (GTK_BOX (bbox), 8);
  gtk_container_add (GTK_CONTAINER (bbox),
                     button ("Configure _network", "configure-network",
                             G_CALLBACK (on_network), p));
  gtk_container_add (GTK_CONTAINER (bbox),
                     button ("_About virt-p2v", "about",
                             G_CALLBACK (on_about), p));
  p->next = button ("Ne_xt", "next", G_CALLBACK (on_next), p);
  gtk_container_add (GTK_CONTAINER (bbox), p->next);
  gtk_box_pack_start (GTK_BOX (p->page), bbox, FALSE, FALSE, 12);

  GtkWidget *entries[] = { p->server, p->port, p->user, p->password,
                           p->identity };
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; ++i)
    g_signal_connect (entries[i], "changed", G_CALLBACK (on_changed), p);
  g_signal_connect (p->sudo, "toggled", G_CALLBACK (on_changed), p);
  validate (p);
  return p;
}

GtkWidget *
gui_connection_page (struct gui_connection *p)
{
  return p->page;
}

void
gui_connection_free (struct gui_connection *p)
{
  if (p == NULL)
    return;
  remote_info_free (&p->info);
  free (p);
}
