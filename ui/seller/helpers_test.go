package console

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/model"
	"outreach/store"
)

// t0 is the fixed clock of every test: a Wednesday; the week started on
// Sunday 2026-11-15 00:00 UTC and resets on Sunday 2026-11-22.
var t0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0 }

// asciiRenderer renders without colours or escape codes, for stable output.
func asciiRenderer() *lipgloss.Renderer {
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

// fixtureStore is a small deterministic store: two sellers, twelve
// creators, a conversation with an unread reply, an unanswered one, blocks
// both ways, saved creators and one invitation.
func fixtureStore(tb testing.TB) *store.Store {
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
	_, err = st.PutSeller(model.Seller{ID: "s1", Name: "Acme Beauty", Categories: []string{"beauty", "home"}}, t0.AddDate(0, -2, 0))
	must(err)
	_, err = st.PutSeller(model.Seller{ID: "s2", Name: "Other Shop"}, t0.AddDate(0, -2, 0))
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
	_, err = st.ImportCreators(cs, t0.AddDate(0, -1, 0))
	must(err)
	// Ben wrote first: connected, one unread.
	_, err = st.Reply("c02", "s1", "Hi! I love your candles, can we work together?", t0.Add(-3*time.Hour))
	must(err)
	// Two unanswered messages to Eve: 3/5 left.
	for i, text := range []string{"Hello Eve, we'd love to send you our new serum.", "Just checking in!"} {
		out, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c05", Text: text, Now: t0.Add(time.Duration(i-2) * time.Hour)})
		must(err)
		if !out.Allowed {
			tb.Fatalf("fixture message refused: %s", out.Decision.Message)
		}
	}
	// A plain invitation to Finn.
	_, err = st.Outreach(store.Request{Kind: model.Invite, Seller: "s1", Creator: "c06", Text: "Join our kitchen line!", Now: t0.Add(-30 * time.Minute)})
	must(err)
	must(st.SetBlocked("s1", "c04", store.BySeller, true))
	must(st.SetBlocked("s1", "c08", store.ByCreator, true))
	must(st.SetSaved("s1", "c10", true))
	must(st.SetSaved("s1", "c01", true))
	return st
}

// newTestModel is the root model on st with the fixed clock and ASCII output.
func newTestModel(tb testing.TB, st *store.Store, w, h int) *Model {
	tb.Helper()
	m, err := New(Options{Store: st, Seller: "s1", Renderer: asciiRenderer(), Now: fixedNow})
	if err != nil {
		tb.Fatal(err)
	}
	mm := m.(*Model)
	mm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return mm
}

// syncDriver runs a model's commands synchronously (for golden files and
// benchmarks): batches and sequences are unpacked, the change feed is left
// out so nothing blocks.
type syncDriver struct {
	tb testing.TB
	m  *Model
}

func newSyncModel(tb testing.TB, st *store.Store, w, h int) *syncDriver {
	m := newTestModel(tb, st, w, h)
	m.unsub()
	m.feed = nil
	d := &syncDriver{tb: tb, m: m}
	d.run(m.Init())
	return d
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func (d *syncDriver) run(cmd tea.Cmd) {
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
			d.run(c)
		}
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		return
	}
	_, next := d.m.Update(msg)
	d.run(next)
}

// key sends one key press: "enter", "esc", "space", "tab", "up", "down",
// "ctrl+s", or runes typed one by one.
func (d *syncDriver) key(keys ...string) {
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			_, cmd := d.m.Update(msg)
			d.run(cmd)
		}
	}
}

func keyMsgs(k string) []tea.KeyMsg {
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
