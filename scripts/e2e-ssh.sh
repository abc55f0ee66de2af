#!/usr/bin/env bash
# End to end over the real OpenSSH client: build outreach, make a store with
# sellers and keys, start `outreach serve`, run commands and the console.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
server_pid=""
tmux_sock="outreach-e2e-$$"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  tmux -L "$tmux_sock" kill-server 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "e2e-ssh: FAIL: $*" >&2; [ -f "$tmp/server.log" ] && tail -20 "$tmp/server.log" >&2; exit 1; }

go build -o "$tmp/outreach" .
bin="$tmp/outreach"
export OUTREACH_DB="$tmp/data/outreach.db"

"$bin" seller add s1 --name 'Acme Kitchen' >/dev/null
"$bin" seller add s2 --name 'Other Shop' >/dev/null
"$bin" creator add c1 --handle lena.bakes --followers 12000 --name 'Lena B' >/dev/null
ssh-keygen -q -t ed25519 -N '' -C e2e-s1 -f "$tmp/s1key"
ssh-keygen -q -t ed25519 -N '' -C e2e-s2 -f "$tmp/s2key"
"$bin" key add --role seller --account s1 "$tmp/s1key.pub" >/dev/null
"$bin" key add --role seller --account s2 "$tmp/s2key.pub" >/dev/null
ssh-keygen -q -t ed25519 -N '' -C e2e-c1 -f "$tmp/c1key"
"$bin" key add --role creator --account c1 "$tmp/c1key.pub" >/dev/null
ssh-keygen -q -t ed25519 -N '' -C e2e-admin -f "$tmp/adminkey"
"$bin" key add --role admin "$tmp/adminkey.pub" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --listen "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  grep -q "ssh server listening" "$tmp/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || fail "server did not start"
  sleep 0.1
done
[ -f "$tmp/data/ssh_host_ed25519" ] || fail "no host key next to the store"

sshopts=(-p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -o IdentitiesOnly=yes)

# Exec with JSON.
out=$(ssh "${sshopts[@]}" -i "$tmp/s1key" 127.0.0.1 -- quota s1 --json) || fail "quota s1 over ssh exited $?"
echo "$out" | python3 -c 'import json,sys; q=json.load(sys.stdin); assert q["tier"] and "remaining" in q, q' || fail "quota JSON: $out"

# Another seller's account is refused with status 2.
set +e
ssh "${sshopts[@]}" -i "$tmp/s1key" 127.0.0.1 -- quota s2 >/dev/null 2>"$tmp/err"; code=$?
set -e
[ "$code" = 2 ] && grep -q "not permitted" "$tmp/err" || fail "quota s2 as s1: exit $code, $(cat "$tmp/err")"

# The local CLI reports the store in use, with the ssh form.
set +e
"$bin" quota s1 >/dev/null 2>"$tmp/err"; code=$?
set -e
[ "$code" = 1 ] && grep -q "ssh -p $port 127.0.0.1" "$tmp/err" || fail "local CLI while serving: exit $code, $(cat "$tmp/err")"

# The suggested command pastes as is, quoting and all.
set +e
"$bin" message s1 c1 --text 'Hi! Sure, it is "fine"' >/dev/null 2>"$tmp/err"; code=$?
set -e
hint=$(sed -n 's/.*run the same command over SSH: ssh /ssh /p' "$tmp/err")
[ "$code" = 1 ] && [ -n "$hint" ] || fail "no SSH hint: $(cat "$tmp/err")"
out=$(eval "${hint/ssh /ssh ${sshopts[*]} -i $tmp/s1key } --json") || fail "the pasted hint failed: $hint"
echo "$out" | grep -q '"allowed":true' || fail "the pasted hint did not send: $out"

# An admin key streams a consistent backup.
ssh "${sshopts[@]}" -i "$tmp/adminkey" 127.0.0.1 -- backup - >"$tmp/copy.db" || fail "backup over ssh"
out=$("$bin" --db "$tmp/copy.db" seller list 2>&1) && echo "$out" | grep -q "Acme Kitchen" || fail "the streamed backup is not a store: $out"

# Offering s2's public key without its private key, then s1's: the session is s1.
cp "$tmp/s2key.pub" "$tmp/offer-only.pub"
chmod 600 "$tmp/offer-only.pub"
ssh -v "${sshopts[@]}" -i "$tmp/offer-only.pub" -i "$tmp/s1key" 127.0.0.1 -- quota s1 >/dev/null 2>"$tmp/verbose" || fail "offer-then-own login"
grep -q "Server accepts key: .*offer-only.pub" "$tmp/verbose" || fail "the offer-only key was not offered and accepted: $(cat "$tmp/verbose")"
set +e
ssh "${sshopts[@]}" -i "$tmp/offer-only.pub" -i "$tmp/s1key" 127.0.0.1 -- quota s2 >/dev/null 2>&1; code=$?
set -e
[ "$code" = 2 ] || fail "offering s2's public key made the session s2 (exit $code)"

# A conversation over SSH exec: the seller writes, the creator replies,
# and the seller's decisions and relation show them connected.
ssh "${sshopts[@]}" -i "$tmp/s1key" 127.0.0.1 -- message s1 c1 --text "'Hello Lena, samples?'" >/dev/null || fail "seller message over ssh"
ssh "${sshopts[@]}" -i "$tmp/c1key" 127.0.0.1 -- reply c1 s1 --text "'Yes please!'" >/dev/null || fail "creator reply over ssh"
out=$(ssh "${sshopts[@]}" -i "$tmp/s1key" 127.0.0.1 -- decisions s1 --json) || fail "decisions over ssh"
echo "$out" | grep -q '"creator":"c1"' || fail "the message is not in the decision log: $out"
set +e
ssh "${sshopts[@]}" -i "$tmp/c1key" 127.0.0.1 -- reply c1 s2 --text hi >/dev/null 2>&1; code=$?
set -e
[ "$code" = 0 ] || fail "creator reply to another seller: exit $code"
set +e
ssh "${sshopts[@]}" -i "$tmp/c1key" 127.0.0.1 -- quota s1 >/dev/null 2>&1; code=$?
set -e
[ "$code" = 2 ] || fail "a creator key read a seller's quota (exit $code)"

# wait_screen PATTERN TRIES WHAT: poll the tmux screen (0.1 s apart) for a
# grep pattern; fail with WHAT and the screen when it does not appear.
wait_screen() {
  local screen=""
  for _ in $(seq "$2"); do
    screen=$(tmux -L "$tmux_sock" capture-pane -p 2>/dev/null || true)
    echo "$screen" | grep -q -- "$1" && return 0
    sleep 0.1
  done
  fail "$3; screen: $screen"
}

# The creator's inbox in a real terminal: the conversation is connected.
tmux -L "$tmux_sock" new-session -d -s inbox -x 120 -y 40 \
  "ssh -tt ${sshopts[*]} -i $tmp/c1key 127.0.0.1; echo SSH-EXIT=\$?; sleep 30"
wait_screen "Invitations received" 100 "the inbox did not open"
tmux -L "$tmux_sock" send-keys 2
wait_screen "Acme Kitchen .*connected" 50 "the inbox does not show the connected conversation"
tmux -L "$tmux_sock" send-keys q
wait_screen "SSH-EXIT=0" 50 "the inbox did not quit cleanly"
tmux -L "$tmux_sock" kill-session -t inbox

# The console in a real terminal (tmux), then q to quit.
tmux -L "$tmux_sock" new-session -d -x 120 -y 40 \
  "ssh -tt ${sshopts[*]} -i $tmp/s1key 127.0.0.1; echo SSH-EXIT=\$?; sleep 30"
wait_screen "lena.bakes" 100 "console did not show the creator"
tmux -L "$tmux_sock" send-keys q
wait_screen "SSH-EXIT=0" 50 "console did not quit cleanly"

# Graceful shutdown on SIGTERM, with the session log written.
kill -TERM "$server_pid"
wait "$server_pid" || fail "server exited non-zero after SIGTERM"
server_pid=""
grep -q '"kind":"console"' "$tmp/server.log" || fail "no console session in the log"
grep -q '"account":"s1"' "$tmp/server.log" || fail "no account in the session log"
echo "e2e-ssh: ok"
