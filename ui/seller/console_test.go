package seller

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// app starts the whole console on st in a teatest program.
func runApp(t *testing.T, st *store.Store) *teatest.TestModel {
	t.Helper()
	m := newTestModel(t, st, 100, 30)
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
}

var (
	waitFor = uitest.WaitFor
	press   = uitest.Press
)

// TestWholeApp drives the console like a seller: search, filter, detail,
// a batch invite with preview and confirm, a message, live updates,
// block/unblock, help and quit; then checks what the store recorded.
func TestWholeApp(t *testing.T) {
	st := fixtureStore(t)
	tm := runApp(t, st)
	waitFor(t, tm, "@gia.makeup", "counted 2/50")

	// Search narrows the list.
	press(tm, "/", "ava")
	waitFor(t, tm, "1 of 12")
	press(tm, "esc")
	waitFor(t, tm, "12 of 12")

	// A level filter: L7 and L8 only.
	press(tm, "f", "7", "8", "esc")
	waitFor(t, tm, "levels L7,L8", "2 of 12")
	press(tm, "f", "7", "8", "esc")
	waitFor(t, tm, "no filters")

	// The detail view, with level history.
	press(tm, "/", "ava.beauty", "enter")
	waitFor(t, tm, "> @ava.beauty")
	press(tm, "enter")
	waitFor(t, tm, "Level history", "2026-08 L4")
	press(tm, "esc", "esc")

	// Mark two creators, invite: the preview shows the cost and who is
	// refused, and nothing is sent before the confirmation.
	// Results arrive asynchronously: wait for the row before marking it.
	press(tm, "/", "kim.nails", "enter")
	waitFor(t, tm, "> @kim.nails")
	press(tm, "space", "esc")
	waitFor(t, tm, "12 of 12")
	press(tm, "/", "cara.glow", "enter")
	waitFor(t, tm, "> @cara.glow")
	press(tm, "space")
	waitFor(t, tm, "2 marked")
	press(tm, "i")
	waitFor(t, tm, "Cost 1 credit", "follower-cap", "Preview: nothing has been sent")
	if invs, _ := st.InvitesOfSeller("s1", t0, 0); len(invs) != 1 {
		t.Fatalf("the preview sent something: %d invitations", len(invs))
	}
	press(tm, "y")
	waitFor(t, tm, "Invited 1 of 2")
	press(tm, "esc")

	// Messages: jump to the unread conversation, open it (marks it read),
	// and send a message through the checker.
	press(tm, "4")
	waitFor(t, tm, "Unread (1)")
	press(tm, "n", "enter")
	waitFor(t, tm, "can we work together?", "connected")
	press(tm, "m", "Sure, sending samples", "enter")
	waitFor(t, tm, "Sent to @ben.home")

	// A reply arrives from elsewhere: it shows up without a key press.
	if _, err := st.Reply("c02", "s1", "Thanks, got them!", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "Thanks, got them!")
	press(tm, "esc", "esc")

	// Block list: unblock Dan, with a confirmation.
	press(tm, "6")
	waitFor(t, tm, "Blocked by you (1)", "@dan.games")
	press(tm, "u")
	waitFor(t, tm, "Unblock @dan.games?")
	press(tm, "y")
	waitFor(t, tm, "Unblocked @dan.games.", "Blocked by you (0)")

	// Help for the current screen, then quit.
	press(tm, "?")
	waitFor(t, tm, "Help: Blocks screen", "unblock")
	press(tm, "?", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	// What the store recorded.
	invs, err := st.InvitesOfSeller("s1", t0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 2 || invs[0].CreatorID != "c11" {
		t.Fatalf("invitations %+v, want the new one to kim.nails (c11)", invs)
	}
	ds, _ := st.Decisions("s1", 0)
	var refused bool
	for _, d := range ds {
		if d.CreatorID == "c03" && d.Reason == model.ReasonFollowerCap && !d.Allowed {
			refused = true
		}
	}
	if !refused {
		t.Fatal("the follower-cap refusal of cara.glow was not recorded")
	}
	msgs, _ := st.Messages("s1", "c02", 0)
	var sent bool
	for _, m := range msgs {
		if m.FromSeller && m.Text == "Sure, sending samples" {
			sent = true
		}
	}
	if !sent {
		t.Fatalf("message not stored: %+v", msgs)
	}
	rel, _ := st.Relation("s1", "c02")
	if rel.SellerUnread != 0 {
		t.Fatalf("the open chat was not marked read: %+v", rel)
	}
	if rel, _ := st.Relation("s1", "c04"); rel.BlockedBySeller {
		t.Fatal("dan.games is still blocked")
	}
	q, _ := st.Quota("s1", t0)
	if q.Used != 3 {
		t.Fatalf("quota used %d, want 3 (2 before + kim)", q.Used)
	}
}

// TestQTypesInInputs: q quits, but types a q while an input has focus.
func TestQTypesInInputs(t *testing.T) {
	tm := runApp(t, fixtureStore(t))
	waitFor(t, tm, "@gia.makeup")
	press(tm, "/", "q")
	waitFor(t, tm, "/ q")
	press(tm, "esc", "q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestRefusalInStatusLine: a message over the cap is refused with the
// checker's sentence in the status line.
func TestRefusalInStatusLine(t *testing.T) {
	st := fixtureStore(t)
	for i := range 3 {
		if _, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c05", Text: "ping", Now: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	d := newSyncModel(t, st, 100, 30)
	d.key("4")
	if v := d.M.View(); !strings.Contains(v, "0/5") {
		t.Fatalf("cap count missing:\n%s", v)
	}
	d.key("enter", "m", "one more", "enter")
	if v := d.M.View(); !strings.Contains(v, "5 messages this week without a reply") {
		t.Fatalf("refusal not shown:\n%s", v)
	}
}

// TestUntrustedTextIsMadeSafe: text that bypassed validation still renders
// without escape sequences.
func TestUntrustedTextIsMadeSafe(t *testing.T) {
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	evil := "x\x1b]0;owned\x07y\x1b[2J\u202ez"
	d.M.Update(shell.Status{Text: "status " + evil})
	d.app().d.seller.Name = evil
	v := d.M.View()
	if strings.Contains(v, "\x1b") || strings.Contains(v, "\u202e") || strings.Contains(v, "owned") {
		t.Fatalf("unsafe text reached the screen: %q", v)
	}
	if !strings.Contains(v, "status xyz") {
		t.Fatalf("cleaned text missing: %q", v)
	}
}

// TestCollabSend fills the Target Collaboration form and sends it after the preview.
func TestCollabSend(t *testing.T) {
	st := fixtureStore(t)
	d := newSyncModel(t, st, 100, 30)
	d.key("3", "S") // the saved creators: ava.beauty and jon.decor
	d.key("enter", "Winter glow", "tab", "sku-1:15, sku-2:12.5", "tab", "space", "tab", "2026-11-01", "ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "End date 2026-11-01 is not in the future") {
		t.Fatalf("end date error missing:\n%s", v)
	}
	// The focus is on the end date, the first wrong field: typing there
	// mends it (anywhere else, the next ctrl+s would not reach the preview).
	for range len("2026-11-01") {
		d.key("backspace")
	}
	d.key("2026-12-31", "tab", "Free samples for you", "tab", "team@acme.example", "ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "Target Collaboration Winter glow to 2 creators") || !strings.Contains(v, "Cost 2 credits") {
		t.Fatalf("preview missing:\n%s", v)
	}
	d.key("y")
	invs, _ := st.InvitesOfSeller("s1", t0, 0)
	n := 0
	for _, inv := range invs {
		if inv.Collab != nil && inv.Collab.Name == "Winter glow" && len(inv.Collab.Products) == 2 && inv.Collab.FreeSample {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d collaboration invitations stored, want 2: %+v", n, invs)
	}
}

// TestFastTypingIsSplit: several runes in one key message act one by one.
func TestFastTypingIsSplit(t *testing.T) {
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	d.key("2")
	_, cmd := d.M.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1/ava")})
	d.run(cmd)
	f := d.app().find
	if d.M.Active() != tabFind || f.Query() != "ava" || f.Total() != 1 {
		t.Fatalf("active %d, query %q, total %d", d.M.Active(), f.Query(), f.Total())
	}
}

// TestCollabLimitReached: at 50 picked creators, S says the limit is
// reached instead of "Added 0".
func TestCollabLimitReached(t *testing.T) {
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	for i := range model.MaxCollabCreators {
		d.app().d.toggleMark(fmt.Sprintf("x%02d", i))
	}
	d.key("3", "S")
	v := d.M.View()
	if !strings.Contains(v, "the limit of 50 creators is reached, 2 left out") {
		t.Fatalf("the limit is not said:\n%s", v)
	}
}
