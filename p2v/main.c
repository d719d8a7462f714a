/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* virt-p2v: parse options and the kernel command line, inspect the
 * machine, then hand over to the unattended conversion.  Only main
 * decides the exit status.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "gui.h"
#include "log.h"
#include "options.h"
#include "p2v.h"
#include "tmpdir.h"
#include "utils.h"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  CMDLINE_OPTION,
  DUMP_CONFIG_OPTION,
  ISO_OPTION,
  LONG_OPTIONS_OPTION,
  SHORT_OPTIONS_OPTION,
  TEST_DISK_OPTION,
  DUMP_KEYS_POD_OPTION,
  GUI_OPTION,
};

static const char short_options[] = "vV";
static const struct option long_options[] = {
  { "cmdline", required_argument, NULL, CMDLINE_OPTION },
  { "dump-config", no_argument, NULL, DUMP_CONFIG_OPTION },
  { "gui", no_argument, NULL, GUI_OPTION },
  { "help", no_argument, NULL, HELP_OPTION },
  { "iso", no_argument, NULL, ISO_OPTION },
  { "test-disk", required_argument, NULL, TEST_DISK_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  /* Hidden: for bash completion and the docs test. */
  { "long-options", no_argument, NULL, LONG_OPTIONS_OPTION },
  { "short-options", no_argument, NULL, SHORT_OPTIONS_OPTION },
  { "dump-keys-pod", no_argument, NULL, DUMP_KEYS_POD_OPTION },
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
  printf ("%s: convert a physical machine to run on KVM\n"
          "\n"
          "Usage:\n"
          "  %s [--cmdline=CMDLINE] [--test-disk=PATH ...] [--iso] [--gui] [-v]\n"
          "  %s --dump-config [--cmdline=CMDLINE] [--test-disk=PATH ...]\n"
          "\n"
          "Normally run from virt-p2v boot media.  With p2v.server=HOST on\n"
          "the kernel command line it converts the machine unattended;\n"
          "without it, on a display, it opens the conversion wizard.\n"
          "\n"
          "Options:\n"
          "  --cmdline=CMDLINE     parse CMDLINE instead of /proc/cmdline\n"
          "  --dump-config         print the effective configuration and exit\n"
          "  --gui                 open the wizard even if p2v.server is given\n"
          "  --iso                 running from virt-p2v boot media (the wizard\n"
          "                        fills the screen)\n"
          "  --test-disk=PATH      treat PATH as a fixed disk (repeatable)\n"
          "  -v, --verbose         show every command run and debug messages\n"
          "  -V, --version         print the version and exit\n"
          "  --help                print this help and exit\n"
          "\n"
          "See virt-p2v(1) for the p2v.* keys.\n",
          program_invocation_short_name, program_invocation_short_name,
          program_invocation_short_name);
  exit (status);
}

/* The password may sit in our own argv (--cmdline=... p2v.password=):
 * overwrite it there so it does not show in /proc/PID/cmdline.
 */
static void
scrub_argv (int argc, char **argv, const char *secret)
{
  if (secret == NULL || *secret == '\0')
    return;
  for (int i = 1; i < argc; ++i) {
    char *p = argv[i];
    while ((p = strstr (p, secret)) != NULL) {
      memset (p, '*', strlen (secret));
      p += strlen (secret);
    }
  }
}

static void
print_version (void)
{
  printf ("virt-p2v %s\n", PACKAGE_VERSION);
}

int
main (int argc, char *argv[])
{
  const char *askpass_file = getenv (ASKPASS_ENV);
  const char *cmdline_opt = NULL;
  bool dump_config = false, iso = false, gui = false;
  CLEANUP_FREE_STRING_VECTOR string_vector test_disks = empty_vector;
  CLEANUP_FREE char *cmdline = NULL;
  CLEANUP_FREE char *errmsg = NULL;
  struct p2v_config config;
  struct p2v_machine machine;
  int c, r;

  /* Invoked by ssh as KnownHostsCommand or SSH_ASKPASS (whose
   * environment variable the former inherits too, so it goes first).
   */
  if (argc > 1 && STREQ (argv[1], KNOWN_HOSTS_COMMAND_OPTION))
    return known_hosts_command_main (argc, argv);
  if (askpass_file)
    return askpass_main (askpass_file);

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           NULL)) != -1) {
    switch (c) {
    case CMDLINE_OPTION: cmdline_opt = optarg; break;
    case DUMP_CONFIG_OPTION: dump_config = true; break;
    case ISO_OPTION: iso = true; break;
    case GUI_OPTION: gui = true; break;
    case TEST_DISK_OPTION:
      if (access (optarg, R_OK) == -1) {
        log_error ("--test-disk=%s: %m: give the path of a readable disk "
                   "image", optarg);
        exit (EXIT_FAILURE);
      }
      if (string_vector_add (&test_disks, optarg) == -1) {
        log_error ("string_vector_add: %m");
        exit (EXIT_FAILURE);
      }
      break;
    case 'v': verbose = true; break;
    case 'V': print_version (); exit (EXIT_SUCCESS);
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case LONG_OPTIONS_OPTION:
      print_long_options (long_options,
                          (const char *const[]) { "dump-keys-pod", NULL });
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS_OPTION:
      print_short_options (short_options);
      exit (EXIT_SUCCESS);
    case DUMP_KEYS_POD_OPTION:
      p2v_config_print_pod (stdout);
      exit (EXIT_SUCCESS);
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind != argc) {
    log_error ("unexpected argument '%s': virt-p2v takes options only",
               argv[optind]);
    usage (EXIT_FAILURE);
  }

  if (cmdline_opt)
    cmdline = strdup (cmdline_opt);
  else {
    cmdline = read_whole_file ("/proc/cmdline", NULL);
    if (cmdline == NULL) {
      log_error ("/proc/cmdline: %m: use --cmdline=CMDLINE");
      exit (EXIT_FAILURE);
    }
  }
  if (cmdline == NULL || p2v_config_init (&config) == -1) {
    log_error ("out of memory");
    exit (EXIT_FAILURE);
  }
  r = p2v_config_from_cmdline (&config, cmdline, &errmsg);
  if (cmdline_opt)
    scrub_argv (argc, argv, config.password);
  if (config.password)
    log_add_secret (config.password);
  if (r == -1) {
    log_error ("%s", errmsg ? errmsg : "cannot parse the command line");
    p2v_config_free (&config);
    exit (EXIT_FAILURE);
  }

  /* The media carry the known_hosts of the conversion servers. */
  if (iso && config.known_hosts_url == NULL &&
      access ("/etc/virt-p2v/known_hosts", R_OK) == 0)
    config.known_hosts_url = strdup ("file:///etc/virt-p2v/known_hosts");

  /* The mode: p2v.server means unattended; without it, the wizard if
   * there is a display to show it on (--gui: the wizard anyway).
   */
  if (config.server == NULL &&
      (getenv ("DISPLAY") || getenv ("WAYLAND_DISPLAY")))
    gui = true;

  /* As the manual says: power off after success only when configured
   * from the real kernel command line, as root.  The wizard offers
   * Shutdown and Reboot buttons instead.
   */
  if (!gui && !config.post_set && cmdline_opt == NULL && geteuid () == 0)
    config.post = strdup ("poweroff");
  /* Unattended, just booted: the network may need a moment. */
  if (!gui)
    reachable_retry_s = 60;

  if (machine_inspect (&machine, "", &test_disks) == -1) {
    p2v_config_free (&config);
    exit (EXIT_FAILURE);
  }
  free (errmsg);
  errmsg = NULL;
  if (machine_apply_defaults (&config, &machine, gui, &errmsg) == -1) {
    log_error ("%s", errmsg ? errmsg : "cannot apply the machine's defaults");
    r = -1;
    goto out;
  }

  if (dump_config) {
    /* Spool, so a failure prints nothing half-done. */
    CLEANUP_FREE char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream (&buf, &len);
    if (fp == NULL) { log_error ("open_memstream: %m"); r = -1; goto out; }
    p2v_config_print (&config, fp);
    if (fclose (fp) == EOF || fwrite (buf, 1, len, stdout) != len ||
        fflush (stdout) == EOF) {
      log_error ("writing the configuration: %m");
      r = -1;
    }
    else
      r = 0;
    goto out;
  }

  if (gui) {
    /* From the media: reading the real kernel command line as root. */
    struct gui_options opts = {
      .fullscreen = iso,
      .from_media = cmdline_opt == NULL && geteuid () == 0,
    };
    r = gui_main (&config, &machine, &test_disks, &opts);
    goto out;
  }
  if (config.server == NULL) {
    log_error ("no conversion server: put p2v.server=HOST on the kernel "
               "command line (or pass --cmdline), or run virt-p2v on a "
               "display (DISPLAY) for the wizard");
    r = -1;
    goto out;
  }

  r = run_conversion_with_hooks (&config, &machine, NULL);

 out:
  machine_free (&machine);
  p2v_config_free (&config);
  log_free_secrets ();
  tmpdir_cleanup ();
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
