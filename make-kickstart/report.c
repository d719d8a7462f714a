/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* What is said once the kickstart is written: which virt-p2v went in
 * (and a warning if it cannot suit a Fedora/RHEL image), and the
 * commands that turn the kickstart into media.
 */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "log.h"
#include "make-kickstart.h"
#include "media.h"
#include "quote.h"
#include "utils.h"

/* Is the build host of the Fedora/RHEL family (os-release ID or
 * ID_LIKE names fedora or rhel)?
 */
static bool
rpm_family_host (void)
{
  CLEANUP_FREE char *osr = read_whole_file ("/etc/os-release", NULL);
  char *line, *save = NULL;

  for (line = osr ? strtok_r (osr, "\n", &save) : NULL; line;
       line = strtok_r (NULL, "\n", &save))
    if ((STRPREFIX (line, "ID=") || STRPREFIX (line, "ID_LIKE=")) &&
        (strstr (line, "fedora") || strstr (line, "rhel")))
      return true;
  return false;
}

/* The compiler's note in the binary (the .comment section), if it
 * names a Debian-family build: "GCC: (Debian 12.2.0-14) 12.2.0".
 * malloc'd, or NULL.
 */
static char *
debian_build (const char *path)
{
  static const char *const marks[] = {
    "GCC: (Debian ", "GCC: (Ubuntu ", NULL
  };
  CLEANUP_FREE char *data = NULL;
  size_t len;

  data = read_whole_file (path, &len);
  for (size_t i = 0; data && marks[i]; ++i) {
    const char *p = memmem (data, len, marks[i], strlen (marks[i]));
    if (p)
      return strndup (p, strnlen (p, data + len - p));
  }
  return NULL;
}

/* Say what is embedded, and that it must suit the image's distro:
 * warn if the binary says it was built on Debian or Ubuntu, or, if
 * it says nothing, when it is the default one on a host that is not
 * of the Fedora/RHEL family.
 */
void
binary_notice (const char *virt_p2v, bool given)
{
  CLEANUP_FREE char *built = debian_build (virt_p2v);

  log_info ("embedding %s as %s: it runs on the live image, so it must "
            "be built for the image's distro and release (e.g. from this "
            "source tree on that Fedora or RHEL release)", virt_p2v,
            MEDIA_VIRT_P2V_PATH);
  if (built)
    log_warning ("%s was built on Debian or Ubuntu (\"%s\"): it will not "
                 "run on a Fedora or RHEL image: give one built there "
                 "with --virt-p2v=FILE (see virt-p2v-make-kickstart(1))",
                 virt_p2v, built);
  else if (!given && !rpm_family_host ())
    log_warning ("this host is not Fedora or RHEL: a virt-p2v built here "
                 "will not run on the image: give one built there with "
                 "--virt-p2v=FILE (see virt-p2v-make-kickstart(1))");
}

/* The commands that turn the kickstart into media. */
void
next_steps (const char *output)
{
  CLEANUP_FREE char *q = shell_quote (output);

  printf ("\nNext, as root on a Fedora or RHEL x86_64 host of the release "
          "the repositories\nname, with SELinux permissive "
          "(setenforce 0):\n\n"
          "  livecd-creator --verbose --config=%s --fslabel=" ISO_LABEL
          " --cache=/var/cache/live\n"
          "      makes " ISO_LABEL ".iso: a live CD for BIOS and UEFI\n"
          "  livecd-iso-to-disk --format --reset-mbr --efi " ISO_LABEL
          ".iso /dev/sdX\n"
          "      writes it to a USB stick (everything on /dev/sdX is lost)\n"
          "  livecd-iso-to-pxeboot " ISO_LABEL ".iso\n"
          "      makes tftpboot/ with pxelinux, the kernel and the initrd "
          "for PXE\n", q ? q : output);
}
