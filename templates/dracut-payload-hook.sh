#!/bin/sh
# dracut pre-pivot hook, carried by the per-build payload (a second
# initrd): copy the payload's files into the real root just before
# switch-root.  It lives in the payload, not the cached initramfs or
# root, so a new identity never forces a rebuild.
if [ -d /p2v-payload ] && [ -d "$NEWROOT" ]; then
  cp -a /p2v-payload/. "$NEWROOT"/
fi
