/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The wizard: three pages (connection, conversion, running) in one
 * window, editing the same struct p2v_config the kernel command line
 * fills, and driving the same connection test and conversion code as
 * the unattended mode.  Each page keeps its widgets in its own struct.
 *
 * Threads: GTK is touched only by the main thread.  Slow work (the
 * connection test, the conversion) runs in one worker thread at a time
 * (gui_job_start); its log messages and the conversion observer's
 * reports are copied and handed to the main loop with g_idle_add.
 */

#ifndef P2V_GUI_H
#define P2V_GUI_H

#include <stdbool.h>

#include <gtk/gtk.h>

#include "p2v.h"

struct gui_options {
  bool fullscreen;              /* a launcher on the media wants this */
  bool from_media;              /* offer Shutdown / Reboot at the end */
};

struct gui_connection;
struct gui_conversion;
struct gui_running;

struct gui {
  struct p2v_config *config;
  struct p2v_machine *machine;  /* replaced by "Refresh disks" */
  const string_vector *test_disks;
  struct gui_options opts;
  struct remote_info remote;    /* from the last good connection test */
  GtkWidget *window, *stack;
  struct gui_connection *conn;
  struct gui_conversion *conv;
  struct gui_running *run;
  bool busy;                    /* a worker thread is running */
  bool quit_when_idle;          /* a signal came during a job */
  int status;                   /* 0 once a conversion succeeded */
};

/* gui.c */
/* Run the wizard until its window is closed.  Returns 0 if a
 * conversion succeeded, else -1.  "Refresh disks" replaces *m (the
 * caller still frees it).
 */
extern int gui_main (struct p2v_config *c, struct p2v_machine *m,
                     const string_vector *test_disks,
                     const struct gui_options *opts);
/* Show a page ("connection", "conversion", "running") and log it, so
 * tests (and people reading the log) know where the wizard is.
 */
extern void gui_show_page (struct gui *g, const char *name);
/* A label and an entry in row of a grid; the entry gets name (its
 * accessible name, for tests and screen readers).
 */
extern GtkWidget *gui_grid_entry (GtkWidget *grid, int row, const char *label,
                                  const char *name, const char *text);
/* Mark an entry bad (msg) or good (msg NULL). */
extern void gui_mark (GtkWidget *entry, const char *msg);
/* Give a widget a name tests and screen readers can find. */
extern void gui_name (GtkWidget *w, const char *name);

/* A worker thread.  fn(data) runs in it; message(data, kind, msg) gets
 * each line it logs; done(data, r, error) gets fn's result and the
 * last error it logged (or NULL).  message and done run in the main
 * loop.
 */
typedef int (*gui_job_fn) (void *data);
typedef void (*gui_job_message_fn) (void *data, const char *kind,
                                    const char *msg);
typedef void (*gui_job_done_fn) (void *data, int r, const char *error);
extern int gui_job_start (struct gui *g, gui_job_fn fn,
                          gui_job_message_fn message, gui_job_done_fn done,
                          void *data);

/* gui-connection.c */
extern struct gui_connection *gui_connection_new (struct gui *g);
extern GtkWidget *gui_connection_page (struct gui_connection *p);
extern void gui_connection_free (struct gui_connection *p);

/* gui-network.c */
/* "Configure network": nm-connection-editor if installed, else our
 * dialog where systemd-networkd runs, else a message saying why not.
 */
extern void gui_network_open (struct gui *g);

/* gui-conversion.c */
extern struct gui_conversion *gui_conversion_new (struct gui *g);
extern GtkWidget *gui_conversion_page (struct gui_conversion *p);
/* Fill the page from the configuration and the server's answers. */
extern void gui_conversion_refresh (struct gui_conversion *p);
extern void gui_conversion_free (struct gui_conversion *p);

/* gui-running.c */
extern struct gui_running *gui_running_new (struct gui *g);
extern GtkWidget *gui_running_page (struct gui_running *p);
/* Start the conversion of g->config (the page is shown). */
extern void gui_running_start (struct gui_running *p);
/* A signal came: cancel without asking. */
extern void gui_running_cancel (struct gui_running *p, int sig);
extern void gui_running_free (struct gui_running *p);

#endif /* P2V_GUI_H */
