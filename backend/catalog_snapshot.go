package backend

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"outreach/catalog"
	"outreach/store"
)

// The catalog keeps a snapshot of its base beside the store file
// (<store>.catalog): a process that finds it current maps it instead of
// reading and indexing every creator. Current means labelled with the
// store's catalog stamp, which every creator write renews in its own
// transaction; anything else about the file (missing, stale, damaged,
// another format) makes the load build from the store as before.
//
// Only a process that holds the store writable writes the snapshot (in
// the background after a build, never delaying the first results, and
// again by a rebuild once creator changes have been quiet for a minute:
// catalogQuiet). Once written, the file is mapped back and swapped for
// the built catalog if that is still current, so that a long-running
// process keeps the columns in the shared page cache, not on its heap; a
// read-only one uses a current snapshot but writes nothing. Closing the
// catalog waits for a write under way. Cluster stores
// keep no snapshot: other frontends change them.

// snapshotPath is the catalog snapshot's file, or "" when the store keeps
// none.
func (c *Catalog) snapshotPath() string {
	p := c.st.Path()
	if p == "" || store.IsCluster(p) {
		return ""
	}
	return p + ".catalog"
}

// open is the first load: the current snapshot when there is one, else a
// build from the store.
func (c *Catalog) open(ctx context.Context, cats map[string]string) (*catalog.Index, error) {
	if path := c.snapshotPath(); path != "" {
		if stamp, ok, err := c.st.CatalogStamp(); err == nil && ok {
			ix, err := catalog.OpenSnapshot(path, stamp)
			if err == nil {
				c.done.Store(int64(ix.Len()))
				c.total.Store(int64(ix.Len()))
				return ix, nil
			}
			c.snapErr.Store(&err)
		}
	}
	return c.build(ctx, cats, true)
}

// saveSnapshot writes ix, built from the store at stamp (none when not
// stamped), to the snapshot file in the background, unless the store is
// read-only or keeps none. A store without a stamp gets its first one, if
// no creator was written since the build read them.
func (c *Catalog) saveSnapshot(ix *catalog.Index, stamp uint64, stamped bool) {
	path := c.snapshotPath()
	if path == "" || c.st.ReadOnly() {
		return
	}
	c.wg.Go(func() {
		c.snapMu.Lock()
		defer c.snapMu.Unlock()
		// A process that held the store before and ended mid-write left
		// its temporary file; none is being written now (the store's lock
		// admits one writable process, snapMu one write in it).
		if old, err := filepath.Glob(path + ".tmp*"); err == nil {
			for _, f := range old {
				os.Remove(f)
			}
		}
		if !stamped {
			var err error
			if stamp, stamped, err = c.st.InitCatalogStamp(); err != nil || !stamped {
				return // a creator was written since: the next build writes one
			}
		}
		// Not cancelled by close, which waits for it: a session that ends
		// within a second of its first results still leaves the file that
		// makes the next start instant.
		if err := ix.WriteSnapshot(context.Background(), path, stamp); err != nil {
			c.snapErr.Store(&err)
			return
		}
		// Hand the follower the file mapped back, to swap in while ix is
		// still current (only the newest pair waits).
		if c.mapped == nil {
			return
		}
		m, err := catalog.OpenSnapshot(path, stamp)
		if err != nil {
			c.snapErr.Store(&err)
			return
		}
		select {
		case <-c.mapped:
		default:
		}
		c.mapped <- [2]*catalog.Index{ix, m}
	})
}

// SnapshotError is why the last load did not use the snapshot file, or
// the last write of one failed; nil when neither happened or the file was
// only missing.
func (c *Catalog) SnapshotError() error {
	if p := c.snapErr.Load(); p != nil && !errors.Is(*p, fs.ErrNotExist) {
		return *p
	}
	return nil
}

// count is the number of creators, as cheaply as it is known: the loaded
// catalog's, else a current snapshot's header, else the store's count
// (which walks the whole creators bucket: on a million creators, every
// page of the file).
func (c *Catalog) count() int {
	if s := c.cur.Load(); s != nil {
		return s.Index.Live()
	}
	if path := c.snapshotPath(); path != "" {
		if stamp, ok, err := c.st.CatalogStamp(); err == nil && ok {
			if n, err := catalog.SnapshotRows(path, stamp); err == nil {
				return n
			}
		}
	}
	return c.st.CreatorCount()
}
