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

// quietCatalog is the shared catalog without its change subscription, for
// drivers that run commands synchronously (waiting for a change would
// block them): the catalog is already loaded when they start.
type quietCatalog struct{ Catalog }

func (quietCatalog) Changes() (<-chan struct{}, func()) {
	ch := make(chan struct{})
	close(ch)
	return ch, func() {}
}

// newSyncTestModel is newTestModel without the catalog's change
// subscription, its catalog loaded first.
func newSyncTestModel(tb testing.TB, st *store.Store, w, h int) *shell.Root {
	tb.Helper()
	b := uitest.Backend(tb, st)
	p := b.As(backend.Identity{Role: backend.RoleSeller, Account: "s1"})
	h1, err := p.Seller("s1")
	if err != nil {
		tb.Fatal(err)
	}
	dir, err := p.Directory()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := dir.Catalog().Wait(context.Background()); err != nil {
		tb.Fatal(err)
	}
	m, err := NewWith(context.Background(), Deps{Seller: h1, Directory: dir, Catalog: quietCatalog{dir.Catalog()}, Policy: b.Policy(),
		Program: programSource{h1}},
		shell.Options{Renderer: asciiRenderer()})
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

func (d *syncDriver) app() *app { return appOf(d.M) }

// key presses keys; beside uitest's names it knows the few this console
// binds that uitest types as runes.
func (d *syncDriver) key(keys ...string) {
	for _, k := range keys {
		if msg, ok := extraKeys[k]; ok {
			_, cmd := d.M.Update(msg)
			d.Run(cmd)
			continue
		}
		d.Key(k)
	}
}

var extraKeys = map[string]tea.KeyMsg{
	"left":      {Type: tea.KeyLeft},
	"right":     {Type: tea.KeyRight},
	"ctrl+r":    {Type: tea.KeyCtrlR},
	"ctrl+e":    {Type: tea.KeyCtrlE},
	"backspace": {Type: tea.KeyBackspace},
}

func (d *syncDriver) run(cmd tea.Cmd) { d.Run(cmd) }

func newSyncModel(tb testing.TB, st *store.Store, w, h int) *syncDriver {
	return &syncDriver{uitest.NewDriver(tb, newSyncTestModel(tb, st, w, h), w, h)}
}
