/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The wizard's last page: the conversion running in the worker
 * thread, followed live: virt-v2v's output, the work dir on the
 * server, a progress bar with the copy's percentage, rate and ETA, a
 * Cancel that asks first, and a clear end state (with Shutdown and
 * Reboot when virt-p2v runs from its boot media).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "cleanup.h"
#include "command.h"
#include "gui.h"
#include "log.h"
#include "p2v.h"
#include "utils.h"

struct gui_running {
  struct gui *g;
  GtkWidget *page, *view, *logdir, *status, *progress;
  GtkWidget *cancel, *back, *shutdown, *reboot, *quit;
  GtkTextBuffer *buffer;
  struct conversion_observer obs;
};

/* A report from the worker, copied for the main loop. */
struct report {
  struct gui_running *p;
  enum { R_PHASE, R_COPY, R_OUTPUT, R_WORKDIR } what;
  char *text;
  struct copy_progress cp;
};

static void
append (struct gui_running *p, const char *prefix, const char *line)
{
  GtkTextIter end;
  GtkTextMark *mark;

  gtk_text_buffer_get_end_iter (p->buffer, &end);
  if (prefix)
    gtk_text_buffer_insert (p->buffer, &end, prefix, -1);
  gtk_text_buffer_insert (p->buffer, &end, line, -1);
  gtk_text_buffer_insert (p->buffer, &end, "\n", 1);
  mark = gtk_text_buffer_get_insert (p->buffer);
  gtk_text_buffer_get_end_iter (p->buffer, &end);
  gtk_text_buffer_place_cursor (p->buffer, &end);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (p->view), mark);
}

static void
show_copy (struct gui_running *p, const struct copy_progress *cp)
{
  char done[32], size[32], rate[32] = "", eta[32] = "", text[256];

  human_size (cp->done, done, sizeof done);
  human_size (cp->size, size, sizeof size);
  if (cp->rate > 0) {
    human_size ((uint64_t) cp->rate, rate, sizeof rate);
    format_duration (cp->eta, eta, sizeof eta);
  }
  snprintf (text, sizeof text, "%s disk %d/%d (%s): %d%% (%s of %s)%s%s%s%s",
            cp->verb, cp->disk, cp->ndisks, cp->name, cp->percent, done, size,
            *rate ? ", " : "", *rate ? rate : "", *rate ? "/s, ETA " : "",
            eta);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (p->progress),
                                 cp->percent / 100.0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (p->progress), text);
}

static gboolean
deliver (gpointer rv)
{
  struct report *r = rv;
  struct gui_running *p = r->p;
  CLEANUP_FREE char *text = NULL;

  switch (r->what) {
  case R_PHASE:
    gtk_label_set_text (GTK_LABEL (p->status), r->text);
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (p->progress), r->text);
    break;
  case R_COPY:
    show_copy (p, &r->cp);
    break;
  case R_OUTPUT:
    append (p, NULL, r->text);
    break;
  case R_WORKDIR:
    if (asprintf (&text, "Log files and debugging information are in "
                  "%s:%s", p->g->config->server, r->text) != -1)
      gtk_label_set_text (GTK_LABEL (p->logdir), text);
    break;
  }
  free (r->text);
  free (r);
  return G_SOURCE_REMOVE;
}

/* In the worker thread: copy, queue for the main loop. */
static void
report (struct gui_running *p, int what, const char *text,
        const struct copy_progress *cp)
{
  struct report *r = calloc (1, sizeof *r);

  if (r == NULL)
    return;
  r->p = p;
  r->what = what;
  if (text && (r->text = strdup (text)) == NULL) {
    free (r);
    return;
  }
  if (cp) {
    r->cp = *cp;
    /* name and verb point into the progress state: copy the name. */
    r->text = strdup (cp->name);
    r->cp.name = r->text ? r->text : "?";
  }
  g_idle_add (deliver, r);
}

static void
obs_phase (void *pv, const char *text)
{
  report (pv, R_PHASE, text, NULL);
}

static void
obs_copy (void *pv, const struct copy_progress *cp)
{
  report (pv, R_COPY, NULL, cp);
}

static void
obs_output (void *pv, const char *line)
{
  report (pv, R_OUTPUT, line, NULL);
}

static void
obs_workdir (void *pv, const char *dir)
{
  report (pv, R_WORKDIR, dir, NULL);
}

/* Our own messages.  Lines starting "[" are progress's echo of
 * virt-v2v's phases and copy figures, which the view already has.
 */
static void
on_message (void *pv, const char *kind, const char *msg)
{
  struct gui_running *p = pv;
  CLEANUP_FREE char *prefix = NULL;

  if (STREQ (kind, "debug") || *msg == '[')
    return;
  if (asprintf (&prefix, "virt-p2v: %s%s", STREQ (kind, "info") ? "" : kind,
                STREQ (kind, "info") ? "" : ": ") != -1)
    append (p, prefix, msg);
}

static int
conversion_job (void *pv)
{
  struct gui_running *p = pv;

  return run_conversion_with_hooks (p->g->config, p->g->machine, &p->obs);
}

static void
conversion_done (void *pv, int r, const char *error)
{
  struct gui_running *p = pv;
  CLEANUP_FREE char *text = NULL;

  p->g->status = r == 0 ? 0 : -1;
  gtk_widget_hide (p->cancel);
  if (r == 0) {
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (p->progress), 1.0);
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (p->progress), "Done");
    text = strdup ("Conversion finished successfully.  Shut this machine "
                   "down: the converted guest now has its disks, so do not "
                   "boot the physical machine again.");
  }
  else {
    /* The conversion's own message may already say so. */
    const char *why = error ? error : "see the log above";
    if (STRPREFIX (why, "conversion failed: "))
      why += strlen ("conversion failed: ");
    if (asprintf (&text, "Conversion failed: %s", why) == -1)
      text = NULL;
  }
  gtk_label_set_text (GTK_LABEL (p->status), text ? text : "");
  if (r != 0) {
    gtk_style_context_add_class (gtk_widget_get_style_context (p->status),
                                 GTK_STYLE_CLASS_ERROR);
    /* Another try, with other settings. */
    gtk_widget_show (p->back);
  }
  if (p->g->opts.from_media) {
    gtk_widget_show (p->shutdown);
    gtk_widget_show (p->reboot);
    gtk_widget_grab_focus (p->shutdown);
  }
  gtk_widget_show (p->quit);
  log_info ("gui: conversion finished: %s", r == 0 ? "success" : "failed");
}

void
gui_running_start (struct gui_running *p)
{
  GtkWidget *end[] = { p->back, p->shutdown, p->reboot, p->quit };

  for (size_t i = 0; i < sizeof end / sizeof end[0]; ++i)
    gtk_widget_hide (end[i]);
  gtk_widget_show (p->cancel);
  gtk_style_context_remove_class (gtk_widget_get_style_context (p->status),
                                  GTK_STYLE_CLASS_ERROR);
  gtk_text_buffer_set_text (p->buffer, "", 0);
  gtk_label_set_text (GTK_LABEL (p->logdir), "");
  gtk_label_set_text (GTK_LABEL (p->status), "Connecting...");
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (p->progress), 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (p->progress), "Connecting");
  gtk_widget_set_sensitive (p->cancel, TRUE);
  if (gui_job_start (p->g, conversion_job, on_message, conversion_done,
                     p) == -1)
    conversion_done (p, -1, "cannot start the conversion thread");
}

void
gui_running_cancel (struct gui_running *p, int sig)
{
  conversion_cancel (sig);
}

static void
on_cancel (GtkWidget *w, gpointer pv)
{
  struct gui_running *p = pv;
  GtkWidget *d;
  int answer;

  d = gtk_message_dialog_new (GTK_WINDOW (p->g->window), GTK_DIALOG_MODAL,
                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_YES_NO,
                              "Cancel the conversion?");
  gtk_message_dialog_format_secondary_text
    (GTK_MESSAGE_DIALOG (d), "virt-v2v will be stopped on the conversion "
     "server; what it has written so far is left there.");
  gui_name (d, "cancel-confirm");
  gtk_window_set_title (GTK_WINDOW (d), "Cancel the conversion?");
  log_info ("gui: cancel confirmation dialog");
  answer = gtk_dialog_run (GTK_DIALOG (d));
  gtk_widget_destroy (d);
  if (answer != GTK_RESPONSE_YES || !p->g->busy) {
    log_info ("gui: cancel not confirmed");
    return;
  }
  log_info ("gui: cancel confirmed");
  gtk_label_set_text (GTK_LABEL (p->status), "Cancelling...");
  gtk_widget_set_sensitive (p->cancel, FALSE);
  conversion_cancel (CANCEL_BY_USER);
}

static void
power (const char *cmd)
{
  const char *argv[] = { cmd, NULL };
  int st = command_run (argv, &(struct command_opts) { .timeout = 60 });

  if (st != 0) {
    CLEANUP_FREE char *why = exit_status_to_string (st, cmd);
    log_error ("%s", why ? why : cmd);
  }
}

static void
on_back (GtkWidget *w, gpointer pv)
{
  struct gui_running *p = pv;

  gui_show_page (p->g, "conversion");
}

static void on_shutdown (GtkWidget *w, gpointer pv) { power ("poweroff"); }
static void on_reboot (GtkWidget *w, gpointer pv) { power ("reboot"); }

static void
on_quit (GtkWidget *w, gpointer pv)
{
  struct gui_running *p = pv;

  gtk_widget_destroy (p->g->window);
}

static GtkWidget *
end_button (GtkWidget *bbox, const char *label, const char *name,
            GCallback cb, void *data)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gui_name (b, name);
  g_signal_connect (b, "clicked", cb, data);
  gtk_widget_set_no_show_all (b, TRUE);
  gtk_container_add (GTK_CONTAINER (bbox), b);
  return b;
}

struct gui_running *
gui_running_new (struct gui *g)
{
  struct gui_running *p = calloc (1, sizeof *p);
  GtkWidget *sw, *bbox;

  if (p == NULL)
    abort ();
  p->g = g;
  p->obs = (struct conversion_observer) {
    .opaque = p, .phase = obs_phase, .copy = obs_copy,
    .output = obs_output, .workdir = obs_workdir,
  };
  p->page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  p->view = gtk_text_view_new ();
  gui_name (p->view, "log");
  gtk_text_view_set_editable (GTK_TEXT_VIEW (p->view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (p->view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (p->view), GTK_WRAP_CHAR);
  p->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (p->view));
  sw = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (sw),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_ALWAYS);
  gtk_container_add (GTK_CONTAINER (sw), p->view);
  gtk_box_pack_start (GTK_BOX (p->page), sw, TRUE, TRUE, 0);

  p->logdir = gtk_label_new (NULL);
  gui_name (p->logdir, "log-dir");
  gtk_label_set_selectable (GTK_LABEL (p->logdir), TRUE);
  gtk_widget_set_halign (p->logdir, GTK_ALIGN_START);
  gtk_box_pack_start (GTK_BOX (p->page), p->logdir, FALSE, FALSE, 0);

  p->progress = gtk_progress_bar_new ();
  gui_name (p->progress, "progress");
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (p->progress), TRUE);
  gtk_box_pack_start (GTK_BOX (p->page), p->progress, FALSE, FALSE, 0);

  p->status = gtk_label_new (NULL);
  gui_name (p->status, "status");
  gtk_label_set_line_wrap (GTK_LABEL (p->status), TRUE);
  gtk_label_set_selectable (GTK_LABEL (p->status), TRUE);
  gtk_widget_set_halign (p->status, GTK_ALIGN_START);
  gtk_box_pack_start (GTK_BOX (p->page), p->status, FALSE, FALSE, 0);

  bbox = gtk_button_box_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_button_box_set_layout (GTK_BUTTON_BOX (bbox), GTK_BUTTONBOX_END);
  gtk_box_set_spacing (GTK_BOX (bbox), 8);
  p->cancel = gtk_button_new_with_mnemonic ("_Cancel conversion");
  gui_name (p->cancel, "cancel");
  g_signal_connect (p->cancel, "clicked", G_CALLBACK (on_cancel), p);
  gtk_container_add (GTK_CONTAINER (bbox), p->cancel);
  p->back = end_button (bbox, "_Back", "back", G_CALLBACK (on_back), p);
  p->shutdown = end_button (bbox, "Shut _down", "shutdown",
                            G_CALLBACK (on_shutdown), p);
  p->reboot = end_button (bbox, "_Reboot", "reboot", G_CALLBACK (on_reboot),
                          p);
  p->quit = end_button (bbox, "_Quit", "quit", G_CALLBACK (on_quit), p);
  gtk_box_pack_start (GTK_BOX (p->page), bbox, FALSE, FALSE, 0);
  return p;
}

GtkWidget *
gui_running_page (struct gui_running *p)
{
  return p->page;
}

void
gui_running_free (struct gui_running *p)
{
  free (p);
}
