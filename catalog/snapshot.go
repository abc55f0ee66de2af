package catalog

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

// A snapshot is a built base written to a file as its raw columns, so that
// the next process maps it instead of reading and indexing every creator:
// a million rows open in milliseconds, and the columns live in the page
// cache rather than on the Go heap.
//
// The file is a 64-byte header, a table of named sections, and the
// sections, each at a 64-byte aligned offset, each a column in this
// machine's byte order (the header says which; another order is refused).
// The header carries the format version, the row count, the stamp the
// caller gave (the store's catalog stamp, so a file is used only for the
// store state it was built from), the exact-hash seed, and a CRC of the
// header and table; each section has its own checksum. A column added to core
// is one more line in columns: a file without it is refused and rebuilt.
//
// Opening checks everything it relies on (version, stamp, sizes, offsets,
// checksums, and that every offset and row number in a column is in range), so
// a damaged or foreign file is refused with an error, never a crash or a
// wrong answer; the caller then builds from the store.

// ErrSnapshotStale means a snapshot file is of another stamp or format
// version: it is sound but not for this store state or this program.
var ErrSnapshotStale = errors.New("catalog snapshot is stale")

// ErrSnapshotDamaged means a snapshot file is not a whole, sound snapshot.
var ErrSnapshotDamaged = errors.New("catalog snapshot is damaged")

// ErrSnapshotOverlay means WriteSnapshot was given an index with changes
// on top of its base: only a base is written.
var ErrSnapshotOverlay = errors.New("catalog snapshot: index has an overlay")

const (
	snapMagic   = "OUTRCAT\x00"
	snapVersion = 4
	snapOrder   = 0x01020304 // written natively: reads back so only in the same byte order
	snapHeader  = 64
	snapEntry   = 48 // name [24]byte, checksum, offset, size uint64
	snapName    = 24
	snapAlign   = 64
	snapMaxSecs = 1024
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// column is one section: its bytes for writing, and how to point the
// core's field at mapped bytes.
type column struct {
	name string
	raw  func() []byte
	set  func(b []byte) error
}

// sliceCol is the column of a slice field holding want elements (any
// number when want < 0; or none, when optional).
func sliceCol[T any](name string, p *[]T, want int, optional bool) column {
	var z T
	size := int(unsafe.Sizeof(z))
	return column{
		name: name,
		raw: func() []byte {
			if len(*p) == 0 {
				return nil
			}
			return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(*p))), len(*p)*size)
		},
		set: func(b []byte) error {
			if len(b)%size != 0 {
				return fmt.Errorf("section %s: %d bytes is not a whole number of %d-byte entries", name, len(b), size)
			}
			n := len(b) / size
			if want >= 0 && n != want && !(optional && n == 0) {
				return fmt.Errorf("section %s: %d entries, want %d", name, n, want)
			}
			if n == 0 {
				*p = nil
				return nil
			}
			if uintptr(unsafe.Pointer(unsafe.SliceData(b)))%unsafe.Alignof(z) != 0 {
				return fmt.Errorf("section %s: misaligned", name)
			}
			*p = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
			return nil
		},
	}
}

// strCol is the column of an arena string field.
func strCol(name string, p *string) column {
	return column{
		name: name,
		raw:  func() []byte { return unsafe.Slice(unsafe.StringData(*p), len(*p)) },
		set: func(b []byte) error {
			*p = unsafe.String(unsafe.SliceData(b), len(b))
			return nil
		},
	}
}

// catArena is the categories as an arena and offsets, as a snapshot holds
// them (the core holds them as strings).
type catArena struct {
	text string
	off  []uint32
}

// columns lists the core's sections. A new per-row column is one more line
// here.
func (ix *core) columns(ca *catArena) []column {
	n := ix.n
	words := (n + 63) / 64
	return []column{
		strCol("ids", &ix.ids),
		sliceCol("idOff", &ix.idOff, n+1, false),
		sliceCol("hlen", &ix.hlen, n, false),
		sliceCol("falling", &ix.falling, words, false),
		sliceCol("wide", &ix.wide, n, true),
		sliceCol("followers", &ix.followers, n, false),
		sliceCol("gmv", &ix.gmv, n, false),
		sliceCol("level", &ix.level, n, false),
		sliceCol("type", &ix.typ, n, false),
		sliceCol("active", &ix.active, n, false),
		strCol("cats", &ca.text),
		sliceCol("catsOff", &ca.off, -1, false), // checked in validate
		sliceCol("catIDs", &ix.catIDs, -1, false),
		sliceCol("catOff", &ix.catOff, n+1, false),
		strCol("keys", &ix.keys),
		sliceCol("keyOff", &ix.keyOff, n+1, false),
		sliceCol("plain", &ix.plain, words, false),
		sliceCol("lead", &ix.lead, n, false),
		sliceCol("slack", &ix.slack, n, false),
		sliceCol("slackLead", &ix.slackLead, n, false),
		sliceCol("bytes", &ix.bytes, n, false),
		sliceCol("sig", &ix.sig, n, false),
		sliceCol("firstTop", &ix.firstTop, firstBytes*ix.firstRows(), false),
		sliceCol("firstCnt", &ix.firstCnt, firstBytes, false),
		strCol("folds", &ix.folds),
		sliceCol("foldOff", &ix.foldOff, n+1, false),
		sliceCol("perm.followers", &ix.perm[ByFollowers], n, false),
		sliceCol("rank.followers", &ix.rank[ByFollowers], n, false),
		sliceCol("perm.level", &ix.perm[ByLevel], n, false),
		sliceCol("rank.level", &ix.rank[ByLevel], n, false),
		sliceCol("perm.gmv", &ix.perm[ByGMV], n, false),
		sliceCol("rank.gmv", &ix.rank[ByGMV], n, false),
		sliceCol("exact", &ix.exact, n, false),
		sliceCol("byID", &ix.byID, n, true),
	}
}

// header is the fixed start of a snapshot file.
type header struct {
	version  uint32
	sections uint32
	rows     uint64
	stamp    uint64
	seed     uint64
	size     uint64 // of the whole file: a shorter or longer one is damaged
}

func (h *header) put(b []byte, table []byte) {
	copy(b, snapMagic)
	binary.NativeEndian.PutUint32(b[8:], snapOrder)
	binary.NativeEndian.PutUint32(b[12:], h.version)
	binary.NativeEndian.PutUint32(b[16:], h.sections)
	binary.NativeEndian.PutUint64(b[24:], h.rows)
	binary.NativeEndian.PutUint64(b[32:], h.stamp)
	binary.NativeEndian.PutUint64(b[40:], h.seed)
	binary.NativeEndian.PutUint64(b[48:], h.size)
	sum := crc32.Update(crc32.Checksum(b[:60], castagnoli), castagnoli, table)
	binary.NativeEndian.PutUint32(b[60:], sum)
}

// entry is one row of the section table.
type entry struct {
	name           string
	sum, off, size uint64
}

func (e *entry) put(b []byte) {
	clear(b[:snapEntry])
	copy(b[:snapName], e.name)
	binary.NativeEndian.PutUint64(b[24:], e.sum)
	binary.NativeEndian.PutUint64(b[32:], e.off)
	binary.NativeEndian.PutUint64(b[40:], e.size)
}

func getEntry(b []byte) entry {
	name := b[:snapName]
	if i := indexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return entry{name: string(name), off: binary.NativeEndian.Uint64(b[32:]),
		size: binary.NativeEndian.Uint64(b[40:]), sum: binary.NativeEndian.Uint64(b[24:])}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// WriteSnapshot writes the index's base to path for OpenSnapshot, labelled
// with stamp: atomically (a temporary file beside it, synced, renamed over
// path), so a reader sees the old file or the new one, whole. The index
// must have no overlay. It stops with ctx's error when ctx ends, leaving
// no temporary file.
func (ix *Index) WriteSnapshot(ctx context.Context, path string, stamp uint64) (err error) {
	if ix.extra != nil || ix.dead != nil {
		return ErrSnapshotOverlay
	}
	c := ix.base
	ca := catArena{off: make([]uint32, 1, len(c.cats)+1)}
	for _, s := range c.cats {
		ca.text += s
		ca.off = append(ca.off, uint32(len(ca.text)))
	}
	cols := c.columns(&ca)

	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write catalog snapshot: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write catalog snapshot: %w", err)
		}
	}()
	table := make([]byte, len(cols)*snapEntry)
	w := bufio.NewWriterSize(f, 1<<20)
	off := uint64(align(snapHeader + len(table)))
	if _, err := w.Write(make([]byte, off)); err != nil {
		return err
	}
	var pad [snapAlign]byte
	for k, col := range cols {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := col.raw()
		if _, err := w.Write(b); err != nil {
			return err
		}
		e := entry{name: col.name, off: off, size: uint64(len(b)), sum: checksum(b)}
		e.put(table[k*snapEntry:])
		next := uint64(align(int(off) + len(b)))
		if _, err := w.Write(pad[:next-off-uint64(len(b))]); err != nil {
			return err
		}
		off = next
	}
	if err := w.Flush(); err != nil {
		return err
	}
	hb := make([]byte, snapHeader)
	h := header{version: snapVersion, sections: uint32(len(cols)), rows: uint64(c.n), stamp: stamp, seed: c.seed, size: off}
	h.put(hb, table)
	if _, err := f.WriteAt(append(hb, table...), 0); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // the rename's durability; a lost rename only costs a rebuild
		d.Close()
	}
	return nil
}

func align(n int) int { return (n + snapAlign - 1) &^ (snapAlign - 1) }

// OpenSnapshot maps the snapshot at path as an index, if it was written
// with stamp by this format version. A missing file is an error wrapping
// fs.ErrNotExist; another stamp or version, ErrSnapshotStale; anything
// else wrong with the file, ErrSnapshotDamaged. The map is released when
// the index is no longer reachable.
func OpenSnapshot(path string, stamp uint64) (*Index, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("open catalog snapshot: %w", err)
	}
	c, err := openCore(data, stamp)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("open catalog snapshot %s: %w", filepath.Base(path), err)
	}
	runtime.AddCleanup(c, func(func()) { unmap() }, unmap)
	return &Index{base: c}, nil
}

// SnapshotRows is the number of rows of the snapshot at path, read from
// its header alone, if the file is of this format and of stamp (the
// sections are not checked: OpenSnapshot may still refuse the file).
func SnapshotRows(path string, stamp uint64) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read catalog snapshot: %w", err)
	}
	defer f.Close()
	head := make([]byte, snapHeader)
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, fmt.Errorf("read catalog snapshot: %w: %v", ErrSnapshotDamaged, err)
	}
	nsec := binary.NativeEndian.Uint32(head[16:])
	if string(head[:8]) != snapMagic || nsec > snapMaxSecs {
		return 0, fmt.Errorf("read catalog snapshot: %w", ErrSnapshotDamaged)
	}
	table := make([]byte, int(nsec)*snapEntry)
	if _, err := io.ReadFull(f, table); err != nil {
		return 0, fmt.Errorf("read catalog snapshot: %w: %v", ErrSnapshotDamaged, err)
	}
	h, err := readHeader(append(head, table...), stamp)
	if err != nil {
		return 0, fmt.Errorf("read catalog snapshot: %w", err)
	}
	return int(h.rows), nil
}

// openCore is the core whose columns are the snapshot data, checked.
func openCore(data []byte, stamp uint64) (*core, error) {
	damaged := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrSnapshotDamaged, fmt.Sprintf(format, a...))
	}
	h, err := readHeader(data, stamp)
	if err != nil {
		return nil, err
	}
	if h.size != uint64(len(data)) {
		return nil, damaged("%d bytes, header says %d", len(data), h.size)
	}
	table := data[snapHeader : snapHeader+int(h.sections)*snapEntry]
	secs := make(map[string]entry, h.sections)
	for k := range int(h.sections) {
		e := getEntry(table[k*snapEntry:])
		if e.off%snapAlign != 0 || e.off > uint64(len(data)) || e.size > uint64(len(data))-e.off {
			return nil, damaged("section %q out of the file", e.name)
		}
		secs[e.name] = e
	}

	c := &core{n: int(h.rows), seed: h.seed, mapped: true}
	var ca catArena
	cols := c.columns(&ca)
	bodies := make([][]byte, len(cols))
	sums := make([]uint64, len(cols))
	for k, col := range cols {
		e, ok := secs[col.name]
		if !ok {
			return nil, damaged("no section %q", col.name)
		}
		bodies[k], sums[k] = data[e.off:e.off+e.size], e.sum
	}
	if err := checkSums(bodies, sums); err != nil {
		return nil, damaged("%v", err)
	}
	for k, col := range cols {
		if err := col.set(bodies[k]); err != nil {
			return nil, damaged("%v", err)
		}
	}
	if err := c.validate(&ca); err != nil {
		return nil, damaged("%v", err)
	}
	c.cats = make([]string, len(ca.off)-1)
	for i := range c.cats {
		c.cats[i] = strings.Clone(ca.text[ca.off[i]:ca.off[i+1]]) // on the heap: rows and Categories hand them out
	}
	c.perm[Relevance], c.rank[Relevance] = c.perm[ByFollowers], c.rank[ByFollowers]
	return c, nil
}

// readHeader reads and checks the header and section table at the start
// of data (which may end after the table).
func readHeader(data []byte, stamp uint64) (h header, err error) {
	damaged := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrSnapshotDamaged, fmt.Sprintf(format, a...))
	}
	if len(data) < snapHeader || string(data[:8]) != snapMagic {
		return h, damaged("no header")
	}
	if binary.NativeEndian.Uint32(data[8:]) != snapOrder {
		return h, fmt.Errorf("%w: written in another byte order", ErrSnapshotStale)
	}
	h = header{
		version:  binary.NativeEndian.Uint32(data[12:]),
		sections: binary.NativeEndian.Uint32(data[16:]),
		rows:     binary.NativeEndian.Uint64(data[24:]),
		stamp:    binary.NativeEndian.Uint64(data[32:]),
		seed:     binary.NativeEndian.Uint64(data[40:]),
		size:     binary.NativeEndian.Uint64(data[48:]),
	}
	if h.sections > snapMaxSecs || snapHeader+int(h.sections)*snapEntry > len(data) {
		return h, damaged("section table past the end")
	}
	table := data[snapHeader : snapHeader+int(h.sections)*snapEntry]
	sum := crc32.Update(crc32.Checksum(data[:60], castagnoli), castagnoli, table)
	if sum != binary.NativeEndian.Uint32(data[60:]) {
		return h, damaged("header checksum")
	}
	if h.version != snapVersion {
		return h, fmt.Errorf("%w: format %d, want %d", ErrSnapshotStale, h.version, snapVersion)
	}
	if h.stamp != stamp {
		return h, fmt.Errorf("%w: stamp %x, store %x", ErrSnapshotStale, h.stamp, stamp)
	}
	if h.rows > 1<<31-1 {
		return h, damaged("%d rows", h.rows)
	}
	return h, nil
}

// checksum is a section's checksum: four multiply-add lanes over its
// 8-byte words (so a change of any one word always changes a lane: the
// multiplier is odd), then the tail and the length, mixed. About three
// times as fast as CRC-32C here, and a million rows' sections are checked
// at every open.
func checksum(b []byte) uint64 {
	const k = 0x9e3779b97f4a7c15
	h := [4]uint64{1, 2, 3, 4}
	var w []uint64
	if uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 == 0 {
		w = unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/8)
	} else {
		w = make([]uint64, len(b)/8)
		for i := range w {
			w[i] = binary.NativeEndian.Uint64(b[8*i:])
		}
	}
	i := 0
	for ; i+4 <= len(w); i += 4 {
		h[0] = h[0]*k + w[i]
		h[1] = h[1]*k + w[i+1]
		h[2] = h[2]*k + w[i+2]
		h[3] = h[3]*k + w[i+3]
	}
	for ; i < len(w); i++ {
		h[i%4] = h[i%4]*k + w[i]
	}
	var tail [8]byte
	copy(tail[:], b[len(w)*8:])
	x := h[0] + h[1]*0xbf58476d1ce4e5b9 + h[2]*0x94d049bb133111eb + h[3]*0xd6e8feb86659fd93
	x = (x^binary.NativeEndian.Uint64(tail[:]))*k + uint64(len(b))
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	return x ^ x>>29
}

// checkSums checks the sections' checksums, on every core at once.
func checkSums(bodies [][]byte, sums []uint64) error {
	var (
		mu   sync.Mutex
		next int
		bad  = -1
		wg   sync.WaitGroup
	)
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Go(func() {
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(bodies) {
					return
				}
				if checksum(bodies[k]) != sums[k] {
					mu.Lock()
					bad = k
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if bad >= 0 {
		return fmt.Errorf("section %d checksum", bad)
	}
	return nil
}

// validate checks that every offset and row number in the columns is in
// range, so that no search or Row can index out of a column.
func (ix *core) validate(ca *catArena) error {
	n := ix.n
	offs := func(name string, off []uint32, size int) error {
		if len(off) == 0 || off[0] != 0 || int(off[len(off)-1]) != size {
			return fmt.Errorf("%s: ends out of range", name)
		}
		for i := 1; i < len(off); i++ {
			if off[i] < off[i-1] {
				return fmt.Errorf("%s: offset %d goes back", name, i)
			}
		}
		return nil
	}
	if err := offs("idOff", ix.idOff, len(ix.ids)); err != nil {
		return err
	}
	if err := offs("keyOff", ix.keyOff, len(ix.keys)); err != nil {
		return err
	}
	if err := offs("foldOff", ix.foldOff, len(ix.folds)); err != nil {
		return err
	}
	if err := offs("catOff", ix.catOff, len(ix.catIDs)); err != nil {
		return err
	}
	if err := offs("catsOff", ca.off, len(ca.text)); err != nil {
		return err
	}
	for i, h := range ix.hlen {
		if h > ix.keyOff[i+1]-ix.keyOff[i] {
			return fmt.Errorf("hlen: row %d", i)
		}
	}
	ncats := uint32(len(ca.off) - 1)
	for _, id := range ix.catIDs {
		if id >= ncats {
			return fmt.Errorf("catIDs: %d of %d categories", id, ncats)
		}
	}
	rowsIn := func(name string, rs []int32) error {
		for _, r := range rs {
			if uint32(r) >= uint32(n) {
				return fmt.Errorf("%s: row %d of %d", name, r, n)
			}
		}
		return nil
	}
	for _, s := range []Sort{ByFollowers, ByLevel, ByGMV} {
		if err := rowsIn("perm", ix.perm[s]); err != nil {
			return err
		}
		if err := rowsIn("rank", ix.rank[s]); err != nil {
			return err
		}
	}
	if err := rowsIn("byID", ix.byID); err != nil {
		return err
	}
	for _, e := range ix.exact {
		if uint32(e) >= uint32(n) {
			return fmt.Errorf("exact: row %d of %d", uint32(e), n)
		}
	}
	for _, k := range ix.firstTop {
		if k != math.MaxUint64 && uint32(k) >= uint32(n) {
			return fmt.Errorf("firstTop: rank %d of %d", uint32(k), n)
		}
	}
	return nil
}
