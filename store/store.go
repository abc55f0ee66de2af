// Package store keeps everything in one bbolt file: sellers, creators,
// relationships, weeks, messages, invitations, the decision and audit logs,
// and SSH keys. Every outreach action is one transaction that loads the
// state, asks model for the decision, charges and records it; writes go
// through a group-commit writer so durable throughput grows with the number
// of concurrent senders.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"outreach/model"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 2

// Errors a caller can test with errors.Is.
var (
	// ErrInUse means another process holds the store file.
	ErrInUse = errors.New("the store is in use by another process")
	// ErrClosed means the store was closed.
	ErrClosed = errors.New("store is closed")
	// ErrNewerSchema means the file was written by a newer outreach.
	ErrNewerSchema = errors.New("the store was written by a newer version of outreach")
	// ErrMissing means the store file does not exist and the caller asked
	// not to create it (a read).
	ErrMissing = errors.New("the store file does not exist")
	// ErrDamaged means the file is not a readable store (zero-length,
	// truncated, corrupt): it is never re-initialised; restore a backup.
	ErrDamaged = errors.New("the store file is damaged; restore a backup (outreach check FILE says what is wrong)")
)

var (
	bMeta      = []byte("meta")
	bSellers   = []byte("sellers")
	bCreators  = []byte("creators")
	bRels      = []byte("rels")
	bWeeks     = []byte("weeks")
	bGMV       = []byte("gmv")
	bMsgs      = []byte("msgs")
	bInvites   = []byte("invites")
	bInvByCr   = []byte("invites_by_creator")
	bInvBySl   = []byte("invites_by_seller") // since schema 2
	bDecisions = []byte("decisions")
	bIdem      = []byte("idem")
	bAudit     = []byte("audit")
	bKeys      = []byte("keys")
	allBuckets = [][]byte{bMeta, bSellers, bCreators, bRels, bWeeks, bGMV, bMsgs, bInvites, bInvByCr, bInvBySl, bDecisions, bIdem, bAudit, bKeys}
)

// migrations[v] upgrades a store from schema v to v+1 inside one
// transaction; the buckets of the current layout exist when it runs.
var migrations = map[int]func(*bolt.Tx) error{
	1: indexInvitesBySeller,
}

// indexInvitesBySeller (schema 1 to 2) builds the seller index of invitations.
func indexInvitesBySeller(tx *bolt.Tx) error {
	idx := tx.Bucket(bInvBySl)
	return tx.Bucket(bInvites).ForEach(func(k, v []byte) error {
		var inv model.Invitation
		if err := json.Unmarshal(v, &inv); err != nil {
			return fmt.Errorf("invitation %d: %w", getU64(k), errCorrupt)
		}
		return idx.Put(append(prefix(inv.SellerID), k...), nil)
	})
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
}

// Store is an open store file.
type Store struct {
	db     *bolt.DB
	path   string
	policy *model.Policy
	w      *writer
	feed   *Feed
}

// Open opens or creates the store at path, creating its directory. When
// another process holds the file it fails with ErrInUse after opts.Timeout.
func Open(path string, opts Options) (*Store, error) {
	if opts.Policy == nil {
		opts.Policy = model.DefaultPolicy()
	}
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	if opts.MustExist || opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open %s: %w", path, ErrMissing)
		}
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly, FreelistType: bolt.FreelistMapType, NoFreelistSync: true})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("open %s: %w", path, ErrInUse)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, path: path, policy: opts.Policy, feed: newFeed()}
	if !opts.ReadOnly {
		if err := db.Update(migrate); err != nil {
			db.Close()
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	} else if err := db.View(checkSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.w = newWriter(db, s.feed)
	return s, nil
}

func checkSchema(tx *bolt.Tx) error {
	m := tx.Bucket(bMeta)
	if m == nil {
		return fmt.Errorf("not an outreach store (no meta bucket)")
	}
	if v := int(getU64(m.Get([]byte("schema")))); v > SchemaVersion {
		return fmt.Errorf("schema %d: %w", v, ErrNewerSchema)
	}
	return nil
}

func migrate(tx *bolt.Tx) error {
	for _, b := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	m := tx.Bucket(bMeta)
	v := int(getU64(m.Get([]byte("schema"))))
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
	return m.Put([]byte("schema"), u64(uint64(v)))
}

// Path is the file the store lives in.
func (s *Store) Path() string { return s.path }

// Policy is the policy the store decides with.
func (s *Store) Policy() *model.Policy { return s.policy }

// Close waits for queued writes and closes the file.
func (s *Store) Close() error {
	s.w.close()
	s.feed.closeAll()
	return s.db.Close()
}

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
