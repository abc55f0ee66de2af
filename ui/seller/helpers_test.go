package seller

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"testing"

	"outreach/backend"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

var (
	t0            = uitest.T0
	fixedNow      = uitest.FixedNow
	asciiRenderer = uitest.ASCIIRenderer
	fixtureStore  = uitest.FixtureStore
	keyMsgs       = uitest.KeyMsgs
	checkFrame    = uitest.CheckFrame
)

// newTestModel is the console on st as seller s1, with the fixed clock and
// ASCII output; the session ends with the test.
func newTestModel(tb testing.TB, st *store.Store, w, h int) *shell.Root {
	tb.Helper()
	b := uitest.Backend(tb, st)
	p := b.As(backend.Identity{Role: backend.RoleSeller, Account: "s1"})
	m, err := New(context.Background(), b, p, shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// appOf is the console's app behind a root.
func appOf(m *shell.Root) *app { return m.App().(*app) }

// syncDriver runs the console's commands synchronously.
type syncDriver struct{ *uitest.Driver }

func (d *syncDriver) app() *app          { return appOf(d.M) }
func (d *syncDriver) key(keys ...string) { d.Key(keys...) }
func (d *syncDriver) run(cmd tea.Cmd)    { d.Run(cmd) }

func newSyncModel(tb testing.TB, st *store.Store, w, h int) *syncDriver {
	return &syncDriver{uitest.NewDriver(tb, newTestModel(tb, st, w, h), w, h)}
}
