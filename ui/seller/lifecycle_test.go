package seller

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"go.uber.org/goleak"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
)

// fakeSeller is a seller handle over a few fixed values: no store.
type fakeSeller struct {
	mu    sync.Mutex
	saved map[string]bool
}

func (f *fakeSeller) ID() string     { return "s9" }
func (f *fakeSeller) Now() time.Time { return t0 }
func (f *fakeSeller) Seller() (model.Seller, error) {
	return model.Seller{ID: "s9", Name: "Fake Shop"}, nil
}
func (f *fakeSeller) Quota() (model.QuotaStatus, error) {
	limit, left := 50, 48
	return model.QuotaStatus{Tier: "Starter", Limit: &limit, Remaining: &left, Used: 2, NextReset: t0.Add(72 * time.Hour)}, nil
}
func (f *fakeSeller) Relation(string) (model.Relation, error) { return model.Relation{}, nil }
func (f *fakeSeller) Relations() (map[string]model.Relation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]model.Relation{}
	for id := range f.saved {
		out[id] = model.Relation{Saved: true}
	}
	return out, nil
}
func (f *fakeSeller) Messages(string, int) ([]model.ChatMessage, error) { return nil, nil }
func (f *fakeSeller) Invites(int) ([]model.Invitation, error)           { return nil, nil }
func (f *fakeSeller) Preview(cs []string, _ model.ActionKind) ([]model.Decision, int, error) {
	return make([]model.Decision, len(cs)), len(cs), nil
}
func (f *fakeSeller) Message(string, string, string) (store.Outcome, error) {
	return store.Outcome{}, nil
}
func (f *fakeSeller) SendBatch(model.ActionKind, []backend.Outreach) ([]store.Outcome, error) {
	return nil, nil
}
func (f *fakeSeller) Block(string) error   { return nil }
func (f *fakeSeller) Unblock(string) error { return nil }
func (f *fakeSeller) Save(id string, on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saved[id] = on
	return nil
}
func (f *fakeSeller) MarkRead(string) error     { return nil }
func (f *fakeSeller) CancelInvite(uint64) error { return nil }

type fakeDirectory struct{}

func (fakeDirectory) Creator(id string) (model.Creator, error) { return model.Creator{ID: id}, nil }
func (fakeDirectory) Count() int                               { return 2 }

// fakeCatalog hands out its snapshot once release is closed; Wait gives up
// when the session's context ends. It counts live Changes subscriptions,
// and reports the progress it is given.
type fakeCatalog struct {
	snap    *backend.Snapshot
	release chan struct{}

	mu          sync.Mutex
	subs        int
	done, total int
}

func (c *fakeCatalog) Current() *backend.Snapshot { return nil }
func (c *fakeCatalog) Progress() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done, c.total
}
func (c *fakeCatalog) setProgress(done, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done, c.total = done, total
}
func (c *fakeCatalog) Changes() (<-chan struct{}, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subs++
	ch := make(chan struct{})
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.subs--
			close(ch)
		})
	}
}
func (c *fakeCatalog) subscribers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subs
}
func (c *fakeCatalog) Wait(ctx context.Context) (*backend.Snapshot, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.release:
		return c.snap, nil
	}
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
	ch := make(chan store.Change)
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			f.mu.Lock()
			f.live--
			f.mu.Unlock()
		})
	}
}

func (f *fakeFeed) subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.live
}

func fakeDeps() (Deps, *fakeCatalog, *fakeFeed) {
	cat := &fakeCatalog{release: make(chan struct{}), snap: &backend.Snapshot{Index: catalog.New([]catalog.Row{
		{ID: "x1", Handle: "fake.one", Name: "Fake One", Followers: 1200},
		{ID: "x2", Handle: "fake.two", Name: "Fake Two", Followers: 3400},
	})}}
	feed := &fakeFeed{}
	return Deps{Seller: &fakeSeller{saved: map[string]bool{}}, Directory: fakeDirectory{}, Catalog: cat,
		Policy: model.DefaultPolicy(), Feed: feed}, cat, feed
}

// probe wraps a root so a test can read its frame on the program's own
// goroutine (View is not safe to call from another).
type probe struct{ r *shell.Root }

// viewProbe asks for the current frame.
type viewProbe struct{ out chan string }

func (m probe) Init() tea.Cmd { return m.r.Init() }
func (m probe) View() string  { return m.r.View() }
func (m probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(viewProbe); ok {
		p.out <- m.r.View()
		return m, nil
	}
	_, cmd := m.r.Update(msg)
	return m, cmd
}

// runRoot runs root like a door does, without a terminal, until ctx ends
// or the user quits; done closes when the program has ended.
func runRoot(ctx context.Context, root *shell.Root) (*tea.Program, chan struct{}) {
	p := tea.NewProgram(probe{root}, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithContext(ctx), tea.WithoutSignals())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = p.Run()
	}()
	p.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	return p, done
}

// waitView waits until the frame shows want.
func waitView(t *testing.T, p *tea.Program, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		got := make(chan string, 1)
		p.Send(viewProbe{got})
		select {
		case v := <-got:
			if strings.Contains(v, want) {
				return
			}
		case <-time.After(time.Second):
		}
		time.Sleep(5 * time.Millisecond)
	}
	got := make(chan string, 1)
	p.Send(viewProbe{got})
	t.Fatalf("the screen never showed %q:\n%s", want, <-got)
}

// waitUnsubscribed waits for the feed subscription to end (it ends on its
// own goroutine once the session's context does).
func waitUnsubscribed(t *testing.T, feed *fakeFeed) {
	t.Helper()
	for range 200 {
		if feed.subscribers() == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%d feed subscriptions left after the session ended", feed.subscribers())
}

// TestSessionEndsWhileCatalogLoads: a session that ends (idle limit,
// dropped connection: its context is cancelled and nobody presses q) while
// the loading screen waits for the shared catalog stops waiting, drops its
// feed subscription and leaves no goroutine.
func TestSessionEndsWhileCatalogLoads(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	deps, _, feed := fakeDeps()
	ctx, cancel := context.WithCancel(context.Background())
	root, err := NewWith(ctx, deps, shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	if feed.subscribers() != 1 {
		t.Fatalf("%d subscriptions, want 1", feed.subscribers())
	}
	p, done := runRoot(ctx, root)
	waitView(t, p, "loading 2 creators…")
	cancel()
	<-done
	waitUnsubscribed(t, feed)
}

// TestSessionWithFakes: the console over fake handles (no store): the
// shared catalog arrives, the finder lists it, a save goes through the
// handle; then the session ends without q and cleans up.
func TestSessionWithFakes(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	deps, cat, feed := fakeDeps()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root, err := NewWith(ctx, deps, shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	p, done := runRoot(ctx, root)
	waitView(t, p, "loading")
	close(cat.release)
	waitView(t, p, "@fake.one")
	waitView(t, p, "counted 2/50")
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}})
	waitView(t, p, "Saved @fake.two.")
	if !deps.Seller.(*fakeSeller).saved["x2"] {
		t.Fatal("the save did not reach the handle")
	}
	cancel()
	<-done
	waitUnsubscribed(t, feed)
}

// TestStoreSessionEndsWithoutQuit: the console on a real store ends with
// its context (as over SSH when the idle limit hits) and leaves no
// goroutine: no feed wait, no catalog wait, no search.
func TestStoreSessionEndsWithoutQuit(t *testing.T) {
	st := fixtureStore(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	b := backend.New(st, backend.Options{Now: fixedNow})
	defer b.Close()
	ctx, cancel := context.WithCancel(context.Background())
	root, err := New(ctx, b, b.As(backend.Identity{Role: backend.RoleSeller, Account: "s1"}), shell.Options{Renderer: asciiRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	p, done := runRoot(ctx, root)
	waitView(t, p, "@gia.makeup")
	p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/ava")})
	waitView(t, p, "1 of 12")
	cancel()
	<-done
}

func waitABit() { time.Sleep(5 * time.Millisecond) }

// Recommend ranks the fake snapshot with model.Recommend, as the shared
// catalog does for the real store.
func (c *fakeCatalog) Recommend(ctx context.Context, seller model.Seller, followerCap int64, exclude func(string) bool, n int) ([]model.Recommendation, error) {
	var cands []model.RecCandidate
	ix := c.snap.Index
	for i := range ix.Len() {
		r := ix.Row(i)
		if exclude(r.ID) || (followerCap != model.Unlimited && r.Followers > followerCap) {
			continue
		}
		cands = append(cands, model.RecCandidate{ID: r.ID, Handle: r.Handle, Level: r.Level, Falling: r.Falling,
			Followers: r.Followers, Categories: r.Categories, ActiveDays30: r.ActiveDays30, GMV30: r.GMV30})
	}
	return model.Recommend(seller, followerCap, cands, n), nil
}
