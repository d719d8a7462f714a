# virt-p2v-make-disk and -make-pxe: libguestfs, and the boot loader
# files they put on media (overridable: VAR=path at configure time).
PKG_CHECK_MODULES([LIBGUESTFS], [libguestfs >= 1.46], [],
  [AC_MSG_ERROR([libguestfs not found: install it with 'apt-get install libguestfs-dev'])])

AC_ARG_VAR([GPTMBR_BIN], [syslinux MBR code for GPT disks (package syslinux)])
AC_ARG_VAR([ISOLINUX_DIR], [directory of isolinux.bin and isohdpfx.bin (package isolinux)])
AC_ARG_VAR([SYSLINUX_BIOS_DIR], [directory of the BIOS ldlinux.c32 (package syslinux-common)])
AC_ARG_VAR([GRUB_EFI_DIR], [GRUB x86_64-efi modules (package grub-efi-amd64-bin)])
AC_ARG_VAR([PXELINUX_DIR], [directory of pxelinux.0 and lpxelinux.0 (package pxelinux; make-pxe)])
test -n "$GPTMBR_BIN" || GPTMBR_BIN=/usr/lib/SYSLINUX/gptmbr.bin
test -n "$ISOLINUX_DIR" || ISOLINUX_DIR=/usr/lib/ISOLINUX
test -n "$SYSLINUX_BIOS_DIR" || SYSLINUX_BIOS_DIR=/usr/lib/syslinux/modules/bios
test -n "$GRUB_EFI_DIR" || GRUB_EFI_DIR=/usr/lib/grub/x86_64-efi
test -n "$PXELINUX_DIR" || PXELINUX_DIR=/usr/lib/PXELINUX
AC_DEFINE_UNQUOTED([GPTMBR_BIN], ["$GPTMBR_BIN"], [syslinux gptmbr.bin])
AC_DEFINE_UNQUOTED([ISOLINUX_DIR], ["$ISOLINUX_DIR"], [isolinux files])
AC_DEFINE_UNQUOTED([SYSLINUX_BIOS_DIR], ["$SYSLINUX_BIOS_DIR"], [syslinux BIOS modules])
AC_DEFINE_UNQUOTED([GRUB_EFI_DIR], ["$GRUB_EFI_DIR"], [GRUB x86_64-efi modules])
AC_DEFINE_UNQUOTED([PXELINUX_DIR], ["$PXELINUX_DIR"], [pxelinux.0, lpxelinux.0])
