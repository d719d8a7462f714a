# Programs run at build time and default paths of programs run at run time.
AC_PATH_PROG([POD2MAN], [pod2man], [no])
AM_CONDITIONAL([HAVE_POD2MAN], [test "x$POD2MAN" != "xno"])
AC_PATH_PROG([PODCHECKER], [podchecker], [no])

dnl Run-time tools: found now, overridable with VAR=path at configure time.
AC_ARG_VAR([SSH], [path of the OpenSSH client run by virt-p2v])
AC_ARG_VAR([NBDKIT], [path of nbdkit run by virt-p2v])
test -n "$SSH" || SSH=ssh
test -n "$NBDKIT" || NBDKIT=nbdkit
AC_DEFINE_UNQUOTED([SSH_PROG], ["$SSH"], [OpenSSH client])
AC_DEFINE_UNQUOTED([NBDKIT_PROG], ["$NBDKIT"], [nbdkit])
