# virt-p2v toolkit test helpers for the wizard.   -*- shell-script -*-
# Copyright (C) 2026 The virt-p2v toolkit authors.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced after functions.sh by tests/test-virt-p2v-gui-*.sh:
#
#   source ./functions.sh
#   set -e -x
#   source "$abs_top_srcdir/tests/gui-functions.sh"
#
# The wizard is the real binary on a real X server (Xvfb), driven by
# real key presses (xdotool): the mnemonics of its labels and buttons
# (Alt+C focuses "_Conversion server", Alt+T presses "_Test
# connection", ...), so no test depends on pixel positions.
#
# What is here:
#   start_xvfb                  start a private Xvfb; sets DISPLAY
#   start_wizard ARGS...        start virt-p2v ARGS... on it (stderr in
#                               WIZARD_ERR, pid in WIZARD_PID)
#   wait_for_line REGEX SECONDS wait until WIZARD_ERR has a line matching
#                               REGEX (grep -E); fail if virt-p2v exits
#   wizard_window               print the wizard's X window id
#   keys KEY...                 press keys in the wizard (xdotool key)
#   type_text TEXT              type TEXT into the focused field
#   set_field MNEMONIC TEXT     Alt+MNEMONIC, select all, type TEXT
#   screenshot NAME             save the window as $TEST_TMPDIR/NAME.png
#                               (and in $P2V_GUI_SCREENSHOTS/ if set);
#                               fail unless it has > 50 distinct colours
#   red_pixels NAME             print how many pixels of NAME.png are the
#                               theme's error red

requires command -v Xvfb
requires command -v xdotool
requires command -v xwd
requires command -v xwdtopnm
requires command -v pnmtopng
requires command -v ppmhist

start_xvfb ()
{
  local fifo="$TEST_TMPDIR/xvfb-display" n pid
  mkfifo "$fifo"
  # -displayfd: Xvfb picks a free display and says which when ready.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
    3>"$fifo" >"$TEST_TMPDIR/xvfb.log" 2>&1 &
  pid=$!
  cleanup_fn kill "$pid"
  read -r -t 30 n < "$fifo"
  test -n "$n"
  export DISPLAY=":$n"
  unset WAYLAND_DISPLAY
}

start_wizard ()
{
  WIZARD_ERR="$TEST_TMPDIR/wizard.err"
  ${VG-} virt-p2v "$@" </dev/null >"$TEST_TMPDIR/wizard.out" \
    2>"$WIZARD_ERR" &
  WIZARD_PID=$!
  cleanup_fn kill -9 "$WIZARD_PID"
}

wait_for_line ()
{
  local regex="$1" secs="$2" start=$SECONDS
  while ! grep -Eq -- "$regex" "$WIZARD_ERR"; do
    if ! kill -0 "$WIZARD_PID" 2>/dev/null; then
      echo "$0: virt-p2v exited while waiting for /$regex/:" >&2
      cat "$WIZARD_ERR" >&2
      return 1
    fi
    if (( SECONDS - start > secs )); then
      echo "$0: no line /$regex/ after $secs s:" >&2
      tail -n 30 "$WIZARD_ERR" >&2
      return 1
    fi
    sleep 0.2
  done
}

wizard_window ()
{
  xdotool search --sync --onlyvisible --name '^virt-p2v'
}

keys ()
{
  xdotool windowfocus --sync "$(wizard_window)"
  xdotool key --delay 50 "$@"
  # Let GTK handle them before the next step looks.
  sleep 0.3
}

type_text ()
{
  xdotool type --delay 10 -- "$1"
  sleep 0.2
}

set_field ()
{
  keys "alt+$1" ctrl+a
  type_text "$2"
}

screenshot ()
{
  local name="$1" i colours=0 ppm="$TEST_TMPDIR/$1.ppm"
  # The page may still be drawing: retry for a few seconds.
  for i in $(seq 20); do
    sleep 0.5
    xwd -silent -id "$(wizard_window)" | xwdtopnm > "$ppm" 2>/dev/null
    colours="$(ppmhist -noheader "$ppm" | wc -l)"
    [ "$colours" -le 50 ] || break
  done
  pnmtopng -compression 9 "$ppm" > "$TEST_TMPDIR/$name.png"
  if [ -n "${P2V_GUI_SCREENSHOTS:-}" ]; then
    cp "$TEST_TMPDIR/$name.png" "$P2V_GUI_SCREENSHOTS/"
  fi
  echo "$0: screenshot $name: $colours colours" >&2
  [ "$colours" -gt 50 ]
}

# Adwaita draws error text and borders in #cc0000 (and near shades when
# anti-aliased): count strongly red pixels.
red_pixels ()
{
  ppmhist -noheader "$TEST_TMPDIR/$1.ppm" |
    awk '$1 >= 160 && $2 <= 60 && $3 <= 60 { n += $5 } END { print n + 0 }'
}
