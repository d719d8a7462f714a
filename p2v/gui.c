/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The wizard's frame: the window and its three pages, the worker
 * thread that keeps slow work off the main loop, signals, and small
 * widget helpers shared by the pages.
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <gtk/gtk.h>

#include "cleanup.h"
#include "gui.h"
#include "log.h"
#include "p2v.h"
#include "utils.h"

void
gui_name (GtkWidget *w, const char *name)
{
  gtk_widget_set_name (w, name);
  atk_object_set_name (gtk_widget_get_accessible (w), name);
}

GtkWidget *
gui_grid_entry (GtkWidget *grid, int row, const char *label,
                const char *name, const char *text)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);
  GtkWidget *e = gtk_entry_new ();

  gtk_widget_set_halign (l, GTK_ALIGN_END);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), e);
  gtk_entry_set_text (GTK_ENTRY (e), text ? text : "");
  gtk_entry_set_activates_default (GTK_ENTRY (e), TRUE);
  gtk_widget_set_hexpand (e, TRUE);
  gui_name (e, name);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), e, 1, row, 1, 1);
  return e;
}

void
gui_mark (GtkWidget *entry, const char *msg)
{
  GtkStyleContext *sc = gtk_widget_get_style_context (entry);

  if (msg) {
    gtk_style_context_add_class (sc, GTK_STYLE_CLASS_ERROR);
    gtk_entry_set_icon_from_icon_name (GTK_ENTRY (entry),
                                       GTK_ENTRY_ICON_SECONDARY,
                                       "dialog-warning");
    gtk_entry_set_icon_tooltip_text (GTK_ENTRY (entry),
                                     GTK_ENTRY_ICON_SECONDARY, msg);
  }
  else {
    gtk_style_context_remove_class (sc, GTK_STYLE_CLASS_ERROR);
    gtk_entry_set_icon_from_icon_name (GTK_ENTRY (entry),
                                       GTK_ENTRY_ICON_SECONDARY, NULL);
  }
}

void
gui_show_page (struct gui *g, const char *name)
{
  gtk_stack_set_visible_child_name (GTK_STACK (g->stack), name);
  /* Tests wait for this line; it also tells a log reader where the
   * person was.
   */
  log_info ("gui: %s dialog", name);
}

/* ---------------------------------------------------------------- */
/* The worker thread. */

struct job {
  struct gui *g;
  gui_job_fn fn;
  gui_job_message_fn message;
  gui_job_done_fn done;
  void *data;
  GThread *thread;
  int r;
  char *error;                  /* the last error the worker logged */
};

struct job_message {
  struct job *job;
  char *kind, *msg;
};

static gboolean
deliver_message (gpointer mv)
{
  struct job_message *m = mv;

  m->job->message (m->job->data, m->kind, m->msg);
  free (m->kind);
  free (m->msg);
  free (m);
  return G_SOURCE_REMOVE;
}

/* In the worker: called for every message it logs (already scrubbed). */
static void
job_log_hook (void *jv, const char *kind, const char *msg)
{
  struct job *job = jv;

  if (STREQ (kind, "error")) {
    free (job->error);
    job->error = strdup (msg);
  }
  if (job->message) {
    struct job_message *m = calloc (1, sizeof *m);
    if (m == NULL || (m->kind = strdup (kind)) == NULL ||
        (m->msg = strdup (msg)) == NULL) {
      if (m) free (m->kind);
      free (m);
      return;
    }
    m->job = job;
    /* Idle sources of one priority run in the order added, so
     * messages arrive in order and before the job's end.
     */
    g_idle_add (deliver_message, m);
  }
}

static gboolean
job_finished (gpointer jv)
{
  struct job *job = jv;
  struct gui *g = job->g;

  g_thread_join (job->thread);
  g->busy = false;
  job->done (job->data, job->r, job->error);
  free (job->error);
  free (job);
  if (g->quit_when_idle)
    gtk_widget_destroy (g->window);
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread (gpointer jv)
{
  struct job *job = jv;

  log_set_thread_hook (job_log_hook, job);
  job->r = job->fn (job->data);
  log_set_thread_hook (NULL, NULL);
  g_idle_add (job_finished, job);
  return NULL;
}

int
gui_job_start (struct gui *g, gui_job_fn fn, gui_job_message_fn message,
               gui_job_done_fn done, void *data)
{
  struct job *job;

  if (g->busy)
    return -1;
  job = calloc (1, sizeof *job);
  if (job == NULL) {
    log_error ("out of memory");
    return -1;
  }
  *job = (struct job) { .g = g, .fn = fn, .message = message, .done = done,
                        .data = data };
  /* A cancel left over from an earlier job must not stop this one. */
  if (conversion_cancel_reset () == -1) {
    free (job);
    return -1;
  }
  g->busy = true;
  job->thread = g_thread_new ("p2v-worker", job_thread, job);
  return 0;
}

/* ---------------------------------------------------------------- */

/* SIGINT/SIGTERM/SIGHUP: cancel the work under way, then quit. */
static gboolean
on_signal (struct gui *g, int sig)
{
  log_info ("gui: signal %d: %s", sig,
            g->busy ? "cancelling, then quitting" : "quitting");
  if (g->busy) {
    g->quit_when_idle = true;
    conversion_cancel (sig);
  }
  else
    gtk_widget_destroy (g->window);
  return G_SOURCE_CONTINUE;
}

static gboolean on_sigint (gpointer g) { return on_signal (g, SIGINT); }
static gboolean on_sigterm (gpointer g) { return on_signal (g, SIGTERM); }
static gboolean on_sighup (gpointer g) { return on_signal (g, SIGHUP); }

/* Closing the window while a job runs: cancel it first. */
static gboolean
on_delete (GtkWidget *w, GdkEvent *ev, gpointer gv)
{
  struct gui *g = gv;

  if (!g->busy)
    return FALSE;
  g->quit_when_idle = true;
  conversion_cancel (CANCEL_BY_USER);
  return TRUE;
}

int
gui_main (struct p2v_config *c, struct p2v_machine *m,
          const string_vector *test_disks, const struct gui_options *opts)
{
  struct gui g = { .config = c, .machine = m, .test_disks = test_disks,
                   .opts = *opts, .status = -1 };
  CLEANUP_FREE char *title = NULL;

  if (!gtk_init_check (NULL, NULL)) {
    log_error ("cannot open the display \"%s\": run virt-p2v in a graphical "
               "session, or give p2v.server=HOST for the unattended mode",
               getenv ("DISPLAY") ? getenv ("DISPLAY") : "");
    return -1;
  }
  signal (SIGPIPE, SIG_IGN);
  g_unix_signal_add (SIGINT, on_sigint, &g);
  g_unix_signal_add (SIGTERM, on_sigterm, &g);
  g_unix_signal_add (SIGHUP, on_sighup, &g);

  g.window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gui_name (g.window, "virt-p2v");
  if (asprintf (&title, "virt-p2v %s", PACKAGE_VERSION) == -1)
    title = NULL;
  gtk_window_set_title (GTK_WINDOW (g.window), title ? title : "virt-p2v");
  gtk_window_set_default_size (GTK_WINDOW (g.window), 1000, 680);
  gtk_container_set_border_width (GTK_CONTAINER (g.window), 12);
  g_signal_connect (g.window, "delete-event", G_CALLBACK (on_delete), &g);
  g_signal_connect (g.window, "destroy", G_CALLBACK (gtk_main_quit), NULL);

  g.stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (g.stack),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_container_add (GTK_CONTAINER (g.window), g.stack);
  g.conn = gui_connection_new (&g);
  g.conv = gui_conversion_new (&g);
  g.run = gui_running_new (&g);
  gtk_stack_add_named (GTK_STACK (g.stack), gui_connection_page (g.conn),
                       "connection");
  gtk_stack_add_named (GTK_STACK (g.stack), gui_conversion_page (g.conv),
                       "conversion");
  gtk_stack_add_named (GTK_STACK (g.stack), gui_running_page (g.run),
                       "running");

  gtk_widget_show_all (g.window);
  if (g.opts.fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (g.window));
  gui_show_page (&g, "connection");
  gtk_main ();

  gui_connection_free (g.conn);
  gui_conversion_free (g.conv);
  gui_running_free (g.run);
  remote_info_free (&g.remote);
  return g.status;
}
