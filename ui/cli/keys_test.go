package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outreach/backend"
	"outreach/store"

	gossh "golang.org/x/crypto/ssh"
)

// writePub writes a fresh ed25519 public key file and returns its path and fingerprint.
func writePub(t *testing.T, dir, name, comment string) (string, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment + "\n"
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, gossh.FingerprintSHA256(pk)
}

func TestKeyCommands(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	sellerPub, sellerFP := writePub(t, dir, "seller.pub", "me@laptop")
	agentPub, agentFP := writePub(t, dir, "agent.pub", "support")
	otherPub, _ := writePub(t, dir, "other.pub", "x")
	bad := filepath.Join(dir, "bad.pub")
	os.WriteFile(bad, []byte("not a key\n"), 0o644)
	priv := filepath.Join(dir, "id_ed25519")
	os.WriteFile(priv, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n-----END OPENSSH PRIVATE KEY-----\n"), 0o600)

	cases := []struct {
		name   string
		args   []string
		code   int
		outHas string
		errHas string
	}{
		{"add seller key", []string{"key", "add", "--role", "seller", "--account", "s1", sellerPub}, 0, sellerFP, ""},
		{"add agent key json", []string{"key", "add", "--role", "agent", agentPub, "--json"}, 0, `"role":"agent"`, ""},
		{"duplicate", []string{"key", "add", "--role", "seller", "--account", "s1", sellerPub}, 2, "", "already registered"},
		{"missing file", []string{"key", "add", "--role", "admin", filepath.Join(dir, "nope.pub")}, 2, "", "does not exist"},
		{"bad key", []string{"key", "add", "--role", "admin", bad}, 2, "", "not an SSH public key"},
		{"private key", []string{"key", "add", "--role", "admin", priv}, 2, "", "private key"},
		{"no role", []string{"key", "add", otherPub}, 2, "", "role"},
		{"bad role", []string{"key", "add", "--role", "root", otherPub}, 2, "", "want one of"},
		{"seller without account", []string{"key", "add", "--role", "seller", otherPub}, 2, "", "needs an account"},
		{"unknown seller", []string{"key", "add", "--role", "seller", "--account", "zz", otherPub}, 2, "", "not found"},
		{"unknown creator", []string{"key", "add", "--role", "creator", "--account", "s1", otherPub}, 2, "", "not found"},
		{"list", []string{"key", "list"}, 0, "me@laptop", ""},
		{"remove", []string{"key", "remove", agentFP}, 0, "removed", ""},
		{"remove again", []string{"key", "remove", agentFP}, 2, "", "not found"},
		{"audit names the operator", []string{"audit"}, 0, "key-remove", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, db, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nout %s\nerr %s", code, c.code, out, errOut)
			}
			if !strings.Contains(out, c.outHas) || !strings.Contains(errOut, c.errHas) {
				t.Fatalf("out %q (want %q)\nerr %q (want %q)", out, c.outHas, errOut, c.errHas)
			}
		})
	}
	out, _, code := run(t, db, "key", "list", "--json")
	if code != 0 {
		t.Fatalf("key list --json: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("key list: %d keys, want 1:\n%s", len(lines), out)
	}
	var k map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &k); err != nil || k["fingerprint"] != sellerFP || k["account"] != "s1" {
		t.Fatalf("key list json = %v (%v)", k, err)
	}
}

// Over SSH, key add takes the key line itself and never reads a server file.
func TestKeyAddRemoteTakesTheLine(t *testing.T) {
	db := setup(t)
	p, fp := writePub(t, t.TempDir(), "k.pub", "c")
	line, _ := os.ReadFile(p)
	st := openStore(t, db)
	b := backend.New(st, backend.Options{})
	defer b.Close()
	for _, c := range []struct {
		arg  string
		code int
	}{{p, ExitUsage}, {strings.TrimSpace(string(line)), ExitOK}} {
		var out, errb strings.Builder
		app := &App{Out: &out, Err: &errb, Backend: b, Principal: b.As(backend.Identity{Role: backend.RoleAdmin}), Remote: true}
		if code := app.Run([]string{"key", "add", "--role", "admin", c.arg}); code != c.code {
			t.Fatalf("key add %q: exit %d, want %d: %s", c.arg, code, c.code, errb.String())
		}
	}
	if _, ok, _ := st.KeyByFingerprint(fp); !ok {
		t.Fatal("key not added")
	}
}

func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
