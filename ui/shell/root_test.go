package shell

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"go.uber.org/goleak"

	"outreach/store"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakePane records what reaches it.
type fakePane struct {
	name    string
	capture bool
	bound   key.Binding
	got     []string
	done    bool
}

func (p *fakePane) Init() tea.Cmd             { return nil }
func (p *fakePane) SetSize(int, int)          {}
func (p *fakePane) Capturing() bool           { return p.capture }
func (p *fakePane) ShortHelp() []key.Binding  { return []key.Binding{p.bound} }
func (p *fakePane) FullHelp() [][]key.Binding { return [][]key.Binding{{p.bound}} }
func (p *fakePane) View() string              { return p.name + " view" }
func (p *fakePane) Closed() bool              { return p.done }
func (p *fakePane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		p.got = append(p.got, "key "+msg.String())
	case string:
		p.got = append(p.got, msg)
		if msg == "finish" {
			p.done = true
		}
	}
	return nil
}

// fakeApp records what reaches the app; k is its role-wide key.
type fakeApp struct {
	got     []string
	k       key.Binding
	loading bool
}

func (a *fakeApp) Init() tea.Cmd { return nil }
func (a *fakeApp) Update(msg tea.Msg) tea.Cmd {
	if s, ok := msg.(string); ok {
		a.got = append(a.got, s)
	}
	return nil
}
func (a *fakeApp) Changes(cs []store.Change) tea.Cmd {
	a.got = append(a.got, "changes")
	return nil
}
func (a *fakeApp) Header() string  { return "header" }
func (a *fakeApp) Summary() string { return "summary" }
func (a *fakeApp) Key(msg tea.KeyMsg, active int) (tea.Cmd, bool) {
	if key.Matches(msg, a.k) {
		a.got = append(a.got, "role key")
		return nil, true
	}
	return nil, false
}
func (a *fakeApp) Gate() []string {
	if a.loading {
		return []string{"loading"}
	}
	return nil
}

// fakeFeed counts live subscriptions.
type fakeFeed struct {
	mu   sync.Mutex
	live int
}

func (f *fakeFeed) Subscribe() (<-chan store.Change, func()) {
	f.mu.Lock()
	f.live++
	f.mu.Unlock()
	var once sync.Once
	return make(chan store.Change), func() {
		once.Do(func() { f.mu.Lock(); f.live--; f.mu.Unlock() })
	}
}

func (f *fakeFeed) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.live
}

func newTestRoot(t *testing.T, feed Feed) (*Root, *fakeApp, *fakePane, *fakePane) {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	s, err := NewSession(context.Background(), Options{Renderer: r})
	if err != nil {
		t.Fatal(err)
	}
	a := &fakeApp{k: key.NewBinding(key.WithKeys("g"))}
	p1 := &fakePane{name: "one", bound: key.NewBinding(key.WithKeys("x"))}
	p2 := &fakePane{name: "two", bound: key.NewBinding(key.WithKeys("x"))}
	root := NewRoot(s, a, Frame{Name: "me", Tabs: []string{"One", "Two"}, Panes: []Pane{p1, p2}}, feed)
	t.Cleanup(root.Close)
	root.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return root, a, p1, p2
}

func keyMsg(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestAddressedResults: a result reaches the receiver that asked for it and
// no one else; a result for a modal that closed meanwhile is dropped.
func TestAddressedResults(t *testing.T) {
	root, a, p1, p2 := newTestRoot(t, nil)
	modal := &fakePane{name: "modal"}
	root.Update(openMsg{modal})
	for _, tc := range []struct {
		to   any
		msg  string
		want *[]string
	}{
		{p2, "for two", &p2.got},
		{a, "for the app", &a.got},
		{modal, "finish", &modal.got},
		{modal, "late", nil}, // the modal closed on "finish"
	} {
		root.Update(Addressed{To: tc.to, Msg: tc.msg})
		if tc.want != nil && (len(*tc.want) == 0 || (*tc.want)[len(*tc.want)-1] != tc.msg) {
			t.Errorf("%q did not reach its receiver: %v", tc.msg, *tc.want)
		}
	}
	if len(p1.got) != 0 || len(p2.got) != 1 || len(a.got) != 1 || len(modal.got) != 1 || root.Overlay() != nil {
		t.Fatalf("broadcast or late delivery: p1 %v p2 %v app %v modal %v overlay %v", p1.got, p2.got, a.got, modal.got, root.Overlay())
	}
}

// TestKeyRouting: keys go to the focused input first, then the focused
// pane's bindings, then the role's keys, then the global bindings.
func TestKeyRouting(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capture  bool
		loading  bool
		key      string
		pane     string // what the active pane got, "" nothing
		app      string // what the app got
		quits    bool
		switches bool
	}{
		{name: "input takes q", capture: true, key: "q", pane: "key q"},
		{name: "pane binding", key: "x", pane: "key x"},
		{name: "role key", key: "g", app: "role key"},
		{name: "global quit", key: "q", quits: true},
		{name: "global tab number", key: "2", switches: true},
		{name: "loading blocks the pane", loading: true, key: "x"},
		{name: "loading still quits", loading: true, key: "q", quits: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, a, p1, _ := newTestRoot(t, nil)
			p1.capture, a.loading = tc.capture, tc.loading
			_, cmd := root.Update(keyMsg(tc.key))
			quit := false
			if cmd != nil {
				_, quit = cmd().(tea.QuitMsg)
			}
			if quit != tc.quits {
				t.Errorf("quit %v, want %v", quit, tc.quits)
			}
			if got := strings.Join(p1.got, ","); got != tc.pane {
				t.Errorf("pane got %q, want %q", got, tc.pane)
			}
			if got := strings.Join(a.got, ","); got != tc.app {
				t.Errorf("app got %q, want %q", got, tc.app)
			}
			if (root.Active() == 1) != tc.switches {
				t.Errorf("active %d", root.Active())
			}
		})
	}
}

// TestCloseEndsSession: Close (or quitting) cancels the session's context
// and ends the feed subscription.
func TestCloseEndsSession(t *testing.T) {
	feed := &fakeFeed{}
	root, _, _, _ := newTestRoot(t, feed)
	if feed.subscribers() != 1 {
		t.Fatalf("%d subscriptions", feed.subscribers())
	}
	root.Update(keyMsg("q"))
	if root.Session().Ctx.Err() == nil {
		t.Fatal("quitting left the session's context alive")
	}
	// A feed wait returns at once once the session ended, though the fake
	// feed never closes its channel.
	if msg := waitChanges(root.s.Ctx, root.feed)(); msg != nil {
		t.Fatalf("the feed wait answered %v after the session ended", msg)
	}
	for range 100 {
		if feed.subscribers() == 0 {
			return
		}
		waitABit()
	}
	t.Fatalf("%d subscriptions after quitting", feed.subscribers())
}

// TestNestAndLeave: a nested app takes the keys until its leave key.
func TestNestAndLeave(t *testing.T) {
	root, _, p1, _ := newTestRoot(t, nil)
	inApp := &fakeApp{}
	inPane := &fakePane{name: "inner", bound: key.NewBinding(key.WithKeys("x"))}
	leave := key.NewBinding(key.WithKeys("A"))
	root.Update(nestMsg{inApp, Frame{Title: "Inner", Tabs: []string{"In"}, Panes: []Pane{inPane}}, leave})
	root.Update(keyMsg("x"))
	root.Update(Addressed{To: inApp, Msg: "for inner"})
	if len(inPane.got) != 1 || len(p1.got) != 0 || len(inApp.got) != 1 || !strings.Contains(root.View(), "inner view") {
		t.Fatalf("inner %v outer %v app %v", inPane.got, p1.got, inApp.got)
	}
	root.Update(keyMsg("A"))
	if root.Inner() != nil || !strings.Contains(root.View(), "one view") {
		t.Fatalf("leave did not close the nested app:\n%s", root.View())
	}
}
