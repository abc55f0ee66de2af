package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outreach/model"

	bbolt "go.etcd.io/bbolt"
)

// goodStore builds a store with enough data for branch pages in several
// buckets, and returns its bytes and the ids of its pages by type.
func goodStore(t *testing.T) ([]byte, int, map[string][]int) {
	// pages["used"] is the number of pages in use (the high-water mark);
	// pages["creators"] are the leaf pages of the creators bucket.
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 0, 3000)
	for i := 0; i < 300; i++ {
		if _, err := s.Outreach(Request{Kind: model.Message, Seller: "s1", Creator: fmt.Sprintf("c%d", i), Text: "hello there", Now: t0}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]int{}
	ps := db.Info().PageSize
	db.View(func(tx *bbolt.Tx) error {
		for id := 0; ; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				break
			}
			pages[p.Type] = append(pages[p.Type], id)
			id += p.OverflowCount
		}
		pages["used"] = []int{int(tx.Size()) / ps}
		pages["creators root"] = []int{int(tx.Bucket([]byte(bCreators)).Root())}
		return nil
	})
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The creators bucket's root is a branch page: its children are leaves.
	root := pages["creators root"][0] * ps
	if b[root+8] != 0x01 {
		t.Fatal("the creators bucket has no branch page")
	}
	for i := range int(binary.LittleEndian.Uint16(b[root+10:])) {
		pages["creators"] = append(pages["creators"], int(binary.LittleEndian.Uint64(b[root+16+16*i+8:])))
	}
	return b, ps, pages
}

// damage is one way a file gets damaged.
type damage struct {
	name string
	do   func(b []byte) []byte
}

func damageCorpus(t *testing.T, ps int, pages map[string][]int) []damage {
	zero := func(id int) func([]byte) []byte {
		return func(b []byte) []byte { clear(b[id*ps : (id+1)*ps]); return b }
	}
	flip := func(id, off int) func([]byte) []byte {
		return func(b []byte) []byte { b[id*ps+off] ^= 0x5a; return b }
	}
	trunc := func(n func(int) int) func([]byte) []byte { return func(b []byte) []byte { return b[:n(len(b))] } }
	if len(pages["creators"]) < 10 || len(pages["freelist"]) != 1 {
		t.Fatalf("the good store is too small to damage well: %v", pages)
	}
	// Damage to a page is met by the reads that read it: the leaves and
	// branch pages damaged here are the creators bucket's, which the probe
	// reads in full. (Damage elsewhere is met by the commands that read
	// there, and always by Check.)
	free, used, creators, croot := pages["freelist"][0], pages["used"][0], pages["creators"], pages["creators root"][0]
	rng := rand.New(rand.NewSource(8))
	cs := []damage{
		{"zero-length", func([]byte) []byte { return nil }},
		{"truncated to 100 bytes", trunc(func(int) int { return 100 })},
		{"truncated to one page", trunc(func(int) int { return ps })},
		{"truncated inside page 1", trunc(func(int) int { return ps + 100 })},
		{"truncated to half", trunc(func(n int) int { return n / 2 })},
		{"truncated by one page", trunc(func(int) int { return (used - 1) * ps })},
		{"truncated by one byte", trunc(func(int) int { return used*ps - 1 })},
		{"zeroed page 0 (meta)", zero(0)},
		{"zeroed page 1 (meta)", zero(1)},
		{"zeroed branch page", zero(croot)},
		{"zeroed first leaf page", zero(creators[0])},
		{"zeroed middle leaf page", zero(creators[len(creators)/2])},
		{"zeroed last leaf page", zero(creators[len(creators)-1])},
		{"zeroed freelist page", zero(free)},
		{"flipped meta 0 root", flip(0, 16+16)},
		{"flipped meta 1 high-water mark", flip(1, 16+40)},
		{"flipped meta 0 checksum", flip(0, 16+56)},
		{"flipped branch page id", flip(croot, 0)},
		{"flipped branch page flags", flip(croot, 8)},
		{"flipped branch element child id", flip(croot, 16+16+8+2)},
		{"flipped leaf page id", flip(creators[1], 1)},
		{"flipped leaf page flags", flip(creators[len(creators)/3], 8)},
		{"flipped leaf element position", flip(creators[len(creators)/2], 16+4+1)},
		{"flipped leaf element key size", flip(creators[len(creators)-2], 16+8+1)},
		{"flipped leaf element value size", flip(creators[1], 16*3+12+1)},
		{"flipped freelist page flags", flip(free, 8)},
		{"random garbage", func(b []byte) []byte { rng.Read(b); return b }},
		{"random garbage after the meta pages", func(b []byte) []byte { rng.Read(b[2*ps:]); return b }},
	}
	return cs
}

// Every kind of damage gives an error that wraps ErrDamaged and names the
// file, from Open or from the first read or write that meets it; nothing
// panics, the file is never changed, and Check reports what is wrong.
func TestDamagedFilesNeverPanic(t *testing.T) {
	good, ps, pages := goodStore(t)
	dir := t.TempDir()
	for i, d := range damageCorpus(t, ps, pages) {
		t.Run(d.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("d%02d.db", i))
			b := d.do(append([]byte{}, good...))
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			errs := probe(t, path)
			if len(errs) == 0 {
				t.Fatal("no operation reported the damage")
			}
			for _, err := range errs {
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
					t.Errorf("error %q: want one wrapping ErrDamaged that names the file", err)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
				t.Error("the damaged file was changed")
			}
			probs, err := Check(path)
			if err != nil || len(probs) == 0 {
				t.Errorf("check: %q %v, want problems", probs, err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, b) {
				t.Error("check changed the file")
			}
		})
	}
}

// probe opens the file for writing and runs reads and writes that between
// them touch every bucket; it returns their errors.
func probe(t *testing.T, path string) (errs []error) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}()
	s, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		return []error{err}
	}
	defer func() {
		if err := s.Close(); err != nil {
			errs = append(errs, err)
		}
	}()
	ops := []func() error{
		func() error { return s.ForEachCreator(func(*model.Creator) error { return nil }) },
		func() error { _, err := s.Sellers(); return err },
		func() error { _, err := s.Decisions("s1", 0); return err },
		func() error { _, err := s.Quota("s1", t0); return err },
		func() error { _, err := s.Relations("s1"); return err },
		func() error { _, err := s.CreatorRelations("c1"); return err },
		func() error { _, err := s.Messages("s1", "c1", 0); return err },
		func() error { _, err := s.ListKeys(); return err },
		func() error { _, err := s.Audit(0); return err },
		func() error { _, err := s.PruneIdempotencyKeys(t0); return err },
		func() error {
			_, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c2999", Now: t0})
			return err
		},
		func() error { _, err := s.Backup(discard{}); return err },
	}
	for _, op := range ops {
		if err := op(); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// A zero-length file is never initialised, not even by a writing open.
func TestZeroLengthFileIsNotInitialised(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{}, {ReadOnly: true}, {MustExist: true}} {
		if _, err := Open(path, opts); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
			t.Fatalf("open %+v: %v, want ErrDamaged naming the file", opts, err)
		}
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Fatalf("the empty file now has %d bytes", fi.Size())
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	if _, err := Check(filepath.Join(dir, "none.db")); !errors.Is(err, ErrMissing) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Fatal("check created the file")
	}
	path := filepath.Join(dir, "ok.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 50_00, 500)
	s.Close()
	if probs, err := Check(path); err != nil || len(probs) != 0 {
		t.Fatalf("sound store: %q %v", probs, err)
	}
	s, _ = Open(path, Options{})
	defer s.Close()
	if _, err := Check(path); !errors.Is(err, ErrInUse) {
		t.Fatalf("store in use: %v", err)
	}
}
