package seller

import (
	"context"
	"testing"

	"go.uber.org/goleak"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/ui/shell"
)

// TestCreatorAddedWhileOpenShowsInFinder: with a real store and the shared
// catalog, a creator put into the store while a console shows a search
// that matches nobody appears in that search's results, without a key
// press; then the session ends without q and leaves nothing behind.
func TestCreatorAddedWhileOpenShowsInFinder(t *testing.T) {
	st := fixtureStore(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := backend.New(st, backend.Options{Now: fixedNow})
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root, err := New(ctx, b, b.As(backend.Identity{Role: backend.RoleSeller, Account: "s1"}), shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	p, done := runRoot(ctx, root)
	waitView(t, p, "@gia.makeup")
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/zed")})
	waitView(t, p, "0 of 12")
	if _, err := st.PutCreator(model.Creator{ID: "c13", Handle: "zed.fresh", Name: "Zed Fresh", Followers: 1200, Level: 2,
		Categories: []string{"beauty"}}, t0); err != nil {
		t.Fatal(err)
	}
	waitView(t, p, "@zed.fresh")
	waitView(t, p, "1 of 13")
	cancel()
	<-done
}

// TestLoadingShowsProgress: the loading screen shows how far the shared
// load has come, with a bar, and follows it.
func TestLoadingShowsProgress(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	deps, cat, _ := fakeDeps()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root, err := NewWith(ctx, deps, shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	p, done := runRoot(ctx, root)
	cat.setProgress(500_000, 1_000_000)
	waitView(t, p, "500,000 of 1,000,000 read")
	waitView(t, p, " 50%")
	cat.setProgress(1_000_000, 1_000_000)
	waitView(t, p, "building the search index…")
	cancel()
	<-done
	if n := cat.subscribers(); n != 0 {
		t.Fatalf("%d catalog subscriptions left after the session ended", n)
	}
}

// TestCatalogSubscriptionEndsWithSession: the console follows the shared
// catalog from the start, and stops when the session's context ends.
func TestCatalogSubscriptionEndsWithSession(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	deps, cat, _ := fakeDeps()
	ctx, cancel := context.WithCancel(context.Background())
	root, err := NewWith(ctx, deps, shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	if n := cat.subscribers(); n != 1 {
		t.Fatalf("%d catalog subscriptions, want 1", n)
	}
	p, done := runRoot(ctx, root)
	close(cat.release)
	waitView(t, p, "@fake.one")
	cancel()
	<-done
	for range 200 {
		if cat.subscribers() == 0 {
			return
		}
		waitABit()
	}
	t.Fatalf("%d catalog subscriptions left", cat.subscribers())
}
