# Rules shared by every Makefile.am.
NULL =

AM_CPPFLAGS = -I$(top_srcdir)/common -I$(top_builddir)
AM_CFLAGS = $(WARN_CFLAGS)

# Man pages are written in POD beside each program.
%.1: %.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="virt-p2v toolkit" \
	  --release="$(PACKAGE_VERSION)" --name=$(basename $(notdir $@)) $< > $@-t && mv $@-t $@
