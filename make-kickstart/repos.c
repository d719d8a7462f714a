/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* REPO arguments -> kickstart "repo" lines.  The names upstream's
 * virt-p2v-make-kickstart(1) accepts: fedora (release + updates),
 * rawhide, koji (the latest rawhide build repo), rhel-X.Y (Red Hat's
 * internal composes), or the base URL of any repository.  The images
 * are x86_64 only (the boot loader packages are), so the RHEL lines
 * name that architecture: RHEL's livecd tools do not expand $basearch
 * in every release.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "make-kickstart.h"
#include "utils.h"

#define RHEL_BASE "http://download.devel.redhat.com/released"

static const char *const url_schemes[] = {
  "http://", "https://", "ftp://", "file://", NULL
};

/* No character that would end or split the quoted kickstart value;
 * no '#': pykickstart cuts a command line at the first one, quoted or
 * not.
 */
static int
plain_url (const char *url)
{
  return strpbrk (url, " \t\n\"'\\#") == NULL;
}

static int
is_url (const char *s)
{
  for (size_t i = 0; url_schemes[i]; ++i)
    if (STRPREFIX (s, url_schemes[i]) && s[strlen (url_schemes[i])])
      return 1;
  return 0;
}

/* rhel-X.Y with X from 6 on: X and Y returned. */
static int
parse_rhel (const char *repo, unsigned *major, unsigned *minor)
{
  int end = 0;

  if (sscanf (repo, "rhel-%u.%u%n", major, minor, &end) != 2 ||
      repo[end] != '\0' || !strchr ("0123456789", repo[5]) ||
      *major < 6 || *major > 99)
    return -1;
  return 0;
}

int
repo_check (const char *repo)
{
  unsigned major, minor;

  if (STREQ (repo, "fedora") || STREQ (repo, "rawhide") ||
      STREQ (repo, "koji") || parse_rhel (repo, &major, &minor) == 0)
    return 0;
  if (is_url (repo)) {
    if (plain_url (repo))
      return 0;
    log_error ("REPO %s: spaces, quotes, backslashes and '#' cannot be put "
               "in a kickstart repo line: encode them (%%20) in the URL",
               repo);
    return -1;
  }
  if (STRPREFIX (repo, "rhel-"))
    log_error ("REPO %s: not a RHEL release: give rhel-X.Y with X from 6 "
               "on (e.g. rhel-9.4), or the URL of your RHEL mirror", repo);
  else
    log_error ("REPO %s: unknown repository: give fedora, rawhide, koji, "
               "rhel-X.Y or a URL (http://, https://, ftp://, file://)",
               repo);
  return -1;
}

int
repo_check_proxy (const char *proxy)
{
  if ((STRPREFIX (proxy, "http://") || STRPREFIX (proxy, "https://") ||
       STRPREFIX (proxy, "socks5://")) && plain_url (proxy))
    return 0;
  log_error ("--proxy %s: not a proxy URL: give http://HOST:PORT "
             "(or https://, socks5://), without spaces, quotes or '#'",
             proxy);
  return -1;
}

static void
line (FILE *fp, const char *name, const char *kind, const char *url,
      const char *proxy)
{
  fprintf (fp, "repo --name=%s --%s=\"%s\"", name, kind, url);
  if (proxy)
    fprintf (fp, " --proxy=\"%s\"", proxy);
  fputc ('\n', fp);
}

/* Two repositories per release: up to RHEL 7 Server and its optional
 * channel, from RHEL 8 BaseOS and AppStream.
 */
static void
rhel (FILE *fp, unsigned major, unsigned minor, const char *proxy)
{
  static const char *const parts[][2][2] = {
    { { "server", "Server" }, { "server_optional", "Server-optional" } },
    { { "server", "Server" }, { "server_optional", "Server/optional" } },
    { { "0_baseos", "BaseOS" }, { "0_appstream", "AppStream" } },
  };
  size_t k = major >= 8 ? 2 : major == 6 ? 1 : 0;

  for (size_t i = 0; i < 2; ++i) {
    char name[64], url[256];
    snprintf (name, sizeof name, "rhel%u_%u_%s", major, minor,
              parts[k][i][0]);
    snprintf (url, sizeof url, RHEL_BASE "/RHEL-%u/%u.%u%s/%s/x86_64/os",
              major, major, minor, major >= 8 ? ".0" : "", parts[k][i][1]);
    line (fp, name, "baseurl", url, proxy);
  }
}

int
repos_write (FILE *fp, char *const *repos, size_t n, const char *proxy)
{
  unsigned custom = 0, major, minor;

  for (size_t i = 0; i < n; ++i) {
    const char *r = repos[i];

    if (STREQ (r, "fedora")) {
      line (fp, "fedora", "mirrorlist",
            "https://mirrors.fedoraproject.org/mirrorlist"
            "?repo=fedora-$releasever&arch=$basearch", proxy);
      line (fp, "updates", "mirrorlist",
            "https://mirrors.fedoraproject.org/mirrorlist"
            "?repo=updates-released-f$releasever&arch=$basearch", proxy);
    }
    else if (STREQ (r, "rawhide"))
      line (fp, "rawhide", "mirrorlist",
            "https://mirrors.fedoraproject.org/mirrorlist"
            "?repo=rawhide&arch=$basearch", proxy);
    else if (STREQ (r, "koji"))
      line (fp, "koji", "baseurl",
            "https://kojipkgs.fedoraproject.org/repos/rawhide/latest/"
            "$basearch/", proxy);
    else if (parse_rhel (r, &major, &minor) == 0)
      rhel (fp, major, minor, proxy);
    else {
      char name[32];
      snprintf (name, sizeof name, "custom%u", ++custom);
      line (fp, name, "baseurl", r, proxy);
    }
  }
  return ferror (fp) ? -1 : 0;
}
