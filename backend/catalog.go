package backend

import (
	"context"
	"fmt"
	"sync"

	"outreach/catalog"
	"outreach/model"
	"outreach/store"
)

// Snapshot is one immutable version of the catalog: the index and the row
// of each creator id. Sessions hold it by reference; a newer version
// replaces it atomically and never changes it.
type Snapshot struct {
	Index   *catalog.Index
	byID    map[string]int32
	Version uint64
}

// Row is the catalog row of a creator id, or nil.
func (s *Snapshot) Row(id string) *catalog.Row {
	if s == nil {
		return nil
	}
	i, ok := s.byID[id]
	if !ok {
		return nil
	}
	return s.Index.Row(int(i))
}

// Catalog is the process's one creator catalog, shared by every session.
// It is loaded once, on first demand, and replaced as a whole when
// creators change.
type Catalog struct {
	st *store.Store

	mu      sync.Mutex
	cur     *Snapshot
	loading chan struct{} // closed when the running load ends
	err     error
	stop    context.CancelFunc
}

func newCatalog(st *store.Store) *Catalog {
	return &Catalog{st: st}
}

// Current is the newest snapshot, or nil before the first load ends.
func (c *Catalog) Current() *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Wait returns the current snapshot, loading it first if nobody has yet.
// It returns early with ctx's error when ctx ends.
func (c *Catalog) Wait(ctx context.Context) (*Snapshot, error) {
	c.mu.Lock()
	if c.cur != nil {
		s := c.cur
		c.mu.Unlock()
		return s, nil
	}
	if c.loading == nil {
		c.loading = make(chan struct{})
		go c.load()
	}
	done := c.loading
	c.mu.Unlock()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-done:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, c.err
	}
	return c.cur, nil
}

func (c *Catalog) load() {
	snap, err := build(c.st, 0)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur, c.err = snap, err
	close(c.loading)
	c.loading = nil
}

func (c *Catalog) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		c.stop()
	}
}

// build reads every creator once into a new snapshot.
func build(st *store.Store, version uint64) (*Snapshot, error) {
	rows := make([]catalog.Row, 0, st.CreatorCount())
	cats := map[string]string{} // category names shared between rows
	err := st.ForEachCreator(func(c *model.Creator) error {
		rows = append(rows, Row(c, cats))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load creators: %w", err)
	}
	byID := make(map[string]int32, len(rows))
	for i := range rows {
		byID[rows[i].ID] = int32(i)
	}
	return &Snapshot{Index: catalog.New(rows), byID: byID, Version: version}, nil
}

// Row is the catalog row of a creator; cats interns category names.
func Row(c *model.Creator, cats map[string]string) catalog.Row {
	var cs []string
	if len(c.Categories) > 0 {
		cs = make([]string, len(c.Categories))
		for i, x := range c.Categories {
			s, ok := cats[x]
			if !ok {
				cats[x], s = x, x
			}
			cs[i] = s
		}
	}
	return catalog.Row{
		ID: c.ID, Handle: c.Handle, Name: c.Name, Followers: c.Followers,
		Level: c.Level, Falling: c.Falling(), Type: c.Type, Categories: cs,
		GMV30: c.GMV30, ActiveDays30: c.ActiveDays30,
	}
}
