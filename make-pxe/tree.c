/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The PXE tree, everything relative to where the boot loaders were
 * fetched from (so it may be served as the TFTP root or below it):
 *
 *   pxelinux.0 lpxelinux.0 ldlinux.c32   BIOS (lpxelinux: HTTP too)
 *   pxelinux.cfg/default                 BIOS entry
 *   pxelinux.cfg/01-aa-bb-cc-dd-ee-ff    one per --machines line
 *   bootx64.efi                          UEFI: GRUB with efinet/tftp/http
 *   grub.cfg, grub.cfg-01-aa-bb-...      GRUB's default and per-MAC
 *                                        (GRUB's own search order)
 *   vmlinuz initrd.img payload.img       the boot set
 *   squashfs.cpio                        newc cpio: LiveOS/squashfs.img
 *   manifest.txt SHA256SUMS
 *
 * The loaders load initrd.img, payload.img and squashfs.cpio as one
 * initramfs; p2v-init finds the root at root=live:/LiveOS/squashfs.img.
 * With --http-url the entries name the kernel and initrds by URL
 * (lpxelinux.0, GRUB's http module): only the loaders and their
 * configs cross TFTP.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "make-pxe.h"
#include "media-internal.h"
#include "utils.h"

#define PXE_ROOT "live:/LiveOS/squashfs.img"

static char *
path_in (const char *dir, const char *name)
{
  char *p;

  if (asprintf (&p, "%s/%s", dir, name) == -1) {
    log_error ("out of memory");
    return NULL;
  }
  return p;
}

static int
put_text (const struct pxe_build *b, const char *dir, const char *name,
          const char *text)
{
  CLEANUP_FREE char *p = path_in (dir, name);

  return p && text ? media_write_text (p, text, b->epoch) : -1;
}

static int put_copy (const char *dir, const char *name, const char *src);

/* A hard link to the boot set's file where it is world-readable (a
 * TFTP server reads the tree as an unprivileged user), else a copy.
 */
static int
put_file (const char *dir, const char *name, const char *src)
{
  CLEANUP_FREE char *p = path_in (dir, name);
  struct stat st;

  if (p == NULL)
    return -1;
  if (stat (src, &st) == -1) {
    log_error ("%s: %m", src);
    return -1;
  }
  if ((st.st_mode & 0444) != 0444)
    return put_copy (dir, name, src);
  return media_link_or_copy (src, p);
}

/* A copy (never a link) with mode and, unless (gid_t) -1, group gid,
 * set before the file has its name: for the payload, which may hold
 * the injected private key, the access payload_access() chose.
 */
static int
put_copy_as (const char *dir, const char *name, const char *src, int mode,
             gid_t gid)
{
  CLEANUP_FREE char *p = path_in (dir, name);
  CLEANUP_FREE char *data = NULL;
  size_t len = 0;

  if (p == NULL)
    return -1;
  data = read_whole_file (src, &len);
  if (data == NULL ||
      write_file_atomic_owned (p, data, len, mode, gid) == -1) {
    log_error ("%s: %m", data ? p : src);
    return -1;
  }
  return 0;
}

/* A copy, 0644: the loaders are never links to the host's files. */
static int
put_copy (const char *dir, const char *name, const char *src)
{
  return put_copy_as (dir, name, src, 0644, (gid_t) -1);
}

/* DIR/squashfs.cpio: newc cpio of LiveOS/ and LiveOS/squashfs.img. */
static int
put_squashfs_cpio (const struct pxe_build *b, const char *dir)
{
  CLEANUP_FREE char *out = path_in (dir, "squashfs.cpio");
  struct media_cpio *c = out ? media_cpio_open (out, false, b->epoch, 0644)
    : NULL;

  if (c == NULL)
    return -1;
  if (media_cpio_dir (c, "LiveOS", 0755) == -1 ||
      media_cpio_file (c, "LiveOS/squashfs.img", 0644, b->bs->squashfs) == -1) {
    media_cpio_abort (c);
    return -1;
  }
  return media_cpio_close (c);
}

/* How the loaders name a file of the tree: relative to their own
 * directory over TFTP, or by URL.  GRUB wants (http,HOST[:PORT])/PATH.
 */
static char *
syslinux_path (const struct pxe_build *b, const char *name)
{
  char *p;

  if (asprintf (&p, "%s%s%s", b->http_url ? b->http_url : "",
                b->http_url ? "/" : "", name) == -1)
    return NULL;
  return p;
}

static char *
grub_path (const struct pxe_build *b, const char *name)
{
  char *p;

  if (b->http_url) {
    const char *host = b->http_url + strlen ("http://");
    const char *slash = strchr (host, '/');
    int hostlen = slash ? (int) (slash - host) : (int) strlen (host);
    if (asprintf (&p, "(http,%.*s)%s/%s", hostlen, host,
                  slash ? slash : "", name) == -1)
      return NULL;
  }
  else if (asprintf (&p, "$prefix/%s", name) == -1)
    return NULL;
  return p;
}

/* One syslinux and one GRUB config for the kernel arguments args. */
static int
put_configs (const struct pxe_build *b, const char *dir,
             const char *syslinux_name, const char *grub_name,
             const char *args)
{
  static const char *const names[] = {
    "vmlinuz", "initrd.img", "payload.img", "squashfs.cpio", NULL
  };
  char *sp[5] = { NULL }, *gp[5] = { NULL };
  CLEANUP_FREE char *stext = NULL, *gtext = NULL;
  int r = -1;

  for (size_t i = 0; names[i]; ++i)
    if ((sp[i] = syslinux_path (b, names[i])) == NULL ||
        (gp[i] = grub_path (b, names[i])) == NULL) {
      log_error ("out of memory");
      goto out;
    }
  stext = media_syslinux_entry (sp[0], (const char *const *) sp + 1, args);
  gtext = media_grub_entry (gp[0], (const char *const *) gp + 1, args);
  if (put_text (b, dir, syslinux_name, stext) == -1 ||
      put_text (b, dir, grub_name, gtext) == -1)
    goto out;
  r = 0;
 out:
  for (size_t i = 0; i < 5; ++i) {
    free (sp[i]);
    free (gp[i]);
  }
  return r;
}

static int
put_machine (const struct pxe_build *b, const char *dir,
             const struct machine *m)
{
  CLEANUP_FREE char *user = NULL, *args = NULL;
  CLEANUP_FREE char *sname = NULL, *gname = NULL;
  char dashed[18];

  for (size_t i = 0; i < 18; ++i)
    dashed[i] = m->mac[i] == ':' ? '-' : m->mac[i];
  if (asprintf (&user, "%s%sp2v.name=%s%s%s",
                b->user_cmdline ? b->user_cmdline : "",
                b->user_cmdline ? " " : "", m->name,
                *m->keys ? " " : "", m->keys) == -1 ||
      asprintf (&sname, "pxelinux.cfg/01-%s", dashed) == -1 ||
      asprintf (&gname, "grub.cfg-01-%s", dashed) == -1) {
    log_error ("out of memory");
    return -1;
  }
  args = media_kernel_args (PXE_ROOT, user);
  if (args == NULL)
    return -1;
  log_debug ("%s (%s): %s", m->mac, m->name, args);
  return put_configs (b, dir, sname, gname, args);
}

/* GRUB for UEFI network boot.  No prefix path: GRUB then takes the
 * directory it was fetched from, so the tree can live anywhere under
 * the TFTP root; grub.cfg (and GRUB's per-MAC search, grub.cfg-01-...)
 * is beside bootx64.efi.
 */
static int
put_grub_efi (const struct pxe_build *b, const char *dir)
{
  static const char *const modules[] = {
    "efinet", "net", "tftp", "http", NULL
  };
  CLEANUP_FREE char *efi = path_in (dir, "bootx64.efi");

  return efi ? media_grub_efi (efi, "", NULL, modules) : -1;
}

static int
put_sums (const struct pxe_build *b, const char *dir)
{
  static const char *const files[] = {
    "bootx64.efi", "initrd.img", "ldlinux.c32", "lpxelinux.0",
    "manifest.txt", "payload.img", "pxelinux.0", "squashfs.cpio",
    "vmlinuz", NULL
  };
  CLEANUP_FREE char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("open_memstream: %m");
    return -1;
  }
  for (size_t i = 0; files[i]; ++i) {
    CLEANUP_FREE char *p = path_in (dir, files[i]);
    char hex[65];
    if (p == NULL || sha256_hex (p, hex) == -1) {
      fclose (fp);
      return -1;
    }
    fprintf (fp, "%s  %s\n", hex, files[i]);
  }
  if (fclose (fp) == EOF) {
    log_error ("open_memstream: %m");
    return -1;
  }
  return put_text (b, dir, "SHA256SUMS", text);
}

int
tree_write (const struct pxe_build *b, const char *dir)
{
  CLEANUP_FREE char *cfgdir = path_in (dir, "pxelinux.cfg");
  CLEANUP_FREE char *args = media_kernel_args (PXE_ROOT, b->user_cmdline);

  if (cfgdir == NULL || args == NULL)
    return -1;
  progress ("Copying the boot set");
  if (put_file (dir, "vmlinuz", b->bs->kernel) == -1 ||
      put_file (dir, "initrd.img", b->bs->initrd) == -1 ||
      put_file (dir, "manifest.txt", b->bs->manifest) == -1 ||
      put_copy_as (dir, "payload.img", b->bs->payload, b->payload_mode,
                   b->payload_gid) == -1 ||
      check_interrupted () == -1)
    return -1;
  progress ("Packing the root for the initramfs (squashfs.cpio)");
  if (put_squashfs_cpio (b, dir) == -1 || check_interrupted () == -1)
    return -1;

  progress ("BIOS: pxelinux and its configurations");
  if (put_copy (dir, "pxelinux.0", PXELINUX_DIR "/pxelinux.0") == -1 ||
      put_copy (dir, "lpxelinux.0", PXELINUX_DIR "/lpxelinux.0") == -1 ||
      put_copy (dir, "ldlinux.c32", SYSLINUX_BIOS_DIR "/ldlinux.c32") == -1)
    return -1;
  if (mkdir (cfgdir, 0755) == -1) {
    log_error ("mkdir: %s: %m", cfgdir);
    return -1;
  }
  if (put_configs (b, dir, "pxelinux.cfg/default", "grub.cfg", args) == -1)
    return -1;
  for (size_t i = 0; i < b->machines->len; ++i)
    if (put_machine (b, dir, &b->machines->ptr[i]) == -1)
      return -1;

  progress ("UEFI: GRUB network image");
  if (put_grub_efi (b, dir) == -1 || check_interrupted () == -1)
    return -1;

  progress ("Writing SHA256SUMS");
  return put_sums (b, dir);
}
