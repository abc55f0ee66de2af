package catalog

import (
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"testing"

	"outreach/model"
)

// snapshotCases are the row sets every snapshot test runs over: a hand-made
// one with non-ASCII text, a synthetic one out of ID order (so byID is
// kept), one with activity outside 0..255, and none at all.
func snapshotCases() map[string][]Row {
	shuffled := genRows(3000, 7)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	wide := fixture()
	wide[1].ActiveDays30, wide[3].ActiveDays30 = 300, -4
	return map[string][]Row{
		"fixture":  fixture(),
		"shuffled": shuffled,
		"wide":     wide,
		"empty":    nil,
	}
}

func writeOpen(t *testing.T, ix *Index, stamp uint64) (*Index, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "store.catalog")
	if err := ix.WriteSnapshot(context.Background(), path, stamp); err != nil {
		t.Fatalf("WriteSnapshot: %v", err)
	}
	got, err := OpenSnapshot(path, stamp)
	if err != nil {
		t.Fatalf("OpenSnapshot: %v", err)
	}
	return got, path
}

// snapshotQueries is every text, filter and sort combination the equality
// tests ask both indexes.
func snapshotQueries() []Query {
	texts := []string{"", "m", "ma", "maria", "lena", "@lena.bakes", "LENA.BAKES", "zo", "Zoë", "mü", "xyz", "kim.style", "c1"}
	ls := model.LinkShare
	filters := []Filter{
		{},
		{Levels: Levels(3, 5, 7)},
		{Category: "food"},
		{Category: "nope"},
		{Type: &ls},
		{MinFollowers: 5_000, MaxFollowers: 500_000},
		{MinGMV: 50_000, MaxGMV: 10_000_000},
		{MinActiveDays: 10},
	}
	var qs []Query
	for _, text := range texts {
		for _, f := range filters {
			for _, s := range []Sort{Relevance, ByFollowers, ByLevel, ByGMV} {
				for _, limit := range []int{0, 7} {
					qs = append(qs, Query{Text: text, Filter: f, Sort: s, Limit: limit})
				}
			}
		}
	}
	return qs
}

// sameIndex fails unless got answers everything as want does: rows,
// lookups, categories and every query of snapshotQueries.
func sameIndex(t *testing.T, got, want *Index) {
	t.Helper()
	if got.Len() != want.Len() || got.Live() != want.Live() || got.Base() != want.Base() {
		t.Fatalf("Len/Live/Base %d/%d/%d, want %d/%d/%d", got.Len(), got.Live(), got.Base(), want.Len(), want.Live(), want.Base())
	}
	for i := range want.Len() {
		if g, w := got.Row(i), want.Row(i); !reflect.DeepEqual(g, w) {
			t.Fatalf("Row(%d) = %+v, want %+v", i, g, w)
		}
		if g, w := got.Dead(i), want.Dead(i); g != w {
			t.Fatalf("Dead(%d) = %v, want %v", i, g, w)
		}
		id := want.Row(i).ID
		gi, gok := got.Lookup(id)
		wi, wok := want.Lookup(id)
		if gi != wi || gok != wok {
			t.Fatalf("Lookup(%q) = %d %v, want %d %v", id, gi, gok, wi, wok)
		}
	}
	if _, ok := got.Lookup("no such id"); ok {
		t.Fatal("Lookup of a missing id found a row")
	}
	if g, w := got.Categories(), want.Categories(); !reflect.DeepEqual(g, w) && len(g)+len(w) > 0 {
		t.Fatalf("Categories = %v, want %v", g, w)
	}
	for _, q := range snapshotQueries() {
		g, err := got.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		w, err := want.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		if g.Total != w.Total || !reflect.DeepEqual(g.Hits, w.Hits) {
			t.Fatalf("Search(%+v) = %d %v, want %d %v", q, g.Total, g.Hits, w.Total, w.Hits)
		}
	}
}

func TestSnapshotSameAsBuilt(t *testing.T) {
	for name, rows := range snapshotCases() {
		t.Run(name, func(t *testing.T) {
			built := New(rows)
			mapped, _ := writeOpen(t, built, 42)
			sameIndex(t, mapped, built)

			// The overlay works the same on a mapped base.
			if len(rows) == 0 {
				return
			}
			change := *built.Row(0)
			change.Handle, change.Followers = "maria.changed", 7
			added := Row{ID: "zz-new", Handle: "lena.new", Name: "Lena New", Categories: []string{"food", "brand-new"}}
			removed := []string{built.Row(built.Len() - 1).ID}
			over := func(ix *Index) *Index { return ix.With([]Row{change, added}, removed) }
			sameIndex(t, over(mapped), over(built))
			sameIndex(t, over(mapped).Compact(), over(built).Compact())
		})
	}
}

func TestSnapshotWriteRefusesOverlay(t *testing.T) {
	ix := New(fixture()).With([]Row{{ID: "new", Handle: "h"}}, nil)
	err := ix.WriteSnapshot(context.Background(), filepath.Join(t.TempDir(), "x"), 1)
	if !errors.Is(err, ErrSnapshotOverlay) {
		t.Fatalf("WriteSnapshot of an overlaid index: %v, want ErrSnapshotOverlay", err)
	}
}

func TestSnapshotWriteCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := New(fixture()).WriteSnapshot(ctx, filepath.Join(dir, "x"), 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("WriteSnapshot with an ended context: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("a cancelled write left %v", ents)
	}
}

// resum recomputes the checksums of a snapshot after a test changed it on
// purpose, so that only the checks after the checksums can refuse it.
func resum(b []byte) {
	nsec := int(binary.NativeEndian.Uint32(b[16:]))
	table := b[snapHeader : snapHeader+nsec*snapEntry]
	for k := range nsec {
		e := getEntry(table[k*snapEntry:])
		e.sum = checksum(b[e.off : e.off+e.size])
		e.put(table[k*snapEntry:])
	}
	sum := crc32.Update(crc32.Checksum(b[:60], castagnoli), castagnoli, table)
	binary.NativeEndian.PutUint32(b[60:], sum)
}

// section is the bytes of the named section of snapshot b.
func section(t *testing.T, b []byte, name string) []byte {
	nsec := int(binary.NativeEndian.Uint32(b[16:]))
	for k := range nsec {
		if e := getEntry(b[snapHeader+k*snapEntry:]); e.name == name {
			return b[e.off : e.off+e.size]
		}
	}
	t.Fatalf("no section %q", name)
	return nil
}

func TestSnapshotRefused(t *testing.T) {
	built := New(genRows(500, 3))
	_, path := writeOpen(t, built, 42)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(b []byte) []byte
		stamp uint64
		want  error
	}{
		{"other stamp", nil, 43, ErrSnapshotStale},
		{"empty", func([]byte) []byte { return nil }, 42, ErrSnapshotDamaged},
		{"header only", func(b []byte) []byte { return b[:snapHeader] }, 42, ErrSnapshotDamaged},
		{"truncated in the table", func(b []byte) []byte { return b[:snapHeader+10] }, 42, ErrSnapshotDamaged},
		{"truncated in the data", func(b []byte) []byte { return b[:len(b)/2] }, 42, ErrSnapshotDamaged},
		{"last byte gone", func(b []byte) []byte { return b[:len(b)-1] }, 42, ErrSnapshotDamaged},
		{"not a snapshot", func(b []byte) []byte { copy(b, "not a catalog snapshot"); return b }, 42, ErrSnapshotDamaged},
		{"stamp flipped", func(b []byte) []byte { b[33] ^= 1; return b }, 42, ErrSnapshotDamaged},
		{"table flipped", func(b []byte) []byte { b[snapHeader+40] ^= 0x10; return b }, 42, ErrSnapshotDamaged},
		{"data flipped", func(b []byte) []byte { section(t, b, "keys")[5] ^= 0x20; return b }, 42, ErrSnapshotDamaged},
		{"newer version", func(b []byte) []byte { binary.NativeEndian.PutUint32(b[12:], snapVersion+1); resum(b); return b }, 42, ErrSnapshotStale},
		{"other byte order", func(b []byte) []byte { binary.BigEndian.PutUint32(b[8:], binary.NativeEndian.Uint32(b[8:])); return b }, 42, ErrSnapshotStale},
		{"section missing", func(b []byte) []byte { copy(b[snapHeader:], "renamed\x00"); resum(b); return b }, 42, ErrSnapshotDamaged},
		{"row count off", func(b []byte) []byte { binary.NativeEndian.PutUint64(b[24:], 501); resum(b); return b }, 42, ErrSnapshotDamaged},
		{"perm out of range", func(b []byte) []byte {
			binary.NativeEndian.PutUint32(section(t, b, "perm.gmv")[8:], 1<<30)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
		{"offsets going back", func(b []byte) []byte {
			binary.NativeEndian.PutUint32(section(t, b, "keyOff")[40:], 1)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
		{"handle past its key", func(b []byte) []byte {
			binary.NativeEndian.PutUint32(section(t, b, "hlen")[8:], 1000)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
		{"category out of range", func(b []byte) []byte {
			binary.NativeEndian.PutUint32(section(t, b, "catIDs")[4:], 99)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
		{"exact row out of range", func(b []byte) []byte {
			binary.NativeEndian.PutUint32(section(t, b, "exact")[0:], 600)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
		{"listed rank out of range", func(b []byte) []byte {
			binary.NativeEndian.PutUint64(section(t, b, "firstTop")[16:], 600)
			resum(b)
			return b
		}, 42, ErrSnapshotDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := append([]byte(nil), good...)
			if tt.edit != nil {
				b = tt.edit(b)
			}
			p := filepath.Join(t.TempDir(), "store.catalog")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			ix, err := OpenSnapshot(p, tt.stamp)
			if !errors.Is(err, tt.want) {
				t.Fatalf("OpenSnapshot = %v, %v; want %v", ix, err, tt.want)
			}
		})
	}
	if _, err := OpenSnapshot(filepath.Join(t.TempDir(), "none"), 42); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("OpenSnapshot of a missing file: %v", err)
	}
}

// TestSnapshotEveryByteFlipped flips each byte of a small snapshot in turn:
// each either is refused or (a padding byte) answers as the built index.
func TestSnapshotEveryByteFlipped(t *testing.T) {
	built := New(fixture())
	_, path := writeOpen(t, built, 7)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "flipped")
	opened := 0
	for off := range good {
		b := append([]byte(nil), good...)
		b[off] ^= 0x41
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		ix, err := OpenSnapshot(p, 7)
		if err != nil {
			if !errors.Is(err, ErrSnapshotDamaged) && !errors.Is(err, ErrSnapshotStale) {
				t.Fatalf("byte %d: %v, want damaged or stale", off, err)
			}
			continue
		}
		opened++
		sameIndex(t, ix, built)
	}
	if opened == len(good) {
		t.Fatal("no flipped byte was refused")
	}
}

// TestSnapshotOpenWhileWriting opens the file while it is rewritten: every
// open sees a whole snapshot, old or new.
func TestSnapshotOpenWhileWriting(t *testing.T) {
	built := New(genRows(2000, 5))
	_, path := writeOpen(t, built, 9)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		defer close(stop)
		for range 20 {
			if err := built.WriteSnapshot(context.Background(), path, 9); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				ix, err := OpenSnapshot(path, 9)
				if err != nil {
					t.Error(err)
					return
				}
				if r := ix.Row(1999); !reflect.DeepEqual(r, built.Row(1999)) {
					t.Errorf("Row = %+v", r)
					return
				}
			}
		})
	}
	wg.Wait()
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Fatalf("files left: %v", ents)
	}
}

// TestSnapshotRowOutlivesMap keeps rows of a mapped index after the index
// is gone and its map released: they are copies.
func TestSnapshotRowOutlivesMap(t *testing.T) {
	built := New(fixture())
	mapped, _ := writeOpen(t, built, 1)
	r := mapped.Row(2)
	mapped = nil
	for range 3 {
		runtime.GC()
	}
	if !reflect.DeepEqual(r, built.Row(2)) {
		t.Fatalf("row after unmap = %+v", r)
	}
}

func TestSnapshotRows(t *testing.T) {
	_, path := writeOpen(t, New(genRows(321, 4)), 5)
	if n, err := SnapshotRows(path, 5); n != 321 || err != nil {
		t.Fatalf("SnapshotRows = %d, %v; want 321", n, err)
	}
	if _, err := SnapshotRows(path, 6); !errors.Is(err, ErrSnapshotStale) {
		t.Fatalf("SnapshotRows of another stamp: %v", err)
	}
	b, _ := os.ReadFile(path)
	b[26] ^= 1 // the row count
	os.WriteFile(path, b, 0o600)
	if _, err := SnapshotRows(path, 5); !errors.Is(err, ErrSnapshotDamaged) {
		t.Fatalf("SnapshotRows of a damaged header: %v", err)
	}
}

// TestChecksum: any one byte changed changes a section's checksum, at any
// length and alignment.
func TestChecksum(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 64, 100, 1000} {
		buf := make([]byte, n+1)
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		b := buf[:n]
		want := checksum(b)
		if got := checksum(append([]byte{0}, b...)[1:]); got != want {
			t.Fatalf("n=%d: unaligned %x, aligned %x", n, got, want)
		}
		if n > 0 && checksum(buf) == want {
			t.Fatalf("n=%d: a byte longer, same checksum", n)
		}
		for i := range n {
			for _, flip := range []byte{1, 0x80, 0xff} {
				b[i] ^= flip
				if checksum(b) == want {
					t.Fatalf("n=%d: byte %d ^ %#x kept the checksum", n, i, flip)
				}
				b[i] ^= flip
			}
		}
	}
}
