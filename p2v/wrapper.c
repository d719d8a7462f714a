/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The script that runs the conversion on the server ("run.sh" in the
 * work dir).  With staging on and room for it, it first copies each
 * forwarded disk into a private directory on the server (nbdcopy,
 * sparse: each allocated block crosses the network once, at the ssh
 * stream's full speed) and points virt-v2v at the local copies, so the
 * many small reads of inspection and conversion never wait for a
 * network round trip.  Otherwise virt-v2v reads the forwarded disks
 * directly.  virt-v2v's output goes to the conversion log, which is
 * streamed back to us, and the exit status is recorded.  TERM (our
 * cancel) stops whatever runs and records a failure.
 */

#include <config.h>

#include <inttypes.h>
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

/* The staging step: sets $xml to physical-staged.xml (with its
 * placeholder replaced by the directory) when every disk was copied.
 * Any failure (no nbdcopy, too little space, a copy that fails) falls
 * back to reading the disks over the network, saying why.
 */
static void
stage_disks (FILE *fp, const struct nbd_export *exports, size_t nexports)
{
  uint64_t need_kib = 0;

  for (size_t i = 0; i < nexports; ++i)
    need_kib += (exports[i].size + 1023) / 1024;
  /* Keep 1 GiB spare for virt-v2v's own temporary files. */
  fprintf (fp, "need=%" PRIu64 "\n", need_kib + 1024 * 1024);
  fputs ("if ! command -v nbdcopy >/dev/null 2>&1; then\n"
         "  note 'nbdcopy is not installed'\n"
         "elif ! stage=$(mktemp -d \"${TMPDIR:-/var/tmp}/virt-p2v-disks."
         "XXXXXXXX\"); then\n"
         "  stage=; note \"cannot create a directory in ${TMPDIR:-/var/tmp}\"\n"
         "else\n"
         "  case $stage in\n"
         "  *[!A-Za-z0-9/._-]*) note \"unusual characters in $stage\" ;;\n"
         "  *)\n"
         "    avail=$(df -P -k \"$stage\" | awk 'NR == 2 { print $4 }')\n"
         "    if [ \"${avail:-0}\" -lt $need ]; then\n"
         "      note \"$((${avail:-0} / 1024)) MiB free in $stage, "
         "$((need / 1024)) MiB needed\"\n"
         "    else\n"
         "      xml=physical-staged.xml\n"
         "    fi ;;\n"
         "  esac\n"
         "fi\n", fp);
  for (size_t i = 0; i < nexports; ++i) {
    fprintf (fp, "if [ $xml = physical-staged.xml ]; then\n"
             "  phase 'Staging disk %zu/%zu (%s) on the server'\n"
             "  nbdcopy -p nbd://localhost:%d \"$stage/%s.raw\" "
             "2>> \"$log\" &\n"
             "  copier=$!; wait $copier || { xml=physical.xml; "
             "note 'copying %s failed'; }\n"
             "  copier=\n"
             "fi\n",
             i + 1, nexports, exports[i].disk, exports[i].remote_port,
             exports[i].disk, exports[i].disk);
  }
  fputs ("if [ $xml = physical-staged.xml ]; then\n"
         "  sed \"s|@P2V_STAGE@|$stage|g\" physical-staged.xml > xml.tmp &&\n"
         "    mv xml.tmp physical-staged.xml || xml=physical.xml\n"
         "fi\n"
         "if [ $xml = physical.xml ] && [ -n \"$stage\" ]; then\n"
         "  rm -rf \"$stage\"; stage=\n"
         "fi\n", fp);
}

char *
wrapper_script (const struct p2v_config *c,
                const struct nbd_export *exports, size_t nexports,
                bool stage)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);

  if (fp == NULL)
    return NULL;
  fprintf (fp,
           "# Written by virt-p2v %s: runs the conversion on this server.\n"
           "cd \"$(dirname \"$0\")\" || exit 1\n"
           "exec < /dev/null\n"
           "umask 077\n", PACKAGE_VERSION);
  /* One tail follows the log for the whole run: it stops after a final
   * read once the sentinel is killed, so no last line is lost.  The
   * sentinel also ends by itself if this script is killed outright.
   */
  fputs ("echo $$ > run.pid\n"
         "log=virt-v2v-conversion-log.txt\n"
         ": > \"$log\"\n"
         "xml=physical.xml v2v= copier= stage=\n"
         "t0=$(date +%s.%N)\n"
         "phase () {\n"
         "  printf '[%s] %s\\n' \"$(awk -v a=$t0 -v b=$(date +%s.%N) "
         "'BEGIN { printf \"%6.1f\", b - a }')\" \"$1\" >> \"$log\"\n"
         "}\n"
         "note () {\n"
         "  echo \"virt-p2v: not staging the disks ($1): virt-v2v reads "
         "them over the network\" >> \"$log\"\n"
         "}\n"
         "while kill -0 $$ 2>/dev/null; do sleep 1; done & sentinel=$!\n"
         "tail -n +1 -s 0.2 -f --pid=$sentinel \"$log\" &\n"
         "tailer=$!\n"
         "finish () {\n"
         "  [ -n \"$stage\" ] && rm -rf \"$stage\"\n"
         "  kill $sentinel 2>/dev/null; wait $tailer\n"
         "  echo $1 > status\n"
         "  echo \"p2v-status: $1\"\n"
         "  exit $1\n"
         "}\n"
         "trap 'echo \"virt-p2v: conversion cancelled\" >> \"$log\"; "
         "for p in $copier $v2v; do kill -TERM $p 2>/dev/null; "
         "wait $p; done; finish 130' TERM INT HUP\n", fp);

  if (stage && nexports > 0)
    stage_disks (fp, exports, nexports);

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
  fputs (" -i libvirtxml \"$xml\" -o", fp);
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
         "wait $v2v\n"
         "rc=$?\n"
         "v2v=\n"
         "finish $rc\n", fp);
  if (fclose (fp) == EOF) {
    free (buf);
    return NULL;
  }
  return buf;
}
