# Rules shared by every Makefile.am.
NULL =

AM_CPPFLAGS = -I$(top_srcdir)/common -I$(top_builddir)
AM_CFLAGS = $(WARN_CFLAGS)

