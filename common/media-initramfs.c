/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The generic initramfs: dracut with dmsquash-live, built for the
 * boot set's kernel and written only to our output (never /boot; the
 * host's dracut.conf is not read, so host settings such as
 * hostonly=yes cannot leak in).  It takes over a minute, so it runs in
 * the background while the root is built beside it.
 */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media-internal.h"
#include "utils.h"

/* dracut modules a live boot of our root never uses.  Measured: they
 * are what makes dracut slow (54 s instead of 91-184 s here).
 */
#define OMIT "plymouth btrfs crypt lvm mdraid nvdimm lunmask resume " \
  "virtiofs kernel-modules-extra"

#define CONFDIR "dracut.conf.d"

/* Our files in the initramfs, as a tree for dracut's --include (a
 * relative file source fails in dracut-install; a directory is copied).
 */
#define EXTRA "initrd-extra"
#define OVERLAY_DIRS "/etc/tmpfiles.d/p2v-overlay-dirs.conf"

pid_t
media_dracut_start (const char *kver, const char *drivers,
                    const char *templates, const char *workdir,
                    const char *out, const char *logf)
{
  CLEANUP_FREE char *confdir = NULL, *conf = NULL;
  CLEANUP_FREE char *extra = NULL, *dirs_src = NULL;

  if (asprintf (&confdir, "%s/" CONFDIR, workdir) == -1 ||
      asprintf (&conf, "%s/dracut.conf", confdir) == -1 ||
      asprintf (&extra, "%s/" EXTRA, workdir) == -1 ||
      asprintf (&dirs_src, "%s/" MEDIA_INITRD_OVERLAY_DIRS, templates) == -1) {
    log_error ("malloc: %m");
    return -1;
  }
  if (mkdir (confdir, 0755) == -1 && errno != EEXIST) {
    log_error ("mkdir: %s: %m", confdir);
    return -1;
  }
  /* Empty: only our arguments count. */
  if (write_file_atomic (conf, "", 0, 0644) == -1) {
    log_error ("%s: %m", conf);
    return -1;
  }
  /* Relative to the work dir, so that dracut's recorded arguments name
   * neither the work dir nor where the templates are installed.
   */
  if (media_put_file (extra, dirs_src, OVERLAY_DIRS, 0644) == -1)
    return -1;
  /* dracut records its arguments in the image: relative paths (it
   * runs in the work dir) keep the random work dir's name out.
   */
  const char *const argv[] = {
    "dracut", "--quiet", "--force", "--conf", CONFDIR "/dracut.conf",
    "--confdir", CONFDIR,
    "--no-hostonly", "--no-hostonly-cmdline", "--reproducible",
    "--add", "dmsquash-live", "--omit", OMIT, "--zstd",
    "--include", EXTRA, "/",
    "--drivers", drivers, "--kver", kver, out, NULL
  };
  return command_start_logged (argv, workdir, logf);
}

int
media_dracut_finish (pid_t pid, const char *out, const char *logf)
{
  int status;

  while (waitpid (pid, &status, 0) == -1)
    if (errno != EINTR) {
      log_error ("waitpid: %m");
      return -1;
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  CLEANUP_FREE char *why = exit_status_to_string (status, "dracut");
  CLEANUP_FREE char *log = read_whole_file (logf, NULL);
  char *last = NULL;
  if (log) {
    chomp (log);
    /* The last line of dracut's output is the one that explains. */
    last = strrchr (log, '\n');
    last = last ? last + 1 : log;
  }
  log_error ("building the initramfs %s failed: %s: %s (full output in %s)",
             out, why ? why : "dracut failed", last ? last : "", logf);
  return -1;
}

void
media_dracut_abort (pid_t pid)
{
  kill (pid, SIGTERM);
  while (waitpid (pid, NULL, 0) == -1 && errno == EINTR)
    ;
}
