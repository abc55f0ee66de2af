package bolt

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"outreach/store/engine"
)

func open(t *testing.T, opts Options) *DB {
	t.Helper()
	d, err := Open(filepath.Join(t.TempDir(), "e.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestScanRanges(t *testing.T) {
	d := open(t, Options{NoSync: true})
	keys := []string{"a", "a\x00x", "a\x00y", "a\x00z", "b", "b\x00x", "c"}
	err := d.Update(func(tx engine.Tx) error {
		if err := tx.CreateBucket("k"); err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Put("k", []byte(k), []byte("v"+k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		r    engine.Range
		want string
	}{
		{"all", engine.Range{}, "a,a.x,a.y,a.z,b,b.x,c"},
		{"prefix", engine.Range{Prefix: []byte("a\x00")}, "a.x,a.y,a.z"},
		{"prefix reverse", engine.Range{Prefix: []byte("a\x00"), Reverse: true}, "a.z,a.y,a.x"},
		{"prefix reverse limit", engine.Range{Prefix: []byte("a\x00"), Reverse: true, Limit: 2}, "a.z,a.y"},
		{"start end", engine.Range{Start: []byte("a\x00y"), End: []byte("b\x00x")}, "a.y,a.z,b"},
		{"start end reverse", engine.Range{Start: []byte("a\x00y"), End: []byte("b\x00x"), Reverse: true}, "b,a.z,a.y"},
		{"reverse all limit", engine.Range{Reverse: true, Limit: 3}, "c,b.x,b"},
		{"end past last", engine.Range{Start: []byte("b"), End: []byte("zz")}, "b,b.x,c"},
		{"empty prefix match", engine.Range{Prefix: []byte("q")}, ""},
		{"missing bucket", engine.Range{}, ""},
	}
	for _, c := range cases {
		var got []string
		bucket := "k"
		if c.name == "missing bucket" {
			bucket = "none"
		}
		d.View(func(tx engine.Tx) error {
			return tx.Scan(bucket, c.r, func(k, v []byte) error {
				if string(v) != "v"+string(k) {
					t.Errorf("%s: value %q for %q", c.name, v, k)
				}
				got = append(got, strings.ReplaceAll(string(k), "\x00", "."))
				return nil
			})
		})
		if g := strings.Join(got, ","); g != c.want {
			t.Errorf("%s: %s, want %s", c.name, g, c.want)
		}
	}
}

// group counts how often the updates of one attempt flushed.
type group struct{ flushed *int }

func (g *group) Flush(tx engine.Tx) error { *g.flushed++; return tx.Put("k", []byte("flushed"), []byte("1")) }

// A failing update is dropped from its group and the others commit; each
// attempt gets a fresh group that flushes once.
func TestGroupRetriesWithoutTheFailedUpdate(t *testing.T) {
	var mu sync.Mutex
	flushes := 0
	d := open(t, Options{NoSync: true, NewGroup: func() engine.Group {
		mu.Lock()
		defer mu.Unlock()
		return &group{&flushes}
	}})
	d.Update(func(tx engine.Tx) error { return tx.CreateBucket("k") })
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = d.Update(func(tx engine.Tx) error {
				if i%10 == 3 {
					return fmt.Errorf("update %d fails", i)
				}
				seq, err := tx.NextSequence("k")
				if err != nil {
					return err
				}
				return tx.Put("k", []byte(fmt.Sprintf("u%02d", i)), []byte(fmt.Sprint(seq)))
			})
		}(i)
	}
	wg.Wait()
	n := 0
	d.View(func(tx engine.Tx) error {
		n, _ = tx.Count("k")
		return nil
	})
	for i, err := range errs {
		if (i%10 == 3) != (err != nil) {
			t.Errorf("update %d: %v", i, err)
		}
	}
	if n != 45+1 {
		t.Fatalf("%d keys, want 45 updates and the flush marker", n)
	}
}

// A panic inside a transaction is an error wrapping ErrDamaged naming the
// file, never a crash; after one in a write, writes are refused.
func TestPanicsBecomeDamage(t *testing.T) {
	d := open(t, Options{NoSync: true})
	err := d.View(func(engine.Tx) error { panic("boom") })
	if !errors.Is(err, engine.ErrDamaged) || !strings.Contains(err.Error(), d.Path()) {
		t.Fatalf("view: %v", err)
	}
	if err := d.Update(func(tx engine.Tx) error { return tx.CreateBucket("k") }); err != nil {
		t.Fatalf("a read's panic refused writes: %v", err)
	}
	err = d.Update(func(engine.Tx) error { panic("boom") })
	if !errors.Is(err, engine.ErrDamaged) {
		t.Fatalf("update: %v", err)
	}
	if err := d.Update(func(tx engine.Tx) error { return nil }); !errors.Is(err, engine.ErrDamaged) {
		t.Fatalf("write after a panicked write: %v", err)
	}
	if err := d.View(func(tx engine.Tx) error { _, err := tx.Get("k", []byte("x")); return err }); err != nil {
		t.Fatalf("read after a panicked write: %v", err)
	}
}
