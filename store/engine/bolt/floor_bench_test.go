package bolt

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkCommitFloor measures what a durable bbolt commit costs at the
// least, next to the I/O it is made of, in one run:
//
//   - reference=fdatasync: one 4 KiB overwrite and one fdatasync (the
//     floor of any design that syncs once per commit);
//   - reference=2fdatasync: a 4 KiB overwrite, fdatasync, a second 4 KiB
//     overwrite (the meta page), fdatasync: what bbolt's commit protocol
//     does at the least (data pages durable before the meta that names
//     them);
//   - bbolt-direct=empty: db.Update with nothing in it, no writer;
//   - engine=empty, engine=put and engine=put-appended: the same through
//     the group-commit writer, with N concurrent senders: an empty update;
//     one small Put per update, each sender's keys its own range (a leaf
//     per sender dirtied, as sends to different creators do); the same
//     Puts under one rising key (the rightmost leaf only, a log's layout).
//
// With one sender every figure is per commit; with 64, the writer groups
// them, and the bbolt lines are bounded by 64 senders / commit time.
func BenchmarkCommitFloor(b *testing.B) {
	for _, senders := range []int{1, 64} {
		b.Run(fmt.Sprintf("senders=%d/reference=fdatasync", senders), func(b *testing.B) {
			syncRef(b, senders, 1)
		})
		b.Run(fmt.Sprintf("senders=%d/reference=2fdatasync", senders), func(b *testing.B) {
			syncRef(b, senders, 2)
		})
		if senders == 1 {
			b.Run("senders=1/bbolt-direct=empty", func(b *testing.B) {
				db, err := bolt.Open(filepath.Join(b.TempDir(), "x.db"), 0o600, nil)
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				run(b, 1, func(int) error { return db.Update(func(*bolt.Tx) error { return nil }) })
			})
		}
		b.Run(fmt.Sprintf("senders=%d/engine=empty", senders), func(b *testing.B) {
			d := openBench(b, Options{})
			run(b, senders, func(int) error { return d.Update(func(engine.Tx) error { return nil }) })
			reportGroups(b, d)
		})
		b.Run(fmt.Sprintf("senders=%d/engine=put", senders), func(b *testing.B) {
			d := openBench(b, Options{})
			run(b, senders, func(i int) error {
				return d.Update(func(tx engine.Tx) error { return tx.Put("b", u64key(i), make([]byte, 48)) })
			})
			reportGroups(b, d)
		})
		b.Run(fmt.Sprintf("senders=%d/engine=put-appended", senders), func(b *testing.B) {
			// The same puts under one rising key: a group fills the rightmost
			// leaf instead of dirtying a leaf per sender (a log's layout).
			d := openBench(b, Options{})
			var seq atomic.Int64
			run(b, senders, func(int) error {
				return d.Update(func(tx engine.Tx) error { return tx.Put("b", u64key(int(seq.Add(1))), make([]byte, 48)) })
			})
			reportGroups(b, d)
		})
	}
}

// syncRef is a group-commit writer over a plain preallocated file: each
// group overwrites one 4 KiB block and fdatasyncs, syncs times.
func syncRef(b *testing.B, senders, syncs int) {
	f, err := os.Create(filepath.Join(b.TempDir(), "log"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	if _, err := f.Write(make([]byte, 1<<20)); err != nil {
		b.Fatal(err)
	}
	f.Sync()
	type req struct{ done chan struct{} }
	q := make(chan req, 4096)
	go func() {
		var group []req
		n := int64(0)
		for r := range q {
			group = append(group[:0], r)
		more:
			for {
				select {
				case r := <-q:
					group = append(group, r)
				default:
					break more
				}
			}
			for s := range syncs {
				off := int64(s) * 4096 // the meta block
				if s == 0 {
					n++
					off = 8192 + n%200*4096 // a data block
				}
				f.WriteAt(page, off)
				syscall.Fdatasync(int(f.Fd()))
			}
			for _, r := range group {
				close(r.done)
			}
		}
	}()
	run(b, senders, func(int) error {
		r := req{make(chan struct{})}
		q <- r
		<-r.done
		return nil
	})
	close(q)
}

func openBench(b *testing.B, opts Options) *DB {
	d, err := Open(filepath.Join(b.TempDir(), "x.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if err := d.Update(func(tx engine.Tx) error { return tx.CreateBucket("b") }); err != nil {
		b.Fatal(err)
	}
	return d
}

func reportGroups(b *testing.B, d *DB) {
	commits, updates := d.Stats()
	b.ReportMetric(float64(updates)/float64(commits), "writes/commit")
}

func u64key(i int) []byte {
	var k [8]byte
	for j := range k {
		k[7-j] = byte(i >> (8 * j))
	}
	return k[:]
}
