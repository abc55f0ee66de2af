// Package engine is the storage-engine interface the store's domain
// operations are written against: ordered buckets of byte keys and values,
// read and write transactions, per-bucket sequences. The embedded bbolt file
// is one implementation (engine/bolt); a cluster engine can be another, so
// nothing here assumes a memory map, a cursor that outlives its transaction
// or a single machine.
package engine

import (
	"errors"
	"io"
)

// Errors every engine reports the same way, for errors.Is.
var (
	// ErrDamaged means the stored data is not readable (a zero-length,
	// truncated or corrupt file, a record that does not decode). The engine
	// never re-initialises or overwrites damaged data; restore a backup.
	ErrDamaged = errors.New("the store file is damaged; restore a backup (outreach check FILE says what is wrong)")
	// ErrInUse means another process holds the store.
	ErrInUse = errors.New("the store is in use by another process")
	// ErrReadOnly means a write was asked of an engine opened for reading.
	ErrReadOnly = errors.New("the store is open read-only")
	// ErrClosed means the engine was closed.
	ErrClosed = errors.New("store is closed")
	// ErrNoBucket means a transaction named a bucket that does not exist.
	ErrNoBucket = errors.New("no such bucket")
)

// Engine is an open storage engine.
type Engine interface {
	// View runs fn in a read transaction that sees one consistent state.
	View(fn func(Tx) error) error
	// Update runs fn in a write transaction and returns after the commit
	// is durable (or failed). The engine may group several concurrent
	// updates into one commit, and may run fn more than once (a group is
	// retried without a member that failed, an optimistic engine retries on
	// a conflict): fn must overwrite its results, never accumulate them, and
	// must have no effect outside the transaction. An error from fn aborts
	// only that update.
	Update(fn func(Tx) error) error
	// Backup writes a consistent copy of the whole store to w.
	Backup(w io.Writer) (int64, error)
	// ReadOnly reports whether Update is refused.
	ReadOnly() bool
	// Close waits for queued updates and releases the store.
	Close() error
}

// Tx is one transaction. Slices an engine returns are valid only until the
// transaction ends (Get) or until fn returns (Scan): decode or copy them
// inside the transaction.
type Tx interface {
	// Get returns the value of key in bucket, nil when it is absent.
	Get(bucket string, key []byte) ([]byte, error)
	// Put sets key to value in bucket (write transactions only).
	Put(bucket string, key, value []byte) error
	// Delete removes key from bucket; a missing key is not an error.
	Delete(bucket string, key []byte) error
	// Scan calls fn for the keys of bucket in r, in key order (or reverse),
	// at most r.Limit of them. fn must not write to the transaction.
	Scan(bucket string, r Range, fn func(k, v []byte) error) error
	// Count is the number of keys in bucket.
	Count(bucket string) (int, error)
	// NextSequence returns the bucket's next sequence number (1, 2, ...),
	// unique among committed transactions.
	NextSequence(bucket string) (uint64, error)
	// CreateBucket makes bucket if it does not exist.
	CreateBucket(bucket string) error
	// DeleteBucket removes bucket and everything in it, if it exists.
	DeleteBucket(bucket string) error
	// HasBucket reports whether bucket exists.
	HasBucket(bucket string) (bool, error)
	// Group is the state shared by every update of this commit attempt,
	// made by the engine's group factory; nil in a read transaction or
	// when the engine was given none.
	Group() Group
}

// Group is state shared by the updates grouped into one commit attempt (a
// cache of records several of them touch). A fresh one is made for every
// attempt; Flush runs once after the last update of the attempt, inside the
// transaction, just before the commit.
type Group interface {
	Flush(Tx) error
}

// Range selects keys for Scan: those in [Start, End) that begin with
// Prefix. Nil bounds are open.
type Range struct {
	Prefix  []byte
	Start   []byte
	End     []byte
	Reverse bool
	Limit   int // 0 = no limit
}

// Bounds is r's effective [lo, hi) interval, combining the prefix with
// Start and End; a nil hi is open.
func (r Range) Bounds() (lo, hi []byte) {
	lo, hi = r.Start, r.End
	if len(r.Prefix) > 0 {
		if string(lo) < string(r.Prefix) {
			lo = r.Prefix
		}
		if pe := PrefixEnd(r.Prefix); pe != nil && (hi == nil || string(pe) < string(hi)) {
			hi = pe
		}
	}
	return lo, hi
}

// PrefixEnd is the smallest key greater than every key with prefix p, nil
// when there is none (p is all 0xff).
func PrefixEnd(p []byte) []byte {
	end := append([]byte{}, p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
