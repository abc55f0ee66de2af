package admin

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	gossh "golang.org/x/crypto/ssh"

	"outreach/backend"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// testKeyLine is a deterministic ed25519 public key as an authorized_keys
// line, and its fingerprint.
func testKeyLine(tb testing.TB, seed byte, comment string) (string, string) {
	tb.Helper()
	priv := ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune('a'+seed)), 32)))
	pk, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		tb.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))) + " " + comment
	return line, gossh.FingerprintSHA256(pk)
}

// adminFixture is fixtureStore with a seller key and an agent key.
func adminFixture(tb testing.TB) *store.Store {
	tb.Helper()
	st := uitest.FixtureStore(tb)
	for i, k := range []store.Key{{Role: store.RoleSeller, Account: "s1", Comment: "acme-laptop"}, {Role: store.RoleAgent, Comment: "support"}} {
		line, fp := testKeyLine(tb, byte(i), k.Comment)
		k.Fingerprint, k.PublicKey, k.Added = fp, line, uitest.T0.AddDate(0, 0, -i-1)
		if err := st.AddKey(k); err != nil {
			tb.Fatal(err)
		}
	}
	return st
}

var (
	waitFor = uitest.WaitFor
	press   = uitest.Press
)

func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }

// newAdmin is the admin screens on st for admin root.
func newAdmin(tb testing.TB, st *store.Store) *shell.Root {
	tb.Helper()
	b := uitest.Backend(tb, st)
	m, err := New(context.Background(), b, b.As(backend.Identity{Role: backend.RoleAdmin, Name: "root"}), shell.Options{Renderer: uitest.ASCIIRenderer()})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func newAdminDriver(tb testing.TB, st *store.Store, w, h int) *uitest.Driver {
	return uitest.NewDriver(tb, newAdmin(tb, st), w, h)
}

// TestAdminWholeApp: list keys, add one by pasting its line, remove one
// (audited), open the triage view and come back.
func TestAdminWholeApp(t *testing.T) {
	st := adminFixture(t)
	tm := uitest.App(t, newAdmin(t, st))
	_, agentFP := testKeyLine(t, 1, "")
	waitFor(t, tm, "SSH keys (2)", "acme-laptop", "support")

	// Add a creator key.
	line, fp := testKeyLine(t, 2, "eve-phone")
	press(tm, "a")
	waitFor(t, tm, "Add an SSH key")
	press(tm, line, "enter", "creator", "enter", "c05", "enter")
	waitFor(t, tm, "Added key "+fp+" for creator c05.")
	if k, ok, _ := st.KeyByFingerprint(fp); !ok || k.Role != store.RoleCreator || k.Account != "c05" || k.AddedBy != "admin:root" {
		t.Fatalf("key not stored right: %+v %v", k, ok)
	}

	// Remove the agent key (sorted: agent first), with a confirmation.
	press(tm, "x")
	waitFor(t, tm, "Remove key "+agentFP)
	press(tm, "y")
	waitFor(t, tm, "Removed key "+agentFP+".")
	if _, ok, _ := st.KeyByFingerprint(agentFP); ok {
		t.Fatal("the key is still registered")
	}
	es, _ := st.Audit(0)
	var audited bool
	for _, e := range es {
		if e.Actor == "admin:root" && strings.Contains(e.Detail, agentFP) {
			audited = true
		}
	}
	if !audited {
		t.Fatalf("removal not audited: %+v", es)
	}

	// The triage view, and back.
	press(tm, "t")
	waitFor(t, tm, "Sellers (2)", "Triage view; A goes back to admin.")
	press(tm, "A")
	waitFor(t, tm, "Back to Admin.")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestAdminKeyFormErrors(t *testing.T) {
	st := adminFixture(t)
	d := newAdminDriver(t, st, 100, 30)
	d.Key("a", "not a key", "tab", "seller", "ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "Not an SSH public key in authorized_keys format") {
		t.Fatalf("parse error missing:\n%s", v)
	}
	line, _ := testKeyLine(t, 3, "x")
	d.M.Overlay().(*keyForm).Inputs[0].SetValue(line)
	d.Key("ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "needs an account") {
		t.Fatalf("account error missing:\n%s", v)
	}
	if ks, _ := st.ListKeys(); len(ks) != 2 {
		t.Fatalf("%d keys", len(ks))
	}
}

func TestAdminScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"keys", 80, 24, nil},
		{"keys_wide", 120, 30, nil},
		{"remove_confirm", 80, 24, []string{"x"}},
		{"key_form", 80, 24, []string{"a"}},
		{"accounts", 80, 24, []string{"2"}},
		{"triage", 80, 24, []string{"t"}},
		{"help", 80, 24, []string{"?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newAdminDriver(t, adminFixture(t), tc.w, tc.h)
			d.Key(tc.keys...)
			out := d.M.View()
			uitest.CheckFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}
