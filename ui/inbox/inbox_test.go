package inbox

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

func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }

// inboxFixture is fixtureStore plus a Target Collaboration from Other Shop
// (s2) to eve.style (c05), who also has two unread messages from Acme (s1).
func inboxFixture(tb testing.TB) *store.Store {
	tb.Helper()
	st := uitest.FixtureStore(tb)
	out, err := st.Outreach(store.Request{Kind: model.Invite, Seller: "s2", Creator: "c05", Now: t0.Add(-20 * time.Minute),
		Collab: &model.Collab{Name: "Spring line", Products: []model.Product{{ID: "sku-9", Commission: 12}, {ID: "sku-10", Commission: 20}},
			FreeSample: true, EndDate: t0.AddDate(0, 1, 0), Message: "We think our spring dresses suit you.", Email: "team@other.example"}})
	if err != nil || !out.Allowed {
		tb.Fatalf("fixture invitation: %v %+v", err, out.Decision)
	}
	return st
}

var (
	t0            = uitest.T0
	asciiRenderer = uitest.ASCIIRenderer
	waitFor       = uitest.WaitFor
	press         = uitest.Press
)

// newInbox is the inbox of creator on st, as the creator's own key.
func newInbox(tb testing.TB, st *store.Store, creator string) (*shell.Root, error) {
	b := uitest.Backend(tb, st)
	return New(context.Background(), b, b.As(backend.Identity{Role: backend.RoleCreator, Account: creator}), shell.Options{Renderer: asciiRenderer()})
}

func newInboxDriver(tb testing.TB, st *store.Store, creator string, w, h int) *uitest.Driver {
	tb.Helper()
	m, err := newInbox(tb, st, creator)
	if err != nil {
		tb.Fatal(err)
	}
	return uitest.NewDriver(tb, m, w, h)
}

func roleApp(t *testing.T, m *shell.Root, err error) *teatest.TestModel {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return uitest.App(t, m)
}

// TestInboxWholeApp drives the inbox like a creator: accept an invitation,
// read and answer a conversation, see a seller's message arrive live, block
// the seller; then checks what the store recorded.
func TestInboxWholeApp(t *testing.T) {
	st := inboxFixture(t)
	m, err := newInbox(t, st, "c05")
	tm := roleApp(t, m, err)
	waitFor(t, tm, "Invitations received (1, 1 pending)", "Spring line", "@eve.style")

	press(tm, "a")
	waitFor(t, tm, "Accepted the invitation from Other Shop; you are connected.")
	invs, _ := st.InvitesOfCreator("c05", t0)
	if len(invs) != 1 || invs[0].State != model.Accepted {
		t.Fatalf("invitation not accepted: %+v", invs)
	}
	if r, _ := st.Relation("s2", "c05"); !r.Connected {
		t.Fatalf("accepting did not connect: %+v", r)
	}

	// Conversations: Acme's two messages are unread; opening marks them read.
	press(tm, "2")
	waitFor(t, tm, "Conversations (2, 1 unread)", "Acme Beauty")
	press(tm, "enter")
	waitFor(t, tm, "Hello Eve, we'd love to send you our new serum.", "a reply connects you")
	press(tm, "r", "Yes please, send it!", "enter")
	waitFor(t, tm, "Sent to Acme Beauty.")
	r, _ := st.Relation("s1", "c05")
	if !r.Connected || r.SellerUnread != 1 || r.CreatorUnread != 0 {
		t.Fatalf("after the reply: %+v", r)
	}
	msgs, _ := st.Messages("s1", "c05", 0)
	if last := msgs[len(msgs)-1]; last.FromSeller || last.Text != "Yes please, send it!" {
		t.Fatalf("reply not stored: %+v", last)
	}

	// Live: the seller writes back while the chat is open.
	out, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c05", Text: "Shipping today, tracking soon.", Now: t0.Add(time.Minute)})
	if err != nil || !out.Allowed {
		t.Fatalf("seller message: %v %+v", err, out.Decision)
	}
	waitFor(t, tm, "Shipping today, tracking soon.")

	// Block Acme, with a confirmation; the Blocked tab lists them.
	press(tm, "esc", "esc", "b")
	waitFor(t, tm, "Block Acme Beauty?")
	press(tm, "y")
	waitFor(t, tm, "Blocked Acme Beauty.")
	press(tm, "3")
	waitFor(t, tm, "Sellers you blocked (1)")
	press(tm, "?")
	waitFor(t, tm, "Help: Inbox, Blocked screen")
	press(tm, "?", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	if r, _ := st.Relation("s1", "c05"); !r.BlockedByCreator {
		t.Fatalf("Acme not blocked: %+v", r)
	}
	if _, err := st.Reply("c05", "s1", "one more", t0); err == nil {
		t.Fatal("a blocked seller still gets replies")
	}
}

// TestInboxLive: a seller's invitation and message appear while the inbox
// is open, without a key press.
func TestInboxLive(t *testing.T) {
	st := uitest.FixtureStore(t)
	m, err := newInbox(t, st, "c06")
	tm := roleApp(t, m, err)
	waitFor(t, tm, "Invitations received (1, 1 pending)", "Join our kitchen line!")

	if _, err := st.Outreach(store.Request{Kind: model.Invite, Seller: "s2", Creator: "c06", Text: "Cook with us", Now: t0}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Invitations received (2, 2 pending)")

	press(tm, "2")
	waitFor(t, tm, "Conversations (2, 2 unread)")
	press(tm, "enter")
	waitFor(t, tm, "no messages yet", "Acme Beauty (s1)")
	if out, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c06", Text: "Did you see our invite?", Now: t0.Add(time.Second)}); err != nil || !out.Allowed {
		t.Fatalf("seller message: %v %+v", err, out.Decision)
	}
	waitFor(t, tm, "Did you see our invite?")
	press(tm, "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestInboxDeclineAndErrors: declining asks first; an answered invitation
// cannot be answered again; an empty reply sends nothing.
func TestInboxDeclineAndErrors(t *testing.T) {
	st := uitest.FixtureStore(t)
	d := newInboxDriver(t, st, "c06", 100, 30)
	d.Key("d")
	if v := d.M.View(); !strings.Contains(v, "Decline the invitation from Acme Beauty?") {
		t.Fatalf("no confirmation:\n%s", v)
	}
	d.Key("y")
	invs, _ := st.InvitesOfCreator("c06", t0)
	if invs[0].State != model.Declined {
		t.Fatalf("state %s, want declined", invs[0].State)
	}
	d.Key("a")
	if v := d.M.View(); !strings.Contains(v, "That invitation is declined; only a pending one can be answered.") {
		t.Fatalf("no refusal:\n%s", v)
	}
	if r, _ := st.Relation("s1", "c06"); r.Connected {
		t.Fatal("declining connected")
	}
}

func TestInboxUnknownCreator(t *testing.T) {
	if _, err := newInbox(t, uitest.FixtureStore(t), "nobody"); err == nil {
		t.Fatal("an unknown creator opened an inbox")
	}
}

// TestInboxScreens are the inbox's golden files (ASCII profile).
func TestInboxScreens(t *testing.T) {
	for _, tc := range []struct {
		name    string
		creator string
		w, h    int
		keys    []string
	}{
		{"invitations", "c05", 80, 24, nil},
		{"invitations_wide", "c05", 120, 30, nil},
		{"decline_confirm", "c05", 80, 24, []string{"d"}},
		{"conversations", "c05", 80, 24, []string{"2"}},
		{"chat", "c05", 80, 24, []string{"2", "enter"}},
		{"chat_reply", "c05", 80, 24, []string{"2", "enter", "r", "Hi Acme"}},
		{"blocked", "c08", 80, 24, []string{"3"}},
		{"help", "c05", 80, 24, []string{"?"}},
		{"too_small", "c05", 70, 20, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newInboxDriver(t, inboxFixture(t), tc.creator, tc.w, tc.h)
			d.Key(tc.keys...)
			out := d.M.View()
			uitest.CheckFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}
