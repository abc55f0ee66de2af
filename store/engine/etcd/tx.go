package etcd

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"outreach/store/engine"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// page is how many keys a scan fetches per call.
const page = 1000

// maxPointCompares is how many single-key compares one commit carries
// before the reads of a bucket are folded into one range compare (etcd
// counts compares against --max-txn-ops).
const maxPointCompares = 64

// tx is one transaction: reads at one snapshot revision (fixed by the first
// read), and, in an update, the reads to check and the writes to commit.
type tx struct {
	d            *DB
	write        bool
	serializable bool               // the first read may come from the nearest member (an update checks it at commit)
	rev          int64              // the snapshot revision, 0 before the first read
	seen         int64              // the newest mod revision read (from the cluster or the cache)
	reads        map[string]int64   // key -> mod revision read (0: absent)
	ranges       []span             // ranges scanned
	scanned      map[string]bool    // buckets scanned (their delete marker is compared)
	buf          map[string]*string // key -> value to put, nil to delete
	delBuckets   []string           // buckets deleted
	newBuckets   []string           // buckets created
	usedSeq      bool
	group        engine.Group
}

type span struct{ lo, hi string }

var _ engine.Tx = (*tx)(nil)

// opts are a read's options: at the snapshot once there is one, served by
// the nearest member (a member that has not applied the snapshot yet says
// so, and the read goes to the leader); before that, linearizable, except
// the first read of an update's first attempt, which the commit checks.
func (t *tx) opts(extra ...clientv3.OpOption) []clientv3.OpOption {
	if t.rev != 0 {
		extra = append(extra, clientv3.WithRev(t.rev), clientv3.WithSerializable())
	} else if t.serializable {
		extra = append(extra, clientv3.WithSerializable())
	}
	return extra
}

// get reads from the cluster at the snapshot, fixing it on the first read.
func (t *tx) get(key string, o ...clientv3.OpOption) (*clientv3.GetResponse, error) {
	if t.d.closed.Load() {
		return nil, engine.ErrClosed
	}
	ctx, cancel := t.d.call()
	defer cancel()
	r, err := t.d.cli.Get(ctx, key, t.opts(o...)...)
	if errors.Is(err, rpctypes.ErrFutureRev) {
		r, err = t.d.cli.Get(ctx, key, append(o, clientv3.WithRev(t.rev))...)
	}
	if err != nil {
		return nil, mapErr(err, false)
	}
	if t.rev == 0 {
		t.rev = r.Header.Revision
	}
	return r, nil
}

// snapshot fixes the snapshot revision when nothing was read yet.
func (t *tx) snapshot() error {
	if t.rev != 0 {
		return nil
	}
	_, err := t.get(t.d.p+"b/", clientv3.WithCountOnly())
	return err
}

// deleted reports whether k lies in a bucket this transaction deleted.
func (t *tx) deleted(k string) bool {
	for _, b := range t.delBuckets {
		if strings.HasPrefix(k, t.d.dataPrefix(b)) {
			return true
		}
	}
	return false
}

func (t *tx) Get(bucket string, key []byte) ([]byte, error) {
	k := t.d.dataPrefix(bucket) + string(key)
	if t.write {
		if v, ok := t.buf[k]; ok {
			if v == nil {
				return nil, nil
			}
			return []byte(*v), nil
		}
		if t.deleted(k) {
			return nil, nil
		}
		if t.serializable {
			// The first attempt may read what this frontend last saw; the
			// commit compares it, so a stale entry costs one more attempt.
			if e, ok := t.d.cache.get(k); ok {
				t.reads[k] = e.mod
				t.seen = max(t.seen, e.mod)
				if !e.ok {
					return nil, nil
				}
				return []byte(e.v), nil
			}
		}
	}
	r, err := t.get(k)
	if err != nil {
		return nil, err
	}
	var mod int64
	var v []byte
	if len(r.Kvs) > 0 {
		mod, v = r.Kvs[0].ModRevision, r.Kvs[0].Value
		if v == nil {
			v = []byte{}
		}
	}
	if t.write {
		t.reads[k] = mod
		t.seen = max(t.seen, mod)
		t.d.cache.put(k, v, mod, r.Header.Revision)
	}
	return v, nil
}

func (t *tx) Put(bucket string, key, value []byte) error {
	if !t.write {
		return engine.ErrReadOnly
	}
	ok, err := t.HasBucket(bucket)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("put %q: %w", bucket, engine.ErrNoBucket)
	}
	v := string(value)
	t.buf[t.d.dataPrefix(bucket)+string(key)] = &v
	return nil
}

func (t *tx) Delete(bucket string, key []byte) error {
	if !t.write {
		return engine.ErrReadOnly
	}
	t.buf[t.d.dataPrefix(bucket)+string(key)] = nil
	return nil
}

// kv is one key and value of a scan.
type kv struct{ k, v string }

// Scan reads the keys of r at the snapshot, page by page, merged with this
// transaction's own writes. In an update the whole range is checked at
// commit: a key put in it by another frontend since the snapshot is a
// conflict, and so is any delete in the bucket (every delete bumps the
// bucket's delete marker, which a scan compares), since a deleted key
// leaves no revision in the range to compare.
func (t *tx) Scan(bucket string, r engine.Range, fn func(k, v []byte) error) error {
	base := t.d.dataPrefix(bucket)
	lo, hi := r.Bounds()
	elo := base + string(lo)
	ehi := clientv3.GetPrefixRangeEnd(base)
	if hi != nil {
		ehi = base + string(hi)
	}
	if elo >= ehi {
		return nil
	}
	n, lastKey := 0, ""
	if t.write {
		if err := t.snapshot(); err != nil {
			return err
		}
		if t.scanned == nil {
			t.scanned = map[string]bool{}
		}
		t.scanned[bucket] = true
		// The range checked at commit: all of it, or, when the limit cut
		// the scan short, up to the last key it reached.
		checked := span{elo, ehi}
		defer func() { t.ranges = append(t.ranges, checked) }()
		defer func() {
			if r.Limit > 0 && n >= r.Limit && lastKey != "" {
				if r.Reverse {
					checked.lo = lastKey
				} else {
					checked.hi = lastKey + "\x00"
				}
			}
		}()
	}
	mine := t.pending(elo, ehi, r.Reverse)
	emit := func(k, v string) (bool, error) {
		if r.Limit > 0 && n >= r.Limit {
			return false, nil
		}
		n++
		lastKey = k
		return true, fn([]byte(k[len(base):]), []byte(v))
	}
	cur := elo
	if r.Reverse {
		cur = ehi
	}
	for {
		o := []clientv3.OpOption{clientv3.WithLimit(page)}
		var from string
		if r.Reverse {
			from = elo
			o = append(o, clientv3.WithRange(cur), clientv3.WithSort(clientv3.SortByKey, clientv3.SortDescend))
		} else {
			from = cur
			o = append(o, clientv3.WithRange(ehi), clientv3.WithSort(clientv3.SortByKey, clientv3.SortAscend))
		}
		resp, err := t.get(from, o...)
		if err != nil {
			return err
		}
		for _, x := range resp.Kvs {
			k := string(x.Key)
			// Own writes that sort before this key come first.
			for len(mine) > 0 && (!r.Reverse && mine[0].k < k || r.Reverse && mine[0].k > k) {
				if !t.isDeleted(mine[0]) {
					if more, err := emit(mine[0].k, mine[0].v); err != nil || !more {
						return err
					}
				}
				mine = mine[1:]
			}
			if len(mine) > 0 && mine[0].k == k {
				if !t.isDeleted(mine[0]) {
					if more, err := emit(k, mine[0].v); err != nil || !more {
						return err
					}
				}
				mine = mine[1:]
				continue
			}
			if t.write && t.deleted(k) {
				continue
			}
			if more, err := emit(k, string(x.Value)); err != nil || !more {
				return err
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			break
		}
		last := string(resp.Kvs[len(resp.Kvs)-1].Key)
		if r.Reverse {
			cur = last
		} else {
			cur = last + "\x00"
		}
	}
	for _, m := range mine {
		if !t.isDeleted(m) {
			if more, err := emit(m.k, m.v); err != nil || !more {
				return err
			}
		}
	}
	return nil
}

// tombstone marks a pending delete in the merged list of a scan.
const tombstone = "\x00\xffdeleted"

func (t *tx) isDeleted(m kv) bool { return m.v == tombstone }

// pending is this transaction's writes in [lo, hi), in scan order.
func (t *tx) pending(lo, hi string, reverse bool) []kv {
	if !t.write || len(t.buf) == 0 {
		return nil
	}
	var out []kv
	for k, v := range t.buf {
		if k >= lo && k < hi {
			if v == nil {
				out = append(out, kv{k, tombstone})
			} else {
				out = append(out, kv{k, *v})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if reverse {
			return out[i].k > out[j].k
		}
		return out[i].k < out[j].k
	})
	return out
}

func (t *tx) Count(bucket string) (int, error) {
	base := t.d.dataPrefix(bucket)
	if t.write && (len(t.pending(base, clientv3.GetPrefixRangeEnd(base), false)) > 0 || len(t.delBuckets) > 0) {
		n := 0
		err := t.Scan(bucket, engine.Range{}, func(_, _ []byte) error { n++; return nil })
		return n, err
	}
	resp, err := t.get(base, clientv3.WithRange(clientv3.GetPrefixRangeEnd(base)), clientv3.WithCountOnly())
	if err != nil {
		return 0, err
	}
	if t.write {
		t.ranges = append(t.ranges, span{base, clientv3.GetPrefixRangeEnd(base)})
		if t.scanned == nil {
			t.scanned = map[string]bool{}
		}
		t.scanned[bucket] = true
	}
	return int(resp.Count), nil
}

func (t *tx) NextSequence(bucket string) (uint64, error) {
	if !t.write {
		return 0, engine.ErrReadOnly
	}
	ok, err := t.HasBucket(bucket)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("sequence %q: %w", bucket, engine.ErrNoBucket)
	}
	n, err := t.d.seq.next(max(t.rev, t.seen))
	if err != nil {
		return 0, err
	}
	t.usedSeq = true
	return n, nil
}

func (t *tx) CreateBucket(bucket string) error {
	if !t.write {
		return engine.ErrReadOnly
	}
	ok, err := t.HasBucket(bucket)
	if err != nil || ok {
		return err
	}
	e := ""
	t.buf[t.d.bucketKey(bucket)] = &e
	t.newBuckets = append(t.newBuckets, bucket)
	return nil
}

func (t *tx) DeleteBucket(bucket string) error {
	if !t.write {
		return engine.ErrReadOnly
	}
	ok, err := t.HasBucket(bucket)
	if err != nil || !ok {
		return err
	}
	base := t.d.dataPrefix(bucket)
	for k := range t.buf {
		if strings.HasPrefix(k, base) {
			delete(t.buf, k)
		}
	}
	t.buf[t.d.bucketKey(bucket)] = nil
	t.delBuckets = append(t.delBuckets, bucket)
	return nil
}

func (t *tx) HasBucket(bucket string) (bool, error) {
	k := t.d.bucketKey(bucket)
	if t.write {
		if v, ok := t.buf[k]; ok {
			return v != nil, nil
		}
	}
	if _, ok := t.d.known.Load(bucket); ok {
		return true, nil
	}
	r, err := t.get(k)
	if err != nil {
		return false, err
	}
	var mod int64
	if len(r.Kvs) > 0 {
		mod = r.Kvs[0].ModRevision
	}
	if t.write {
		t.reads[k] = mod
	}
	if mod != 0 {
		t.d.known.Store(bucket, struct{}{})
	}
	return mod != 0, nil
}

func (t *tx) Group() engine.Group { return t.group }

// commit sends the transaction: the compares of everything read, then the
// writes. It reports false on a conflict.
func (t *tx) commit() (bool, error) {
	if len(t.buf) == 0 && len(t.delBuckets) == 0 {
		return t.validate() // nothing to write: the reads must only be current
	}
	cmps := t.compares()
	if t.usedSeq {
		c, err := t.d.seq.compare()
		if err != nil {
			return false, err
		}
		cmps = append(cmps, c)
	}
	ops := make([]clientv3.Op, 0, len(t.buf)+2*len(t.delBuckets))
	marks := map[string]bool{}
	for k, v := range t.buf {
		if v == nil {
			ops = append(ops, clientv3.OpDelete(k))
			if b, ok := t.bucketOf(k); ok && !marks[b] {
				marks[b] = true
			}
			continue
		}
		ops = append(ops, clientv3.OpPut(k, *v))
	}
	for _, b := range t.delBuckets {
		base := t.d.dataPrefix(b)
		ops = append(ops, clientv3.OpDelete(base, clientv3.WithRange(clientv3.GetPrefixRangeEnd(base))))
		marks[b] = true
	}
	for b := range marks {
		ops = append(ops, clientv3.OpPut(t.d.delKey(b), ""))
	}
	ctx, cancel := t.d.call()
	defer cancel()
	resp, err := t.d.cli.Txn(ctx).If(cmps...).Then(ops...).Commit()
	if err != nil {
		if t.d.closed.Load() {
			return false, engine.ErrClosed
		}
		return false, mapErr(err, true)
	}
	if !resp.Succeeded {
		t.forget()
		if t.usedSeq {
			t.d.seq.check()
		}
		return false, nil
	}
	t.d.commits.Add(1)
	t.d.own.add(resp.Header.Revision)
	for k, v := range t.buf {
		if v == nil {
			t.d.cache.put(k, nil, 0, resp.Header.Revision)
		} else {
			t.d.cache.put(k, []byte(*v), resp.Header.Revision, resp.Header.Revision)
		}
	}
	for _, b := range t.delBuckets {
		t.d.known.Delete(b)
	}
	return true, nil
}

// bucketOf is the bucket of a data key.
func (t *tx) bucketOf(k string) (string, bool) {
	rest, ok := strings.CutPrefix(k, t.d.p+"k/")
	if !ok {
		return "", false
	}
	b, _, ok := strings.Cut(rest, "\x00")
	return b, ok
}

// compares are the conditions of the commit: every key read still has the
// revision it was read at, no key in a scanned range changed since the
// snapshot, no delete happened in a scanned bucket. Past maxPointCompares,
// the point reads of each bucket become one range compare over the span
// they cover (stricter, never weaker).
func (t *tx) compares() []clientv3.Cmp {
	next := t.rev + 1
	var cmps []clientv3.Cmp
	scanned := map[string]bool{}
	for b := range t.scanned {
		scanned[b] = true
	}
	if len(t.reads) <= maxPointCompares {
		for k, mod := range t.reads {
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", mod))
		}
	} else {
		type bounds struct{ lo, hi string }
		per := map[string]*bounds{}
		for k := range t.reads {
			b, ok := t.bucketOf(k)
			if !ok {
				// bucket markers and the like: few, compared one by one
				cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(k), "=", t.reads[k]))
				continue
			}
			x := per[b]
			if x == nil {
				per[b] = &bounds{k, k}
				continue
			}
			if k < x.lo {
				x.lo = k
			}
			if k > x.hi {
				x.hi = k
			}
		}
		for b, x := range per {
			cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(x.lo), "<", next).WithRange(x.hi+"\x00"))
			scanned[b] = true
		}
	}
	for _, s := range mergeSpans(t.ranges) {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(s.lo), "<", next).WithRange(s.hi))
	}
	for b := range scanned {
		cmps = append(cmps, clientv3.Compare(clientv3.ModRevision(t.d.delKey(b)), "<", next))
	}
	return cmps
}

// mergeSpans joins overlapping ranges, so each is compared once.
func mergeSpans(in []span) []span {
	if len(in) < 2 {
		return in
	}
	s := append([]span{}, in...)
	sort.Slice(s, func(i, j int) bool { return s[i].lo < s[j].lo })
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.lo <= last.hi {
			if x.hi > last.hi {
				last.hi = x.hi
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// validate reports whether what the transaction read may be answered on:
// a snapshot fixed by a linearizable read may; one that came from the
// nearest member (possibly behind) is checked against the leader with a
// transaction of compares only.
func (t *tx) validate() (bool, error) {
	if !t.serializable || len(t.reads) == 0 && len(t.ranges) == 0 {
		return true, nil
	}
	ctx, cancel := t.d.call()
	defer cancel()
	// A linearizable read in Then: etcd serves a transaction without one
	// from the local member, which may be as far behind as the snapshot.
	resp, err := t.d.cli.Txn(ctx).If(t.compares()...).Then(clientv3.OpGet(t.d.p+"b/", clientv3.WithCountOnly())).Commit()
	if err != nil {
		return false, mapErr(err, false)
	}
	if !resp.Succeeded {
		t.forget()
	}
	return resp.Succeeded, nil
}

// forget drops from the cache what a failed attempt read: some of it is stale.
func (t *tx) forget() {
	for k := range t.reads {
		t.d.cache.drop(k)
	}
}
