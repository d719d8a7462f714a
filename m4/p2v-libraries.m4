# Libraries, each failing with the Debian package that provides it.
PKG_PROG_PKG_CONFIG
PKG_CHECK_MODULES([LIBXML2], [libxml-2.0 >= 2.9], [],
  [AC_MSG_ERROR([libxml2 not found: install it with 'apt-get install libxml2-dev'])])
PKG_CHECK_MODULES([LIBCURL], [libcurl >= 7.60], [],
  [AC_MSG_ERROR([libcurl not found: install it with 'apt-get install libcurl4-openssl-dev'])])
PKG_CHECK_MODULES([LIBARCHIVE], [libarchive >= 3.3], [],
  [AC_MSG_ERROR([libarchive not found: install it with 'apt-get install libarchive-dev'])])
dnl The wizard (virt-p2v's mode when no p2v.server is given).
PKG_CHECK_MODULES([GTK3], [gtk+-3.0 >= 3.22], [],
  [AC_MSG_ERROR([GTK 3 not found: install it with 'apt-get install libgtk-3-dev'])])
