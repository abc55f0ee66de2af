package triage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// triageFixture is fixtureStore plus a refused invitation (gia.makeup is
// over the follower cap) and one earlier grant.
func triageFixture(tb testing.TB) (*store.Store, model.DecisionRecord) {
	tb.Helper()
	st := uitest.FixtureStore(tb)
	out, err := st.Outreach(store.Request{Kind: model.Invite, Seller: "s1", Creator: "c07", Text: "Big fan!", Now: t0.Add(-10 * time.Minute)})
	if err != nil || out.Allowed {
		tb.Fatalf("fixture refusal: %v %+v", err, out.Decision)
	}
	if _, err := st.Grant("s2", 3, "Onboarding help", "agent:bo", t0.Add(-time.Hour)); err != nil {
		tb.Fatal(err)
	}
	ds, err := st.Decisions("s1", 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range ds {
		if !d.Allowed {
			return st, d
		}
	}
	tb.Fatal("no refused decision")
	return nil, model.DecisionRecord{}
}

var (
	t0            = uitest.T0
	asciiRenderer = uitest.ASCIIRenderer
	waitFor       = uitest.WaitFor
	press         = uitest.Press
)

func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }

// newTriage is the triage on st for agent ann.
func newTriage(tb testing.TB, st *store.Store) *shell.Root {
	tb.Helper()
	b := uitest.Backend(tb, st)
	m, err := New(context.Background(), b, b.As(backend.Identity{Role: backend.RoleAgent, Name: "ann"}), shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func newTriageDriver(tb testing.TB, st *store.Store, w, h int) *uitest.Driver {
	return uitest.NewDriver(tb, newTriage(tb, st), w, h)
}

// TestTriageWholeApp drives the triage like an agent: open a seller, find
// the refusal with its rule and sentence, grant credits (an empty reason is
// refused first), and see the grant in the seller's grants and the audit.
func TestTriageWholeApp(t *testing.T) {
	st, refusal := triageFixture(t)
	tm := uitest.App(t, newTriage(t, st))
	waitFor(t, tm, "Sellers (2)", "Acme Beauty", "Other Shop")

	press(tm, "enter")
	// The refusal with its rule, and the selected decision's whole sentence.
	waitFor(t, tm, "Decision log of Acme Beauty (s1)", string(refusal.Reason), "REFUSED", refusal.Message[:40])
	press(tm, "f")
	waitFor(t, tm, "showing refused only")

	press(tm, "g")
	waitFor(t, tm, "Grant credits to Acme Beauty (s1)")
	press(tm, "5", "enter", "enter")
	waitFor(t, tm, "A reason is required: say why the credits are granted.")
	press(tm, "Launch week for the serum", "enter")
	waitFor(t, tm, "Granted 5 credits to Acme Beauty (s1)")

	press(tm, "5")
	waitFor(t, tm, "Grants to Acme Beauty (s1) (1)", "reason: Launch week for the serum")
	press(tm, "6")
	waitFor(t, tm, "agent:ann")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	q, _ := st.Quota("s1", t0)
	if q.Granted != 5 {
		t.Fatalf("granted %d, want 5", q.Granted)
	}
	es, _ := st.Audit(0)
	if len(es) == 0 || es[0].Action != "grant" || es[0].SellerID != "s1" || es[0].Actor != "agent:ann" || es[0].Reason != "Launch week for the serum" {
		t.Fatalf("audit %+v", es)
	}
}

// TestTriageGrantValidation: bad credits and long reasons are refused in
// the form, and nothing is granted.
func TestTriageGrantValidation(t *testing.T) {
	st, _ := triageFixture(t)
	d := newTriageDriver(t, st, 100, 30)
	d.Key("g", "0", "tab", "why", "ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "Credits: a whole number from 1 to 100000.") {
		t.Fatalf("credits error missing:\n%s", v)
	}
	d.Key("shift+tab")
	d.M.Overlay().(*grantForm).Inputs[0].SetValue("7")
	d.M.Overlay().(*grantForm).Inputs[1].SetValue(strings.Repeat("x", 501))
	d.Key("ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "The reason is 501 characters; at most 500.") {
		t.Fatalf("reason error missing:\n%s", v)
	}
	d.Key("esc")
	if d.M.Overlay() != nil {
		t.Fatal("esc did not close the form")
	}
	if q, _ := st.Quota("s1", t0); q.Granted != 0 {
		t.Fatalf("granted %d", q.Granted)
	}
	// No outreach action anywhere: i and m do nothing on any screen.
	for _, tab := range []string{"1", "2", "3", "4", "5", "6"} {
		d.Key(tab, "i", "m")
	}
	if invs, _ := st.InvitesOfSeller("s1", t0, 0); len(invs) != 1 {
		t.Fatalf("the triage sent something: %d invitations", len(invs))
	}
}

func TestTriageScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"sellers", 80, 24, nil},
		{"sellers_wide", 120, 30, nil},
		{"no_seller", 80, 24, []string{"2"}},
		{"decisions", 80, 24, []string{"enter"}},
		{"decisions_wide", 120, 30, []string{"enter"}},
		{"decisions_refused", 80, 24, []string{"enter", "f"}},
		{"conversations", 80, 24, []string{"enter", "3"}},
		{"chat", 80, 24, []string{"enter", "3", "enter"}},
		{"blocks", 80, 24, []string{"enter", "4"}},
		{"grants", 80, 24, []string{"down", "enter", "5"}},
		{"grant_form", 80, 24, []string{"enter", "g", "5", "tab"}},
		{"grant_error", 80, 24, []string{"enter", "g", "5", "enter", "enter"}},
		{"audit", 80, 24, []string{"6"}},
		{"help", 80, 24, []string{"enter", "?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := triageFixture(t)
			d := newTriageDriver(t, st, tc.w, tc.h)
			d.Key(tc.keys...)
			out := d.M.View()
			uitest.CheckFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}
