package etcd

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/client/v3/concurrency"
)

// Sequences without a shared counter. A bucket's next sequence in bbolt is
// one counter; in a cluster a counter key would make every seller's send
// contend on it. Here a sequence number is
//
//	hi (40 bits) | slot (8 bits) | n (16 bits)
//
// where hi is the transaction's snapshot revision + 1 (plus a base set by a
// migration, so numbers continue above those copied from a file), slot is
// this frontend's slot (one of 256, held by a lease for as long as the
// frontend runs), and n counts the numbers this frontend handed out at that
// hi. What the store needs holds:
//   - unique per bucket: two frontends never hold the same slot (a commit
//     that used a sequence compares that its slot is still held by its
//     lease), and one frontend never repeats (hi, n);
//   - increasing in commit order for transactions that see each other: a
//     transaction whose snapshot includes another's commit has a larger hi,
//     because a committed number's hi is at most its commit revision. So a
//     reply is numbered after the message it answers, and any two updates
//     that conflict (the sends of one seller share its week record) are
//     numbered in the order they committed. Numbers of unrelated
//     concurrent updates on different frontends are ordered arbitrarily.
//
// Numbers are large (about 2^24 times the revision): JSON readers that use
// doubles see them exactly while the cluster is below 2^29 revisions.
type sequencer struct {
	d      *DB
	mu     sync.Mutex
	sess   *concurrency.Session
	slot   int
	key    string
	base   int64
	lastHi int64
	n      uint64
}

// slots is the number of frontends that can hold a sequence slot at once.
const slots = 256

// SeqBaseKey is the key (under the prefix) of the sequence base.
const seqBaseKey = "s"

func (s *sequencer) next(rev int64) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		if err := s.acquire(); err != nil {
			return 0, err
		}
	}
	hi := rev + 1 + s.base
	if hi > s.lastHi {
		s.lastHi, s.n = hi, 0
	}
	if s.n >= 0xffff {
		return 0, ErrTooManySequences
	}
	s.n++
	if s.lastHi >= 1<<40 {
		return 0, fmt.Errorf("sequence: revision %d is past 2^40", s.lastHi)
	}
	return uint64(s.lastHi)<<24 | uint64(s.slot)<<16 | s.n, nil
}

// acquire takes a free slot with a new lease, and reads the base.
func (s *sequencer) acquire() error {
	d := s.d
	ctx, cancel := d.call()
	defer cancel()
	g, err := d.cli.Grant(ctx, 10)
	if err != nil {
		return mapErr(err, false)
	}
	sess, err := concurrency.NewSession(d.cli, concurrency.WithLease(g.ID), concurrency.WithContext(d.ctx))
	if err != nil {
		return mapErr(err, false)
	}
	start := rand.IntN(slots)
	for i := range slots {
		slot := (start + i) % slots
		k := fmt.Sprintf("%sn/%02x", d.p, slot)
		r, err := d.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
			Then(clientv3.OpPut(k, "", clientv3.WithLease(g.ID))).Else(clientv3.OpGet(d.p + seqBaseKey)).Commit()
		if err != nil {
			sess.Close()
			return mapErr(err, false)
		}
		if !r.Succeeded {
			continue
		}
		b, err := d.cli.Get(ctx, d.p+seqBaseKey)
		if err != nil {
			sess.Close()
			return mapErr(err, false)
		}
		s.base = 0
		if len(b.Kvs) > 0 && len(b.Kvs[0].Value) == 8 {
			s.base = int64(binary.BigEndian.Uint64(b.Kvs[0].Value))
		}
		s.sess, s.slot, s.key = sess, slot, k
		return nil
	}
	sess.Close()
	return fmt.Errorf("sequence: all %d frontend slots are taken", slots)
}

// compare is the commit condition of a transaction that used a sequence:
// this frontend still holds its slot.
func (s *sequencer) compare() (clientv3.Cmp, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return clientv3.Cmp{}, fmt.Errorf("sequence: the slot was lost: %w", ErrUnavailable)
	}
	return clientv3.Compare(clientv3.LeaseValue(s.key), "=", int64(s.sess.Lease())), nil
}

// check drops the slot after a conflict when its lease has expired, so the
// next attempt takes a fresh one (and fresh numbers).
func (s *sequencer) check() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return
	}
	select {
	case <-s.sess.Done():
	default:
		ctx, cancel := s.d.call()
		defer cancel()
		r, err := s.d.cli.Get(ctx, s.key)
		if err != nil || (len(r.Kvs) > 0 && r.Kvs[0].Lease == int64(s.sess.Lease())) {
			return
		}
	}
	s.sess.Close()
	s.sess = nil
	s.lastHi, s.n = 0, 0
}

// close gives the slot back.
func (s *sequencer) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess != nil {
		s.sess.Close()
		s.sess = nil
	}
}
