/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The wizard's second page: the target guest (name, vCPUs, memory),
 * virt-v2v's output options (-o from the drivers the server reported),
 * and what to convert: fixed disks, removable drives, network
 * interfaces and the network each connects to.  Every field is checked
 * as it is typed, through the same p2v.* key table as the kernel
 * command line, and "Start conversion" waits until all are good.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "cleanup.h"
#include "gui.h"
#include "log.h"
#include "p2v.h"
#include "utils.h"

enum { DISK_CONVERT, DISK_NAME, DISK_SIZE, DISK_MODEL, DISK_SERIAL,
       DISK_NCOLS };
enum { REM_CONVERT, REM_NAME, REM_NCOLS };
enum { NET_CONVERT, NET_NAME, NET_MAC, NET_TARGET, NET_NCOLS };

struct gui_conversion {
  struct gui *g;
  GtkWidget *page;
  GtkWidget *name, *vcpus, *memory;
  GtkWidget *output, *output_conn, *output_storage, *output_format;
  GtkWidget *output_alloc, *debug, *versions;
  GtkListStore *disks, *removables, *interfaces;
  GtkWidget *reason, *start;
};

/* A guest name becomes file names on the server (-o local) and a
 * libvirt domain name: keep to a safe alphabet.
 */
static const char *
check_name (const char *name)
{
  if (*name == '\0')
    return "The guest needs a name.";
  if (*name == '.' || *name == '-')
    return "The name must not start with '.' or '-'.";
  for (const char *p = name; *p; ++p)
    if (!g_ascii_isalnum (*p) && !strchr ("._-+", *p))
      return "The name may contain only letters, digits and . _ - +";
  return NULL;
}

/* "2048" is MiB, as the field's label says; "2G" and "2048M" work too. */
static char *
memory_value (const char *text)
{
  char *v = NULL;

  if (*text && strspn (text, "0123456789") == strlen (text)) {
    if (asprintf (&v, "%sM", text) == -1)
      return NULL;
    return v;
  }
  return strdup (text);
}

/* Check a field with the key table on a scratch configuration. */
static const char *
check_key (struct p2v_config *scratch, const char *key, const char *value,
           char **err)
{
  free (*err);
  *err = NULL;
  if (p2v_config_set (scratch, p2v_key_lookup (key), value, err) == -1)
    return *err ? *err : "bad value";
  return NULL;
}

static bool
any_disk (struct gui_conversion *p)
{
  GtkTreeModel *m = GTK_TREE_MODEL (p->disks);
  GtkTreeIter it;
  gboolean convert;

  for (gboolean ok = gtk_tree_model_get_iter_first (m, &it); ok;
       ok = gtk_tree_model_iter_next (m, &it)) {
    gtk_tree_model_get (m, &it, DISK_CONVERT, &convert, -1);
    if (convert)
      return true;
  }
  return false;
}

/* Mark a field good or bad; keep the first reason for the page. */
static void
mark (GtkWidget *entry, const char *why, char *first, size_t len)
{
  gui_mark (entry, why);
  if (why && *first == '\0')
    snprintf (first, len, "%s", why);
}

/* Mark each bad field; Start only when all are good, else the reason. */
static bool
validate (struct gui_conversion *p)
{
  struct p2v_config scratch;
  CLEANUP_FREE char *err = NULL, *mem = NULL;
  char first[512] = "";

  if (p2v_config_init (&scratch) == -1)
    return false;
  mark (p->name, check_name (gtk_entry_get_text (GTK_ENTRY (p->name))),
        first, sizeof first);
  mark (p->vcpus, check_key (&scratch, "p2v.vcpus",
                             gtk_entry_get_text (GTK_ENTRY (p->vcpus)), &err),
        first, sizeof first);
  mem = memory_value (gtk_entry_get_text (GTK_ENTRY (p->memory)));
  mark (p->memory, mem ? check_key (&scratch, "p2v.memory", mem, &err)
        : "out of memory", first, sizeof first);
  p2v_config_free (&scratch);
  if (*first == '\0' && !any_disk (p))
    snprintf (first, sizeof first, "Select at least one fixed disk to "
              "convert.");
  gtk_label_set_text (GTK_LABEL (p->reason), first);
  gtk_widget_set_sensitive (p->start, *first == '\0' && !p->g->busy);
  return *first == '\0';
}

static void
on_changed (GtkWidget *w, gpointer pv)
{
  validate (pv);
}

static void
on_toggled (GtkCellRendererToggle *cell, gchar *path, gpointer store)
{
  GtkTreeIter it;
  gboolean v;
  GtkTreeModel *m = GTK_TREE_MODEL (store);

  if (!gtk_tree_model_get_iter_from_string (m, &it, path))
    return;
  gtk_tree_model_get (m, &it, 0, &v, -1);
  gtk_list_store_set (GTK_LIST_STORE (store), &it, 0, !v, -1);
  validate (g_object_get_data (G_OBJECT (store), "page"));
}

static void
on_target_edited (GtkCellRendererText *cell, gchar *path, gchar *text,
                  gpointer store)
{
  GtkTreeIter it;

  if (gtk_tree_model_get_iter_from_string (GTK_TREE_MODEL (store), &it, path))
    gtk_list_store_set (GTK_LIST_STORE (store), &it, NET_TARGET, text, -1);
}

/* The network interface's target in p2v.network_map, else the
 * default entry ("net" alone), else "default".
 */
static const char *
target_of (const struct p2v_config *c, const char *iface)
{
  const char *dflt = "default";
  size_t n = strlen (iface);

  for (size_t i = 0; i < c->network_map.len; ++i) {
    const char *e = c->network_map.ptr[i];
    if (STREQLEN (e, iface, n) && e[n] == ':')
      return e + n + 1;
    if (strchr (e, ':') == NULL)
      dflt = e;
  }
  return dflt;
}

static void
fill_disks (struct gui_conversion *p)
{
  const struct p2v_machine *m = p->g->machine;
  const struct p2v_config *c = p->g->config;

  gtk_list_store_clear (p->disks);
  for (size_t i = 0; i < m->disks.len; ++i) {
    const struct p2v_disk *d = &m->disks.ptr[i];
    char size[32];
    GtkTreeIter it;

    snprintf (size, sizeof size, "%.1f", d->size / 1e9);
    gtk_list_store_append (p->disks, &it);
    gtk_list_store_set (p->disks, &it,
                        DISK_CONVERT,
                        !c->disks_set ||
                        string_vector_contains (&c->disks, d->name),
                        DISK_NAME, d->name, DISK_SIZE, size,
                        DISK_MODEL, d->model ? d->model : "",
                        DISK_SERIAL, d->serial ? d->serial : "", -1);
  }
  gtk_list_store_clear (p->removables);
  for (size_t i = 0; i < m->removables.len; ++i) {
    GtkTreeIter it;
    gtk_list_store_append (p->removables, &it);
    gtk_list_store_set (p->removables, &it,
                        REM_CONVERT,
                        !c->removable_set ||
                        string_vector_contains (&c->removable,
                                                m->removables.ptr[i].name),
                        REM_NAME, m->removables.ptr[i].name, -1);
  }
  gtk_list_store_clear (p->interfaces);
  for (size_t i = 0; i < m->interfaces.len; ++i) {
    const struct p2v_interface *n = &m->interfaces.ptr[i];
    GtkTreeIter it;
    gtk_list_store_append (p->interfaces, &it);
    gtk_list_store_set (p->interfaces, &it,
                        NET_CONVERT,
                        !c->interfaces_set ||
                        string_vector_contains (&c->interfaces, n->name),
                        NET_NAME, n->name, NET_MAC, n->mac ? n->mac : "",
                        NET_TARGET, target_of (c, n->name), -1);
  }
}

void
gui_conversion_refresh (struct gui_conversion *p)
{
  const struct p2v_config *c = p->g->config;
  const struct remote_info *r = &p->g->remote;
  CLEANUP_FREE char *versions = NULL;
  int active = -1;

  gtk_combo_box_text_remove_all (GTK_COMBO_BOX_TEXT (p->output));
  for (size_t i = 0; i < r->outputs.len; ++i) {
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (p->output),
                               r->outputs.ptr[i], r->outputs.ptr[i]);
    if (STREQ (r->outputs.ptr[i], c->output))
      active = i;
  }
  if (active == -1) {
    /* Not offered by the server: keep it visible, preflight will say. */
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (p->output),
                               c->output, c->output);
    active = r->outputs.len;
  }
  gtk_combo_box_set_active (GTK_COMBO_BOX (p->output), active);
  if (asprintf (&versions, "virt-p2v %s (this machine)\n"
                "virt-v2v %s (on %s)", PACKAGE_VERSION,
                r->v2v_version ? r->v2v_version : "?",
                c->server ? c->server : "?") != -1)
    gtk_label_set_text (GTK_LABEL (p->versions), versions);
  validate (p);
}

static void
on_refresh_disks (GtkWidget *w, gpointer pv)
{
  struct gui_conversion *p = pv;
  struct p2v_machine m;

  /* sysfs reads: quick, so done here. */
  if (machine_inspect (&m, "", p->g->test_disks) == -1) {
    machine_free (&m);
    gtk_label_set_text (GTK_LABEL (p->reason),
                        "Cannot list the disks again (see the log).");
    return;
  }
  machine_free (p->g->machine);
  *p->g->machine = m;
  fill_disks (p);
  validate (p);
  log_info ("gui: disks refreshed: %zu fixed, %zu removable",
            m.disks.len, m.removables.len);
}

static void
on_back (GtkWidget *w, gpointer pv)
{
  struct gui_conversion *p = pv;

  gui_show_page (p->g, "connection");
}

/* The checked names of a list's column 0/1 into v. */
static int
checked (GtkListStore *store, string_vector *v)
{
  GtkTreeModel *m = GTK_TREE_MODEL (store);
  GtkTreeIter it;

  string_vector_free (v);
  for (gboolean ok = gtk_tree_model_get_iter_first (m, &it); ok;
       ok = gtk_tree_model_iter_next (m, &it)) {
    gboolean convert;
    CLEANUP_FREE char *name = NULL;
    gtk_tree_model_get (m, &it, 0, &convert, 1, &name, -1);
    if (convert && string_vector_add (v, name) == -1)
      return -1;
  }
  return 0;
}

/* Copy the page into the configuration. */
static int
apply (struct gui_conversion *p)
{
  struct p2v_config *c = p->g->config;
  CLEANUP_FREE char *err = NULL, *mem = NULL;
  CLEANUP_FREE char *output = NULL, *alloc = NULL;
  int vcpus_before = c->vcpus;
  GtkTreeModel *nm = GTK_TREE_MODEL (p->interfaces);
  GtkTreeIter it;
  struct { const char *key; GtkWidget *entry; } strings[] = {
    { "p2v.name", p->name }, { "p2v.vcpus", p->vcpus },
    { "p2v.oc", p->output_conn }, { "p2v.os", p->output_storage },
    { "p2v.of", p->output_format },
  };

  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; ++i) {
    const struct p2v_key *k = p2v_key_lookup (strings[i].key);
    const char *text = gtk_entry_get_text (GTK_ENTRY (strings[i].entry));
    if (*text == '\0' && k->type == KEY_STRING) {
      char **field = (char **) ((char *) c + k->offset);
      free (*field);
      *field = NULL;
    }
    else if (p2v_config_set (c, k, text, &err) == -1)
      goto bad;
  }
  mem = memory_value (gtk_entry_get_text (GTK_ENTRY (p->memory)));
  if (mem == NULL ||
      p2v_config_set (c, p2v_key_lookup ("p2v.memory"), mem, &err) == -1)
    goto bad;
  /* The physical topology fits only the physical count. */
  if (c->vcpus != vcpus_before ||
      c->sockets * c->cores * c->threads != c->vcpus)
    c->sockets = c->cores = c->threads = 0;

  output = gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (p->output));
  if (output &&
      p2v_config_set (c, p2v_key_lookup ("p2v.o"), output, &err) == -1)
    goto bad;
  alloc = gtk_combo_box_text_get_active_text
    (GTK_COMBO_BOX_TEXT (p->output_alloc));
  free (c->output_alloc);
  c->output_alloc = NULL;
  if (alloc && *alloc &&
      p2v_config_set (c, p2v_key_lookup ("p2v.oa"), alloc, &err) == -1)
    goto bad;
  c->debug = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->debug));

  if (checked (p->disks, &c->disks) == -1 ||
      checked (p->removables, &c->removable) == -1 ||
      checked (p->interfaces, &c->interfaces) == -1)
    goto oom;
  c->disks_set = c->removable_set = c->interfaces_set = true;
  string_vector_free (&c->network_map);
  for (gboolean ok = gtk_tree_model_get_iter_first (nm, &it); ok;
       ok = gtk_tree_model_iter_next (nm, &it)) {
    CLEANUP_FREE char *name = NULL, *target = NULL, *entry = NULL;
    gtk_tree_model_get (nm, &it, NET_NAME, &name, NET_TARGET, &target, -1);
    if (asprintf (&entry, "%s:%s", name,
                  target && *target ? target : "default") == -1 ||
        string_vector_add (&c->network_map, entry) == -1)
      goto oom;
  }
  return 0;

 oom:
  log_error ("out of memory");
  return -1;
 bad:
  gtk_label_set_text (GTK_LABEL (p->reason), err ? err : "bad value");
  return -1;
}

static void
on_start (GtkWidget *w, gpointer pv)
{
  struct gui_conversion *p = pv;

  if (!validate (p) || apply (p) == -1)
    return;
  gui_show_page (p->g, "running");
  gui_running_start (p->g->run);
}

/* A list with a "Convert" checkbox column and text columns. */
static GtkWidget *
list (struct gui_conversion *p, const char *title, const char *name,
      GtkListStore *store, const char *const *headings)
{
  GtkWidget *frame = gtk_frame_new (title);
  GtkWidget *sw = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *tv = gtk_tree_view_new_with_model (GTK_TREE_MODEL (store));
  GtkCellRenderer *toggle = gtk_cell_renderer_toggle_new ();

  gui_name (tv, name);
  g_object_set_data (G_OBJECT (store), "page", p);
  g_signal_connect (toggle, "toggled", G_CALLBACK (on_toggled), store);
  gtk_tree_view_append_column
    (GTK_TREE_VIEW (tv),
     gtk_tree_view_column_new_with_attributes ("Convert", toggle,
                                               "active", 0, NULL));
  for (int col = 1; headings[col - 1]; ++col) {
    GtkCellRenderer *text = gtk_cell_renderer_text_new ();
    if (store == p->interfaces && col == NET_TARGET) {
      g_object_set (text, "editable", TRUE, NULL);
      g_signal_connect (text, "edited", G_CALLBACK (on_target_edited), store);
    }
    gtk_tree_view_append_column
      (GTK_TREE_VIEW (tv),
       gtk_tree_view_column_new_with_attributes (headings[col - 1], text,
                                                 "text", col, NULL));
  }
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (sw),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (sw, -1, 110);
  gtk_container_add (GTK_CONTAINER (sw), tv);
  gtk_container_add (GTK_CONTAINER (frame), sw);
  return frame;
}

struct gui_conversion *
gui_conversion_new (struct gui *g)
{
  struct gui_conversion *p = calloc (1, sizeof *p);
  const struct p2v_config *c = g->config;
  GtkWidget *cols, *left, *right, *frame, *grid, *bbox, *b;
  char vcpus[16], memory[32];
  const struct p2v_key *oa = p2v_key_lookup ("p2v.oa");
  static const char *const disk_h[] = { "Device", "Size (GB)", "Model",
                                        "Serial", NULL };
  static const char *const rem_h[] = { "Device", NULL };
  static const char *const net_h[] = { "Device", "MAC address",
                                       "Connect to ...", NULL };

  if (p == NULL)
    abort ();
  p->g = g;
  p->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  cols = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_pack_start (GTK_BOX (cols), left, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (cols), right, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (p->page), cols, TRUE, TRUE, 0);

  /* Target properties. */
  frame = gtk_frame_new ("Target properties");
  grid = gtk_grid_new ();
  gtk_container_set_border_width (GTK_CONTAINER (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  snprintf (vcpus, sizeof vcpus, "%d", c->vcpus);
  snprintf (memory, sizeof memory, "%" PRIu64, c->memory >> 20);
  p->name = gui_grid_entry (grid, 0, "_Name:", "name", c->name);
  p->vcpus = gui_grid_entry (grid, 1, "# _vCPUs:", "vcpus", vcpus);
  p->memory = gui_grid_entry (grid, 2, "_Memory (MB):", "memory", memory);
  gtk_container_add (GTK_CONTAINER (frame), grid);
  gtk_box_pack_start (GTK_BOX (left), frame, FALSE, FALSE, 0);

  /* virt-v2v output options. */
  frame = gtk_frame_new ("Virt-v2v output options");
  grid = gtk_grid_new ();
  gtk_container_set_border_width (GTK_CONTAINER (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  {
    GtkWidget *l = gtk_label_new_with_mnemonic ("Output to (-_o):");
    p->output = gtk_combo_box_text_new ();
    gui_name (p->output, "output");
    gtk_label_set_mnemonic_widget (GTK_LABEL (l), p->output);
    gtk_widget_set_halign (l, GTK_ALIGN_END);
    gtk_grid_attach (GTK_GRID (grid), l, 0, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), p->output, 1, 0, 1, 1);
  }
  p->output_conn = gui_grid_entry (grid, 1, "Output conn. (-o_c):",
                                   "output-conn", c->output_conn);
  p->output_storage = gui_grid_entry (grid, 2, "Output s_torage (-os):",
                                      "output-storage", c->output_storage);
  p->output_format = gui_grid_entry (grid, 3, "Output _format (-of):",
                                     "output-format", c->output_format);
  {
    GtkWidget *l = gtk_label_new_with_mnemonic ("Output a_llocation (-oa):");
    p->output_alloc = gtk_combo_box_text_new ();
    gui_name (p->output_alloc, "output-alloc");
    gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (p->output_alloc), "", "");
    gtk_combo_box_set_active (GTK_COMBO_BOX (p->output_alloc), 0);
    for (size_t i = 0; oa->choices[i]; ++i) {
      gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (p->output_alloc),
                                 oa->choices[i], oa->choices[i]);
      if (c->output_alloc && STREQ (c->output_alloc, oa->choices[i]))
        gtk_combo_box_set_active (GTK_COMBO_BOX (p->output_alloc), i + 1);
    }
    gtk_label_set_mnemonic_widget (GTK_LABEL (l), p->output_alloc);
    gtk_widget_set_halign (l, GTK_ALIGN_END);
    gtk_grid_attach (GTK_GRID (grid), l, 0, 4, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), p->output_alloc, 1, 4, 1, 1);
  }
  p->debug = gtk_check_button_new_with_mnemonic
    ("Enable server-side _debugging");
  gui_name (p->debug, "debug");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->debug), c->debug);
  gtk_grid_attach (GTK_GRID (grid), p->debug, 0, 5, 2, 1);
  gtk_container_add (GTK_CONTAINER (frame), grid);
  gtk_box_pack_start (GTK_BOX (left), frame, FALSE, FALSE, 0);

  frame = gtk_frame_new ("Information");
  p->versions = gtk_label_new (NULL);
  gui_name (p->versions, "versions");
  gtk_label_set_selectable (GTK_LABEL (p->versions), TRUE);
  gtk_container_add (GTK_CONTAINER (frame), p->versions);
  gtk_box_pack_start (GTK_BOX (left), frame, FALSE, FALSE, 0);

  /* What to convert. */
  p->disks = gtk_list_store_new (DISK_NCOLS, G_TYPE_BOOLEAN, G_TYPE_STRING,
                                 G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  p->removables = gtk_list_store_new (REM_NCOLS, G_TYPE_BOOLEAN,
                                      G_TYPE_STRING);
  p->interfaces = gtk_list_store_new (NET_NCOLS, G_TYPE_BOOLEAN, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING);
  gtk_box_pack_start (GTK_BOX (right),
                      list (p, "Fixed hard disks", "disks", p->disks, disk_h),
                      TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (right),
                      list (p, "Removable media", "removable", p->removables,
                            rem_h), TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (right),
                      list (p, "Network interfaces", "interfaces",
                            p->interfaces, net_h), TRUE, TRUE, 0);
  fill_disks (p);

  p->reason = gtk_label_new (NULL);
  gui_name (p->reason, "conversion-reason");
  gtk_style_context_add_class (gtk_widget_get_style_context (p->reason),
                               GTK_STYLE_CLASS_ERROR);
  gtk_box_pack_start (GTK_BOX (p->page), p->reason, FALSE, FALSE, 0);

  bbox = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_button_box_set_layout (GTK_BUTTON_BOX (bbox), GTK_BUTTONBOX_END);
  gtk_box_set_spacing (GTK_BOX (bbox), 8);
  b = gtk_button_new_with_mnemonic ("_Back");
  gui_name (b, "back");
  g_signal_connect (b, "clicked", G_CALLBACK (on_back), p);
  gtk_container_add (GTK_CONTAINER (bbox), b);
  b = gtk_button_new_with_mnemonic ("_Refresh disks");
  gui_name (b, "refresh-disks");
  g_signal_connect (b, "clicked", G_CALLBACK (on_refresh_disks), p);
  gtk_container_add (GTK_CONTAINER (bbox), b);
  p->start = gtk_button_new_with_mnemonic ("_Start conversion");
  gui_name (p->start, "start");
  g_signal_connect (p->start, "clicked", G_CALLBACK (on_start), p);
  gtk_container_add (GTK_CONTAINER (bbox), p->start);
  gtk_box_pack_start (GTK_BOX (p->page), bbox, FALSE, FALSE, 0);

  GtkWidget *entries[] = { p->name, p->vcpus, p->memory };
  for (size_t i = 0; i < sizeof entries / sizeof entries[0]; ++i)
    g_signal_connect (entries[i], "changed", G_CALLBACK (on_changed), p);
  validate (p);
  return p;
}

GtkWidget *
gui_conversion_page (struct gui_conversion *p)
{
  return p->page;
}

void
gui_conversion_free (struct gui_conversion *p)
{
  if (p == NULL)
    return;
  g_object_unref (p->disks);
  g_object_unref (p->removables);
  g_object_unref (p->interfaces);
  free (p);
}
