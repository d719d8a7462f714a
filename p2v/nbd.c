/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* One read-only nbdkit per source disk, on a Unix socket in our
 * private temp dir (nothing listens on the network).  nbdkit runs in
 * the foreground as our child with --exit-with-parent, so it cannot
 * outlive us; its pidfile tells us when it is ready.
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "p2v.h"
#include "tmpdir.h"
#include "utils.h"

#define NBDKIT_START_TIMEOUT 30.0

int
nbd_start (const char *disk, const char *dev_path, uint64_t size,
           struct nbd_export *e)
{
  CLEANUP_FREE char *sockname = NULL, *pidname = NULL, *pidfile = NULL;
  CLEANUP_FREE char *file_arg = NULL;
  pid_t pid;
  double deadline;

  memset (e, 0, sizeof *e);
  e->pid = -1;
  static int counter;

  /* Socket names stay short (sun_path is 108 bytes): number them. */
  if (asprintf (&sockname, "nbd%d.sock", counter) == -1 ||
      asprintf (&pidname, "nbd%d.pid", counter) == -1)
    goto oom;
  counter++;
  e->socket = tmpdir_path (sockname);
  pidfile = tmpdir_path (pidname);
  e->disk = strdup (disk);
  e->dev_path = strdup (dev_path);
  e->size = size;
  if (!e->socket || !pidfile || !e->disk || !e->dev_path ||
      asprintf (&file_arg, "file=%s", dev_path) == -1)
    goto oom;

  /* -r: the source disks are never written, whatever the server asks. */
  const char *argv[] = {
    NBDKIT_PROG, "-r", "-f", "--exit-with-parent",
    "-U", e->socket, "-P", pidfile,
    "file", file_arg, NULL
  };
  pid = command_start (argv, NULL, NULL, NULL, NULL);
  if (pid == -1)
    return -1;
  e->pid = pid;

  deadline = now_monotonic () + NBDKIT_START_TIMEOUT;
  for (;;) {
    struct stat st;
    int status;

    if (stat (pidfile, &st) == 0 && st.st_size > 0)
      break;
    if (waitpid (pid, &status, WNOHANG) == pid) {
      CLEANUP_FREE char *why = exit_status_to_string (status, "nbdkit");
      log_error ("nbdkit could not serve %s (%s): %s", disk, dev_path,
                 why ? why : "failed");
      e->pid = -1;
      return -1;
    }
    if (now_monotonic () > deadline) {
      log_error ("nbdkit did not start serving %s within %g seconds",
                 disk, NBDKIT_START_TIMEOUT);
      nbd_stop (e);
      return -1;
    }
    nanosleep (&(struct timespec) { 0, 10000000 }, NULL);
  }
  log_debug ("nbdkit (pid %d) serves %s read-only on %s", (int) pid,
             dev_path, e->socket);
  return 0;

 oom:
  log_error ("out of memory");
  return -1;
}

void
nbd_stop (struct nbd_export *e)
{
  if (e->pid > 0) {
    kill (e->pid, SIGTERM);
    while (waitpid (e->pid, NULL, 0) == -1 && errno == EINTR)
      ;
    e->pid = -1;
  }
  if (e->socket)
    unlink (e->socket);
  free (e->socket);
  free (e->disk);
  free (e->dev_path);
  e->socket = e->disk = e->dev_path = NULL;
}
