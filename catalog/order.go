package catalog

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
)

// Building the orders of a million rows by comparison sorts took most of
// a catalog load (a string compare per step for handles, a closure call per
// step for the rest); the radix sorts here give the same orders in a few
// linear passes.

// radixPairs sorts keys ascending, stably, moving vals along; tk and tv are
// scratch of the same length. Byte positions where every key agrees are
// skipped.
func radixPairs(keys []uint64, vals []int32, tk []uint64, tv []int32) {
	if len(keys) < 2 {
		return
	}
	var or, and uint64 = 0, math.MaxUint64
	for _, k := range keys {
		or |= k
		and &= k
	}
	diff := or ^ and
	sk, sv, dk, dv := keys, vals, tk[:len(keys)], tv[:len(keys)]
	for shift := 0; shift < 64; shift += 8 {
		if (diff>>shift)&0xff == 0 {
			continue
		}
		var count [256]int
		for _, k := range sk {
			count[(k>>shift)&0xff]++
		}
		pos := 0
		for b, c := range count {
			count[b] = pos
			pos += c
		}
		for j, k := range sk {
			b := (k >> shift) & 0xff
			dk[count[b]], dv[count[b]] = k, sv[j]
			count[b]++
		}
		sk, sv, dk, dv = dk, dv, sk, sv
	}
	if &sk[0] != &keys[0] {
		copy(keys, sk)
		copy(vals, sv)
	}
}

// chunk is bytes 8*depth.. of s as a big-endian number, zero-padded: two
// strings compare as their chunks do, unless the chunks are equal.
func chunk(s string, depth int) uint64 {
	off := 8 * depth
	if off >= len(s) {
		return 0
	}
	s = s[off:]
	if len(s) >= 8 {
		return binary.BigEndian.Uint64([]byte(s[:8]))
	}
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

// stringOrder sorts row numbers by str(row), then by row number: a radix
// sort on 8-byte chunks, recursing into the runs that share a chunk.
type stringOrder struct {
	str  func(i int32) string
	keys []uint64
	tk   []uint64
	tv   []int32
}

func (o *stringOrder) sort(idx []int32, keys []uint64, depth int) {
	if len(idx) < 64 {
		slices.SortFunc(idx, func(a, b int32) int {
			if c := strings.Compare(o.str(a), o.str(b)); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		return
	}
	for j, i := range idx {
		keys[j] = chunk(o.str(i), depth)
	}
	radixPairs(keys, idx, o.tk, o.tv)
	for a := 0; a < len(idx); {
		b := a + 1
		for b < len(idx) && keys[b] == keys[a] {
			b++
		}
		if b-a > 1 {
			longer := false
			for _, i := range idx[a:b] {
				if len(o.str(i)) > 8*(depth+1) {
					longer = true
					break
				}
			}
			if longer {
				o.sort(idx[a:b], keys[a:b], depth+1)
			} else {
				// Equal but for trailing NULs: the shorter first, then by row
				// (the run is in row order already: the sort is stable).
				slices.SortStableFunc(idx[a:b], func(x, y int32) int { return cmp.Compare(len(o.str(x)), len(o.str(y))) })
			}
		}
		a = b
	}
}

// sortHandles orders rows by handle (then index): handleRow[r] is the row
// of handle rank r, handleRank[i] the handle rank of row i.
func sortHandles(rows []Row) (handleRow, handleRank []int32) {
	n := len(rows)
	handleRow = make([]int32, n)
	for i := range handleRow {
		handleRow[i] = int32(i)
	}
	o := stringOrder{str: func(i int32) string { return rows[i].Handle }, tk: make([]uint64, n), tv: make([]int32, n)}
	o.sort(handleRow, make([]uint64, n), 0)
	handleRank = make([]int32, n)
	for r, i := range handleRow {
		handleRank[i] = int32(r)
	}
	return handleRow, handleRank
}

// descendingOrder is the rows sorted by key descending, ties by handle
// rank: perm[pos] is a row, rank[row] its position.
func descendingOrder(n int, key func(i int) int64, handleRow []int32) (perm, rank []int32) {
	keys := make([]uint64, n)
	perm = make([]int32, n)
	for r, i := range handleRow {
		// Signed ascending as unsigned is x ^ signbit; descending is its complement.
		keys[r] = ^(uint64(key(int(i))) ^ 1<<63)
		perm[r] = i
	}
	radixPairs(keys, perm, make([]uint64, n), make([]int32, n))
	rank = make([]int32, n)
	for pos, i := range perm {
		rank[i] = int32(pos)
	}
	return perm, rank
}
