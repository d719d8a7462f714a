/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Test the kernel command line parser against a table of good and bad
 * command lines: quoting, aliases, booleans, units, and the exact
 * one-line errors.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "p2v-config.h"
#include "utils.h"
#include "test-check.h"

int failures;


/* Parse cmdline into a fresh config; returns the error or NULL. */
static char *
parse (struct p2v_config *c, const char *cmdline)
{
  char *err = NULL;

  if (p2v_config_init (c) == -1) abort ();
  if (p2v_config_from_cmdline (c, cmdline, &err) == 0)
    return NULL;
  return err ? err : strdup ("(no message)");
}

static const struct {
  const char *cmdline;
  const char *error;
} bad[] = {
  { "p2v.server=h p2v.memory=1024",
    "p2v.memory=1024: bad value: give a size with a unit, for example "
    "p2v.memory=1024M or p2v.memory=4G" },
  { "p2v.memory=1T",
    "p2v.memory=1T: bad value: give a size with a unit, for example "
    "p2v.memory=1024M or p2v.memory=4G" },
  { "p2v.memory=M",
    "p2v.memory=M: bad value: give a size with a unit, for example "
    "p2v.memory=1024M or p2v.memory=4G" },
  { "p2v.memory=0G",
    "p2v.memory=0G: bad value: give a size with a unit, for example "
    "p2v.memory=1024M or p2v.memory=4G" },
  { "p2v.port=0",
    "p2v.remote.port=0: bad value: expected a whole number from 1 to 65535" },
  { "p2v.port=22x",
    "p2v.remote.port=22x: bad value: expected a whole number from 1 to 65535" },
  { "p2v.vcpus=-1",
    "p2v.vcpus=-1: bad value: expected a whole number from 1 to 4096" },
  { "p2v.sudo=maybe",
    "p2v.auth.sudo=maybe: bad value: write p2v.auth.sudo alone, or "
    "p2v.auth.sudo=yes or p2v.auth.sudo=no" },
  { "p2v.server",
    "p2v.remote.server needs a value: write p2v.remote.server=HOST" },
  { "p2v.oa=thick",
    "p2v.output.allocation=thick: bad value: use one of sparse|preallocated" },
  { "p2v.memroy=2G",
    "p2v.memroy: unknown key on the command line: did you mean p2v.memory? "
    "(or add p2v.ignore_unknown to ignore unknown keys)" },
  { "p2v.frobnicate=1",
    "p2v.frobnicate: unknown key on the command line: see \"KERNEL COMMAND "
    "LINE\" in virt-p2v(1) for the keys (or add p2v.ignore_unknown to "
    "ignore unknown keys)" },
  { "p2v.pre=\"echo hi",
    "the command line has an unmatched double quote: close the quoted value" },
};

int
main (void)
{
  struct p2v_config c;
  char *err;

  /* Defaults. */
  CHECK ((err = parse (&c, "")) == NULL);
  CHECK (c.server == NULL);
  CHECK (c.port == 22);
  CHECK (STREQ (c.username, "root"));
  CHECK (STREQ (c.output, "local"));
  CHECK (STREQ (c.output_storage, "/var/tmp"));
  CHECK (!c.sudo && !c.debug && !c.post_set);
  p2v_config_free (&c);

  /* Every short alias sets the same field as its long form. */
  CHECK ((err = parse (&c,
    "BOOT_IMAGE=/vmlinuz root=live:CDLABEL=P2V quiet "
    "p2v.server=conv.example.com p2v.port=2222 p2v.username=admin "
    "p2v.password=s3cret p2v.identity=file:///var/tmp/id_rsa p2v.sudo "
    "p2v.name=web01 p2v.vcpus=4 p2v.memory=2G p2v.disks=sda,sdb "
    "p2v.removable=sr0 p2v.interfaces=em1,em2 "
    "p2v.network=em1:net,em2:mgmt,default p2v.o=libvirt p2v.oa=preallocated "
    "p2v.oc=qemu:///system p2v.of=qcow2 p2v.os=default p2v.oo=a=1 p2v.oo=b=2 "
    "p2v.pre=\"echo pre\" p2v.post=\"/bin/echo all done\" "
    "\"p2v.fail=logger failed\" p2v.debug ip=dhcp")) == NULL);
  CHECK (c.server && STREQ (c.server, "conv.example.com"));
  CHECK (c.port == 2222);
  CHECK (STREQ (c.username, "admin"));
  CHECK (STREQ (c.password, "s3cret"));
  CHECK (STREQ (c.identity_url, "file:///var/tmp/id_rsa"));
  CHECK (c.sudo);
  CHECK (STREQ (c.name, "web01"));
  CHECK (c.vcpus == 4);
  CHECK (c.memory == 2ULL << 30);
  CHECK (c.disks.len == 2 && STREQ (c.disks.ptr[1], "sdb") && c.disks_set);
  CHECK (c.removable.len == 1 && STREQ (c.removable.ptr[0], "sr0"));
  CHECK (c.interfaces.len == 2 && STREQ (c.interfaces.ptr[0], "em1"));
  CHECK (c.network_map.len == 3 && STREQ (c.network_map.ptr[2], "default"));
  CHECK (STREQ (c.output, "libvirt"));
  CHECK (STREQ (c.output_alloc, "preallocated"));
  CHECK (STREQ (c.output_conn, "qemu:///system"));
  CHECK (STREQ (c.output_format, "qcow2"));
  CHECK (STREQ (c.output_storage, "default"));
  CHECK (c.output_options.len == 2 && STREQ (c.output_options.ptr[1], "b=2"));
  CHECK (STREQ (c.pre, "echo pre"));
  CHECK (STREQ (c.post, "/bin/echo all done") && c.post_set);
  CHECK (STREQ (c.fail, "logger failed"));
  CHECK (c.debug);
  CHECK (STREQ (c.ip, "dhcp"));

  /* --dump-config style output hides the password and can be parsed
   * back into the same configuration.
   */
  {
    CLEANUP_FREE char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream (&buf, &len);
    p2v_config_print (&c, fp);
    fclose (fp);
    CHECK (strstr (buf, "s3cret") == NULL);
    CHECK (strstr (buf, "p2v.auth.password=<hidden>\n") != NULL);
    CHECK (strstr (buf, "p2v.pre=\"echo pre\"\n") != NULL);
    CHECK (strstr (buf, "p2v.memory=2G\n") != NULL);
    CHECK (strstr (buf, "p2v.output.misc=a=1\np2v.output.misc=b=2\n") != NULL);
    CHECK (strstr (buf, "p2v.network_map=em1:net,em2:mgmt,default\n") != NULL);

    /* Round trip (without the hidden password line). */
    char *pw = strstr (buf, "p2v.auth.password=<hidden>\n");
    memmove (pw, pw + strlen ("p2v.auth.password=<hidden>\n"),
             strlen (pw + strlen ("p2v.auth.password=<hidden>\n")) + 1);
    struct p2v_config c2;
    CHECK ((err = parse (&c2, buf)) == NULL);
    free (err);
    CHECK (c2.memory == c.memory && STREQ (c2.pre, c.pre) &&
           c2.output_options.len == 2 && STREQ (c2.fail, c.fail));
    p2v_config_free (&c2);
  }
  p2v_config_free (&c);

  /* Long forms. */
  CHECK ((err = parse (&c, "p2v.remote.server=h p2v.auth.sudo=no "
                       "p2v.output.type=null p2v.memory=1536M "
                       "p2v.vcpu.sockets=2 p2v.vcpu.cores=2 "
                       "p2v.vcpu.threads=2 p2v.rtc.basis=localtime")) == NULL);
  CHECK (STREQ (c.server, "h") && !c.sudo && STREQ (c.output, "null"));
  CHECK (c.memory == 1536ULL << 20);
  CHECK (c.sockets == 2 && c.cores == 2 && c.threads == 2);
  CHECK (STREQ (c.rtc_basis, "localtime"));
  p2v_config_free (&c);

  /* A later key overrides an earlier one; lists are replaced. */
  CHECK ((err = parse (&c, "p2v.disks=sda p2v.disks=sdb,sdc p2v.port=1 "
                       "p2v.port=2")) == NULL);
  CHECK (c.disks.len == 2 && STREQ (c.disks.ptr[0], "sdb") && c.port == 2);
  p2v_config_free (&c);

  /* An empty quoted value is allowed (p2v.post="" turns poweroff off). */
  CHECK ((err = parse (&c, "p2v.post=\"\"")) == NULL);
  CHECK (c.post_set && STREQ (c.post, ""));
  p2v_config_free (&c);

  /* p2v.ignore_unknown turns unknown keys into warnings, anywhere on
   * the line; bad values still fail.
   */
  CHECK ((err = parse (&c, "p2v.future_key=1 p2v.ignore_unknown")) == NULL);
  p2v_config_free (&c);
  err = parse (&c, "p2v.ignore_unknown p2v.memory=12");
  CHECK (err != NULL);
  free (err);
  p2v_config_free (&c);

  /* The table of bad inputs and their exact messages. */
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    err = parse (&c, bad[i].cmdline);
    if (err == NULL || STRNEQ (err, bad[i].error)) {
      fprintf (stderr, "FAIL: [%s]\n  got:      %s\n  expected: %s\n",
               bad[i].cmdline, err ? err : "(success)", bad[i].error);
      failures++;
    }
    free (err);
    p2v_config_free (&c);
  }

  /* Splitting as the kernel does. */
  {
    CLEANUP_FREE_STRING_VECTOR string_vector w = empty_vector;
    CHECK (cmdline_split ("  a  \"b c\" d=\"e f\"g \"\" \n", &w) == 0);
    CHECK (w.len == 4);
    CHECK (STREQ (w.ptr[0], "a") && STREQ (w.ptr[1], "b c") &&
           STREQ (w.ptr[2], "d=e fg") && STREQ (w.ptr[3], ""));
  }

  /* Memory parser. */
  uint64_t m;
  CHECK (parse_memory ("1M", &m) == 0 && m == 1 << 20);
  CHECK (parse_memory ("3G", &m) == 0 && m == 3ULL << 30);
  CHECK (parse_memory ("1024", &m) == -1);
  CHECK (parse_memory ("1k", &m) == -1);
  CHECK (parse_memory ("1MB", &m) == -1);
  CHECK (parse_memory (" 1M", &m) == -1);

  return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
