/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v-make-kickstart: options and up-front checks, then the
 * kickstart is built in memory and written once, atomically (0600 if
 * it holds an identity), and the next commands are printed.  It runs
 * nothing but sha256sum and needs no Fedora tool: any host can make
 * the file; only livecd-creator needs a Fedora/RHEL host.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "options.h"
#include "make-kickstart.h"
#include "media.h"
#include "quote.h"
#include "string-vector.h"
#include "user-cmdline.h"
#include "utils.h"

#ifndef P2V_TEMPLATES_DIR
#define P2V_TEMPLATES_DIR "/usr/share/virt-p2v-toolkit/templates"
#endif

#define DEFAULT_OUTPUT "p2v.ks"
#define ISO_LABEL "virt-p2v"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  CMDLINE_OPTION,
  IDENTITY_OPTION,
  INSTALL_OPTION,
  LONG_OPTIONS_OPTION,
  PROXY_OPTION,
  SHORT_OPTIONS_OPTION,
  VIRT_P2V_OPTION,
};

static const char short_options[] = "o:vV";
static const struct option long_options[] = {
  { "cmdline", required_argument, NULL, CMDLINE_OPTION },
  { "help", no_argument, NULL, HELP_OPTION },
  { "inject-ssh-identity", required_argument, NULL, IDENTITY_OPTION },
  { "install", required_argument, NULL, INSTALL_OPTION },
  { "output", required_argument, NULL, 'o' },
  { "proxy", required_argument, NULL, PROXY_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "virt-p2v", required_argument, NULL, VIRT_P2V_OPTION },
  /* Hidden: bash completion and the docs test. */
  { "long-options", no_argument, NULL, LONG_OPTIONS_OPTION },
  { "short-options", no_argument, NULL, SHORT_OPTIONS_OPTION },
  { NULL }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n",
             program_invocation_short_name);
    exit (status);
  }
  printf ("%s: make a kickstart for a virt-p2v live image (livecd-creator)\n"
          "\n"
          "Usage:\n"
          "  %s [-o p2v.ks] [options] REPO...\n"
          "\n"
          "REPO is fedora, rawhide, koji, rhel-X.Y or a repository URL.\n"
          "\n"
          "Options:\n"
          "  -o, --output=FILE            the kickstart to write (default p2v.ks)\n"
          "  --proxy=URL                  proxy for the repositories\n"
          "  --cmdline=\"p2v.KEY=VAL ...\"  kernel arguments for the boot entries\n"
          "  --inject-ssh-identity=FILE   private key for the conversion server\n"
          "  --install=PKG,...            add these packages to the image\n"
          "  --virt-p2v=FILE              the virt-p2v to embed: built for the\n"
          "                               target distro\n"
          "  -v, --verbose                show every command run\n"
          "  -V, --version                print the version and exit\n"
          "  --help                       print this help and exit\n"
          "\n"
          "See virt-p2v-make-kickstart(1).\n",
          program_invocation_short_name, program_invocation_short_name);
  exit (status);
}

/* An rpm package name, file or @group for %packages: nothing that
 * could end the section or start a new one.
 */
static int
check_package (const char *pkg)
{
  if (strspn (pkg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789._+-:@/*") == strlen (pkg) && pkg[0] != '-')
    return 0;
  log_error ("--install %s: not a package name: give names separated by "
             "commas (letters, digits and ._+-:@/*)", pkg);
  return -1;
}

/* --cmdline: the key table's check, and no '#', at which pykickstart
 * cuts the bootloader line, quoted or not.
 */
static int
check_ks_cmdline (const char *cmdline)
{
  if (strchr (cmdline, '#')) {
    log_error ("--cmdline: the character '#' cannot be passed in a "
               "kickstart (pykickstart ends the line there): remove it");
    return -1;
  }
  return check_user_cmdline (cmdline);
}

/* The identity must be a readable private key (not the .pub). */
static int
check_identity (const char *path)
{
  CLEANUP_FREE char *key = NULL;
  size_t len;
  int r = 0;

  key = read_whole_file (path, &len);
  if (key == NULL) {
    log_error ("--inject-ssh-identity %s: %m: give the private key file "
               "made by ssh-keygen", path);
    return -1;
  }
  if (!STRPREFIX (key, "-----BEGIN ") || !strstr (key, "PRIVATE KEY-----")) {
    log_error ("--inject-ssh-identity %s: not a private key (no "
               "\"-----BEGIN ... PRIVATE KEY-----\"): give the private key, "
               "not the .pub file", path);
    r = -1;
  }
  memset (key, 0, len);
  return r;
}

/* The client to embed: --virt-p2v, $VIRT_P2V_BINARY, else the
 * installed one; an ELF executable.
 */
static const char *
find_virt_p2v (const char *opt)
{
  const char *path = opt;
  char magic[4] = { 0 };
  CLEANUP_CLOSE int fd = -1;

  if (path == NULL || *path == '\0')
    path = getenv ("VIRT_P2V_BINARY");
  if (path == NULL || *path == '\0')
    path = P2V_BINDIR "/virt-p2v";
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    log_error ("%s: %m: give the virt-p2v to embed with --virt-p2v=FILE "
               "(built for the target distro)", path);
    return NULL;
  }
  if (read (fd, magic, 4) != 4 || memcmp (magic, "\177ELF", 4) != 0) {
    log_error ("--virt-p2v %s: not an ELF executable: give the virt-p2v "
               "binary (built for the target distro)", path);
    return NULL;
  }
  return path;
}

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
  static const char *const marks[] = { "GCC: (Debian ", "GCC: (Ubuntu ", NULL };
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
static void
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
static void
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

static int
write_output (const char *output, const char *text, size_t len,
              bool secret)
{
  mode_t mask = umask (0);

  umask (mask);
  if (write_file_atomic (output, text, len,
                         secret ? 0600 : 0644 & ~mask) == -1) {
    CLEANUP_FREE char *copy = strdup (output);
    log_error ("-o %s: cannot write it in %s: %m: choose a writable "
               "directory", output, copy ? dirname (copy) : "its directory");
    return -1;
  }
  return 0;
}

int
main (int argc, char *argv[])
{
  const char *output = DEFAULT_OUTPUT, *virt_p2v_opt = NULL;
  CLEANUP_FREE_STRING_VECTOR string_vector install = empty_vector;
  struct ks_input in = { .install = &install };
  CLEANUP_FREE char *text = NULL;
  size_t len = 0;
  struct stat st;
  FILE *fp;
  int c, r;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case PROXY_OPTION: in.proxy = optarg; break;
    case CMDLINE_OPTION: in.cmdline = optarg; break;
    case IDENTITY_OPTION: in.identity = optarg; break;
    case VIRT_P2V_OPTION: virt_p2v_opt = optarg; break;
    case INSTALL_OPTION:
      if (string_vector_split (&install, optarg, ", ") == -1) {
        log_error ("out of memory");
        exit (EXIT_FAILURE);
      }
      break;
    case 'v': verbose = true; break;
    case 'V':
      printf ("virt-p2v-make-kickstart %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case LONG_OPTIONS_OPTION:
      print_long_options (long_options, NULL);
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS_OPTION:
      print_short_options (short_options);
      exit (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind == argc) {
    log_error ("no REPO: give fedora, rawhide, koji, rhel-X.Y or a "
               "repository URL");
    usage (EXIT_FAILURE);
  }
  if (*output == '\0') {
    log_error ("-o: empty file name: give the kickstart to write");
    exit (EXIT_FAILURE);
  }
  if (stat (output, &st) == 0 && !S_ISREG (st.st_mode)) {
    log_error ("-o %s: exists and is not a regular file: give a file name",
               output);
    exit (EXIT_FAILURE);
  }
  in.repos = &argv[optind];
  in.nr_repos = argc - optind;
  in.templates = getenv ("VIRT_P2V_TEMPLATES");
  if (in.templates == NULL || *in.templates == '\0')
    in.templates = P2V_TEMPLATES_DIR;

  /* Everything that can be wrong, before anything is written. */
  if (access (in.templates, R_OK | X_OK) == -1) {
    log_error ("templates directory %s: %m: install the toolkit, or set "
               "VIRT_P2V_TEMPLATES to a source tree's templates/",
               in.templates);
    exit (EXIT_FAILURE);
  }
  for (size_t i = 0; i < in.nr_repos; ++i)
    if (repo_check (in.repos[i]) == -1)
      exit (EXIT_FAILURE);
  for (size_t i = 0; i < install.len; ++i)
    if (check_package (install.ptr[i]) == -1)
      exit (EXIT_FAILURE);
  if ((in.proxy && repo_check_proxy (in.proxy) == -1) ||
      (in.cmdline && check_ks_cmdline (in.cmdline) == -1) ||
      (in.identity && check_identity (in.identity) == -1) ||
      (in.virt_p2v = find_virt_p2v (virt_p2v_opt)) == NULL)
    exit (EXIT_FAILURE);

  fp = open_memstream (&text, &len);
  if (fp == NULL) {
    log_error ("open_memstream: %m");
    exit (EXIT_FAILURE);
  }
  r = kickstart_write (fp, &in);
  if (fclose (fp) == EOF && r == 0) {
    log_error ("writing the kickstart: %m");
    r = -1;
  }
  if (r == 0)
    r = write_output (output, text, len, in.identity != NULL);
  /* The identity's base64 was in this buffer. */
  if (text)
    memset (text, 0, len);
  log_free_secrets ();
  if (r == -1)
    exit (EXIT_FAILURE);

  log_info ("wrote %s%s", output,
            in.identity ? " (mode 0600: it holds the SSH identity)" : "");
  binary_notice (in.virt_p2v, virt_p2v_opt != NULL);
  next_steps (output);
  exit (EXIT_SUCCESS);
}
