/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* media_build_boot_set: the whole pipeline (media.h).
 *
 *   templates/packages-debian.txt (+ extras, firmware, virt-p2v's libraries)
 *     -> installed? (one error naming them all)
 *     -> closure (supermin) -> cache keys
 *     -> root:   copy files, fixups, mksquashfs  -> CACHE/root-KEY/
 *        initrd: p2v-init + drivers' modules    -> CACHE/initrd-KEY.img
 *     -> payload (per build) -> DIR/{vmlinuz,initrd.img,payload.img,
 *                                   LiveOS/squashfs.img,manifest.txt}
 *
 * Cached results are made in a work dir inside the cache and renamed
 * into place, so an interrupted build never leaves a half entry.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "command.h"
#include "log.h"
#include "media.h"
#include "media-internal.h"
#include "utils.h"

#ifndef P2V_TEMPLATES_DIR
#define P2V_TEMPLATES_DIR "/usr/share/virt-p2v-toolkit/templates"
#endif

/* Templates that shape the root besides the payload's files
 * (media_payload_files): all of them go into its key.
 */
static const char *const root_lists[] = {
  "packages-debian.txt", "exclude.txt", NULL
};

struct build {
  const struct media_options *opts;
  const char *templates, *cache;
  string_vector pkgs, closure;
  char *work, *kver, *root_key, *initrd_key;
  char *root_dir, *initrd;      /* cache entries */
  const char *init;             /* the p2v-init binary */
  string_vector drivers;        /* templates/initramfs-drivers.txt */
};

static bool
exists (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0;
}

static char *
path_join (const char *a, const char *b)
{
  char *p;
  if (asprintf (&p, "%s/%s", a, b) == -1) {
    log_error ("malloc: %m");
    return NULL;
  }
  return p;
}

/* The package list: the family's list, the caller's extras, the
 * host's firmware packages if asked, and the packages of the libraries
 * virt-p2v links.
 */
static int
package_set (struct build *b)
{
  CLEANUP_FREE char *list = path_join (b->templates, "packages-debian.txt");

  if (list == NULL)
    return -1;
  if (access ("/var/lib/dpkg/status", R_OK) == -1) {
    log_error ("this host has no dpkg database: boot sets are built from "
               "the host's installed packages, and only Debian-family "
               "hosts are supported for now");
    return -1;
  }
  if (media_read_list (list, &b->pkgs) == -1)
    return -1;
  for (char **p = b->opts->extra_packages; p && *p; ++p)
    /* Debian policy's package names; never an option to dpkg-query. */
    if (strspn (*p, "abcdefghijklmnopqrstuvwxyz0123456789+-.") != strlen (*p)
        || strchr ("abcdefghijklmnopqrstuvwxyz0123456789", (*p)[0]) == NULL
        || (*p)[0] == '\0') {
      log_error ("\"%s\" is not a package name (--install takes names "
                 "such as \"lvm2\", separated by commas)", *p);
      return -1;
    }
    else if (string_vector_add (&b->pkgs, *p) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
  if (b->opts->firmware && media_firmware_packages (&b->pkgs) == -1)
    return -1;
  if (media_binary_packages (b->opts->virt_p2v_binary, &b->pkgs) == -1)
    return -1;
  return media_check_installed (&b->pkgs);
}

/* "template NAME SHA256" into the key text fp. */
static int
key_template (const struct build *b, FILE *fp, const char *name)
{
  CLEANUP_FREE char *p = path_join (b->templates, name);
  CLEANUP_FREE char *h = p ? media_sha256_file (p) : NULL;

  if (h == NULL)
    return -1;
  fprintf (fp, "template %s %s\n", name, h);
  return 0;
}

/* The root's key: everything that decides its bytes. */
static int
root_key (struct build *b)
{
  CLEANUP_FREE char *text = NULL, *bin = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  fprintf (fp, "root pipeline %s zstd %s kernel %s\n",
           MEDIA_PIPELINE_VERSION, MEDIA_SQUASHFS_ZSTD_LEVEL, b->kver);
  for (size_t i = 0; i < b->closure.len; ++i)
    fprintf (fp, "package %s\n", b->closure.ptr[i]);
  for (size_t i = 0; root_lists[i]; ++i)
    if (key_template (b, fp, root_lists[i]) == -1) {
      fclose (fp);
      return -1;
    }
  for (size_t i = 0; media_payload_files[i].template; ++i) {
    /* One template may go to several paths: hash it once. */
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j)
      seen = STREQ (media_payload_files[j].template,
                    media_payload_files[i].template);
    if (!seen && key_template (b, fp, media_payload_files[i].template) == -1) {
      fclose (fp);
      return -1;
    }
  }
  bin = media_sha256_file (b->opts->virt_p2v_binary);
  if (bin == NULL) {
    fclose (fp);
    return -1;
  }
  fprintf (fp, "virt-p2v %s\n", bin);
  fclose (fp);
  log_debug ("root inputs:\n%s", text);
  b->root_key = media_sha256_text (text);
  return b->root_key ? 0 : -1;
}

/* The initramfs's key: kernel, p2v-init, the driver list, and every
 * installed package with its version (the firmware it carries is the
 * host's, from whichever packages have it).
 */
static int
initrd_key (struct build *b)
{
  static const char *const list[] = {
    "dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Abbrev}\\n",
    NULL
  };
  CLEANUP_FREE char *text = NULL, *installed = NULL, *host = NULL;
  CLEANUP_FREE char *init = media_sha256_file (b->init);
  const char *kpkg = "";

  if (init == NULL)
    return -1;
  if (command_run (list, &(struct command_opts) { .out = &installed }) != 0 ||
      (host = media_sha256_text (installed ? installed : "")) == NULL) {
    log_error ("cannot list the host's installed packages (dpkg-query -W)");
    return -1;
  }
  for (size_t i = 0; i < b->closure.len; ++i)
    if (STRPREFIX (b->closure.ptr[i], "linux-image-") &&
        STRPREFIX (b->closure.ptr[i] + 12, b->kver))
      kpkg = b->closure.ptr[i];
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);
  if (fp == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  fprintf (fp, "initrd pipeline %s\nkernel %s (%s)\np2v-init %s\n"
           "host packages %s\n", MEDIA_PIPELINE_VERSION,
           b->kver, kpkg, init, host);
  for (size_t i = 0; i < b->drivers.len; ++i)
    fprintf (fp, "driver %s\n", b->drivers.ptr[i]);
  if (fclose (fp) == EOF) {
    log_error ("malloc: %m");
    return -1;
  }
  log_debug ("initramfs inputs:\n%s", text);
  b->initrd_key = media_sha256_text (text);
  return b->initrd_key ? 0 : -1;
}

static int
write_manifest (const struct build *b, const char *path)
{
  CLEANUP_FREE char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    log_error ("malloc: %m");
    return -1;
  }
  /* "name version arch" -> "name version"; the closure is sorted. */
  for (size_t i = 0; i < b->closure.len; ++i) {
    const char *e = b->closure.ptr[i];
    fprintf (fp, "%.*s\n", (int) (strrchr (e, ' ') - e), e);
  }
  fclose (fp);
  if (write_file_atomic (path, text, len, 0644) == -1) {
    log_error ("%s: %m", path);
    return -1;
  }
  return 0;
}

/* Build the root into the work dir and rename it into the cache. */
static int
build_root (struct build *b)
{
  CLEANUP_FREE char *tree = path_join (b->work, "tree");
  CLEANUP_FREE char *out = path_join (b->work, "root");
  CLEANUP_FREE char *excl = path_join (b->templates, "exclude.txt");
  CLEANUP_FREE char *sq = NULL, *man = NULL;

  if (!tree || !out || !excl ||
      !(sq = path_join (out, "squashfs.img")) ||
      !(man = path_join (out, "manifest.txt")))
    return -1;
  media_phase ("Copying the root's files from the host's packages");
  if (media_copy_tree (&b->closure, excl, b->work, tree) == -1)
    return -1;
  media_phase ("Fixing up the root (users, alternatives, depmod, "
               "ldconfig, units, network)");
  if (media_fixup_tree (tree, b->templates, b->opts->virt_p2v_binary,
                        b->kver) == -1)
    return -1;
  media_phase ("Packing the root (mksquashfs, zstd "
               MEDIA_SQUASHFS_ZSTD_LEVEL ")");
  if (mkdir (out, 0755) == -1) {
    log_error ("mkdir: %s: %m", out);
    return -1;
  }
  if (media_mksquashfs (tree, sq) == -1 || write_manifest (b, man) == -1)
    return -1;
  media_remove_tree (tree);
  if (rename (out, b->root_dir) == -1) {
    log_error ("rename: %s: %m", b->root_dir);
    return -1;
  }
  return 0;
}

/* Fill the boot set's directory from the cache. */
static int
assemble (struct build *b, struct boot_set *bs)
{
  CLEANUP_FREE char *vmlinuz = NULL, *sq = NULL, *man = NULL;
  CLEANUP_FREE char *live = NULL;

  if (b->opts->output_dir) {
    bs->dir = realpath (b->opts->output_dir, NULL);
    if (bs->dir != NULL || errno != ENOENT) {
      log_error ("the boot set directory %s %s: give a new directory",
                 b->opts->output_dir,
                 bs->dir ? "already exists" : strerror (errno));
      /* Not ours: never removed on the way out. */
      free (bs->dir);
      bs->dir = NULL;
      return -1;
    }
    if (mkdir (b->opts->output_dir, 0755) == -1) {
      log_error ("mkdir: %s: %m", b->opts->output_dir);
      return -1;
    }
    bs->dir = realpath (b->opts->output_dir, NULL);
  }
  else {
    const char *t = getenv ("TMPDIR");
    if (asprintf (&bs->dir, "%s/virt-p2v-boot.XXXXXX",
                  t && *t ? t : "/var/tmp") == -1 || !mkdtemp (bs->dir)) {
      log_error ("cannot create the boot set directory: %m "
                 "(set TMPDIR to a writable directory)");
      return -1;
    }
  }
  if (bs->dir == NULL) {
    log_error ("realpath: %s: %m", b->opts->output_dir);
    return -1;
  }
  if (asprintf (&vmlinuz, "/boot/vmlinuz-%s", b->kver) == -1 ||
      !(bs->kernel = path_join (bs->dir, "vmlinuz")) ||
      !(bs->initrd = path_join (bs->dir, "initrd.img")) ||
      !(bs->payload = path_join (bs->dir, "payload.img")) ||
      !(live = path_join (bs->dir, "LiveOS")) ||
      !(bs->squashfs = path_join (live, "squashfs.img")) ||
      !(bs->manifest = path_join (bs->dir, "manifest.txt")) ||
      !(bs->kernel_version = strdup (b->kver)) ||
      !(sq = path_join (b->root_dir, "squashfs.img")) ||
      !(man = path_join (b->root_dir, "manifest.txt"))) {
    log_error ("malloc: %m");
    return -1;
  }
  if (mkdir (live, 0755) == -1) {
    log_error ("mkdir: %s: %m", live);
    return -1;
  }
  media_phase ("Writing the payload and the boot set");
  /* Hard links into the cache cost nothing; the kernel is copied, so
   * nothing here is ever a link to the host's /boot.
   */
  const char *const copy_kernel[] = { "cp", "--", vmlinuz, bs->kernel, NULL };
  if (command_run (copy_kernel, NULL) != 0) {
    log_error ("cannot copy the kernel %s to %s", vmlinuz, bs->kernel);
    return -1;
  }
  if (media_link_or_copy (b->initrd, bs->initrd) == -1 ||
      media_link_or_copy (sq, bs->squashfs) == -1 ||
      media_link_or_copy (man, bs->manifest) == -1 ||
      media_write_payload (bs->payload, b->opts->ssh_identity,
                           b->opts->host_key) == -1)
    return -1;
  return 0;
}

static int
build (struct build *b, struct boot_set *bs)
{
  CLEANUP_FREE char *tmp_initrd = NULL, *drivers_list = NULL, *p = NULL;

  if (access (b->opts->virt_p2v_binary, X_OK) == -1) {
    log_error ("the virt-p2v binary %s: %m: build it first (make)",
               b->opts->virt_p2v_binary);
    return -1;
  }
  media_phase ("Checking the boot environment's packages");
  if (package_set (b) == -1)
    return -1;
  /* Bad inputs fail now, not after minutes of building. */
  if (b->opts->ssh_identity && access (b->opts->ssh_identity, R_OK) == -1) {
    log_error ("cannot read the SSH identity (--inject-ssh-identity) "
               "\"%s\": %m", b->opts->ssh_identity);
    return -1;
  }
  if (b->opts->host_key && access (b->opts->host_key, R_OK) == -1) {
    log_error ("cannot read the server host key file \"%s\": %m",
               b->opts->host_key);
    return -1;
  }
  if ((drivers_list = path_join (b->templates, "initramfs-drivers.txt")) == NULL ||
      media_read_list (drivers_list, &b->drivers) == -1)
    return -1;
  if (asprintf (&p, "%s/work.XXXXXX", b->cache) == -1 || !mkdtemp (p)) {
    log_error ("cannot create a work directory in the cache %s: %m "
               "(set VIRT_P2V_MEDIA_CACHE to a writable directory)",
               b->cache);
    return -1;
  }
  b->work = p;
  p = NULL;

  media_phase ("Resolving the package dependencies (supermin)");
  if (media_closure (&b->pkgs, b->work, &b->closure) == -1 ||
      (b->kver = media_kernel_version (&b->closure)) == NULL ||
      root_key (b) == -1 || initrd_key (b) == -1)
    return -1;
  if (asprintf (&b->root_dir, "%s/root-%.16s", b->cache, b->root_key) == -1 ||
      asprintf (&b->initrd, "%s/initrd-%.16s.img", b->cache,
                b->initrd_key) == -1 ||
      !(tmp_initrd = path_join (b->work, "initrd.img"))) {
    log_error ("malloc: %m");
    return -1;
  }

  if (exists (b->initrd))
    media_phase ("Using the cached initramfs");
  else {
    media_phase ("Building the initramfs (p2v-init, drivers)");
    if (media_write_initramfs (b->kver, &b->drivers, b->init, tmp_initrd,
                               media_output_time ()) == -1)
      return -1;
    if (rename (tmp_initrd, b->initrd) == -1) {
      log_error ("rename: %s: %m", b->initrd);
      return -1;
    }
  }
  if (exists (b->root_dir))
    media_phase ("Using the cached root");
  else if (build_root (b) == -1)
    return -1;
  return assemble (b, bs);
}

int
media_build_boot_set (const struct media_options *opts, struct boot_set *bs)
{
  struct build b = { .opts = opts };
  const char *env;
  int lock, r;

  memset (bs, 0, sizeof *bs);
  if (opts->verbose)
    verbose = true;
  env = getenv ("VIRT_P2V_TEMPLATES");
  b.templates = opts->templates_dir ? opts->templates_dir
    : env && *env ? env : P2V_TEMPLATES_DIR;
  env = getenv ("VIRT_P2V_MEDIA_CACHE");
  b.cache = opts->cache_dir ? opts->cache_dir
    : env && *env ? env : MEDIA_DEFAULT_CACHE_DIR;
  if (opts->virt_p2v_binary == NULL) {
    log_error ("no virt-p2v binary given to put in the boot set");
    return -1;
  }
  env = getenv ("VIRT_P2V_INIT");
  b.init = opts->init_binary ? opts->init_binary
    : env && *env ? env : P2V_PKGLIBEXECDIR "/p2v-init";
  if (access (b.init, X_OK) == -1) {
    log_error ("the initramfs's init %s: %m: build it (make) and set "
               "VIRT_P2V_INIT to it, or install the toolkit", b.init);
    return -1;
  }

  lock = media_cache_lock (b.cache);
  if (lock == -1)
    return -1;
  /* Absolute: tools run in the work dir. */
  CLEANUP_FREE char *cache = realpath (b.cache, NULL);
  if (cache == NULL) {
    log_error ("realpath: %s: %m", b.cache);
    close (lock);
    return -1;
  }
  b.cache = cache;
  /* Holding the lock, no other build is using a work dir. */
  media_cache_remove_stale (b.cache);
  r = build (&b, bs);
  if (b.work)
    media_remove_tree (b.work);
  close (lock);
  if (r == -1) {
    if (bs->dir)
      media_remove_tree (bs->dir);
    media_free_boot_set (bs);
  }
  else
    media_phase_done ();
  string_vector_free (&b.pkgs);
  string_vector_free (&b.closure);
  string_vector_free (&b.drivers);
  free (b.work);
  free (b.kver);
  free (b.root_key);
  free (b.initrd_key);
  free (b.root_dir);
  free (b.initrd);
  return r;
}

void
media_free_boot_set (struct boot_set *bs)
{
  free (bs->dir);
  free (bs->kernel);
  free (bs->initrd);
  free (bs->payload);
  free (bs->squashfs);
  free (bs->manifest);
  free (bs->kernel_version);
  memset (bs, 0, sizeof *bs);
}
