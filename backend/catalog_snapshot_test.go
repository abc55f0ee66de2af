package backend

import (
	"context"

	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"outreach/catalog"
	"outreach/model"
	"outreach/store"
)

// load is the catalog of st, loaded, then closed (so that a snapshot
// written in the background is on disk).
func load(t *testing.T, st *store.Store) (*catalog.Index, error) {
	t.Helper()
	c := newCatalog(st)
	s, err := c.Wait(context.Background())
	c.close()
	if err != nil {
		t.Fatal(err)
	}
	return s.Index, c.SnapshotError()
}

// sameCatalog fails unless got holds what want holds: every row, and the
// same answers to a few searches.
func sameCatalog(t *testing.T, got, want *catalog.Index) {
	t.Helper()
	if got.Len() != want.Len() {
		t.Fatalf("Len %d, want %d", got.Len(), want.Len())
	}
	for i := range want.Len() {
		if g, w := got.Row(i), want.Row(i); !reflect.DeepEqual(g, w) {
			t.Fatalf("Row(%d) = %+v, want %+v", i, g, w)
		}
	}
	for _, q := range []catalog.Query{{Text: "user1"}, {Text: "renamed"}, {Sort: catalog.ByFollowers, Limit: 5}, {Text: "us", Filter: catalog.Filter{Category: "home"}}} {
		g, _ := got.Search(context.Background(), q)
		w, _ := want.Search(context.Background(), q)
		if g.Total != w.Total || !reflect.DeepEqual(g.Hits, w.Hits) {
			t.Fatalf("Search(%+v) = %v, want %v", q, g.Hits, w.Hits)
		}
	}
}

func TestCatalogSnapshotUsedWhenCurrent(t *testing.T) {
	st := openStore(t, 300)
	first, err := load(t, st)
	if first.Mapped() || err != nil {
		t.Fatalf("first load: mapped %v, %v", first.Mapped(), err)
	}
	second, err := load(t, st)
	if !second.Mapped() || err != nil {
		t.Fatalf("second load: mapped %v, %v; want the snapshot", second.Mapped(), err)
	}
	sameCatalog(t, second, first)
}

// TestCatalogSnapshotRebuilt: whatever is wrong with the snapshot, the
// load builds from the store, answers as a fresh build, and leaves a
// current snapshot for the next.
func TestCatalogSnapshotRebuilt(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, st *store.Store, path string)
	}{
		{"creator written since", func(t *testing.T, st *store.Store, _ string) {
			if _, err := st.PutCreator(model.Creator{ID: "c000001", Handle: "renamed", Name: "Re Named"}, testNow); err != nil {
				t.Fatal(err)
			}
		}},
		{"creators imported since", func(t *testing.T, st *store.Store, _ string) {
			if _, err := st.ImportCreators([]model.Creator{{ID: "new", Handle: "renamed2"}}, testNow); err != nil {
				t.Fatal(err)
			}
		}},
		{"missing", func(t *testing.T, _ *store.Store, path string) { os.Remove(path) }},
		{"empty", func(t *testing.T, _ *store.Store, path string) { os.WriteFile(path, nil, 0o600) }},
		{"truncated", func(t *testing.T, _ *store.Store, path string) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)*2/3], 0o600)
		}},
		{"a byte flipped", func(t *testing.T, _ *store.Store, path string) {
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 0x04
			os.WriteFile(path, b, 0o600)
		}},
		{"another format version", func(t *testing.T, _ *store.Store, path string) {
			b, _ := os.ReadFile(path)
			b[12]++
			os.WriteFile(path, b, 0o600)
		}},
		{"not a snapshot", func(t *testing.T, _ *store.Store, path string) {
			os.WriteFile(path, []byte("#!/bin/sh\necho hello\n"), 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t, 300)
			path := st.Path() + ".catalog"
			if ix, _ := load(t, st); ix.Mapped() {
				t.Fatal("first load mapped a snapshot")
			}
			tt.spoil(t, st, path)
			got, _ := load(t, st)
			if got.Mapped() {
				t.Fatal("load mapped a stale or damaged snapshot")
			}
			want := newCatalogIndex(t, st)
			sameCatalog(t, got, want)
			again, err := load(t, st)
			if !again.Mapped() || err != nil {
				t.Fatalf("the load after a rebuild: mapped %v, %v", again.Mapped(), err)
			}
			sameCatalog(t, again, want)
		})
	}
}

// newCatalogIndex is an index built from st's creators without any snapshot.
func newCatalogIndex(t *testing.T, st *store.Store) *catalog.Index {
	var rows []catalog.Row
	cats := map[string]string{}
	if err := st.ForEachCreator(func(c *model.Creator) error { rows = append(rows, Row(c, cats)); return nil }); err != nil {
		t.Fatal(err)
	}
	return catalog.New(rows)
}

// TestCatalogSnapshotReadOnly: a read-only process uses a current snapshot
// but never writes one.
func TestCatalogSnapshotReadOnly(t *testing.T) {
	st := openStore(t, 200)
	path := st.Path()
	st.Close()
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ix, _ := load(t, ro); ix.Mapped() {
		t.Fatal("mapped a snapshot that does not exist")
	}
	ro.Close()
	if _, err := os.Stat(path + ".catalog"); !os.IsNotExist(err) {
		t.Fatalf("a read-only store left a snapshot: %v", err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Fatalf("files beside a read-only store: %v", ents)
	}

	rw, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	load(t, rw)
	rw.Close()
	ro, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ix, err := load(t, ro); !ix.Mapped() || err != nil {
		t.Fatalf("read-only load of a current snapshot: mapped %v, %v", ix.Mapped(), err)
	}
}

// TestCatalogSnapshotFollowsFeed: changes made after a mapped load reach
// the index through the overlay.
func TestCatalogSnapshotFollowsFeed(t *testing.T) {
	st := openStore(t, 300)
	load(t, st)
	c := newTestCatalog(t, st)
	c.gather = 0
	s, err := c.Wait(context.Background())
	if err != nil || !s.Index.Mapped() {
		t.Fatalf("load: %v, mapped %v", err, s != nil && s.Index.Mapped())
	}
	if _, err := st.PutCreator(model.Creator{ID: "c000007", Handle: "renamed", Name: "Re Named"}, testNow); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the rename in the mapped catalog", func() bool {
		ids := find(t, c.Current(), "renamed")
		return len(ids) == 1 && ids[0] == "c000007"
	})
	if ids := find(t, c.Current(), "user7"); slices.Contains(ids, "c000007") {
		t.Fatalf("the old handle still found: %v", ids)
	}
}

// TestCatalogSnapshotConcurrentLoads: loads that run while others build and
// write the snapshot each see a whole index, mapped or built.
func TestCatalogSnapshotConcurrentLoads(t *testing.T) {
	st := openStore(t, 2000)
	want := newCatalogIndex(t, st)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for range 5 {
				c := newCatalog(st)
				s, err := c.Wait(context.Background())
				if err != nil {
					t.Error(err)
				} else if s.Index.Len() != want.Len() || !reflect.DeepEqual(s.Index.Row(1999), want.Row(1999)) {
					t.Errorf("loader %d: a partial index", g)
				}
				c.close()
			}
		})
	}
	wg.Wait()
	got, err := load(t, st)
	if !got.Mapped() || err != nil {
		t.Fatalf("after the loads: mapped %v, %v", got.Mapped(), err)
	}
	sameCatalog(t, got, want)
}

// TestCatalogCount: the count is the store's before a load, from a
// current snapshot, and from the loaded catalog, and follows changes.
func TestCatalogCount(t *testing.T) {
	st := openStore(t, 120)
	if n := newCatalog(st).count(); n != 120 {
		t.Fatalf("count before any load = %d", n)
	}
	load(t, st)
	if n := newCatalog(st).count(); n != 120 {
		t.Fatalf("count from the snapshot = %d", n)
	}
	if _, err := st.ImportCreators(creators(130)[120:], testNow); err != nil {
		t.Fatal(err)
	}
	if n := newCatalog(st).count(); n != 130 {
		t.Fatalf("count with a stale snapshot = %d", n)
	}
	c := newTestCatalog(t, st)
	if _, err := c.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := c.count(); n != 130 {
		t.Fatalf("count of the loaded catalog = %d", n)
	}
}

// TestCatalogSnapshotLeftovers: a temporary file left by a process that
// ended mid-write is removed by the next write.
func TestCatalogSnapshotLeftovers(t *testing.T) {
	st := openStore(t, 50)
	left := st.Path() + ".catalog.tmp123"
	if err := os.WriteFile(left, []byte("half a snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	load(t, st)
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Fatalf("leftover still there: %v", err)
	}
	if ix, err := load(t, st); !ix.Mapped() || err != nil {
		t.Fatalf("mapped %v, %v", ix.Mapped(), err)
	}
}

// TestCatalogSnapshotRefreshedWhenQuiet: a process that keeps the snapshot
// file writes it again once creator changes have stopped for a while, so
// that the next process maps a current file instead of building.
func TestCatalogSnapshotRefreshedWhenQuiet(t *testing.T) {
	st := openStore(t, 300)
	c := newCatalog(st)
	c.gather, c.quiet = time.Millisecond, 150*time.Millisecond
	defer c.close()
	if _, err := c.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := st.Path() + ".catalog"
	current := func() bool {
		stamp, ok, err := st.CatalogStamp()
		if err != nil || !ok {
			t.Fatalf("stamp: %v %v", ok, err)
		}
		ix, err := catalog.OpenSnapshot(path, stamp)
		if err != nil {
			return false
		}
		_, found := ix.Lookup("quiet1")
		return found
	}
	if _, err := st.PutCreator(model.Creator{ID: "quiet1", Handle: "quietone", Name: "Quiet One"}, testNow); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !current() {
		if time.Now().After(deadline) {
			t.Fatal("the snapshot file was not rewritten after the changes stopped")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCatalogBuiltSwappedForMapped: a catalog built from the store (no
// snapshot yet) is replaced, once its snapshot is written, by the same
// catalog mapped from the file, answering as the built one did.
func TestCatalogBuiltSwappedForMapped(t *testing.T) {
	st := openStore(t, 300)
	c := newCatalog(st)
	defer c.close()
	s, err := c.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	built := s.Index
	if built.Mapped() {
		t.Fatal("first load mapped a snapshot that did not exist")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !c.Current().Index.Mapped() {
		if time.Now().After(deadline) {
			t.Fatal("the built catalog was not swapped for its mapped snapshot")
		}
		time.Sleep(10 * time.Millisecond)
	}
	sameCatalog(t, c.Current().Index, built)
}
