/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Credentials for the conversion server: the identity fetched from
 * its URL (once per run, into the private temp dir) or the password
 * written to a 0600 file for the askpass helper.
 */

#include <config.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "p2v.h"
#include "tmpdir.h"
#include "utils.h"

static size_t
write_cb (char *ptr, size_t size, size_t nmemb, void *fpv)
{
  return fwrite (ptr, size, nmemb, fpv);
}

/* Fetch url into path (created with mode, replaced atomically).  key
 * names the p2v.* key in errors.
 */
int
fetch_url_to_file (const char *key, const char *url, const char *path,
                   int mode)
{
  CLEANUP_FREE char *tmp = NULL;
  char curl_err[CURL_ERROR_SIZE] = "";
  CURL *curl;
  FILE *fp;
  int fd;
  CURLcode res;
  long code = 0;

  if (asprintf (&tmp, "%s.tmp", path) == -1) {
    log_error ("asprintf: %m");
    return -1;
  }
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd == -1 || (fp = fdopen (fd, "w")) == NULL) {
    log_error ("%s: %m", tmp);
    if (fd >= 0) close (fd);
    return -1;
  }
  curl = curl_easy_init ();
  if (curl == NULL) {
    log_error ("curl_easy_init failed");
    fclose (fp);
    unlink (tmp);
    return -1;
  }
  log_debug ("fetching %s", url);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, fp);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_err);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup (curl);
  if (fclose (fp) == EOF && res == CURLE_OK) {
    log_error ("%s: %m", tmp);
    unlink (tmp);
    return -1;
  }
  if (res != CURLE_OK) {
    log_error ("%s=%s: cannot fetch the URL: %s: check the URL and that "
               "this machine can reach it", key, url,
               *curl_err ? curl_err : curl_easy_strerror (res));
    unlink (tmp);
    return -1;
  }
  if (rename (tmp, path) == -1) {
    log_error ("rename %s: %m", tmp);
    unlink (tmp);
    return -1;
  }
  return 0;
}

int
auth_prepare (struct ssh_conn *s)
{
  const struct p2v_config *c = s->config;

  if (c->identity_url) {
    /* The identity overrides the password; there is no fallback. */
    s->identity_file = tmpdir_path ("identity");
    if (s->identity_file == NULL ||
        fetch_url_to_file ("p2v.identity", c->identity_url,
                           s->identity_file, 0600) == -1)
      return -1;
  }
  else if (c->password) {
    s->askpass_file = tmpdir_path ("password");
    if (s->askpass_file == NULL)
      return -1;
    if (write_file_atomic (s->askpass_file, c->password,
                           strlen (c->password), 0600) == -1) {
      log_error ("%s: %m", s->askpass_file);
      return -1;
    }
  }
  return 0;
}
