/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* The kickstart itself: commands, repositories, %packages (from
 * templates/), and the payload in %post.  The payload is the media
 * pipeline's own table (media_payload_files, media_payload_units in
 * media.h), so a live image made by livecd-creator boots into the
 * same launcher, units and network set-up as make-disk's media.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "make-kickstart.h"
#include "media-internal.h"
#include "media.h"
#include "string-vector.h"
#include "utils.h"

static int
embed_path (FILE *fp, const char *src, const char *path, int mode,
            const char *what)
{
  CLEANUP_FREE char *data = NULL, *sum = NULL;
  size_t len;
  int r;

  data = read_whole_file (src, &len);
  if (data == NULL) {
    log_error ("cannot read the %s \"%s\": %m", what, src);
    return -1;
  }
  if ((sum = media_sha256_file (src)) == NULL)
    return -1;
  r = embed_file (fp, path, mode, data, len, sum, what);
  memset (data, 0, len);
  return r;
}

static int
packages (FILE *fp, const struct ks_input *in)
{
  static const char *const lists[] = {
    "packages-fedora.txt", "packages-fedora-livecd.txt", NULL
  };

  fprintf (fp, "%%packages --excludedocs\n@core\n");
  for (size_t i = 0; lists[i]; ++i) {
    CLEANUP_FREE_STRING_VECTOR string_vector pkgs = empty_vector;
    CLEANUP_FREE char *path = NULL;

    if (asprintf (&path, "%s/%s", in->templates, lists[i]) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
    if (media_read_list (path, &pkgs) == -1)
      return -1;
    fprintf (fp, "# templates/%s\n", lists[i]);
    for (size_t j = 0; j < pkgs.len; ++j)
      fprintf (fp, "%s\n", pkgs.ptr[j]);
  }
  fprintf (fp, "# The network is systemd-networkd's (as on every P2V "
           "medium), not NetworkManager's.\n-NetworkManager\n");
  if (in->install->len > 0) {
    fprintf (fp, "# --install\n");
    for (size_t j = 0; j < in->install->len; ++j)
      fprintf (fp, "%s\n", in->install->ptr[j]);
  }
  fprintf (fp, "%%end\n");
  return 0;
}

static int
payload (FILE *fp, const struct ks_input *in)
{
  fprintf (fp, "\n# The virt-p2v payload, as on every P2V medium.  The "
           "files are base64\n# here-documents; sha256sum checks each "
           "one after decoding.\n%%post --erroronfail\nset -e\numask 022\n");
  for (size_t i = 0; media_payload_files[i].template; ++i) {
    const struct media_payload_file *f = &media_payload_files[i];
    CLEANUP_FREE char *src = NULL, *what = NULL;

    if (asprintf (&src, "%s/%s", in->templates, f->template) == -1 ||
        asprintf (&what, "templates/%s", f->template) == -1) {
      log_error ("malloc: %m");
      return -1;
    }
    if (embed_path (fp, src, f->path, f->mode, what) == -1)
      return -1;
  }
  if (embed_path (fp, in->virt_p2v, MEDIA_VIRT_P2V_PATH, 0755,
                  "the virt-p2v client, --virt-p2v") == -1)
    return -1;
  if (in->identity &&
      embed_path (fp, in->identity, MEDIA_IDENTITY_PATH, 0600,
                  "the SSH identity, --inject-ssh-identity") == -1)
    return -1;
  fprintf (fp, "%%end\n");

  fprintf (fp, "\n# Start virt-p2v at boot, DHCP on every wired NIC, the "
           "consoles.\n%%post --erroronfail\nset -e\nsystemctl enable");
  for (size_t i = 0; media_payload_units[i]; ++i)
    fprintf (fp, " %s", media_payload_units[i]);
  fprintf (fp, "\nsystemctl set-default %s\n%%end\n", MEDIA_DEFAULT_TARGET);
  return 0;
}

/* bootloader --append="...": pykickstart reads the line like a POSIX
 * shell, so a double quote in a p2v.* value is escaped (backslashes
 * and the rest were refused by check_user_cmdline).
 */
static void
append_line (FILE *fp, const char *cmdline)
{
  fprintf (fp, "bootloader --timeout=5 --append=\"" KS_CONSOLE_ARGS);
  if (cmdline && *cmdline) {
    fputc (' ', fp);
    for (const char *p = cmdline; *p; ++p) {
      if (*p == '"')
        fputc ('\\', fp);
      fputc (*p, fp);
    }
  }
  fprintf (fp, "\"\n");
}

int
kickstart_write (FILE *fp, const struct ks_input *in)
{
  fprintf (fp,
           "# Kickstart for a virt-p2v live image (ISO, USB stick, PXE), "
           "made by\n# virt-p2v-make-kickstart " PACKAGE_VERSION
           ".  Build it with livecd-creator on a\n# Fedora or RHEL host: "
           "see virt-p2v-make-kickstart(1).\n");
  if (in->identity)
    fprintf (fp, "#\n# It contains a private SSH key (in %s): keep this "
             "file private.\n", MEDIA_IDENTITY_PATH);
  fprintf (fp,
           "\nlang en_US.UTF-8\n"
           "keyboard us\n"
           "timezone Etc/UTC --utc\n"
           "# No root password (\"*\" matches none; kickstart requires\n"
           "# an argument): the consoles log root in (getty drop-in).\n"
           "rootpw --iscrypted --lock *\n"
           "selinux --permissive\n"
           "# Nothing listens on a P2V client: it only connects out.\n"
           "services --disabled=sshd\n");
  append_line (fp, in->cmdline);
  fprintf (fp, "part / --size=4096 --fstype=ext4\n\n");
  if (repos_write (fp, in->repos, in->nr_repos, in->proxy) == -1)
    return -1;
  fputc ('\n', fp);
  if (packages (fp, in) == -1 || payload (fp, in) == -1)
    return -1;
  if (ferror (fp)) {
    log_error ("writing the kickstart: %m");
    return -1;
  }
  return 0;
}
