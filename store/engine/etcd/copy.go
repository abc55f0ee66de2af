package etcd

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
	clientv3 "go.etcd.io/etcd/client/v3"
)

// Sum is one bucket's record count and checksum (SHA-256 over its keys and
// values in key order, each length-prefixed), the same whichever engine
// holds it.
type Sum struct {
	Bucket string `json:"bucket"`
	Count  int    `json:"count"`
	SHA256 string `json:"sha256"`
}

// ErrNotEmpty means a copy's target already holds data.
var ErrNotEmpty = errors.New("the target is not empty (use --force to replace what it holds)")

// maxBatchOps and maxBatchBytes bound one Txn of a bulk load, inside etcd's
// defaults (128 operations, 1.5 MiB a request).
const (
	maxBatchOps   = 120
	maxBatchBytes = 1 << 20
)

type summer struct {
	n int
	h hash.Hash
}

func newSummer() *summer { return &summer{h: sha256.New()} }

func (s *summer) add(k, v []byte) {
	var b [binary.MaxVarintLen64]byte
	s.h.Write(b[:binary.PutUvarint(b[:], uint64(len(k)))])
	s.h.Write(k)
	s.h.Write(b[:binary.PutUvarint(b[:], uint64(len(v)))])
	s.h.Write(v)
	s.n++
}

func (s *summer) sum(bucket string) Sum {
	return Sum{Bucket: bucket, Count: s.n, SHA256: hex.EncodeToString(s.h.Sum(nil))}
}

// buckets lists the buckets at rev (0: now) and the revision read.
func (d *DB) buckets(rev int64) ([]string, int64, error) {
	t := &tx{d: d, rev: rev}
	r, err := t.get(d.p+"b/", clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return nil, 0, err
	}
	var out []string
	for _, kv := range r.Kvs {
		out = append(out, strings.TrimPrefix(string(kv.Key), d.p+"b/"))
	}
	sort.Strings(out)
	return out, t.rev, nil
}

// scanAt calls fn for every record of bucket at rev.
func (d *DB) scanAt(rev int64, bucket string, fn func(k, v []byte) error) error {
	t := &tx{d: d, rev: rev}
	return t.Scan(bucket, engine.Range{}, fn)
}

// Sums counts and checksums every bucket at rev (0: now).
func (d *DB) Sums(rev int64) ([]Sum, error) {
	bs, rev, err := d.buckets(rev)
	if err != nil {
		return nil, err
	}
	var out []Sum
	for _, b := range bs {
		s := newSummer()
		if err := d.scanAt(rev, b, func(k, v []byte) error { s.add(k, v); return nil }); err != nil {
			return nil, err
		}
		out = append(out, s.sum(b))
	}
	return out, nil
}

// FileSums counts and checksums every bucket of a bbolt file.
func FileSums(path string) ([]Sum, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var out []Sum
	err = db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := newSummer()
			if err := b.ForEach(func(k, v []byte) error {
				if v == nil && b.Bucket(k) != nil {
					return nil // nested buckets are not part of a store
				}
				s.add(k, v)
				return nil
			}); err != nil {
				return err
			}
			out = append(out, s.sum(string(name)))
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Bucket < out[j].Bucket })
	return out, err
}

// Empty reports whether the cluster holds no store under the prefix.
func (d *DB) Empty() (bool, error) {
	t := &tx{d: d}
	r, err := t.get(d.p, clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		return false, err
	}
	// Frontend slots are not data.
	s, err := t.get(d.p+"n/", clientv3.WithPrefix(), clientv3.WithCountOnly())
	if err != nil {
		return false, err
	}
	return r.Count-s.Count == 0, nil
}

// Backup writes a consistent copy of the store, as a bbolt file that the
// embedded engine opens, to w.
func (d *DB) Backup(w io.Writer) (int64, error) {
	f, err := os.CreateTemp("", "outreach-backup-*.db")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	if _, err := d.WriteFile(name, 0); err != nil {
		return 0, err
	}
	f, err = os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	return io.Copy(w, f)
}

// WriteFile writes the store at rev (0: now) to a bbolt file at path
// (replacing what it holds) and returns the sums of what it wrote. Each
// bucket's sequence is set above every number the cluster can have handed
// out, so the file goes on numbering after them.
func (d *DB) WriteFile(path string, rev int64) ([]Sum, error) {
	bs, rev, err := d.buckets(rev)
	if err != nil {
		return nil, err
	}
	base, floors, err := d.seqFloors(rev)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: true})
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	var sums []Sum
	for _, b := range bs {
		s := newSummer()
		var batch [][2][]byte
		flush := func() error {
			err := db.Update(func(btx *bolt.Tx) error {
				bk, err := btx.CreateBucketIfNotExists([]byte(b))
				if err != nil {
					return err
				}
				bk.FillPercent = 0.9
				for _, kv := range batch {
					if err := bk.Put(kv[0], kv[1]); err != nil {
						return err
					}
				}
				return nil
			})
			batch = batch[:0]
			return err
		}
		err := d.scanAt(rev, b, func(k, v []byte) error {
			s.add(k, v)
			batch = append(batch, [2][]byte{append([]byte{}, k...), append([]byte{}, v...)})
			if len(batch) >= 10_000 {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err == nil {
			seq := max(floors[b], uint64(rev+base)<<24|0xffffff)
			err = db.Update(func(btx *bolt.Tx) error { return btx.Bucket([]byte(b)).SetSequence(seq) })
		}
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("write %s: %w", path, mapErr(err, false))
		}
		sums = append(sums, s.sum(b))
	}
	if err := db.Sync(); err != nil {
		db.Close()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return sums, db.Close()
}

// seqFloors reads the sequence base and the floors a load set.
func (d *DB) seqFloors(rev int64) (int64, map[string]uint64, error) {
	t := &tx{d: d, rev: rev}
	r, err := t.get(d.p+seqBaseKey, clientv3.WithPrefix())
	if err != nil {
		return 0, nil, err
	}
	var base int64
	floors := map[string]uint64{}
	for _, kv := range r.Kvs {
		if len(kv.Value) != 8 {
			continue
		}
		v := binary.BigEndian.Uint64(kv.Value)
		switch k := string(kv.Key[len(d.p):]); {
		case k == seqBaseKey:
			base = int64(v)
		case strings.HasPrefix(k, seqBaseKey+"/"):
			floors[k[len(seqBaseKey)+1:]] = v
		}
	}
	return base, floors, nil
}

// LoadFile copies a bbolt store file into the cluster and returns the sums
// of what it read. The cluster must hold no store unless force is set (then
// what it holds is deleted first). Records go in transactions within
// etcd's default limits, the schema record last, so a store that is
// opened while a load runs, or after one failed, is not mistaken for a
// complete one: run the load again with force.
func (d *DB) LoadFile(path string, force bool) ([]Sum, error) {
	empty, err := d.Empty()
	if err != nil {
		return nil, err
	}
	if !empty {
		if !force {
			return nil, ErrNotEmpty
		}
		ctx, cancel := d.call()
		_, err := d.cli.Delete(ctx, d.p+"b/", clientv3.WithPrefix())
		if err == nil {
			_, err = d.cli.Delete(ctx, d.p+"k/", clientv3.WithPrefix())
		}
		if err == nil {
			_, err = d.cli.Delete(ctx, d.p+seqBaseKey, clientv3.WithPrefix())
		}
		cancel()
		if err != nil {
			return nil, mapErr(err, false)
		}
		d.known.Clear()
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var ops []clientv3.Op
	size := 0
	send := func() error {
		if len(ops) == 0 {
			return nil
		}
		ctx, cancel := d.call()
		defer cancel()
		_, err := d.cli.Txn(ctx).Then(ops...).Commit()
		ops, size = ops[:0], 0
		return mapErr(err, true)
	}
	add := func(op clientv3.Op, n int) error {
		if len(ops)+1 > maxBatchOps || size+n > maxBatchBytes {
			if err := send(); err != nil {
				return err
			}
		}
		ops = append(ops, op)
		size += n
		return nil
	}
	var sums []Sum
	var maxFloor uint64
	var last []clientv3.Op // the meta bucket's records go last
	err = db.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bn := string(name)
			s := newSummer()
			base := d.dataPrefix(bn)
			err := b.ForEach(func(k, v []byte) error {
				if v == nil && b.Bucket(k) != nil {
					return nil
				}
				s.add(k, v)
				op := clientv3.OpPut(base+string(k), string(v))
				if bn == "meta" {
					last = append(last, op)
					return nil
				}
				return add(op, len(base)+len(k)+len(v)+16)
			})
			if err != nil {
				return err
			}
			if err := add(clientv3.OpPut(d.bucketKey(bn), ""), len(bn)+16); err != nil {
				return err
			}
			if seq := b.Sequence(); seq > 0 {
				maxFloor = max(maxFloor, seq)
				var v [8]byte
				binary.BigEndian.PutUint64(v[:], seq)
				if err := add(clientv3.OpPut(d.p+seqBaseKey+"/"+bn, string(v[:])), 32); err != nil {
					return err
				}
			}
			sums = append(sums, s.sum(bn))
			return nil
		})
	})
	if err == nil && maxFloor > 0 {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], maxFloor>>24+1)
		err = add(clientv3.OpPut(d.p+seqBaseKey, string(v[:])), 32)
	}
	if err == nil {
		err = send()
	}
	for _, op := range last {
		if err == nil {
			err = add(op, 256)
		}
	}
	if err == nil {
		err = send()
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Bucket < sums[j].Bucket })
	return sums, nil
}
