package program

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// TestNavigation drives the screen synchronously: views, the table's
// cursor, the detail and the keys that leave for another screen.
func TestNavigation(t *testing.T) {
	src := newFakeSource(40)
	host := &fakeHost{}
	r, p := newRoot(t, src, host)
	d := uitest.NewDriver(t, r, 100, 30)
	if p.view != viewOverview || len(p.shown) != 40 {
		t.Fatalf("start: view %d, %d rows", p.view, len(p.shown))
	}
	d.Key("v", "down", "down")
	id := p.current()
	if p.view != viewTable || p.nav.Cursor != 2 || id == "" {
		t.Fatalf("table: view %d cursor %d id %q", p.view, p.nav.Cursor, id)
	}
	d.Key("enter")
	if p.detail == nil || p.detail.id != id || !p.detail.histOK || !p.detail.flagOK {
		t.Fatalf("detail not open and loaded: %+v", p.detail)
	}
	d.Key("m")
	if !slices.Equal(host.chats, []string{id}) {
		t.Errorf("m asked for chats %v, want [%s]", host.chats, id)
	}
	if !strings.Contains(d.M.View(), "chat with "+id) {
		t.Errorf("the host's answer is not on screen")
	}
	d.Key("c")
	if !slices.Equal(host.profiles, []string{id}) {
		t.Errorf("c asked for profiles %v", host.profiles)
	}
	d.Key("esc")
	if p.detail != nil || p.current() != id {
		t.Fatalf("esc: detail %v, cursor on %q, want %q", p.detail, p.current(), id)
	}
	// A re-sort keeps the cursor on the same affiliate.
	d.Key("o")
	if p.sortBy != engage.ByOrders || p.current() != id {
		t.Errorf("after o: sort %s, cursor on %q, want %q", p.sortBy, p.current(), id)
	}
	d.Key("O")
	if !p.asc || p.current() != id {
		t.Errorf("after O: asc %v, cursor on %q", p.asc, p.current())
	}
	// Filters cycle and reset.
	d.Key("f")
	if p.filter.Segment != mprogram.SegPower {
		t.Errorf("f: %+v", p.filter)
	}
	d.Key("n")
	if p.filter.Segment != mprogram.SegInactive || p.filter.Kind != mprogram.KindNew {
		t.Errorf("n: %+v", p.filter)
	}
	d.Key("f")
	if p.filter.Segment != mprogram.SegNone || p.filter.Kind != mprogram.KindNone {
		t.Errorf("f after inactive: %+v", p.filter)
	}
	d.Key("d", "F")
	if !p.filter.Dormant || !p.filter.Flagged {
		t.Errorf("d F: %+v", p.filter)
	}
	_, cmd := d.M.Update(tea.KeyMsg{Type: tea.KeyCtrlR})
	d.Run(cmd)
	if p.filter != (engage.AffiliateFilter{}) || len(p.shown) != 40 {
		t.Errorf("ctrl+r: %+v, %d rows", p.filter, len(p.shown))
	}
	// The search takes every key, digits included (they are screens otherwise).
	d.Key("/", "1", "2")
	if p.input.Value() != "12" || !p.Capturing() {
		t.Errorf("search: %q", p.input.Value())
	}
	d.Key("esc")
	if p.input.Value() != "" || p.Capturing() || len(p.shown) != 40 {
		t.Errorf("esc clears the search: %q, %d rows", p.input.Value(), len(p.shown))
	}
	// Views cycle both ways; the period reloads.
	d.Key("v")
	if p.view != viewMetrics {
		t.Errorf("v: view %d", p.view)
	}
	d.Key("V", "V")
	if p.view != viewOverview {
		t.Errorf("V V: view %d", p.view)
	}
	d.Key("p", "p", "p")
	if got := src.periods(); !slices.Equal(got, []int{28, 90, 7, 28}) {
		t.Errorf("periods asked: %v", got)
	}
	// Enter on a segment shows its affiliates.
	d.Key("down", "enter")
	if p.view != viewTable || p.filter.Segment != mprogram.SegGrowth {
		t.Errorf("enter on Growth: view %d filter %+v", p.view, p.filter)
	}
}

// TestStaleLoadDropped: an answer to an older load never replaces a newer one.
func TestStaleLoadDropped(t *testing.T) {
	src := newFakeSource(10)
	r, p := newRoot(t, src, &fakeHost{})
	uitest.NewDriver(t, r, 80, 24)
	old := p.gen
	p.reload() // a newer load is on its way
	r.Update(shell.Addressed{To: p, Msg: tableMsg{gen: old, l: prepare(Table{Today: src.today}, nil, engage.ByGMV, false)}})
	if len(p.set.rows) != 10 {
		t.Fatalf("a stale answer replaced the table: %d rows", len(p.set.rows))
	}
	if !p.loading {
		t.Errorf("the newer load is forgotten")
	}
}

// TestChangedReloads: a program change reloads, other changes do not.
func TestChangedReloads(t *testing.T) {
	src := newFakeSource(10)
	r, p := newRoot(t, src, &fakeHost{})
	d := uitest.NewDriver(t, r, 80, 24)
	if cmd := p.Changed([]store.Change{{Kind: store.ChangedMessages, Seller: "s1"}}); cmd != nil {
		t.Errorf("a message change reloads the program")
	}
	d.Run(p.Changed([]store.Change{{Kind: store.ChangedProgram, Seller: "s1"}}))
	d.Run(p.Changed([]store.Change{store.Resync}))
	if got := src.periods(); len(got) != 3 {
		t.Errorf("loads: %v, want 3", got)
	}
	// Changes during a load make one more load after it, not one each.
	load := p.Changed([]store.Change{{Kind: store.ChangedProgram}})
	for range 5 {
		if cmd := p.Changed([]store.Change{{Kind: store.ChangedProgram}}); cmd != nil {
			t.Fatal("a change during a load started another load")
		}
	}
	d.Run(load)
	if got := src.periods(); len(got) != 5 || p.loading || p.stale {
		t.Errorf("loads: %v (want 5), loading %v, stale %v", got, p.loading, p.stale)
	}
}

// TestUntrustedText: handles, flag sentences and reasons from the store
// reach the screen without escapes, and one session's colours are its own.
func TestUntrustedText(t *testing.T) {
	src := newFakeSource(12)
	evil := "\x1b]0;pwned\x07ev\x1b[31mil\u202e"
	src.rows[0].Handle = evil
	id := src.rows[0].CreatorID
	src.rows[0].Flags = []mprogram.FlagRule{mprogram.FlagSelfPurchase}
	src.flags[id] = []mprogram.FlagState{
		{Flag: mprogram.Flag{Rule: mprogram.FlagSelfPurchase, Message: "3 of 4 orders \x1b[2J bought by the creator"}},
		{Flag: mprogram.Flag{Rule: mprogram.FlagConversion, Message: "x"}, Cleared: true, ClearedBy: "agent\x1b[5m", Reason: "ok\x07"},
	}
	r, _ := newRoot(t, src, &fakeHost{})
	d := uitest.NewDriver(t, r, 120, 40)
	d.Key("v", "/", "evil", "enter")
	for _, view := range []string{d.M.View(), func() string { d.Key("enter"); return d.M.View() }()} {
		if strings.ContainsAny(view, "\x1b\x07\u202e") {
			t.Errorf("unsafe text on screen: %q", view)
		}
	}
	if v := d.M.View(); !strings.Contains(v, "@evil") {
		t.Errorf("the handle is not shown: %q", v)
	}
}

// TestTeatest runs the screen in a real program: the overview appears,
// the table opens and the detail shows its chart.
func TestTeatest(t *testing.T) {
	r, _ := newRoot(t, newFakeSource(40), &fakeHost{})
	tm := uitest.App(t, r)
	uitest.WaitFor(t, tm, "New or inactive", "Program GMV by week")
	uitest.Press(tm, "v")
	uitest.WaitFor(t, tm, "40 of 40")
	uitest.Press(tm, "enter")
	uitest.WaitFor(t, tm, "segment history", "GMV by week")
	uitest.Press(tm, "ctrl+c")
	tm.WaitFinished(t)
}

// TestSessionColours: two sessions at once, one with colours and one
// without; each screen's charts follow its own renderer, never a global one.
func TestSessionColours(t *testing.T) {
	colour := lipgloss.NewRenderer(io.Discard)
	colour.SetColorProfile(termenv.ANSI256)
	var views []string
	for _, r := range []*lipgloss.Renderer{colour, uitest.ASCIIRenderer()} {
		s, err := shell.NewSession(context.Background(), shell.Options{Renderer: r})
		if err != nil {
			t.Fatal(err)
		}
		keys := DefaultKeyMap()
		p := New(s, newFakeSource(20), &fakeHost{}, &keys)
		root := shell.NewRoot(s, testApp{}, shell.Frame{Name: "s1", Tabs: []string{"Program"}, Panes: []shell.Pane{p}}, nil)
		d := uitest.NewDriver(t, root, 100, 30)
		views = append(views, d.M.View())
	}
	if !strings.Contains(views[0], "\x1b[") {
		t.Errorf("the colour session has no colour")
	}
	if strings.Contains(views[1], "\x1b[") {
		t.Errorf("the ASCII session has escapes")
	}
}

// TestLoadsWhenFirstShown: a console that never opens the Program screen
// never reads the program (each SSH login would otherwise read 50,000
// affiliates); the first look loads it, later looks do not load again, and
// changes before the first look are ignored.
func TestLoadsWhenFirstShown(t *testing.T) {
	src := newFakeSource(10)
	s, err := shell.NewSession(context.Background(), shell.Options{Renderer: uitest.ASCIIRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	keys := DefaultKeyMap()
	p := New(s, src, &fakeHost{}, &keys)
	if p.Init() != nil || p.Changed([]store.Change{{Kind: store.ChangedProgram}}) != nil {
		t.Fatal("the program loads before it is shown")
	}
	if cmd := p.Shown(); cmd == nil {
		t.Fatal("the first look does not load")
	}
	if p.Shown() != nil {
		t.Error("a second look loads again")
	}
	if len(src.periods()) != 0 {
		t.Errorf("loads ran before their commands: %v", src.periods())
	}
}
