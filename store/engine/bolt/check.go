package bolt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// maxProblems bounds the report: past it, the file is clearly damaged.
const maxProblems = 100

// Check reports what is wrong with the bbolt file at path, an empty list
// when it is sound. It never writes, never creates the file and never
// panics: it walks the page tree itself with bounds-checked reads (bbolt's
// own check follows page ids through its memory map in a goroutine of its
// own, where a damaged id faults beyond any recover), and only once the
// walk found the structure sound does it run bbolt's check as well. err is
// for a file that cannot be checked at all: missing (wrapping
// fs.ErrNotExist), unreadable, or held by another process (engine.ErrInUse).
func Check(path string, timeout time.Duration) (problems []string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("check %s: is a directory, not a store file: %w", path, fs.ErrInvalid)
	}
	if fi.Size() == 0 {
		return []string{"the file is empty (zero bytes)"}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	defer f.Close()
	if probs, err := headerProblems(f, fi.Size()); err != nil || len(probs) > 0 {
		return probs, err
	}
	// Hold a shared lock (through a read-only bbolt handle) so that no
	// writer changes the file under the walk.
	if timeout == 0 {
		timeout = time.Second
	}
	var db *bolt.DB
	perr := guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
		return err
	})
	switch {
	case errors.Is(perr, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("check %s: %w", path, engine.ErrInUse)
	case perr != nil:
		return []string{"bbolt cannot open the file: " + perr.Error()}, nil
	}
	defer guard(db.Close)
	m0, m1, _, err := readMetas(f, fi.Size())
	if err != nil {
		return nil, err
	}
	m := current(m0, m1)
	w := &walker{f: f, ps: int64(m.pageSize), hwm: m.hwm, used: map[uint64]bool{}}
	w.tree(m.root, nil, nil, "the root bucket", 0)
	if len(w.probs) == 0 {
		w.freelist(m.freelist)
	}
	if len(w.probs) > 0 {
		return w.probs, nil
	}
	perr = guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			for e := range tx.Check() {
				if len(w.probs) < maxProblems {
					w.probs = append(w.probs, e.Error())
				}
			}
			return nil
		})
	})
	if perr != nil {
		w.probs = append(w.probs, "bbolt's check failed: "+perr.Error())
	}
	return w.probs, nil
}

// walker checks the page tree with bounds-checked reads.
type walker struct {
	f     *os.File
	ps    int64
	hwm   uint64
	used  map[uint64]bool
	probs []string
}

func (w *walker) problem(format string, a ...any) {
	if len(w.probs) < maxProblems {
		w.probs = append(w.probs, fmt.Sprintf(format, a...))
	}
}

// page reads page id with its overflow pages, checking that it lies in the
// file, says it is id, and is used once.
func (w *walker) page(id uint64, what string) ([]byte, header, bool) {
	if id < 2 || id >= w.hwm {
		w.problem("%s: page %d is outside the file's %d pages", what, id, w.hwm)
		return nil, header{}, false
	}
	h, err := readHeader(w.f, id, w.ps)
	if err != nil {
		w.problem("%s: page %d cannot be read: %v", what, id, err)
		return nil, header{}, false
	}
	if h.id != id {
		w.problem("%s: page %d says it is page %d", what, id, h.id)
		return nil, h, false
	}
	if id+uint64(h.overflow) >= w.hwm {
		w.problem("%s: page %d runs %d pages past the end of the file", what, id, id+uint64(h.overflow)+1-w.hwm)
		return nil, h, false
	}
	for i := id; i <= id+uint64(h.overflow); i++ {
		if w.used[i] {
			w.problem("%s: page %d is used twice", what, i)
			return nil, h, false
		}
		w.used[i] = true
	}
	b := make([]byte, int64(h.overflow+1)*w.ps)
	if _, err := w.f.ReadAt(b, int64(id)*w.ps); err != nil {
		w.problem("%s: page %d cannot be read: %v", what, id, err)
		return nil, h, false
	}
	return b, h, true
}

// tree checks the subtree at page id, whose keys must lie in [lo, hi).
func (w *walker) tree(id uint64, lo, hi []byte, what string, depth int) {
	if depth > 64 {
		w.problem("%s: the tree is more than 64 levels deep at page %d", what, id)
		return
	}
	b, h, ok := w.page(id, what)
	if !ok {
		return
	}
	switch h.flags {
	case flagBranch:
		w.branch(b, h, id, lo, hi, what, depth)
	case flagLeaf:
		w.leaf(b, h, id, lo, hi, what, depth)
	default:
		w.problem("%s: page %d is a %s page where a branch or leaf page belongs", what, id, typeName(h.flags))
	}
}

func (w *walker) branch(b []byte, h header, id uint64, lo, hi []byte, what string, depth int) {
	if h.count == 0 {
		w.problem("%s: branch page %d is empty", what, id)
		return
	}
	keys := make([][]byte, h.count)
	kids := make([]uint64, h.count)
	for i := range int(h.count) {
		off := pageHeaderSize + i*branchElementSize
		if off+branchElementSize > len(b) {
			w.problem("%s: branch page %d has more elements than fit", what, id)
			return
		}
		le := binary.LittleEndian
		pos, ksize := int(le.Uint32(b[off:])), int(le.Uint32(b[off+4:]))
		start := off + pos
		if pos < 0 || ksize < 0 || start < off || start+ksize > len(b) || start+ksize < start {
			w.problem("%s: branch page %d element %d points outside the page", what, id, i)
			return
		}
		keys[i], kids[i] = b[start:start+ksize], le.Uint64(b[off+8:])
	}
	if !w.ordered(keys, lo, hi, "branch", id, what) {
		return
	}
	for i, kid := range kids {
		khi := hi
		if i+1 < len(keys) {
			khi = keys[i+1]
		}
		w.tree(kid, keys[i], khi, what, depth+1)
	}
}

func (w *walker) leaf(b []byte, h header, id uint64, lo, hi []byte, what string, depth int) {
	keys := make([][]byte, 0, h.count)
	type sub struct {
		name  []byte
		value []byte
	}
	var subs []sub
	for i := range int(h.count) {
		off := pageHeaderSize + i*leafElementSize
		if off+leafElementSize > len(b) {
			w.problem("%s: leaf page %d has more elements than fit", what, id)
			return
		}
		le := binary.LittleEndian
		flags, pos := le.Uint32(b[off:]), int64(le.Uint32(b[off+4:]))
		ksize, vsize := int64(le.Uint32(b[off+8:])), int64(le.Uint32(b[off+12:]))
		start := int64(off) + pos
		if start+ksize+vsize > int64(len(b)) {
			w.problem("%s: leaf page %d element %d points outside the page", what, id, i)
			return
		}
		k, v := b[start:start+ksize], b[start+ksize:start+ksize+vsize]
		keys = append(keys, k)
		switch flags {
		case 0:
		case leafIsBucket:
			subs = append(subs, sub{k, v})
		default:
			w.problem("%s: leaf page %d element %d has unknown flags %#x", what, id, i, flags)
			return
		}
	}
	if !w.ordered(keys, lo, hi, "leaf", id, what) {
		return
	}
	for _, s := range subs {
		w.bucket(s.name, s.value, depth)
	}
}

// bucket checks a bucket whose header (and inline page) is v.
func (w *walker) bucket(name, v []byte, depth int) {
	what := fmt.Sprintf("bucket %q", name)
	if len(v) < bucketHeaderSize {
		w.problem("%s: its header is cut short", what)
		return
	}
	root := binary.LittleEndian.Uint64(v)
	if root != 0 {
		w.tree(root, nil, nil, what, depth+1)
		return
	}
	inline := v[bucketHeaderSize:]
	if len(inline) < pageHeaderSize {
		w.problem("%s: its inline page is cut short", what)
		return
	}
	h := decodeHeader(inline)
	if h.flags != flagLeaf {
		w.problem("%s: its inline page is a %s page, not a leaf", what, typeName(h.flags))
		return
	}
	w.leaf(inline, h, 0, nil, nil, what, depth+1)
}

// ordered checks that keys increase strictly and lie in [lo, hi).
func (w *walker) ordered(keys [][]byte, lo, hi []byte, kind string, id uint64, what string) bool {
	for i, k := range keys {
		if i > 0 && bytes.Compare(keys[i-1], k) >= 0 {
			w.problem("%s: %s page %d keys %d and %d are out of order", what, kind, id, i-1, i)
			return false
		}
		if lo != nil && bytes.Compare(k, lo) < 0 || hi != nil && bytes.Compare(k, hi) >= 0 {
			w.problem("%s: %s page %d key %d lies outside the range its parent gives it", what, kind, id, i)
			return false
		}
	}
	return true
}

// freelist checks the freelist page and that every page is either used or
// free, never both.
func (w *walker) freelist(id uint64) {
	if id == noFreelist {
		return // written without a freelist: bbolt rebuilds it when a writer opens the file
	}
	b, h, ok := w.page(id, "the freelist")
	if !ok {
		return
	}
	if h.flags != flagFreelist {
		w.problem("the freelist: page %d is a %s page", id, typeName(h.flags))
		return
	}
	le := binary.LittleEndian
	off, n := pageHeaderSize, uint64(h.count)
	if h.count == 0xFFFF {
		n, off = le.Uint64(b[pageHeaderSize:]), pageHeaderSize+8
	}
	if n > uint64(len(b)-off)/8 {
		w.problem("the freelist: page %d lists %d pages, more than fit", id, n)
		return
	}
	free := map[uint64]bool{}
	for i := range n {
		p := le.Uint64(b[off+int(i)*8:])
		switch {
		case p < 2 || p >= w.hwm:
			w.problem("the freelist: free page %d is outside the file's %d pages", p, w.hwm)
		case free[p]:
			w.problem("the freelist: page %d is free twice", p)
		case w.used[p]:
			w.problem("the freelist: page %d is both free and in use", p)
		}
		free[p] = true
	}
	for p := uint64(2); p < w.hwm && len(w.probs) < maxProblems; p++ {
		if !w.used[p] && !free[p] {
			w.problem("page %d is neither in use nor free", p)
		}
	}
}
