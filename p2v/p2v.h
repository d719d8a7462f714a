/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v's internal interfaces, grouped by the file that owns them. */

#ifndef P2V_P2V_H
#define P2V_P2V_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "p2v-config.h"
#include "machine.h"

/* The environment variable that turns virt-p2v into an SSH_ASKPASS
 * helper: it names the 0600 file holding the password.
 */
#define ASKPASS_ENV "VIRT_P2V_ASKPASS_FILE"

/* An SSH connection to the conversion server: one authenticated
 * master, everything else multiplexed over it.
 */
struct ssh_conn {
  const struct p2v_config *config;
  char *control_path;           /* ControlPath socket */
  char *known_hosts;            /* our UserKnownHostsFile */
  char *identity_file;          /* fetched private key, or NULL */
  char *askpass_file;           /* password file, or NULL */
  char *self_exe;               /* our own binary, the askpass helper */
  char *master_log;             /* the master's stderr */
  bool master_up;
  char *host_fingerprint;       /* "SHA256:..." seen (or pinned) */
  char *hostkey_record;         /* keys presented, as KnownHostsCommand saw */
};

/* What the server told us in the pre-flight check. */
struct remote_info {
  char *v2v_version;            /* "2.2.0" */
  string_vector outputs;        /* its -o drivers: "local", "libvirt", ... */
};

/* askpass.c */
extern int askpass_main (const char *file);

/* auth.c */
extern int fetch_url_to_file (const char *key, const char *url,
                              const char *path, int mode);
extern int auth_prepare (struct ssh_conn *s);

/* hostkey.c */
/* The hidden option that makes virt-p2v ssh's KnownHostsCommand. */
#define KNOWN_HOSTS_COMMAND_OPTION "--known-hosts-command"
extern int check_reachable (const char *host, int port);
/* How long check_reachable retries "no route" errors: 0 (the wizard:
 * the person at the screen retries), or a minute unattended.
 */
extern int reachable_retry_s;
extern int hostkey_prepare (struct ssh_conn *s);
extern int hostkey_argv (const struct ssh_conn *s, string_vector *argv);
extern int hostkey_report (struct ssh_conn *s);
extern bool hostkey_explain_failure (struct ssh_conn *s);
extern int known_hosts_command_main (int argc, char *argv[]);

/* ssh.c */
extern int ssh_init (struct ssh_conn *s, const struct p2v_config *c);
extern void ssh_free (struct ssh_conn *s);
extern int ssh_base_argv (const struct ssh_conn *s, string_vector *argv);
extern const char *const *ssh_env (const struct ssh_conn *s);
extern int ssh_connect (struct ssh_conn *s);
extern void ssh_disconnect (struct ssh_conn *s);
/* Run a shell command line on the server over the master.  stdout
 * captured in *out if out is not NULL.  Returns the remote exit
 * status (0..255), or -1 (error logged, unless quiet_fail).
 */
extern int ssh_run (struct ssh_conn *s, const char *cmd, const char *input,
                    char **out, char **err);
/* Ask the master for a remote forward: a port on the server's
 * loopback to local_target ("/path/to/socket" or "host:port").
 * Returns the allocated remote port or -1.
 */
extern int ssh_forward (struct ssh_conn *s, const char *local_target);

/* preflight.c */
struct session;
/* The probe: a command line for the server (run in the conversion
 * session) whose answers preflight_check judges.  check_output: fail
 * unless the server has the -o driver of the configuration (the GUI's
 * connection test offers the server's drivers instead).
 */
extern char *preflight_command (const struct p2v_config *c);
extern int preflight_check (struct ssh_conn *s, const char *out,
                            bool check_output, struct remote_info *info);
/* Send the probe on the session; read and judge its answers. */
extern int preflight_send (struct ssh_conn *s, struct session *ss);
extern int preflight_receive (struct ssh_conn *s, struct session *ss,
                              bool check_output, struct remote_info *info);
/* Log in and run the probe, as a conversion would start, then
 * disconnect: the GUI's "Test connection".  Returns 0 with info
 * filled, or -1 (the one error line logged).
 */
extern int preflight_test_connection (const struct p2v_config *c,
                                      struct remote_info *info);
extern void remote_info_free (struct remote_info *info);

/* nbd.c */
struct nbd_export {
  char *disk;                   /* "sda" */
  char *dev_path;               /* what nbdkit serves */
  char *socket;                 /* local Unix socket */
  pid_t pid;
  int remote_port;              /* forwarded port on the server */
  uint64_t size;
};
DEFINE_VECTOR_TYPE (nbd_export_list, struct nbd_export);
extern int nbd_start (const char *disk, const char *dev_path, uint64_t size,
                      struct nbd_export *e);
extern void nbd_stop (struct nbd_export *e);

/* progress.c (the observer's copy figures) */
struct copy_progress {
  const char *verb;             /* "copying" or "staging" */
  int disk, ndisks;             /* 1-based */
  const char *name;             /* "sda" */
  int percent;
  uint64_t done, size;          /* bytes */
  double rate;                  /* bytes/s, 0 if not known yet */
  double eta;                   /* seconds, -1 if not known yet */
};

/* conversion.c */
/* Someone watching a conversion besides stderr (the GUI).  Every
 * callback runs in the conversion's thread; any may be NULL.
 */
struct conversion_observer {
  void *opaque;
  void (*phase) (void *opaque, const char *text);   /* "Copying disk 1/1" */
  void (*copy) (void *opaque, const struct copy_progress *cp);
  void (*output) (void *opaque, const char *line);  /* virt-v2v's, scrubbed */
  void (*workdir) (void *opaque, const char *dir);  /* on the server */
};
/* cancel_requested: the signal number, or CANCEL_BY_USER. */
#define CANCEL_BY_USER (-1)
extern volatile sig_atomic_t cancel_requested;
extern int cancel_pipe[2];
/* Cancel the running conversion (or connection test): any thread,
 * async-signal-safe.
 */
extern void conversion_cancel (int why);
/* Clear a previous cancel before the next run; makes the cancel pipe. */
extern int conversion_cancel_reset (void);
/* true (and the cancel logged as an error) if cancelled. */
extern bool conversion_cancelled (void);
/* Without an observer (the unattended mode) SIGINT, SIGTERM and SIGHUP
 * cancel; with one, its owner handles signals and calls
 * conversion_cancel.
 */
extern int run_conversion (const struct p2v_config *c,
                           const struct p2v_machine *m,
                           const struct conversion_observer *obs);

/* session.c */
struct session {
  pid_t pid;
  int in_fd, out_fd;
  char buf[65536];
  size_t have, consumed;
  bool eof;
  bool split_cr;                /* a \r ends a line too (bar redraws) */
};
extern int session_open (struct session *ss, struct ssh_conn *s);
extern int session_write (struct session *ss, const char *data, size_t len);
extern void session_close_input (struct session *ss);
/* The next line of output (valid until the next call), or NULL at the
 * end, or on cancel if stop_on_cancel.  tick is called each idle second.
 */
extern const char *session_read_line (struct session *ss, bool stop_on_cancel,
                                      void (*tick) (void *), void *opaque);
extern int session_wait (struct session *ss);
extern void session_kill (struct session *ss);

/* wrapper.c */
extern char *wrapper_script (const struct p2v_config *c,
                             const struct nbd_export *exports,
                             size_t nexports, bool stage);

/* progress.c */
struct progress;
extern struct progress *progress_new (const struct p2v_config *c,
                                      const uint64_t *disk_sizes,
                                      size_t ndisks);
extern void progress_set_observer (struct progress *p,
                                   const struct conversion_observer *obs);
extern void progress_line (struct progress *p, const char *line);
extern void progress_tick (struct progress *p);
extern void progress_finish (struct progress *p);
extern void progress_free (struct progress *p);

/* hooks.c */
extern int run_hook (const char *what, const char *command);
/* p2v.pre, the conversion, then p2v.post or p2v.fail. */
extern int run_conversion_with_hooks (const struct p2v_config *c,
                                      const struct p2v_machine *m,
                                      const struct conversion_observer *obs);

/* remote-files.c */
/* The script of the conversion session, fed to "sh -s" on the server:
 * it checks each data path, makes the work dir, writes the files into
 * it (here-documents) and then execs run.sh.
 */
struct upload {
  char *script;
  size_t len;
  FILE *fp;
  char marker[40];
};
extern int upload_begin (struct upload *u, const nbd_export_list *ex);
extern int upload_add (struct upload *u, const char *name,
                       const char *content, size_t len);
extern int upload_finish (struct upload *u);
extern void upload_abort (struct upload *u);
/* dmesg, lscpu, lspci, lsscsi, lsusb and p2v-version, collected in a
 * thread while we connect.
 */
struct local_info {
  pthread_t thread;
  bool started;
  int status;
  string_vector files;          /* name, content, name, content, ... */
};
extern int gather_local_info_start (struct local_info *li);
/* Join, and add the files to u (if u is not NULL). */
extern int gather_local_info_finish (struct local_info *li,
                                     struct upload *u);

#endif /* P2V_P2V_H */
