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
echo "e2e-console: ok"
