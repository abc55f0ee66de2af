// Package uitest holds what the screen tests share: the fixture store
// with its fixed clock, the ASCII renderer, a driver that runs a root's
// commands synchronously, key presses, teatest waits and the frame check.
package uitest

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	"go.uber.org/goleak"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
)

// T0 is the fixed clock of every test: a Wednesday; the week started on
// Sunday 2026-11-15 00:00 UTC and resets on Sunday 2026-11-22.
var T0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

// FixedNow is the clock of every test: always T0.
func FixedNow() time.Time { return T0 }

// ASCIIRenderer renders without colours or escape codes, for stable output.
func ASCIIRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func hist(ls ...model.Level) []model.LevelChange {
	out := make([]model.LevelChange, len(ls))
	for i, l := range ls {
		out[i] = model.LevelChange{Month: fmt.Sprintf("2026-%02d", 11-len(ls)+i), Level: l}
	}
	return out
}

// FixtureStore is a small deterministic store: two sellers, twelve
// creators, a conversation with an unread reply, an unanswered one, blocks
// both ways, saved creators and one invitation.
func FixtureStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "console.db"), store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	_, err = st.PutSeller(model.Seller{ID: "s1", Name: "Acme Beauty", Categories: []string{"beauty", "home"}}, T0.AddDate(0, -2, 0))
	must(err)
	_, err = st.PutSeller(model.Seller{ID: "s2", Name: "Other Shop"}, T0.AddDate(0, -2, 0))
	must(err)
	ls := model.LinkShare
	_ = ls
	cs := []model.Creator{
		{ID: "c01", Handle: "ava.beauty", Name: "Ava Stone", Followers: 12_000, Level: 5, Categories: []string{"beauty"}, Country: "US", GMV30: 1_200_00, ActiveDays30: 20, AvgViews: 3400,
			Bio: "Skincare every morning.\nDM for collabs \x1b]0;pwned\x07 thanks", History: hist(4, 5, 5),
			Perf: []model.MonthPerf{{Month: "2026-10", GMV: 12_000_00, ActiveDays: 16, Products: 9}}},
		{ID: "c02", Handle: "ben.home", Name: "Ben Ortiz", Followers: 8_000, Level: 3, Categories: []string{"home"}, GMV30: 300_00, ActiveDays30: 9},
		{ID: "c03", Handle: "cara.glow", Name: "Cara Lee", Followers: 50_000, Level: 7, Categories: []string{"beauty"}, GMV30: 90_000_00, ActiveDays30: 25},
		{ID: "c04", Handle: "dan.games", Name: "Dan Park", Followers: 3_000, Level: 2, Categories: []string{"games"}, ActiveDays30: 4},
		{ID: "c05", Handle: "eve.style", Name: "Eve Marsh", Followers: 15_500, Level: 4, Categories: []string{"fashion", "beauty"}, GMV30: 2_500_00, ActiveDays30: 18},
		{ID: "c06", Handle: "finn.cook", Name: "Finn Kahale", Followers: 900, Level: 1, Type: model.LinkShare, Categories: []string{"home", "kitchen"}, ActiveDays30: 2},
		{ID: "c07", Handle: "gia.makeup", Name: "Gia Romano", Followers: 900_000, Level: 8, Categories: []string{"beauty"}, GMV30: 1_500_000_00, ActiveDays30: 29},
		{ID: "c08", Handle: "hal.fit", Name: "Hal Brooks", Followers: 400, Level: 0, Categories: []string{"fitness"}},
		{ID: "c09", Handle: "ivy.skin", Name: "Ivy Chen", Followers: 15_000, Level: 6, Categories: []string{"beauty"}, GMV30: 40_000_00, ActiveDays30: 21, History: hist(8, 6)},
		{ID: "c10", Handle: "jon.decor", Name: "Jon Silva", Followers: 6_100, Level: 3, Categories: []string{"home"}, GMV30: 700_00, ActiveDays30: 11},
		{ID: "c11", Handle: "kim.nails", Name: "Kim Ngo", Followers: 19_000, Level: 4, Categories: []string{"beauty"}, GMV30: 3_000_00, ActiveDays30: 16},
		{ID: "c12", Handle: "leo.tech", Name: "Leo Grant", Followers: 70_000, Level: 5, Type: model.LinkShare, Categories: []string{"tech"}, GMV30: 9_000_00, ActiveDays30: 13},
	}
	_, err = st.ImportCreators(cs, T0.AddDate(0, -1, 0))
	must(err)
	// Ben wrote first: connected, one unread.
	_, err = st.Reply("c02", "s1", "Hi! I love your candles, can we work together?", T0.Add(-3*time.Hour))
	must(err)
	// Two unanswered messages to Eve: 3/5 left.
	for i, text := range []string{"Hello Eve, we'd love to send you our new serum.", "Just checking in!"} {
		out, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c05", Text: text, Now: T0.Add(time.Duration(i-2) * time.Hour)})
		must(err)
		if !out.Allowed {
			tb.Fatalf("fixture message refused: %s", out.Decision.Message)
		}
	}
	// A plain invitation to Finn.
	_, err = st.Outreach(store.Request{Kind: model.Invite, Seller: "s1", Creator: "c06", Text: "Join our kitchen line!", Now: T0.Add(-30 * time.Minute)})
	must(err)
	must(st.SetBlocked("s1", "c04", store.BySeller, true))
	must(st.SetBlocked("s1", "c08", store.ByCreator, true))
	must(st.SetSaved("s1", "c10", true))
	must(st.SetSaved("s1", "c01", true))
	return st
}

// Backend is a backend over st on the fixed clock, closed with the test.
func Backend(tb testing.TB, st *store.Store) *backend.Backend {
	b := backend.New(st, backend.Options{Now: FixedNow})
	tb.Cleanup(b.Close)
	return b
}

// Driver runs a root's commands synchronously (for golden files and
// benchmarks): batches and sequences are unpacked, the change feed is left
// out so nothing blocks.
type Driver struct {
	TB testing.TB
	M  *shell.Root
}

// NewDriver sizes m, detaches it from the feed and runs its Init.
func NewDriver(tb testing.TB, m *shell.Root, w, h int) *Driver {
	tb.Helper()
	tb.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.StopFeed()
	d := &Driver{TB: tb, M: m}
	d.Run(m.Init())
	return d
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// Run runs cmd and everything it leads to.
func (d *Driver) Run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if msg == nil {
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			d.Run(c)
		}
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		return
	}
	_, next := d.M.Update(msg)
	d.Run(next)
}

// Key sends key presses: "enter", "esc", "space", "tab", "up", "down",
// "ctrl+s", or runes typed one by one.
func (d *Driver) Key(keys ...string) {
	for _, k := range keys {
		for _, msg := range KeyMsgs(k) {
			_, cmd := d.M.Update(msg)
			d.Run(cmd)
		}
	}
}

// KeyMsgs are the messages of one key press, or of runes typed one by one.
func KeyMsgs(k string) []tea.KeyMsg {
	switch k {
	case "enter":
		return []tea.KeyMsg{{Type: tea.KeyEnter}}
	case "esc":
		return []tea.KeyMsg{{Type: tea.KeyEsc}}
	case "space":
		return []tea.KeyMsg{{Type: tea.KeySpace, Runes: []rune{' '}}}
	case "tab":
		return []tea.KeyMsg{{Type: tea.KeyTab}}
	case "shift+tab":
		return []tea.KeyMsg{{Type: tea.KeyShiftTab}}
	case "up":
		return []tea.KeyMsg{{Type: tea.KeyUp}}
	case "down":
		return []tea.KeyMsg{{Type: tea.KeyDown}}
	case "ctrl+s":
		return []tea.KeyMsg{{Type: tea.KeyCtrlS}}
	case "ctrl+c":
		return []tea.KeyMsg{{Type: tea.KeyCtrlC}}
	}
	var out []tea.KeyMsg
	for _, r := range k {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// App starts m in a teatest program at 100x30; the session ends with the test.
func App(t *testing.T, m *shell.Root) *teatest.TestModel {
	t.Helper()
	t.Cleanup(m.Close)
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
}

// WaitFor waits until the screen output contains every one of want.
func WaitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// Press sends key presses to a teatest program.
func Press(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		for _, msg := range KeyMsgs(k) {
			tm.Send(msg)
		}
	}
}

// CheckFrame asserts the frame is exactly h lines no wider than w.
func CheckFrame(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if w >= shell.MinWidth && h >= shell.MinHeight && len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := shell.WidthANSI(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, l)
		}
	}
}

// LeakOptions are goleak's options for the screen tests: teatest's own
// interrupt watcher lives until the process ends, by its design.
func LeakOptions() []goleak.Option {
	return []goleak.Option{goleak.IgnoreTopFunction("github.com/charmbracelet/x/exp/teatest.NewTestModel.func2")}
}

// VerifyTestMain runs a package's tests and fails it when one leaves a
// goroutine behind.
func VerifyTestMain(m *testing.M) { goleak.VerifyTestMain(m, LeakOptions()...) }
