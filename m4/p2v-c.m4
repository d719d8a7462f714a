# C compiler, warnings and the cleanup attribute.
AC_PROG_CC
AM_PROG_AR
LT_INIT([disable-shared])

AC_ARG_ENABLE([werror],
  [AS_HELP_STRING([--enable-werror], [turn compiler warnings into errors])],
  [], [enable_werror=no])
WARN_CFLAGS="-Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes -Wno-unused-parameter -Wno-missing-field-initializers -Wvla -Wpointer-arith"
AS_IF([test "x$enable_werror" = "xyes"], [WARN_CFLAGS="$WARN_CFLAGS -Werror"])
AC_SUBST([WARN_CFLAGS])

dnl Every file relies on __attribute__((cleanup)): refuse compilers without it.
AC_MSG_CHECKING([whether the compiler supports __attribute__((cleanup))])
AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[
static void f (int *p) { (void) p; }
]], [[
  __attribute__((cleanup (f))) int x = 0; (void) x;
]])], [AC_MSG_RESULT([yes])],
  [AC_MSG_RESULT([no])
   AC_MSG_ERROR([a C compiler with __attribute__((cleanup)) (GCC or Clang) is required])])

# The multiarch triplet (x86_64-linux-gnu): where Debian puts libraries
# and the caches the media pipeline copies from the host.
AC_MSG_CHECKING([for the multiarch triplet])
MULTIARCH=`$CC -print-multiarch 2>/dev/null`
test -n "$MULTIARCH" || MULTIARCH="${host_cpu:-`uname -m`}-linux-gnu"
AC_MSG_RESULT([$MULTIARCH])
AC_DEFINE_UNQUOTED([MULTIARCH], ["$MULTIARCH"], [multiarch triplet])
