package backend

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"outreach/catalog"
	"outreach/model"
	"outreach/store"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var testNow = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

// creators are n valid creators c00000.. with handles user0...
func creators(n int) []model.Creator {
	cs := make([]model.Creator, n)
	for i := range cs {
		cs[i] = model.Creator{ID: fmt.Sprintf("c%06d", i), Handle: fmt.Sprintf("user%d", i),
			Name: "Test Creator", Followers: int64(i), Categories: []string{"home"}}
	}
	return cs
}

// openStore is a throwaway store with n creators; it closes after the test.
func openStore(t testing.TB, n int) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "outreach.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for cs := creators(n); len(cs) > 0; {
		k := min(len(cs), 50_000)
		if _, err := st.ImportCreators(cs[:k], testNow); err != nil {
			t.Fatal(err)
		}
		cs = cs[k:]
	}
	return st
}

// newTestCatalog is a catalog over st, closed after the test (before st).
func newTestCatalog(t *testing.T, st *store.Store) *Catalog {
	c := newCatalog(st)
	t.Cleanup(c.close)
	return c
}

// find is the IDs a text search of the snapshot returns.
func find(t *testing.T, s *Snapshot, text string) []string {
	t.Helper()
	res, err := s.Index.Search(context.Background(), catalog.Query{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(res.Hits))
	for j, i := range res.Hits {
		ids[j] = s.Index.Row(int(i)).ID
	}
	return ids
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCatalogConcurrentWaitsShareOneLoad(t *testing.T) {
	st := openStore(t, 3000)
	c := newTestCatalog(t, st)
	if c.Current() != nil {
		t.Fatal("a snapshot before any Wait")
	}
	const sessions = 10
	snaps := make([]*Snapshot, sessions)
	var wg sync.WaitGroup
	for k := range sessions {
		wg.Go(func() {
			s, err := c.Wait(context.Background())
			if err != nil {
				t.Error(err)
			}
			snaps[k] = s
		})
	}
	wg.Wait()
	for k, s := range snaps {
		if s == nil || s != snaps[0] {
			t.Fatalf("session %d got snapshot %p, session 0 %p: not one shared catalog", k, s, snaps[0])
		}
	}
	if s := snaps[0]; s.Version != 1 || s.Index.Live() != 3000 || s.Row("c000042") == nil {
		t.Fatalf("snapshot version %d with %d rows", s.Version, s.Index.Live())
	}
	if done, total := c.Progress(); done != 3000 || total != 3000 {
		t.Errorf("Progress() = %d, %d after the load; want 3000, 3000", done, total)
	}
}

func TestCatalogLoneWaiterCancelsLoad(t *testing.T) {
	st := openStore(t, 20_000)
	c := newTestCatalog(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before := goleak.IgnoreCurrent()
	if _, err := c.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait(cancelled) = %v, want context.Canceled", err)
	}
	// The load's goroutine ends (goleak polls) without a snapshot.
	if err := goleak.Find(before); err != nil {
		t.Fatalf("the load did not stop: %v", err)
	}
	if c.Current() != nil {
		t.Fatal("an abandoned load published a snapshot")
	}
	// The next Wait starts again.
	s, err := c.Wait(context.Background())
	if err != nil || s.Index.Live() != 20_000 {
		t.Fatalf("Wait after an abandoned load: %v", err)
	}
}

func TestCatalogOneOfTwoWaitersLeaves(t *testing.T) {
	st := openStore(t, 20_000)
	c := newTestCatalog(t, st)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() {
		_, err := c.Wait(context.Background())
		got <- err
	}()
	// Let the patient waiter join (or even finish) the load, then leave.
	eventually(t, "the first waiter joins", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.load != nil && c.load.waiters == 1 || c.Current() != nil
	})
	cancel()
	if _, err := c.Wait(ctx); !errors.Is(err, context.Canceled) && err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("the waiter that stayed: %v", err)
	}
}

func TestCatalogFollowsStore(t *testing.T) {
	st := openStore(t, 500)
	c := newTestCatalog(t, st)
	s0, err := c.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	changes, unsubscribe := c.Changes()
	defer unsubscribe()

	// A new creator shows in search.
	if _, err := st.PutCreator(model.Creator{ID: "znew", Handle: "zelda.newcomer", Name: "Zelda Newcomer"}, testNow); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a new creator in search", func() bool {
		ids := find(t, c.Current(), "zelda.newcomer")
		return len(ids) > 0 && ids[0] == "znew"
	})
	select {
	case <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("no Changes signal for the new snapshot")
	}
	if c.Current().Version <= s0.Version || s0.Row("znew") != nil {
		t.Fatal("versions did not move on, or the old snapshot changed")
	}

	// A changed creator: the old handle goes, the new one comes.
	cr, err := st.Creator("c000007")
	if err != nil {
		t.Fatal(err)
	}
	cr.Handle = "quentin.renamed"
	if _, err := st.PutCreator(cr, testNow); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a renamed creator in search", func() bool {
		ids := find(t, c.Current(), "quentin.renamed")
		return len(ids) == 1 && ids[0] == "c000007"
	})
	s := c.Current()
	if ids := find(t, s, "user7 "); len(ids) != 0 && ids[0] == "c000007" {
		t.Errorf("the old handle still finds the renamed creator: %v", ids)
	}
	if s.Index.Live() != 501 {
		t.Errorf("%d live rows, want 501", s.Index.Live())
	}

	// A bulk import (one change for many creators) reloads.
	if _, err := st.ImportCreators([]model.Creator{
		{ID: "zbulk1", Handle: "bulk.one", Name: "B One"},
		{ID: "zbulk2", Handle: "bulk.two", Name: "B Two"},
	}, testNow); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a bulk import in search", func() bool {
		return len(find(t, c.Current(), "bulk.t")) == 1 && c.Current().Row("zbulk1") != nil
	})
}

func TestCatalogResyncReloads(t *testing.T) {
	st := openStore(t, 100)
	c := newCatalog(st)
	defer c.close()
	feed := make(chan store.Change, 1)
	c.subscribe = func() (<-chan store.Change, func()) { return feed, func() {} }
	if _, err := c.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The store changes but this subscriber missed it: only a Resync comes.
	if _, err := st.PutCreator(model.Creator{ID: "zmissed", Handle: "missed.change", Name: "M"}, testNow); err != nil {
		t.Fatal(err)
	}
	feed <- store.Resync
	eventually(t, "a resync reloads", func() bool { return c.Current().Row("zmissed") != nil })
	if o := c.Current().Index.Overlay(); o != 0 {
		t.Errorf("a reload left an overlay of %d rows", o)
	}
}

func TestCatalogCompacts(t *testing.T) {
	st := openStore(t, 300)
	c := newCatalog(st)
	defer c.close()
	c.compactAt = 3
	if _, err := c.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		cr := model.Creator{ID: fmt.Sprintf("zc%d", i), Handle: fmt.Sprintf("compact%d", i), Name: "C"}
		if _, err := st.PutCreator(cr, testNow); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "compaction", func() bool {
		s := c.Current()
		return s.Index.Overlay() == 0 && s.Index.Live() == 305 && len(find(t, s, "compact4")) == 1
	})
}

func TestCatalogChangesUnsubscribe(t *testing.T) {
	st := openStore(t, 100)
	c := newCatalog(st)
	ch1, cancel1 := c.Changes()
	ch2, _ := c.Changes()
	cancel1()
	cancel1() // twice is fine
	if _, ok := <-ch1; ok {
		t.Fatal("a cancelled subscription's channel is open")
	}
	c.close()
	if _, ok := <-ch2; ok {
		t.Fatal("Close left a subscription open")
	}
	if _, err := c.Wait(context.Background()); !errors.Is(err, ErrCatalogClosed) {
		t.Fatalf("Wait after close = %v", err)
	}
	ch3, cancel3 := c.Changes()
	cancel3()
	if _, ok := <-ch3; ok {
		t.Fatal("Changes after close gave an open channel")
	}
}

func TestBackendCloseStopsFeed(t *testing.T) {
	st := openStore(t, 100)
	before := goleak.IgnoreCurrent()
	b := New(st, Options{})
	if _, err := b.Catalog().Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if err := goleak.Find(before); err != nil {
		t.Fatalf("Close left goroutines: %v", err)
	}
}
