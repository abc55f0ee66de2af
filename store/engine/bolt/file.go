package bolt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The bbolt file format, as far as checking it needs: every page starts
// with a 16-byte header (id u64, flags u16, count u16, overflow u32); pages
// 0 and 1 hold the two meta records; the rest are branch, leaf and freelist
// pages. These are read with ReadAt into Go slices, never through bbolt's
// memory map, so a damaged file can only produce errors here.
const (
	pageHeaderSize    = 16
	metaSize          = 64 // up to and including the checksum
	metaSumOffset     = 56
	leafElementSize   = 16
	branchElementSize = 16
	bucketHeaderSize  = 16

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	leafIsBucket = 0x01

	boltMagic   = 0xED0CDAED
	boltVersion = 2
	noFreelist  = ^uint64(0)

	minPageSize = 1 << 10
	maxPageSize = 1 << 16
)

// meta is a decoded meta page.
type meta struct {
	page                uint64 // 0 or 1
	pageSize            uint32
	root, freelist, hwm uint64
	txid                uint64
	err                 error // why it is invalid, nil if valid
}

func decodeMeta(page uint64, b []byte) meta {
	m := meta{page: page}
	if len(b) < pageHeaderSize+metaSize {
		m.err = fmt.Errorf("meta page %d is cut short", page)
		return m
	}
	h, mb := b[:pageHeaderSize], b[pageHeaderSize:pageHeaderSize+metaSize]
	le := binary.LittleEndian
	m.pageSize = le.Uint32(mb[8:])
	m.root = le.Uint64(mb[16:])
	m.freelist = le.Uint64(mb[32:])
	m.hwm = le.Uint64(mb[40:])
	m.txid = le.Uint64(mb[48:])
	sum := fnv.New64a()
	sum.Write(mb[:metaSumOffset])
	switch {
	case le.Uint32(mb[0:]) != boltMagic:
		m.err = fmt.Errorf("meta page %d has no bbolt marker", page)
	case le.Uint32(mb[4:]) != boltVersion:
		m.err = fmt.Errorf("meta page %d has format version %d, want %d", page, le.Uint32(mb[4:]), boltVersion)
	case le.Uint64(mb[metaSumOffset:]) != sum.Sum64():
		m.err = fmt.Errorf("meta page %d fails its checksum", page)
	case le.Uint16(h[8:]) != flagMeta:
		m.err = fmt.Errorf("meta page %d is not marked as a meta page (flags %#x)", page, le.Uint16(h[8:]))
	case m.pageSize < minPageSize || m.pageSize > maxPageSize || m.pageSize&(m.pageSize-1) != 0:
		m.err = fmt.Errorf("meta page %d has an impossible page size %d", page, m.pageSize)
	}
	return m
}

// readMetas reads both meta pages of f (size bytes); short says why the
// file is too short to hold them.
func readMetas(f io.ReaderAt, size int64) (m0, m1 meta, short string, err error) {
	if size < pageHeaderSize+metaSize {
		return m0, m1, fmt.Sprintf("the file is %d bytes long, too short to hold a store", size), nil
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return m0, m1, "", err
	}
	m0 = decodeMeta(0, buf)
	// The second meta page is one page in; find the page size from the first
	// (or, when it is damaged, try every size bbolt can use).
	sizes := []uint32{m0.pageSize}
	if m0.err != nil {
		sizes = sizes[:0]
		for ps := uint32(minPageSize); ps <= maxPageSize; ps <<= 1 {
			sizes = append(sizes, ps)
		}
	}
	m1 = meta{page: 1, err: fmt.Errorf("meta page 1 is missing (the file is cut short)")}
	for _, ps := range sizes {
		if int64(ps)+int64(len(buf)) > size {
			break
		}
		if _, err := f.ReadAt(buf, int64(ps)); err != nil {
			return m0, m1, "", err
		}
		if m := decodeMeta(1, buf); m.err == nil || m0.err == nil {
			m1 = m
			break
		}
	}
	if m0.err == nil && m1.err == nil && m0.pageSize != m1.pageSize {
		m1.err = fmt.Errorf("meta page 1 says pages are %d bytes, meta page 0 says %d", m1.pageSize, m0.pageSize)
	}
	return m0, m1, "", nil
}

// current is the meta bbolt would use: the valid one with the higher txid.
func current(m0, m1 meta) meta {
	if m0.err != nil || (m1.err == nil && m1.txid > m0.txid) {
		return m1
	}
	return m0
}

// precheck looks at an existing file before bbolt maps it, cheaply (the
// two meta pages and a few page headers): a zero-length or truncated file,
// a damaged meta page, or a root or freelist page that is not what the
// meta says, is refused with an error wrapping engine.ErrDamaged. Deeper
// damage is found when it is read (a recovered panic) or by Check.
func precheck(path string, size int64) error {
	if size == 0 {
		return damaged(path, errors.New("the file is empty (zero bytes)"))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	if probs, err := headerProblems(f, size); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	} else if len(probs) > 0 {
		return damaged(path, errors.New(probs[0]))
	}
	return nil
}

// headerProblems checks the meta pages, the file length and the pages the
// current meta names.
func headerProblems(f io.ReaderAt, size int64) ([]string, error) {
	m0, m1, short, err := readMetas(f, size)
	if err != nil || short != "" {
		return nonEmpty(short), err
	}
	var probs []string
	for _, m := range []meta{m0, m1} {
		if m.err != nil {
			probs = append(probs, m.err.Error())
		}
	}
	if m0.err != nil && m1.err != nil {
		return probs, nil
	}
	m := current(m0, m1)
	ps := int64(m.pageSize)
	if need := int64(m.hwm) * ps; m.hwm < 2 || need > size || need/ps != int64(m.hwm) {
		probs = append(probs, fmt.Sprintf("the file is %d bytes long but its meta page counts %d pages of %d bytes (%d bytes): it is truncated", size, m.hwm, ps, int64(m.hwm)*ps))
		return probs, nil
	}
	if m.root < 2 || m.root >= m.hwm {
		probs = append(probs, fmt.Sprintf("the root page %d is outside the file's %d pages", m.root, m.hwm))
	} else if p, err := readHeader(f, m.root, ps); err != nil {
		return nil, err
	} else if p.id != m.root || (p.flags != flagLeaf && p.flags != flagBranch) {
		probs = append(probs, fmt.Sprintf("the root page %d is damaged (it says it is page %d, type %s)", m.root, p.id, typeName(p.flags)))
	}
	if m.freelist != noFreelist {
		if m.freelist < 2 || m.freelist >= m.hwm {
			probs = append(probs, fmt.Sprintf("the freelist page %d is outside the file's %d pages", m.freelist, m.hwm))
		} else if p, err := readHeader(f, m.freelist, ps); err != nil {
			return nil, err
		} else if p.id != m.freelist || p.flags != flagFreelist || m.freelist+uint64(p.overflow) >= m.hwm {
			probs = append(probs, fmt.Sprintf("the freelist page %d is damaged (it says it is page %d, type %s)", m.freelist, p.id, typeName(p.flags)))
		}
	}
	return probs, nil
}

// header is a decoded page header.
type header struct {
	id       uint64
	flags    uint16
	count    uint16
	overflow uint32
}

func decodeHeader(b []byte) header {
	le := binary.LittleEndian
	return header{id: le.Uint64(b), flags: le.Uint16(b[8:]), count: le.Uint16(b[10:]), overflow: le.Uint32(b[12:])}
}

func readHeader(f io.ReaderAt, id uint64, ps int64) (header, error) {
	var b [pageHeaderSize]byte
	if _, err := f.ReadAt(b[:], int64(id)*ps); err != nil {
		return header{}, err
	}
	return decodeHeader(b[:]), nil
}

func typeName(flags uint16) string {
	switch flags {
	case flagBranch:
		return "branch"
	case flagLeaf:
		return "leaf"
	case flagMeta:
		return "meta"
	case flagFreelist:
		return "freelist"
	}
	return fmt.Sprintf("unknown (%#x)", flags)
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
