#!/usr/bin/env bash
# End-to-end: the console in a real terminal (tmux), as a person uses it:
# launch the demo, search, filter by level, invite a creator, open help, quit.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/outreach" .
now=2026-11-18T12:00:00Z
"$work/outreach" demo --db "$work/demo.db" --now "$now" --no-console >/dev/null 2>&1
used() { "$work/outreach" --db "$work/demo.db" --now "$now" quota acme --json | grep -o '"used":[0-9]*' | cut -d: -f2; }
before=$(used)

tmux -S "$sock" new-session -d -s e2e -x 120 -y 32 "$work/outreach --db $work/demo.db --now $now; echo EXITED; sleep 5"
screen() { tmux -S "$sock" capture-pane -p -t e2e; }
keys() { tmux -S "$sock" send-keys -t e2e "$@"; sleep 0.4; }
fail() { echo "e2e-console: $1"; echo "---- screen ----"; screen; exit 1; }
# wait_for TEXT: poll the screen for up to 10 s.
wait_for() {
  for _ in $(seq 1 50); do screen | grep -qF -- "$1" && return 0; sleep 0.2; done
  fail "timed out waiting for: $1"
}

wait_for "of 5,000"
wait_for "counted $before/200"

# Search: every visible row matches.
keys /
tmux -S "$sock" send-keys -t e2e -l maria
wait_for "@maria"
keys Escape
keys Escape

# Filter by level L8: the filter line says so and every row is L8.
keys f
wait_for "Levels"
keys 8
keys Enter
wait_for "levels L8"
rows=$(screen | grep -E '^[> ] @' || true)
[ -n "$rows" ] || fail "no rows after filtering by L8"
if echo "$rows" | grep -vqE ' L8[↓ ]'; then fail "a row that is not L8 after filtering"; fi

# Invite the creator under the cursor: preview first, then confirm.
keys Escape
keys f
keys 8
keys 1
keys Enter
wait_for "levels L1"
keys i
wait_for "Preview"
screen | grep -qF "nothing has been sent" || fail "the preview does not say nothing was sent"
keys y
wait_for "Done"
wait_for "counted $((before + 1))/200"
keys Escape

# Help for the current screen, generated from the key bindings.
keys '?'
wait_for "Help"
screen | grep -qF "invite" || fail "help does not list the invite key"
keys Escape

keys q
wait_for EXITED
after=$(used)
[ "$after" = "$((before + 1))" ] || fail "the store says $after used after one invite, want $((before + 1))"

# ---- NO_COLOR: no colour at all, yet the active tab, the Messages folder
# and the focused filter field stay visible (reverse video / bold), as with
# --theme no-colour. (Its own tmux session, separate from the blocks above.)
tmux -S "$sock" new-session -d -s nocolor -x 120 -y 32 "NO_COLOR=1 $work/outreach --db $work/demo.db --now $now; echo EXITED; sleep 5"
ncscreen() { tmux -S "$sock" capture-pane -p -e -t nocolor; }
nckeys() { tmux -S "$sock" send-keys -t nocolor "$@"; sleep 0.4; }
ncfail() { echo "e2e-console (NO_COLOR): $1"; echo "---- screen ----"; ncscreen | cat -v; exit 1; }
nc_wait_for() {
  for _ in $(seq 1 50); do ncscreen | grep -qF -- "$1" && return 0; sleep 0.2; done
  ncfail "timed out waiting for: $1"
}
esc=$(printf '\033')
# reversed TEXT: TEXT is drawn in reverse video (SGR 7) on the screen.
reversed() { ncscreen | grep -qE "${esc}\[([0-9]+;)*7(;[0-9]+)*m[^${esc}]*$1"; }
nc_wait_for "theme no-colour"
if ncscreen | grep -qE "${esc}\[([0-9]+;)*(3[0-7]|38|4[0-7]|48|9[0-7])(;[0-9]+)*m"; then ncfail "a colour escape under NO_COLOR"; fi
reversed " 1 Find " || ncfail "the active tab is not in reverse video"
nckeys 4
nc_wait_for "Unreplied"
reversed " 4 Messages " || ncfail "the Messages tab is not in reverse video"
reversed "All" || ncfail "the active Messages folder is not in reverse video"
nckeys 1
nckeys f
nc_wait_for "Levels"
reversed "Levels" || ncfail "the focused filter field is not in reverse video"
nckeys Escape
nckeys q
nc_wait_for EXITED
echo "e2e-console (NO_COLOR): ok"

# ---- Seller screens (ui/seller): esc from Saved, the Unreplied folder, a finder export ----
# A second session, with its own helpers, so this block stands apart.
mkdir -p "$work/exports"
tmux -S "$sock" new-session -d -s seller -x 120 -y 32 \
  "OUTREACH_EXPORT_DIR=$work/exports $work/outreach --db $work/demo.db --now $now; echo EXITED; sleep 5"
s_screen() { tmux -S "$sock" capture-pane -p -t seller; }
s_keys() { tmux -S "$sock" send-keys -t seller "$@"; sleep 0.4; }
s_fail() { echo "e2e-console (seller): $1"; echo "---- screen ----"; s_screen; exit 1; }
s_wait() {
  for _ in $(seq 1 50); do s_screen | grep -qF -- "$1" && return 0; sleep 0.2; done
  s_fail "timed out waiting for: $1"
}
s_wait "of 5,000"

# esc from a creator opened in Saved comes back to Saved, not to Find.
s_keys 2
s_wait "Recommended for"
s_wait "> @"
s_keys Enter
s_wait "Level history"
s_keys Escape
s_wait "Recommended for"
s_screen | grep -qF "sort relevance" && s_fail "esc from a creator opened in Saved went to Find"

# Unreplied holds the conversations waiting on the seller: the creator wrote last.
s_keys 4
s_wait "Unreplied"
s_keys f
s_keys f
s_wait "cap left"
if s_screen | grep -E '^[> ] @' | grep -qE ' you *$'; then s_fail "a conversation where the seller wrote last is in Unreplied"; fi

# Export what a search matches: the status names the file and the count,
# the file holds a header and that many rows, and no temporary file is left.
s_keys 1
s_keys /
tmux -S "$sock" send-keys -t seller -l maria
s_keys Enter
s_wait "@maria"
s_keys E
s_wait "path "
s_keys Enter
s_wait "Exported"
n=$(s_screen | grep -o 'Exported [0-9,]* creator' | grep -o '[0-9,]*' | tr -d ,)
[ -n "$n" ] || s_fail "no count in the export status"
files=$(ls -A "$work/exports")
[ "$(echo "$files" | wc -l)" = 1 ] || s_fail "the export left more than one file: $files"
rows=$(wc -l < "$work/exports/$files")
[ "$rows" = "$((n + 1))" ] || s_fail "the export has $rows lines, want $n rows and a header"
head -1 "$work/exports/$files" | grep -q '^id,handle,name' || s_fail "the export has no header"
s_keys q
s_wait EXITED
# ---- end of the seller block ----
echo "e2e-console: ok"
