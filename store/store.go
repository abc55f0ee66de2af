// Package store holds the domain operations on sellers, creators,
// relationships, weeks, messages, invitations, the decision and audit logs,
// and SSH keys, written once over a storage-engine interface
// (store/engine); the embedded bbolt file (store/engine/bolt) is the engine
// today. Every outreach action is one transaction that loads its state,
// asks model once for the decision and its effects, and applies them; the
// engine may group concurrent transactions into one commit, so durable
// throughput grows with the number of concurrent senders.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
	"outreach/store/engine/bolt"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 3

// Errors a caller can test with errors.Is.
var (
	// ErrInUse means another process holds the store file.
	ErrInUse = engine.ErrInUse
	// ErrClosed means the store was closed.
	ErrClosed = engine.ErrClosed
	// ErrNewerSchema means the file was written by a newer outreach.
	ErrNewerSchema = errors.New("the store was written by a newer version of outreach")
	// ErrMissing means the store file does not exist and the caller asked
	// not to create it (a read).
	ErrMissing = errors.New("the store file does not exist")
	// ErrDamaged means the file is not a readable store (zero-length,
	// truncated, corrupt): it is never re-initialised; restore a backup.
	// Every error wrapping it names the file.
	ErrDamaged = engine.ErrDamaged
	// ErrReadOnly means a write was asked of a store opened read-only.
	ErrReadOnly = engine.ErrReadOnly
)

// Buckets. A bucket is a key space of the engine.
const (
	bMeta      = "meta"
	bSellers   = "sellers"
	bCreators  = "creators"
	bRels      = "rels"
	bWeeks     = "weeks"
	bGMV       = "gmv"
	bMsgs      = "msgs"
	bInvites   = "invites"
	bInvByCr   = "invites_by_creator"
	bInvBySl   = "invites_by_seller" // since schema 2
	bDecisions = "decisions"
	bIdem      = "idem"
	bAudit     = "audit"
	bKeys      = "keys"
)

var allBuckets = append(append(append([]string{bMeta, bSellers, bCreators, bRels, bWeeks, bGMV, bMsgs, bInvites, bInvByCr, bInvBySl, bDecisions, bIdem, bAudit, bKeys}, programBuckets...), offerBuckets...), milestoneBuckets...)

var schemaKey = []byte("schema")

// migrations[v] upgrades a store from schema v to v+1 inside one
// transaction; the buckets of the current layout exist when it runs.
var migrations = map[int]func(engine.Tx) error{
	1: indexInvitesBySeller,
	// 2 to 3 adds the campaign_cursors bucket (created above): a file
	// written by this layout is refused by a binary that does not know it,
	// which would resume a campaign from the record's own older cursor.
	2: nil,
}

// indexInvitesBySeller (schema 1 to 2) builds the seller index of invitations.
func indexInvitesBySeller(tx engine.Tx) error {
	type entry struct{ k, seller []byte }
	var idx []entry
	err := tx.Scan(bInvites, engine.Range{}, func(k, v []byte) error {
		var inv model.Invitation
		if err := decodeJSON(v, &inv); err != nil {
			return fmt.Errorf("invitation %d: %w", getU64(k), err)
		}
		idx = append(idx, entry{append([]byte{}, k...), []byte(inv.SellerID)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range idx {
		if err := tx.Put(bInvBySl, append(prefix(string(e.seller)), e.k...), nil); err != nil {
			return err
		}
	}
	return nil
}

// Options configure Open.
type Options struct {
	// Policy is the quota and level policy; nil means model.DefaultPolicy.
	Policy *model.Policy
	// Timeout bounds the wait for a file another process holds; 0 means one second.
	Timeout time.Duration
	// NoSync turns fsync off. Only for throwaway stores (tests, demo generation).
	NoSync bool
	// ReadOnly opens the file for reading (shared lock).
	ReadOnly bool
	// MustExist refuses a missing file with ErrMissing instead of creating
	// it: commands that only read set it.
	MustExist bool
	// Clock is the instant housekeeping and key registration default to;
	// nil is time.Now.
	Clock func() time.Time
	// Grow is how many bytes the file is expected to grow by while open
	// (an import of a large file): a writable store maps that much more
	// address space at open, so that the file grows into it without a
	// re-map, which in a large write copies every record the transaction
	// holds. It costs address space, not memory. 0 maps the file as it is;
	// ignored on Windows, where mapping grows the file itself.
	Grow int64
}

func (o Options) defaults() Options {
	if o.Policy == nil {
		o.Policy = model.DefaultPolicy()
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// maxMapSize bounds Options.Grow's mapping: 64 GiB on 64-bit systems,
// 1 GiB on 32-bit ones.
const maxMapSize = 1<<30 + (strconv.IntSize-32)/32*(63<<30)

// newStore is a store over an open engine, before its layout is checked.
// It reads the program's rules from the policy: a policy that names a bad
// program rule is refused here as well as where it is loaded.
func newStore(e engine.Engine, name string, opts Options) (*Store, error) {
	prog, err := program.LoadPolicy(opts.Policy.Program)
	if err != nil {
		return nil, err
	}
	return &Store{eng: e, path: name, policy: opts.Policy, progRules: prog, feed: newFeed(), clock: opts.Clock, stop: make(chan struct{})}, nil
}

// Store is an open store.
type Store struct {
	eng    engine.Engine
	path   string
	policy *model.Policy
	// progRules is the affiliate program's rules, read from the policy's
	// "program" object when the store opens.
	progRules program.Policy
	feed      *Feed
	clock     func() time.Time
	// damaged is the first damage any operation met: from then on every
	// write is refused with it, so a damaged file is never written to.
	damaged atomic.Pointer[error]
	// stop ends the following of other frontends' changes (cluster engines).
	stop      chan struct{}
	following sync.Once
	closeOnce sync.Once
}

// Open opens or creates the store at path, creating its directory. When
// another process holds the file it fails with ErrInUse after opts.Timeout.
// An existing file that is not a readable store (zero-length, truncated,
// damaged) is refused with an error wrapping ErrDamaged that names it; it
// is never initialised or overwritten. Opening a store of the current
// schema writes nothing.
//
// A path of the form etcd://host:port,host:port names a store kept in an
// etcd cluster instead (see OpenEngine and the etcd engine).
func Open(path string, opts Options) (*Store, error) {
	if IsCluster(path) {
		return openCluster(path, opts)
	}
	opts = opts.defaults()
	if opts.MustExist || opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open %s: %w", path, ErrMissing)
		}
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	mapSize := 0
	if opts.Grow > 0 && !opts.ReadOnly && runtime.GOOS != "windows" {
		size := int64(0)
		if fi, err := os.Stat(path); err == nil {
			size = fi.Size()
		}
		mapSize = int(min(size+opts.Grow, maxMapSize))
	}
	db, err := bolt.Open(path, bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly,
		NewGroup: func() engine.Group { return &quotaCache{} }, InitialMmapSize: mapSize})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open %s: %w", path, ErrMissing)
	}
	if err != nil {
		return nil, err
	}
	s, err := newStore(db, path, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// prepare checks the layout and, when buckets are missing or the schema is
// older, migrates it (unless read-only).
func (s *Store) prepare() error {
	fresh := true
	err := s.view(func(tx engine.Tx) error {
		for _, b := range allBuckets {
			ok, err := tx.HasBucket(b)
			if err != nil {
				return err
			}
			if !ok {
				fresh = false
				if b == bMeta && s.eng.ReadOnly() {
					return fmt.Errorf("not an outreach store (no meta bucket): %w", ErrDamaged)
				}
			}
		}
		raw, err := tx.Get(bMeta, schemaKey)
		if err != nil {
			return err
		}
		switch v := int(getU64(raw)); {
		case v > SchemaVersion:
			return fmt.Errorf("schema %d: %w", v, ErrNewerSchema)
		case v < SchemaVersion:
			fresh = false
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	if fresh || s.eng.ReadOnly() {
		return nil
	}
	if err := s.eng.Update(migrate); err != nil {
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	return nil
}

func migrate(tx engine.Tx) error {
	for _, b := range allBuckets {
		if err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	raw, err := tx.Get(bMeta, schemaKey)
	if err != nil {
		return err
	}
	v := int(getU64(raw))
	if v == 0 {
		v = SchemaVersion // a new file starts at the current layout
	}
	if v > SchemaVersion {
		return fmt.Errorf("schema %d: %w", v, ErrNewerSchema)
	}
	for ; v < SchemaVersion; v++ {
		if f := migrations[v]; f != nil {
			if err := f(tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
	}
	if err := tx.Put(bMeta, catalogStampKey, newCatalogStamp()); err != nil { // a migration may rewrite creators
		return err
	}
	return tx.Put(bMeta, schemaKey, u64(uint64(v)))
}

// Path is the file the store lives in.
func (s *Store) Path() string { return s.path }

// Policy is the policy the store decides with.
func (s *Store) Policy() *model.Policy { return s.policy }

// Close waits for queued writes and closes the file.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.stop) })
	err := s.eng.Close()
	s.feed.closeAll()
	return s.named(err)
}

// Check reports what is wrong with the store file at path, an empty list
// when it is sound (bbolt's consistency check, run so that no damage can
// panic the caller). It never writes and never creates the file; a missing
// file is an error wrapping ErrMissing, a file another process holds one
// wrapping ErrInUse.
func Check(path string) (problems []string, err error) {
	probs, err := bolt.Check(path, time.Second)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("check %s: %w", path, ErrMissing)
	}
	return probs, err
}

// view runs a read transaction.
func (s *Store) view(fn func(tx engine.Tx) error) error {
	return s.named(s.eng.View(fn))
}

// wtx is a write transaction as the domain sees it: the engine's, the quota
// cache of its commit group, and the changes to publish after the commit.
type wtx struct {
	engine.Tx
	q  *quotaCache
	ch changes
}

// update runs fn in a write transaction (possibly more than once, see
// engine.Engine) and publishes its changes after the commit.
func (s *Store) update(fn func(w *wtx) error) error {
	if p := s.damaged.Load(); p != nil {
		return *p
	}
	var last *wtx
	err := s.eng.Update(func(tx engine.Tx) error {
		w := &wtx{Tx: tx}
		q, _ := tx.Group().(*quotaCache)
		own := q == nil
		if own {
			q = &quotaCache{}
		}
		w.q = q
		last = w
		if err := fn(w); err != nil {
			return err
		}
		if err := bumpCatalogStamp(w); err != nil {
			return err
		}
		if own {
			return q.Flush(tx)
		}
		return nil
	})
	if err == nil && last != nil {
		s.feed.publish(last.ch)
	}
	return s.named(err)
}

// named makes sure an error about damage names the file, and remembers
// the damage so that no later write touches the file.
func (s *Store) named(err error) error {
	if err == nil || !errors.Is(err, ErrDamaged) {
		return err
	}
	if !strings.Contains(err.Error(), s.path) {
		err = fmt.Errorf("%s: %w", s.path, err)
	}
	s.damaged.CompareAndSwap(nil, &err)
	return err
}

// validNow refuses an instant outside 1970..2200, before anything is read
// or written.
func validNow(now time.Time) error { return model.CheckInstant(now) }

// key joins id parts with a NUL separator (ids never contain NUL).
func key(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b := make([]byte, 0, n+8)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

// prefix is key(parts...) followed by a NUL, for a prefix scan.
func prefix(parts ...string) []byte { return append(key(parts...), 0) }
