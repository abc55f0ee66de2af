package store

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// maxGroup bounds how many queued writes share one commit.
const maxGroup = 2048

// groupWait bounds how long the writer waits for the senders of the last
// group to queue again; a lone sender never waits.
const groupWait = 200 * time.Microsecond

// op is one queued write. fn may run more than once (when another write of
// its group fails, the group is retried without it), so it must keep its
// results in variables it overwrites, never accumulate them.
type op struct {
	fn      func(tx *bolt.Tx, c *changes) error
	done    chan error
	changes changes
}

// changes collects what a write touched, published after its commit.
type changes []Change

func (c *changes) add(kind ChangeKind, seller, creator string) {
	*c = append(*c, Change{Kind: kind, Seller: seller, Creator: creator})
}

// writer is the group-commit writer: one goroutine drains every queued
// write into a single db.Update, so N concurrent senders share one fsync.
// Unlike db.Batch it does not wait for a timer: a lone writer commits at
// once, and the group is as large as the queue at the moment it starts.
type writer struct {
	db   *bolt.DB
	feed *Feed
	q    chan *op
	mu   sync.RWMutex
	shut bool
	wg   sync.WaitGroup
	// cache is touched only by the loop goroutine, inside a group's transaction.
	cache quotaCache
	// commits and ops count group commits and the writes they carried.
	commits, ops atomic.Int64
}

func newWriter(db *bolt.DB, feed *Feed) *writer {
	w := &writer{db: db, feed: feed, q: make(chan *op, maxGroup)}
	if !db.IsReadOnly() {
		w.wg.Add(1)
		go w.loop()
	}
	return w
}

// do queues fn and waits until its commit has returned.
func (w *writer) do(fn func(tx *bolt.Tx, c *changes) error) error {
	o := &op{fn: fn, done: make(chan error, 1)}
	w.mu.RLock()
	if w.shut {
		w.mu.RUnlock()
		return ErrClosed
	}
	if w.db.IsReadOnly() {
		w.mu.RUnlock()
		return errors.New("the store is open read-only")
	}
	w.q <- o
	w.mu.RUnlock()
	return <-o.done
}

func (w *writer) close() {
	w.mu.Lock()
	if !w.shut {
		w.shut = true
		close(w.q)
	}
	w.mu.Unlock()
	w.wg.Wait()
}

func (w *writer) loop() {
	defer w.wg.Done()
	group := make([]*op, 0, maxGroup)
	for first := range w.q {
		if n := len(group); n > 1 {
			// The writers just acknowledged are runnable but have not queued
			// their next write yet: give them a moment (bounded, and only
			// when the last group was shared) so that the group carries them
			// too, instead of alternating halves of the senders.
			deadline := time.Now().Add(groupWait)
			for len(w.q)+1 < n && time.Now().Before(deadline) {
				runtime.Gosched()
			}
		}
		group = append(group[:0], first)
	drain:
		for len(group) < maxGroup {
			select {
			case o, ok := <-w.q:
				if !ok {
					break drain
				}
				group = append(group, o)
			default:
				break drain
			}
		}
		w.commits.Add(1)
		w.ops.Add(int64(len(group)))
		w.commit(group)
	}
}

// failed carries the index of the write whose error aborted a group.
type failed struct {
	i   int
	err error
}

func (f *failed) Error() string { return f.err.Error() }

// commit runs the group in one transaction. When one write fails, the whole
// transaction is rolled back, that write gets its error, and the rest are
// committed again without it.
func (w *writer) commit(group []*op) {
	for len(group) > 0 {
		err := w.db.Update(func(tx *bolt.Tx) error {
			w.cache.reset()
			for i, o := range group {
				o.changes = o.changes[:0]
				if err := o.fn(tx, &o.changes); err != nil {
					return &failed{i, err}
				}
			}
			return w.cache.flush(tx)
		})
		var f *failed
		if errors.As(err, &f) {
			group[f.i].done <- f.err
			group = append(group[:f.i:f.i], group[f.i+1:]...)
			continue
		}
		for _, o := range group {
			if err == nil {
				w.feed.publish(o.changes)
			}
			o.done <- err
		}
		return
	}
}
