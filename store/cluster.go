package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"outreach/model"
	"outreach/store/engine"
	"outreach/store/engine/etcd"
)

// Errors of a store on an etcd cluster, for errors.Is.
var (
	// ErrUnavailable means the cluster cannot be reached: outreach is
	// refused, with this reason, until it is back. Nothing was changed,
	// except when the error also wraps ErrUnknownOutcome.
	ErrUnavailable = etcd.ErrUnavailable
	// ErrUnknownOutcome means the cluster stopped answering during a commit:
	// repeat the action with the same idempotency key.
	ErrUnknownOutcome = etcd.ErrUnknownOutcome
	// ErrTooLarge means one change is bigger than the cluster accepts in a
	// transaction; nothing was written.
	ErrTooLarge = etcd.ErrTooLarge
	// ErrTargetNotEmpty means a migration's target already holds a store.
	ErrTargetNotEmpty = etcd.ErrNotEmpty
)

// IsCluster reports whether a store address names an etcd cluster
// (etcd://host:port,...) rather than a file.
func IsCluster(addr string) bool { return strings.HasPrefix(addr, "etcd://") }

// openCluster opens the store kept in the etcd cluster at addr.
func openCluster(addr string, opts Options) (*Store, error) {
	eps, err := etcd.ParseURL(addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, model.ErrInvalid)
	}
	e, err := etcd.Open(etcd.Options{Endpoints: eps, ReadOnly: opts.ReadOnly, Timeout: opts.Timeout * 5})
	if err != nil {
		return nil, err
	}
	return OpenEngine(e, addr, opts)
}

// OpenEngine opens the store kept by an engine that is already open (the
// store closes it); name is what errors call it (a file, a cluster
// address). It checks the layout and creates or migrates it like Open.
func OpenEngine(e engine.Engine, name string, opts Options) (*Store, error) {
	opts = opts.defaults()
	s, err := newStore(e, name, opts)
	if err != nil {
		e.Close()
		return nil, err
	}
	if opts.MustExist || opts.ReadOnly {
		var ok bool
		err := s.view(func(tx engine.Tx) (err error) {
			ok, err = tx.HasBucket(bMeta)
			return err
		})
		if err == nil && !ok {
			err = fmt.Errorf("open %s: %w", name, ErrMissing)
		}
		if err != nil {
			e.Close()
			return nil, err
		}
	}
	if err := s.prepare(); err != nil {
		e.Close()
		return nil, err
	}
	return s, nil
}

// follower is an engine that reports what other processes commit (the
// etcd engine, through its watch).
type follower interface {
	Follow(stop <-chan struct{}, fn func([]etcd.Record), resync func())
}

// follow starts publishing, to this store's subscribers, the changes other
// frontends commit, once, when the first subscriber arrives.
func (s *Store) follow() {
	f, ok := s.eng.(follower)
	if !ok {
		return
	}
	s.following.Do(func() {
		f.Follow(s.stop, func(rs []etcd.Record) { s.feed.publish(changesOf(rs)) },
			func() { s.feed.publish([]Change{Resync}) })
	})
}

// bulkCreators is how many creator records one remote commit may change
// before subscribers are told "creators changed" instead of each one.
const bulkCreators = 64

// changesOf decodes what other frontends committed into the changes the
// feed carries, from the records' keys (and, for invitations and audit
// entries, their values).
func changesOf(rs []etcd.Record) []Change {
	var out changes
	seen := map[Change]bool{}
	add := func(k ChangeKind, seller, creator string) {
		c := Change{Kind: k, Seller: seller, Creator: creator}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	creators := 0
	for _, r := range rs {
		if r.Bucket == bCreators {
			creators++
		}
	}
	for _, r := range rs {
		parts := strings.Split(string(r.Key), "\x00")
		switch r.Bucket {
		case bSellers:
			add(ChangedSeller, string(r.Key), "")
		case bGMV:
			add(ChangedSeller, parts[0], "")
		case bWeeks:
			add(ChangedQuota, parts[0], "")
		case bCreators:
			if creators > bulkCreators {
				add(ChangedCreator, "", "")
			} else {
				add(ChangedCreator, "", string(r.Key))
			}
		case bRels:
			if len(parts) == 2 {
				add(ChangedRelation, parts[0], parts[1])
			}
		case bMsgs:
			if len(parts) >= 2 {
				add(ChangedMessages, parts[0], parts[1])
			}
		case bInvites:
			var inv model.Invitation
			if r.Value != nil && json.Unmarshal(r.Value, &inv) == nil {
				add(ChangedInvites, inv.SellerID, inv.CreatorID)
			}
		case bAudit:
			var e model.AuditEntry
			if r.Value != nil {
				json.Unmarshal(r.Value, &e)
			}
			add(ChangedAudit, e.SellerID, "")
		case bKeys:
			add(ChangedKeys, "", "")
			add(ChangedAudit, "", "")
		case bMeta:
			out = append(out, Resync)
		}
	}
	return out
}

// MigrateReport is what a migration copied, bucket by bucket, with the
// counts and checksums read back from the target.
type MigrateReport struct {
	From    string     `json:"from"`
	To      string     `json:"to"`
	Buckets []etcd.Sum `json:"buckets"`
}

// ErrMigrateMismatch means the target did not read back as the source.
var ErrMigrateMismatch = errors.New("the copy does not match the source")

// Migrate copies a store between a bbolt file and an etcd cluster (either
// way), then reads the target back and compares each bucket's count and
// checksum with the source. A target that already holds a store is refused
// with ErrTargetNotEmpty unless force is set. The source must not be
// written meanwhile (stop the frontends): a file source is opened read-only
// (a server holding it makes this fail with ErrInUse), and a cluster
// source is copied at one revision.
func Migrate(from, to string, force bool) (MigrateReport, error) {
	rep := MigrateReport{From: from, To: to}
	switch {
	case !IsCluster(from) && IsCluster(to):
		if _, err := os.Stat(from); err != nil {
			return rep, fmt.Errorf("migrate from %s: %w", from, ErrMissing)
		}
		if probs, err := Check(from); err != nil {
			return rep, err
		} else if len(probs) > 0 {
			return rep, fmt.Errorf("migrate from %s: %s: %w", from, probs[0], ErrDamaged)
		}
		e, err := clusterEngine(to)
		if err != nil {
			return rep, err
		}
		defer e.Close()
		src, err := e.LoadFile(from, force)
		if err != nil {
			return rep, fmt.Errorf("migrate to %s: %w", to, err)
		}
		dst, err := e.Sums(0)
		if err != nil {
			return rep, fmt.Errorf("verify %s: %w", to, err)
		}
		rep.Buckets = dst
		return rep, compareSums(src, dst)
	case IsCluster(from) && !IsCluster(to):
		if fi, err := os.Stat(to); err == nil && fi.Size() > 0 && !force {
			return rep, fmt.Errorf("migrate to %s: %w", to, ErrTargetNotEmpty)
		}
		e, err := clusterEngine(from)
		if err != nil {
			return rep, err
		}
		defer e.Close()
		rev, err := e.Revision()
		if err != nil {
			return rep, err
		}
		src, err := e.WriteFile(to, rev)
		if err != nil {
			return rep, fmt.Errorf("migrate to %s: %w", to, err)
		}
		dst, err := etcd.FileSums(to)
		if err != nil {
			return rep, fmt.Errorf("verify %s: %w", to, err)
		}
		rep.Buckets = dst
		return rep, compareSums(src, dst)
	}
	return rep, fmt.Errorf("migrate: one side must be a store file and the other an etcd://host:port address: %w", model.ErrInvalid)
}

func clusterEngine(addr string) (*etcd.DB, error) {
	eps, err := etcd.ParseURL(addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, model.ErrInvalid)
	}
	return etcd.Open(etcd.Options{Endpoints: eps})
}

func compareSums(src, dst []etcd.Sum) error {
	m := map[string]etcd.Sum{}
	for _, s := range dst {
		m[s.Bucket] = s
	}
	for _, s := range src {
		d, ok := m[s.Bucket]
		switch {
		case !ok:
			return fmt.Errorf("bucket %s is missing from the copy: %w", s.Bucket, ErrMigrateMismatch)
		case d.Count != s.Count:
			return fmt.Errorf("bucket %s: %d records in the source, %d in the copy: %w", s.Bucket, s.Count, d.Count, ErrMigrateMismatch)
		case d.SHA256 != s.SHA256:
			return fmt.Errorf("bucket %s: checksums differ: %w", s.Bucket, ErrMigrateMismatch)
		}
		delete(m, s.Bucket)
	}
	for b := range m {
		return fmt.Errorf("bucket %s is in the copy, not in the source: %w", b, ErrMigrateMismatch)
	}
	return nil
}

// Sums counts and checksums every bucket of the store at addr (a file or
// an etcd:// address), without writing: what a migration would copy.
func Sums(addr string) ([]etcd.Sum, error) {
	if !IsCluster(addr) {
		if _, err := os.Stat(addr); err != nil {
			return nil, fmt.Errorf("%s: %w", addr, ErrMissing)
		}
		return etcd.FileSums(addr)
	}
	e, err := clusterEngine(addr)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	return e.Sums(0)
}

// batch bounds how many records a batched job (prune, level recompute)
// writes per transaction: n, or fewer on an engine that limits the size
// of a transaction (etcd's --max-txn-ops).
func (s *Store) batch(n int) int {
	if l, ok := s.eng.(interface{ MaxWrites() int }); ok {
		return min(n, l.MaxWrites())
	}
	return n
}
