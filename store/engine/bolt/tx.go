package bolt

import (
	"bytes"
	"fmt"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
)

// tx adapts a bbolt transaction to engine.Tx. It remembers the buckets it
// opened (there are a dozen) so that a hot path does not look them up again.
type tx struct {
	tx    *bolt.Tx
	group engine.Group
	n     int
	names [16]string
	bs    [16]*bolt.Bucket
}

var _ engine.Tx = (*tx)(nil)

func (t *tx) bucket(name string) *bolt.Bucket {
	for i := 0; i < t.n; i++ {
		if t.names[i] == name {
			return t.bs[i]
		}
	}
	b := t.tx.Bucket([]byte(name))
	if b != nil && t.n < len(t.bs) {
		t.names[t.n], t.bs[t.n] = name, b
		t.n++
	}
	return b
}

func (t *tx) forget() { t.n = 0 }

func (t *tx) Get(bucket string, key []byte) ([]byte, error) {
	b := t.bucket(bucket)
	if b == nil {
		return nil, nil
	}
	return b.Get(key), nil
}

func (t *tx) Put(bucket string, key, value []byte) error {
	b := t.bucket(bucket)
	if b == nil {
		return fmt.Errorf("put %q: %w", bucket, engine.ErrNoBucket)
	}
	return b.Put(key, value)
}

func (t *tx) Delete(bucket string, key []byte) error {
	b := t.bucket(bucket)
	if b == nil {
		return nil
	}
	return b.Delete(key)
}

func (t *tx) Scan(bucket string, r engine.Range, fn func(k, v []byte) error) error {
	b := t.bucket(bucket)
	if b == nil {
		return nil
	}
	lo, hi := r.Bounds()
	c := b.Cursor()
	var k, v []byte
	n := 0
	if !r.Reverse {
		if lo == nil {
			k, v = c.First()
		} else {
			k, v = c.Seek(lo)
		}
		for ; k != nil && (hi == nil || bytes.Compare(k, hi) < 0); k, v = c.Next() {
			if r.Limit > 0 && n >= r.Limit {
				return nil
			}
			if err := fn(k, v); err != nil {
				return err
			}
			n++
		}
		return nil
	}
	if hi == nil {
		k, v = c.Last()
	} else if k, v = c.Seek(hi); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && (lo == nil || bytes.Compare(k, lo) >= 0); k, v = c.Prev() {
		if r.Limit > 0 && n >= r.Limit {
			return nil
		}
		if err := fn(k, v); err != nil {
			return err
		}
		n++
	}
	return nil
}

func (t *tx) Count(bucket string) (int, error) {
	b := t.bucket(bucket)
	if b == nil {
		return 0, nil
	}
	return b.Stats().KeyN, nil
}

func (t *tx) NextSequence(bucket string) (uint64, error) {
	b := t.bucket(bucket)
	if b == nil {
		return 0, fmt.Errorf("sequence %q: %w", bucket, engine.ErrNoBucket)
	}
	return b.NextSequence()
}

func (t *tx) CreateBucket(bucket string) error {
	_, err := t.tx.CreateBucketIfNotExists([]byte(bucket))
	return err
}

func (t *tx) DeleteBucket(bucket string) error {
	t.forget()
	if t.tx.Bucket([]byte(bucket)) == nil {
		return nil
	}
	return t.tx.DeleteBucket([]byte(bucket))
}

func (t *tx) HasBucket(bucket string) (bool, error) { return t.bucket(bucket) != nil, nil }

func (t *tx) Group() engine.Group { return t.group }
