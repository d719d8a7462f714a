#!/bin/bash -
# virt-p2v toolkit
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later

# The test conversion server (start_conversion_server in functions.sh)
# does what the other tests rely on: host key pinned, root by key, the
# test users by password, sudo only for p2vsudo, the TCG environment and
# PATH in sessions, --path-prepend, --no-forwarding and --extra.

source ./functions.sh
set -e -x

skip_if_skipped
root_test
requires sudo --version
requires virt-v2v --version

start_conversion_server
server1_dir="$SERVER_DIR"

# The exported fingerprint is the one of the key the server presents.
test "$(ssh-keygen -l -E sha256 -f "$SERVER_KNOWN_HOSTS" | awk '{ print $2 }')" \
  = "$SERVER_HOSTKEY_FP"
ssh-keyscan -p "$SERVER_PORT" -t ed25519 127.0.0.1 > "$TEST_TMPDIR/scan" 2>/dev/null
test "$(ssh-keygen -l -E sha256 -f "$TEST_TMPDIR/scan" | awk '{ print $2 }')" \
  = "$SERVER_HOSTKEY_FP"
test "$(stat -c %a "$SERVER_ROOT_KEY")" = 600

# root, by key: virt-v2v runs, with the TCG environment.
server_ssh root 'virt-v2v --version' | grep '^virt-v2v '
test "$(server_ssh root 'echo $LIBGUESTFS_BACKEND $LIBGUESTFS_BACKEND_SETTINGS')" \
  = "direct force_tcg"
test "$(server_ssh root 'id -u')" = 0

# A wrong host key is refused (strict checking, our known_hosts only).
ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMPDIR/otherkey"
echo "[127.0.0.1]:$SERVER_PORT $(cut -d' ' -f1,2 "$TEST_TMPDIR/otherkey.pub")" \
  > "$TEST_TMPDIR/bad_known_hosts"
if SERVER_KNOWN_HOSTS="$TEST_TMPDIR/bad_known_hosts" server_ssh root true; then
  echo "$0: error: a wrong host key was accepted" >&2
  exit 1
fi

# The test users, by password (SSH_ASKPASS; never on a command line).
make_askpass
test "$(stat -c %a "$TEST_TMPDIR/password")" = 600
test "$(server_ssh_password p2vtest 'id -un')" = p2vtest
test "$(server_ssh_password p2vsudo 'id -un')" = p2vsudo
test "$(server_ssh_password p2vtest 'echo $LIBGUESTFS_BACKEND_SETTINGS')" \
  = force_tcg
server_ssh_password p2vtest 'virt-v2v --version' | grep '^virt-v2v '
# Non-root users find every tool virt-v2v runs (nbdkit is in /usr/sbin
# on some distributions).
server_ssh_password p2vtest 'command -v virt-v2v nbdkit nbdcopy nbdinfo qemu-img'

# A wrong password is refused.
printf 'not-the-password\n' > "$TEST_TMPDIR/wrong"
chmod 0600 "$TEST_TMPDIR/wrong"
printf '#!/bin/sh\nexec cat %q\n' "$TEST_TMPDIR/wrong" > "$TEST_TMPDIR/wrong-askpass"
chmod 0700 "$TEST_TMPDIR/wrong-askpass"
if ASKPASS="$TEST_TMPDIR/wrong-askpass" server_ssh_password p2vtest true; then
  echo "$0: error: a wrong password was accepted" >&2
  exit 1
fi
# ... and root has no password login at all.
if server_ssh_password root true; then
  echo "$0: error: root logged in with a password" >&2
  exit 1
fi

# sudo: p2vsudo without a password (keeping the TCG environment),
# p2vtest not at all.
server_ssh_password p2vsudo 'sudo -n true'
test "$(server_ssh_password p2vsudo 'sudo -n sh -c "id -u; echo \$LIBGUESTFS_BACKEND_SETTINGS"' | tr '\n' ' ')" \
  = "0 force_tcg "
if server_ssh_password p2vtest 'sudo -n true'; then
  echo "$0: error: p2vtest has sudo rights" >&2
  exit 1
fi

# Each user can write a conversion output directory it owns.
for u in p2vtest p2vsudo; do
  mkdir "$TEST_TMPDIR/out-$u"
  chown "$u:" "$TEST_TMPDIR/out-$u"
  server_ssh "$u" "touch '$TEST_TMPDIR/out-$u/x' && test -O '$TEST_TMPDIR/out-$u/x'"
done

# Remote forwarding works on the default server: through a -R tunnel
# the server reaches a local port (here: its own sshd's banner).
rport=$(( 20000 + RANDOM % 30000 ))
test "$(server_ssh root -o ExitOnForwardFailure=yes \
          -R "127.0.0.1:$rport:127.0.0.1:$SERVER_PORT" \
          "exec 3<>/dev/tcp/127.0.0.1/$rport && head -c 4 <&3")" = SSH-

# --path-prepend hides or fakes programs; a remote command sees the PATH.
mkdir "$TEST_TMPDIR/fakebin"
cat > "$TEST_TMPDIR/fakebin/virt-v2v" <<'EOS'
#!/bin/sh
echo "fake virt-v2v $*"
EOS
chmod 0755 "$TEST_TMPDIR/fakebin/virt-v2v"
start_conversion_server --path-prepend "$TEST_TMPDIR/fakebin"
test "$SERVER_DIR" != "$server1_dir"
# (Exactly for a fresh user; root's ~/.bashrc, which bash reads for ssh
# commands, may prepend more.)
test "$(server_ssh p2vtest 'echo $PATH')" \
  = "$TEST_TMPDIR/fakebin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
case "$(server_ssh root 'echo $PATH')" in
  *"$TEST_TMPDIR/fakebin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") ;;
  *) echo "$0: error: --path-prepend not in root's PATH" >&2; exit 1 ;;
esac
test "$(server_ssh root 'virt-v2v --version')" = "fake virt-v2v --version"
test "$(server_ssh_password p2vtest 'command -v virt-v2v')" \
  = "$TEST_TMPDIR/fakebin/virt-v2v"

# --no-forwarding refuses ssh -R; --extra adds sshd_config lines.
start_conversion_server --no-forwarding --extra "DenyUsers p2vsudo"
server_ssh root true
if server_ssh root -o ExitOnForwardFailure=yes \
     -R "127.0.0.1:$rport:127.0.0.1:$SERVER_PORT" true; then
  echo "$0: error: ssh -R worked with --no-forwarding" >&2
  exit 1
fi
server_ssh_password p2vtest true
if server_ssh_password p2vsudo true; then
  echo "$0: error: --extra 'DenyUsers p2vsudo' had no effect" >&2
  exit 1
fi
