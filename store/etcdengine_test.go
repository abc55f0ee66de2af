package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"outreach/store/engine"
	"outreach/store/engine/bolt"
	"outreach/store/engine/etcd"
	"outreach/store/etcd/etcdtest"
)

// The etcd engine's own guarantees, on a one-member cluster: two engines
// on one prefix are two frontends.
func engines(t *testing.T, c *etcdtest.Cluster, prefix string) (*etcd.DB, *etcd.DB) {
	t.Helper()
	var out [2]*etcd.DB
	for i := range out {
		e, err := etcd.Open(etcd.Options{Endpoints: c.Endpoints(), Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		out[i] = e
	}
	if err := out[0].Update(func(tx engine.Tx) error { return tx.CreateBucket("b") }); err != nil {
		t.Fatal(err)
	}
	return out[0], out[1]
}

func put(t *testing.T, e *etcd.DB, kvs ...string) {
	t.Helper()
	err := e.Update(func(tx engine.Tx) error {
		for i := 0; i+1 < len(kvs); i += 2 {
			if kvs[i+1] == "-" {
				if err := tx.Delete("b", []byte(kvs[i])); err != nil {
					return err
				}
				continue
			}
			if err := tx.Put("b", []byte(kvs[i]), []byte(kvs[i+1])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func scanKeys(tx engine.Tx, r engine.Range) string {
	var out []string
	tx.Scan("b", r, func(k, v []byte) error { out = append(out, string(k)+"="+string(v)); return nil })
	return fmt.Sprint(out)
}

// A scan in an update sees the update's own writes merged in key order.
func TestEtcdScanMergesOwnWrites(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, _ := engines(t, c, "merge/")
	put(t, a, "a", "1", "c", "3", "e", "5")
	cases := []struct {
		r    engine.Range
		want string
	}{
		{engine.Range{}, "[a=1 b=2 d=4 e=5]"},
		{engine.Range{Reverse: true}, "[e=5 d=4 b=2 a=1]"},
		{engine.Range{Reverse: true, Limit: 2}, "[e=5 d=4]"},
		{engine.Range{Start: []byte("b"), End: []byte("e")}, "[b=2 d=4]"},
		{engine.Range{Limit: 1}, "[a=1]"},
	}
	err := a.Update(func(tx engine.Tx) error {
		tx.Put("b", []byte("b"), []byte("2"))
		tx.Put("b", []byte("d"), []byte("4"))
		tx.Delete("b", []byte("c"))
		for _, cs := range cases {
			if got := scanKeys(tx, cs.r); got != cs.want {
				t.Errorf("scan %+v: %s, want %s", cs.r, got, cs.want)
			}
		}
		if n, _ := tx.Count("b"); n != 4 {
			t.Errorf("count %d, want 4", n)
		}
		return engine.ErrReadOnly // roll back
	})
	if err != engine.ErrReadOnly {
		t.Fatal(err)
	}
	if err := a.View(func(tx engine.Tx) error {
		if got := scanKeys(tx, engine.Range{}); got != "[a=1 c=3 e=5]" {
			t.Errorf("after a rolled back update: %s", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// What another frontend commits between an update's reads and its commit
// makes the update run again: a key read, a key put in a scanned range, a
// key deleted from a scanned range. Outside what was read, it does not.
func TestEtcdConflictsRunTheUpdateAgain(t *testing.T) {
	c := etcdtest.Start(t, 1)
	cases := []struct {
		name  string
		read  func(tx engine.Tx)
		other []string // what the other frontend commits meanwhile
		runs  int
	}{
		{"key read, then changed", func(tx engine.Tx) { tx.Get("b", []byte("k1")) }, []string{"k1", "x"}, 2},
		{"absent key read, then created", func(tx engine.Tx) { tx.Get("b", []byte("new")) }, []string{"new", "x"}, 2},
		{"key read, then deleted", func(tx engine.Tx) { tx.Get("b", []byte("k1")) }, []string{"k1", "-"}, 2},
		{"range scanned, key put in it", func(tx engine.Tx) {
			tx.Scan("b", engine.Range{Prefix: []byte("k")}, func(_, _ []byte) error { return nil })
		}, []string{"k5", "x"}, 2},
		{"range scanned, key deleted in it", func(tx engine.Tx) {
			tx.Scan("b", engine.Range{Prefix: []byte("k")}, func(_, _ []byte) error { return nil })
		}, []string{"k2", "-"}, 2},
		{"range counted, key put in it", func(tx engine.Tx) { tx.Count("b") }, []string{"z", "x"}, 2},
		{"limited scan, key put before the last key reached", func(tx engine.Tx) {
			tx.Scan("b", engine.Range{Prefix: []byte("k"), Limit: 1}, func(_, _ []byte) error { return nil })
		}, []string{"k0", "x"}, 2},
		{"limited scan, key put past the last key reached", func(tx engine.Tx) {
			tx.Scan("b", engine.Range{Prefix: []byte("k"), Limit: 1}, func(_, _ []byte) error { return nil })
		}, []string{"k5", "x"}, 1},
		{"key read, another changed", func(tx engine.Tx) { tx.Get("b", []byte("k1")) }, []string{"k2", "y"}, 1},
		{"range scanned, key put outside", func(tx engine.Tx) {
			tx.Scan("b", engine.Range{Prefix: []byte("k")}, func(_, _ []byte) error { return nil })
		}, []string{"z", "x"}, 1},
	}
	for i, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			a, b := engines(t, c, fmt.Sprintf("conflict%d/", i))
			put(t, a, "k1", "1", "k2", "2")
			runs := 0
			err := a.Update(func(tx engine.Tx) error {
				runs++
				cs.read(tx)
				if runs == 1 {
					put(t, b, cs.other...)
				}
				return tx.Put("b", []byte("out"), []byte(fmt.Sprint(runs)))
			})
			if err != nil || runs != cs.runs {
				t.Fatalf("ran %d times (%v), want %d", runs, err, cs.runs)
			}
		})
	}
}

// Sequence numbers from two frontends at once are unique, and a number
// handed out after another commit was seen is larger.
func TestEtcdSequencesUniqueAndOrdered(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := engines(t, c, "seq/")
	var mu sync.Mutex
	seen := map[uint64]bool{}
	var wg sync.WaitGroup
	for g := range 16 {
		e := a
		if g%2 == 1 {
			e = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				err := e.Update(func(tx engine.Tx) error {
					n, err := tx.NextSequence("b")
					if err != nil {
						return err
					}
					mu.Lock()
					dup := seen[n]
					seen[n] = true
					mu.Unlock()
					if dup {
						t.Errorf("sequence %d handed out twice", n)
					}
					return tx.Put("b", []byte(fmt.Sprintf("g%d-%d", g, i)), nil)
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var last uint64
	for i := range 10 {
		e := []*etcd.DB{a, b}[i%2]
		var prev []byte
		var n uint64
		err := e.Update(func(tx engine.Tx) error { // may run twice: keep only the committed attempt's values
			p, err := tx.Get("b", []byte("last"))
			if err != nil {
				return err
			}
			prev = append(prev[:0], p...)
			if n, err = tx.NextSequence("b"); err != nil {
				return err
			}
			return tx.Put("b", []byte("last"), []byte(fmt.Sprint(n)))
		})
		if err != nil {
			t.Fatal(err)
		}
		if last != 0 && string(prev) != fmt.Sprint(last) {
			t.Errorf("committed after reading %q, want %d", prev, last)
		}
		if n <= last {
			t.Errorf("sequence %d after %d, which this transaction read", n, last)
		}
		last = n
	}
}

// Backup writes a bbolt file that the embedded engine opens, with the
// same records.
func TestEtcdBackupIsABoltFile(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, _ := engines(t, c, "backup/")
	put(t, a, "k1", "v1", "k2", "", "k3", "v3")
	var buf bytes.Buffer
	if _, err := a.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx engine.Tx) error {
		if got := scanKeys(tx, engine.Range{}); got != "[k1=v1 k2= k3=v3]" {
			t.Errorf("backup holds %s", got)
		}
		return nil
	})
}
