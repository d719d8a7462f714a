/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The script that runs the conversion on the server ("run.sh" in the
 * work dir).  It puts a caching nbdkit in front of each forwarded disk
 * (so a block virt-v2v reads while inspecting and converting crosses
 * the network once, not again when the disk is copied), runs virt-v2v
 * with its output going to the conversion log, streams that log back
 * to us, and records the exit status.  TERM (our cancel) stops
 * virt-v2v and records a failure.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "p2v.h"
#include "quote.h"

/* Variables that must reach virt-v2v even through sudo, which resets
 * the environment.
 */
static const char pass_env[] =
  "LIBGUESTFS_BACKEND LIBGUESTFS_BACKEND_SETTINGS LIBGUESTFS_DEBUG "
  "LIBGUESTFS_TRACE LIBGUESTFS_PATH LIBGUESTFS_CACHEDIR TMPDIR";

static void
word (FILE *fp, const char *str)
{
  fputc (' ', fp);
  shell_quote_fp (str, fp);
}

char *
wrapper_script (const struct p2v_config *c,
                const struct nbd_export *exports, size_t nexports,
                bool cache)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  if (fp == NULL)
    return NULL;
  fprintf (fp,
           "# Written by virt-p2v %s: runs the conversion on this server.\n"
           "cd \"$(dirname \"$0\")\" || exit 1\n"
           "exec < /dev/null\n", PACKAGE_VERSION);
  fputs ("echo $$ > run.pid\n"
         "log=virt-v2v-conversion-log.txt\n"
         ": > \"$log\"\n"
         "v2v= tailer= proxies=\n"
         "stop () {\n"
         "  [ -n \"$v2v\" ] && kill -TERM $v2v 2>/dev/null\n"
         "  [ -n \"$v2v\" ] && wait $v2v\n"
         "  kill -TERM $proxies 2>/dev/null\n"
         "  [ -n \"$tailer\" ] && kill $tailer 2>/dev/null\n"
         "}\n"
         "trap 'echo \"virt-p2v: conversion cancelled\" >> \"$log\"; "
         "stop; echo 130 > status; echo \"p2v-status: 130\"; exit 130' "
         "TERM INT HUP\n", fp);

  if (cache) {
    /* virt-v2v reads NBD disks only from localhost:PORT, so the proxies
     * listen on ports we chose; if one cannot start (port taken, cache
     * filter broken) the whole run falls back to the direct forwards.
     */
    fputs ("# One caching proxy per disk: each block crosses the network "
           "once.\n"
           "proxy_ok=yes\n", fp);
    for (size_t i = 0; i < nexports; ++i) {
      fprintf (fp, "nbdkit -r --exit-with-parent -i 127.0.0.1 -p %d "
               "-P proxy%zu.pid --filter=cache nbd hostname=127.0.0.1 "
               "port=%d cache-on-read=true 2>> \"$log\" &\n"
               "p=$!; proxies=\"$proxies $p\"\n"
               "while [ ! -s proxy%zu.pid ]; do\n"
               "  kill -0 $p 2>/dev/null || { proxy_ok=no; break; }\n"
               "  sleep 0.05\n"
               "done\n",
               exports[i].proxy_port, i, exports[i].remote_port, i);
    }
    fputs ("if [ $proxy_ok = yes ]; then\n"
           "  mv physical-cached.xml physical.xml\n"
           "else\n"
           "  echo 'virt-p2v: caching proxies unavailable, reading the "
           "disks directly' >> \"$log\"\n"
           "  kill -TERM $proxies 2>/dev/null; proxies=\n"
           "  rm -f physical-cached.xml\n"
           "fi\n", fp);
  }

  /* virt-v2v, through sudo -n if asked, keeping the libguestfs knobs. */
  fprintf (fp, "set --\n"
           "for v in %s; do\n"
           "  eval \"x=\\${$v-}\"\n"
           "  [ -n \"$x\" ] && set -- \"$@\" \"$v=$x\"\n"
           "done\n", pass_env);
  fputs (c->sudo ? "sudo -n env \"$@\"" : "env \"$@\"", fp);
  fputs (" virt-v2v", fp);
  if (c->debug)
    fputs (" -v -x", fp);
  fputs (" -i libvirtxml physical.xml -o", fp);
  word (fp, c->output);
  if (c->output_alloc) { fputs (" -oa", fp); word (fp, c->output_alloc); }
  if (c->output_conn) { fputs (" -oc", fp); word (fp, c->output_conn); }
  if (c->output_format) { fputs (" -of", fp); word (fp, c->output_format); }
  if (c->output_storage) { fputs (" -os", fp); word (fp, c->output_storage); }
  for (size_t i = 0; i < c->output_options.len; ++i) {
    fputs (" -oo", fp);
    word (fp, c->output_options.ptr[i]);
  }
  fputs (" < /dev/null >> \"$log\" 2>&1 &\n"
         "v2v=$!\n"
         "tail -n +1 -s 0.2 -f --pid=$v2v \"$log\" &\n"
         "tailer=$!\n"
         "wait $v2v\n"
         "rc=$?\n"
         "v2v=\n"
         "wait $tailer\n"
         "tailer=\n"
         "kill -TERM $proxies 2>/dev/null\n"
         "echo $rc > status\n"
         "echo \"p2v-status: $rc\"\n"
         "exit $rc\n", fp);
  if (fclose (fp) == EOF) {
    free (buf);
    return NULL;
  }
  return buf;
}
