package bolt

import (
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
)

// maxGroup bounds how many queued updates share one commit.
const maxGroup = 2048

// groupWait bounds how long the writer waits for the senders of the last
// group to queue again; a lone sender never waits.
const groupWait = 200 * time.Microsecond

// op is one queued update.
type op struct {
	fn   func(engine.Tx) error
	done chan error
}

// writer is the group-commit writer: one goroutine drains every queued
// update into a single bbolt transaction, so N concurrent senders share one
// fsync. Unlike db.Batch it does not wait for a timer: a lone writer
// commits at once, and the group is as large as the queue at the moment it
// starts.
type writer struct {
	d        *DB
	newGroup func() engine.Group
	q        chan *op
	mu       sync.RWMutex
	shut     bool
	wg       sync.WaitGroup
	// commits and ops count group commits and the updates they carried.
	commits, ops atomic.Int64
}

func newWriter(d *DB, newGroup func() engine.Group) *writer {
	w := &writer{d: d, newGroup: newGroup, q: make(chan *op, maxGroup)}
	if !d.readOnly {
		w.wg.Add(1)
		go w.loop()
	}
	return w
}

// do queues fn and waits until its commit has returned.
func (w *writer) do(fn func(engine.Tx) error) error {
	o := &op{fn: fn, done: make(chan error, 1)}
	w.mu.RLock()
	if w.shut {
		w.mu.RUnlock()
		return engine.ErrClosed
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
	// A damaged page read while committing faults: make that a panic the
	// commit recovers, for the life of this goroutine.
	debug.SetPanicOnFault(true)
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

// commit runs the group in one transaction. When one update fails, the
// whole transaction is rolled back, that update gets its error, and the
// rest are run again without it.
func (w *writer) commit(group []*op) {
	for len(group) > 0 {
		if p := w.d.broken.Load(); p != nil {
			for _, o := range group {
				o.done <- *p
			}
			return
		}
		i, err := w.attempt(group)
		if i >= 0 {
			group[i].done <- err
			group = append(group[:i:i], group[i+1:]...)
			continue
		}
		for _, o := range group {
			o.done <- err
		}
		return
	}
}

// attempt runs every update of group and commits. It returns the index of
// the update whose error aborted the attempt, or -1 with the commit's error.
func (w *writer) attempt(group []*op) (failed int, err error) {
	var btx *bolt.Tx
	failed = -1
	perr := guard(func() error {
		var err error
		if btx, err = w.d.db.Begin(true); err != nil {
			return err
		}
		t := &tx{tx: btx}
		if w.newGroup != nil {
			t.group = w.newGroup()
		}
		for i, o := range group {
			if err := o.fn(t); err != nil {
				failed = i
				return err
			}
		}
		if t.group != nil {
			if err := t.group.Flush(t); err != nil {
				return err
			}
		}
		err = btx.Commit()
		btx = nil
		return err
	})
	if p, ok := perr.(*panicError); ok {
		if btx != nil {
			guard(btx.Rollback) // releases the writer lock without reading the file again
		}
		derr := damaged(w.d.path, p)
		w.d.broken.Store(&derr)
		return -1, derr
	}
	if btx != nil {
		guard(btx.Rollback)
	}
	return failed, perr
}
