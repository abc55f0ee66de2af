package backend

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"outreach/catalog"
	"outreach/model"
	"outreach/store"
)

// Snapshot is one immutable version of the catalog. Sessions hold it by
// reference; a newer version replaces it atomically and never changes it.
type Snapshot struct {
	Index   *catalog.Index
	Version uint64
}

// Row is the catalog row of a creator id, or nil.
func (s *Snapshot) Row(id string) *catalog.Row {
	if s == nil {
		return nil
	}
	i, ok := s.Index.Lookup(id)
	if !ok {
		return nil
	}
	return s.Index.Row(i)
}

// ErrCatalogClosed is returned by Wait once the backend is closed.
var ErrCatalogClosed = errors.New("catalog closed")

// Catalog is the process's one creator catalog, shared by every session by
// reference. It is loaded on first demand, by one load however many
// sessions wait for it, and that load stops when every session waiting for
// it has gone. Once loaded it follows the store's change feed: changed
// creators go into an overlay of the current index within about
// catalogGather, a new snapshot replacing the old atomically; a large
// overlay is compacted, and a feed resync or a bulk change reloaded, in
// the background, while searches go on against the current snapshot.
type Catalog struct {
	st *store.Store

	cur         atomic.Pointer[Snapshot]
	snapErr     atomic.Pointer[error] // see SnapshotError
	snapMu      sync.Mutex            // one snapshot write at a time
	done, total atomic.Int64          // load progress, in creators

	ctx    context.Context // ends at close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	load   *catalogLoad // the first load, while it runs
	subs   map[chan struct{}]struct{}
	closed bool

	recMu sync.Mutex
	recs  map[string]*recEntry // shared rankings by categories and cap, for the current snapshot

	gather    time.Duration // how long changes gather before they are applied
	compactAt int           // overlay rows that start a compaction
	quiet     time.Duration // how long without creator changes before a stale snapshot file is rebuilt
	// mapped carries {built, mapped} when a built base has been written
	// and mapped back: the follower swaps the mapped one in while the
	// built one is still current, so a long-running process keeps its
	// catalog in the page cache instead of on its heap.
	mapped    chan [2]*catalog.Index
	subscribe func() (<-chan store.Change, func())
}

// catalogLoad is the first load of the catalog and who waits for it.
type catalogLoad struct {
	waiters int
	cancel  context.CancelFunc
	done    chan struct{} // closed when the load ends
	err     error         // set before done is closed
}

const (
	// catalogGather is how long the catalog gathers changes from the feed
	// before it applies them: a burst of writes makes one new snapshot.
	catalogGather = 50 * time.Millisecond
	// catalogCompactAt is the overlay size at which the catalog builds a
	// new base: an overlay this size costs a few milliseconds per change
	// and per search.
	catalogCompactAt = 1 << 14
	// catalogQuiet is how long a process that keeps the snapshot file waits
	// after the last creator change before it rebuilds the catalog from the
	// store and writes the file again, so that the next process to start
	// maps it instead of reading every creator.
	catalogQuiet = time.Minute
)

func newCatalog(st *store.Store) *Catalog {
	ctx, cancel := context.WithCancel(context.Background())
	return &Catalog{st: st, ctx: ctx, cancel: cancel, subs: map[chan struct{}]struct{}{},
		gather: catalogGather, compactAt: catalogCompactAt, quiet: catalogQuiet, subscribe: st.Subscribe,
		mapped: make(chan [2]*catalog.Index, 1)}
}

// Current is the newest snapshot, or nil before the first load ends.
func (c *Catalog) Current() *Snapshot { return c.cur.Load() }

// Version is the newest snapshot's version (0 before the first load): a
// screen that polls it learns that its results may be out of date.
func (c *Catalog) Version() uint64 {
	if s := c.cur.Load(); s != nil {
		return s.Version
	}
	return 0
}

// Progress is how far the first load has come: creators read of the
// total. Reading is most of a load; building the index follows, with done
// equal to total.
func (c *Catalog) Progress() (done, total int) {
	return int(c.done.Load()), int(c.total.Load())
}

// Changes tells the subscriber that a newer snapshot exists: the channel
// receives (at most one pending) signal per new snapshot; read Current
// then. cancel ends the subscription and closes the channel; Close ends
// every subscription.
func (c *Catalog) Changes() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		close(ch)
		return ch, func() {}
	}
	c.subs[ch] = struct{}{}
	return ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.subs[ch]; ok {
			delete(c.subs, ch)
			close(ch)
		}
	}
}

// Wait returns the current snapshot, loading it first if nobody has yet.
// Concurrent callers share one load. It returns early with ctx's error when
// ctx ends; when every caller waiting for the load has gone, the load stops
// and its memory is freed, and the next Wait starts again.
func (c *Catalog) Wait(ctx context.Context) (*Snapshot, error) {
	if s := c.cur.Load(); s != nil {
		return s, nil
	}
	c.mu.Lock()
	if s := c.cur.Load(); s != nil {
		c.mu.Unlock()
		return s, nil
	}
	if c.closed {
		c.mu.Unlock()
		return nil, ErrCatalogClosed
	}
	l := c.load
	if l == nil {
		lctx, cancel := context.WithCancel(c.ctx)
		l = &catalogLoad{cancel: cancel, done: make(chan struct{})}
		c.load = l
		c.wg.Add(1)
		go c.run(lctx, l)
	}
	l.waiters++
	c.mu.Unlock()

	select {
	case <-l.done:
		if l.err != nil {
			return nil, l.err
		}
		return c.cur.Load(), nil
	case <-ctx.Done():
		c.mu.Lock()
		l.waiters--
		if l.waiters == 0 && c.load == l {
			c.load = nil
			l.cancel()
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// close stops the load and the feed and waits for them; it ends every
// Changes subscription.
func (c *Catalog) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		close(ch)
		delete(c.subs, ch)
	}
}

// publish makes ix the current snapshot and tells the subscribers.
func (c *Catalog) publish(ix *catalog.Index) {
	v := uint64(1)
	if s := c.cur.Load(); s != nil {
		v = s.Version + 1
	}
	c.cur.Store(&Snapshot{Index: ix, Version: v})
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// run is the catalog's one writer: it subscribes to the feed before the
// first load (so no change is missed), loads, and then applies the feed
// until close. When the load fails or is abandoned it ends, and the next
// Wait starts another.
func (c *Catalog) run(ctx context.Context, l *catalogLoad) {
	defer c.wg.Done()
	feed, unsubscribe := c.subscribe()
	defer unsubscribe()

	cats := map[string]string{}
	ix, err := c.open(ctx, cats)
	if err == nil {
		c.publish(ix)
	}
	c.mu.Lock()
	l.err = err
	if c.load == l {
		c.load = nil
	}
	l.cancel()
	close(l.done)
	c.mu.Unlock()
	if err != nil {
		return
	}
	c.follow(feed, cats)
}

// build reads every creator into a new index, and has a snapshot of it
// written (see saveSnapshot). With progress it reports how far it has come.
func (c *Catalog) build(ctx context.Context, cats map[string]string, progress bool) (*catalog.Index, error) {
	n := c.st.CreatorCount()
	if progress {
		c.done.Store(0)
		c.total.Store(int64(n))
	}
	rows := make([]catalog.Row, 0, n)
	var ar arena
	stamp, stamped, err := c.st.ForEachCreatorSummaryStamped(func(s *store.CreatorSummary) error {
		if len(rows)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress {
				c.done.Store(int64(len(rows)))
			}
		}
		rows = append(rows, summaryRow(s, &ar, cats))
		if len(ar.buf) >= arenaChunk {
			ar.flush(rows)
		}
		return nil
	})
	ar.flush(rows)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("load creators: %w", err)
	}
	if progress {
		c.done.Store(int64(len(rows)))
		c.total.Store(int64(len(rows)))
	}
	ix := catalog.New(rows)
	c.saveSnapshot(ix, stamp, stamped)
	return ix, nil
}

// follow applies the change feed until close: changed creators gathered
// for c.gather go into the current index's overlay; a resync or a change
// of many creators at once starts a full reload, and a large overlay a
// compaction, in the background. Creators changed while a background
// build runs are applied to the current index at once and again to the
// built one.
func (c *Catalog) follow(feed <-chan store.Change, cats map[string]string) {
	var (
		pending  = map[string]struct{}{} // changed, not yet applied
		since    = map[string]struct{}{} // changed since the running build began
		reload   bool                    // a full reload is wanted
		building bool
		built    = make(chan *catalog.Index, 1)
		timer    *time.Timer
		fire     <-chan time.Time
		// stale: creators changed since the snapshot file was last
		// written; calm fires after c.quiet without a change.
		stale     bool
		calmTimer *time.Timer
		calm      <-chan time.Time
		keepsFile = c.snapshotPath() != "" && !c.st.ReadOnly()
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
		if calmTimer != nil {
			calmTimer.Stop()
		}
	}()
	startBuild := func(full bool) {
		building = true
		clear(since)
		base := c.cur.Load().Index
		c.wg.Go(func() {
			var ix *catalog.Index
			if full {
				// A failed reload keeps the current index: the next
				// resync tries again.
				ix, _ = c.build(c.ctx, map[string]string{}, false)
			} else {
				ix = base.Compact()
			}
			built <- ix
		})
	}
	for {
		select {
		case <-c.ctx.Done():
			return
		case ch, ok := <-feed:
			if !ok {
				return
			}
			switch {
			case ch == store.Resync, ch.Kind == store.ChangedCreator && ch.Creator == "":
				reload = true
			case ch.Kind == store.ChangedCreator:
				pending[ch.Creator] = struct{}{}
			default:
				continue
			}
			if fire == nil {
				timer = time.NewTimer(c.gather)
				fire = timer.C
			}
			if keepsFile {
				stale = true
				if calmTimer != nil {
					calmTimer.Stop()
				}
				calmTimer = time.NewTimer(c.quiet)
				calm = calmTimer.C
			}
		case <-calm:
			// A full reload writes the file (see build); one already
			// running was started after some of the changes, so wait for
			// the next calm.
			calm = nil
			if stale && !building {
				startBuild(true)
				stale = false
			} else if stale {
				calmTimer = time.NewTimer(c.quiet)
				calm = calmTimer.C
			}
		case <-fire:
			fire = nil
			if len(pending) > 0 {
				ix := c.apply(c.cur.Load().Index, pending, cats)
				c.publish(ix)
				if building {
					for id := range pending {
						since[id] = struct{}{}
					}
				}
				clear(pending)
			}
			if !building && (reload || c.cur.Load().Index.Overlay() >= c.compactAt) {
				startBuild(reload)
				reload = false
			}
		case p := <-c.mapped:
			if cur := c.cur.Load(); cur != nil && cur.Index == p[0] {
				c.publish(p[1])
			}
		case ix := <-built:
			building = false
			if ix == nil { // the reload failed
				continue
			}
			if len(since) > 0 {
				ix = c.apply(ix, since, cats)
			}
			c.publish(ix)
			if reload && fire == nil {
				timer = time.NewTimer(c.gather)
				fire = timer.C
			}
		}
	}
}

// apply reads the creators ids from the store into ix's overlay; a
// creator the store no longer has leaves the index. A creator that cannot
// be read is left as it was.
func (c *Catalog) apply(ix *catalog.Index, ids map[string]struct{}, cats map[string]string) *catalog.Index {
	var (
		rows    []catalog.Row
		removed []string
	)
	for id := range ids {
		cr, err := c.st.Creator(id)
		switch {
		case errors.Is(err, model.ErrNotFound):
			removed = append(removed, id)
		case err == nil:
			rows = append(rows, Row(&cr, cats))
		}
	}
	return ix.With(rows, removed)
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

// arenaChunk is how many bytes of ids, handles and names share one string.
const arenaChunk = 1 << 20

// arena gathers the ids, handles and names of the rows being loaded into
// one buffer that becomes one string per chunk: a million creators make a
// few hundred allocations instead of three million.
type arena struct {
	buf  []byte
	key  []byte              // scratch: the categories joined, to intern the list
	sets map[string][]string // category lists by joined names: rows share them
	from int                 // the first row whose strings are in buf
	offs []uint32            // per pending row: end of id, handle, name in buf
}

func (a *arena) add(b []byte) uint32 {
	a.buf = append(a.buf, b...)
	return uint32(len(a.buf))
}

// flush turns the buffer into one string and points the pending rows'
// strings into it.
func (a *arena) flush(rows []catalog.Row) {
	if a.from == len(rows) {
		return
	}
	str := string(a.buf)
	start := uint32(0)
	for i, r := 0, a.from; r < len(rows); i, r = i+3, r+1 {
		e1, e2, e3 := a.offs[i], a.offs[i+1], a.offs[i+2]
		rows[r].ID, rows[r].Handle, rows[r].Name = str[start:e1], str[e1:e2], str[e2:e3]
		start = e3
	}
	a.buf, a.offs, a.from = a.buf[:0], a.offs[:0], len(rows)
}

// summaryRow is the catalog row of a summary, its strings still pending in
// ar (flush sets them); cats interns category names.
func summaryRow(s *store.CreatorSummary, ar *arena, cats map[string]string) catalog.Row {
	ar.offs = append(ar.offs, ar.add(s.ID), ar.add(s.Handle), ar.add(s.Name))
	var cs []string
	if len(s.Categories) > 0 {
		ar.key = ar.key[:0]
		for _, x := range s.Categories {
			ar.key = append(append(ar.key, x...), 0)
		}
		var ok bool
		if cs, ok = ar.sets[string(ar.key)]; !ok {
			cs = make([]string, len(s.Categories))
			for i, x := range s.Categories {
				v, ok := cats[string(x)]
				if !ok {
					v = string(x)
					cats[v] = v
				}
				cs[i] = v
			}
			if ar.sets == nil {
				ar.sets = map[string][]string{}
			}
			if len(ar.sets) < 1<<16 { // bounded: a store with very varied lists interns names only
				ar.sets[string(ar.key)] = cs
			}
		}
	}
	return catalog.Row{
		Followers: s.Followers, Level: s.Level, Falling: s.Falling, Type: s.Type, Categories: cs,
		GMV30: s.GMV30, ActiveDays30: s.ActiveDays30,
	}
}
