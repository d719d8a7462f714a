/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Message output (see log.h).  Each message is formatted once into a
 * buffer, scrubbed of secrets, then written with a single call so
 * lines from several threads do not interleave.
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "string-vector.h"

bool verbose;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static string_vector secrets = empty_vector;
static FILE *tee_fp;
static const char debug_kind[] = "debug: ";
static struct timespec start_time;
static __thread log_hook_fn thread_hook;
static __thread void *thread_hook_opaque;

static void __attribute__ ((constructor))
log_init (void)
{
  clock_gettime (CLOCK_MONOTONIC, &start_time);
}

int
log_add_secret (const char *secret)
{
  int r;

  if (secret == NULL || *secret == '\0')
    return 0;
  pthread_mutex_lock (&lock);
  r = string_vector_contains (&secrets, secret)
    ? 0 : string_vector_add (&secrets, secret);
  pthread_mutex_unlock (&lock);
  return r;
}

void
log_free_secrets (void)
{
  pthread_mutex_lock (&lock);
  for (size_t i = 0; i < secrets.len; ++i)
    explicit_bzero (secrets.ptr[i], strlen (secrets.ptr[i]));
  string_vector_free (&secrets);
  pthread_mutex_unlock (&lock);
}

static void
scrub_locked (char *str)
{
  for (size_t i = 0; i < secrets.len; ++i) {
    const char *s = secrets.ptr[i];
    size_t n = strlen (s);
    char *p = str;

    while ((p = strstr (p, s)) != NULL) {
      memset (p, '*', n);
      p += n;
    }
  }
}

void
log_scrub (char *str)
{
  pthread_mutex_lock (&lock);
  scrub_locked (str);
  pthread_mutex_unlock (&lock);
}

void
log_set_tee (FILE *fp)
{
  pthread_mutex_lock (&lock);
  tee_fp = fp;
  pthread_mutex_unlock (&lock);
}

void
log_set_thread_hook (log_hook_fn fn, void *opaque)
{
  thread_hook = fn;
  thread_hook_opaque = opaque;
}

static void
vmessage (const char *kind, const char *fs, va_list args)
{
  int saved_errno = errno;
  char *msg = NULL;

  /* %m in fs must see the caller's errno. */
  errno = saved_errno;
  if (vasprintf (&msg, fs, args) == -1) {
    fprintf (stderr, "%s: %s(out of memory formatting a message)\n",
             program_invocation_short_name, kind);
    errno = saved_errno;
    return;
  }

  pthread_mutex_lock (&lock);
  scrub_locked (msg);
  if (kind == debug_kind) {
    /* Seconds since start: where the time goes, at a glance. */
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    fprintf (stderr, "%s: %s[%7.3f] %s\n", program_invocation_short_name,
             kind, (now.tv_sec - start_time.tv_sec) +
             (now.tv_nsec - start_time.tv_nsec) / 1e9, msg);
  }
  else
    fprintf (stderr, "%s: %s%s\n", program_invocation_short_name, kind, msg);
  if (tee_fp) {
    struct timespec ts;
    struct tm tm;
    char stamp[32];

    clock_gettime (CLOCK_REALTIME, &ts);
    localtime_r (&ts.tv_sec, &tm);
    strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf (tee_fp, "%s.%03ld %s%s\n", stamp, ts.tv_nsec / 1000000, kind, msg);
    fflush (tee_fp);
  }
  pthread_mutex_unlock (&lock);
  if (thread_hook) {
    const char *k = kind == debug_kind ? "debug" : *kind == '\0' ? "info"
      : *kind == 'e' ? "error" : "warning";
    thread_hook (thread_hook_opaque, k, msg);
  }
  free (msg);
  errno = saved_errno;
}

#define DEFINE_LOG_FUNCTION(name, kind)         \
  void                                          \
  name (const char *fs, ...)                    \
  {                                             \
    va_list args;                               \
    va_start (args, fs);                        \
    vmessage (kind, fs, args);                  \
    va_end (args);                              \
  }

DEFINE_LOG_FUNCTION (log_error, "error: ")
DEFINE_LOG_FUNCTION (log_warning, "warning: ")
DEFINE_LOG_FUNCTION (log_info, "")
DEFINE_LOG_FUNCTION (log_debug_always, debug_kind)
