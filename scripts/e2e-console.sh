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
echo "e2e-console: ok"
