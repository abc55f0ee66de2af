package catalog

import (
	"math/bits"
	"slices"
	"strings"
)

// Index holds rows and answers queries. It is read-only once made, so any
// number of searches may run on it at the same time.
//
// An index is a base, built once over every row, plus an overlay of the
// rows changed since: With makes a new index that shares the base and
// rebuilds only the (small) overlay, so a change costs milliseconds instead
// of a rebuild of a million rows. Row numbers 0..Base()-1 are the base's,
// the overlay's follow; a base row replaced by the overlay is dead: no
// search returns it. Compact folds the overlay into a new base.
type Index struct {
	base  *core
	extra *core    // the overlay; nil when empty
	dead  []uint64 // base rows replaced or removed (bit per row); nil when none
	ndead int
}

// New builds an index over rows. The index copies what it needs into
// columns and does not keep rows. Handles and names
// together must stay under 4 GiB (a million creators need a few tens of MB).
// IDs should be unique; rows in ID order save an ID permutation.
func New(rows []Row) *Index { return &Index{base: newCore(rows)} }

// Len is the number of row numbers, dead ones included: every hit is below it.
func (ix *Index) Len() int { return ix.base.n + ix.overlayLen() }

// Live is the number of rows a search can return: Len less the dead rows.
func (ix *Index) Live() int { return ix.Len() - ix.ndead }

// Base is the number of rows of the base; Overlay the number of rows
// changed since it was built.
func (ix *Index) Base() int { return ix.base.n }

// Mapped reports whether the base is a snapshot file mapped into memory
// (see OpenSnapshot) rather than built.
func (ix *Index) Mapped() bool { return ix.base.mapped }

// Overlay is the number of rows changed since the base was built.
func (ix *Index) Overlay() int { return ix.overlayLen() }

func (ix *Index) overlayLen() int {
	if ix.extra == nil {
		return 0
	}
	return ix.extra.n
}

// Row is row i (0 <= i < Len()), built from the index's columns: a new
// Row on every call, which the caller may keep and modify.
func (ix *Index) Row(i int) *Row {
	if n := ix.base.n; i >= n {
		return ix.extra.row(int32(i - n))
	}
	return ix.base.row(int32(i))
}

// View fills r with row i (0 <= i < Len()) without allocating, for a
// scan over many rows: r's strings may point into the index's own memory
// (a mapped snapshot) and are valid only while ix is reachable, and
// r.Categories reuses its backing array. Keep a row with Row.
func (ix *Index) View(i int, r *Row) {
	if n := ix.base.n; i >= n {
		ix.extra.view(int32(i-n), r)
		return
	}
	ix.base.view(int32(i), r)
}

// ID is row i's ID, valid like View's strings.
func (ix *Index) ID(i int) string {
	if n := ix.base.n; i >= n {
		return ix.extra.id(int32(i - n))
	}
	return ix.base.id(int32(i))
}

// Dead reports whether row i (0 <= i < Len()) was replaced or removed
// since the base was built: no search returns it.
func (ix *Index) Dead(i int) bool { return i < ix.base.n && isSet(ix.dead, i) }

// Lookup is the row number of the live row with id.
func (ix *Index) Lookup(id string) (int, bool) {
	if ix.extra != nil {
		if i, ok := ix.extra.lookup(id); ok {
			return ix.base.n + int(i), true
		}
	}
	i, ok := ix.base.lookup(id)
	if !ok || isSet(ix.dead, int(i)) {
		return 0, false
	}
	return int(i), true
}

// Categories lists the distinct categories of all rows, sorted.
func (ix *Index) Categories() []string {
	if ix.extra == nil {
		return slices.Clone(ix.base.cats)
	}
	cs := slices.Concat(ix.base.cats, ix.extra.cats)
	slices.Sort(cs)
	return slices.Compact(cs)
}

// With is a new index in which rows replace the rows of the same ID (or are
// added) and the rows with an ID in removed are gone. ix is unchanged, and
// the new index shares its base: the cost is that of building an index over
// the overlay, which grows with every change until Compact. Like New, it
// does not keep rows.
func (ix *Index) With(rows []Row, removed []string) *Index {
	byID := make(map[string]Row, ix.overlayLen()+len(rows))
	if ix.extra != nil {
		for i := range int32(ix.extra.n) {
			r := ix.extra.row(i)
			byID[r.ID] = *r
		}
	}
	n := ix.base.n
	dead := slices.Clone(ix.dead)
	kill := func(id string) {
		i, ok := ix.base.lookup(id)
		if !ok {
			return
		}
		if dead == nil {
			dead = make([]uint64, (n+63)/64)
		}
		dead[i>>6] |= 1 << (i & 63)
	}
	for _, r := range rows {
		kill(r.ID)
		byID[r.ID] = r
	}
	for _, id := range removed {
		kill(id)
		delete(byID, id)
	}
	out := &Index{base: ix.base, dead: dead}
	for _, w := range dead {
		out.ndead += bits.OnesCount64(w)
	}
	if len(byID) > 0 {
		extra := make([]Row, 0, len(byID))
		for _, r := range byID {
			extra = append(extra, r)
		}
		slices.SortFunc(extra, func(a, b Row) int { return strings.Compare(a.ID, b.ID) })
		out.extra = newCore(extra)
	}
	return out
}

// Compact is an index over the same live rows with no overlay: a full build,
// for when the overlay has grown. When the base is in ID order, so is the
// result.
func (ix *Index) Compact() *Index {
	if ix.extra == nil && ix.dead == nil {
		return ix
	}
	rows := make([]Row, 0, ix.Live())
	var extra []Row
	if ix.extra != nil {
		extra = make([]Row, ix.extra.n)
		for i := range extra {
			extra[i] = *ix.extra.row(int32(i))
		}
	}
	// Merge the base's live rows with the overlay (in ID order) by ID, so a
	// base in ID order stays so.
	j := 0
	for i := range ix.base.n {
		if isSet(ix.dead, i) {
			continue
		}
		r := ix.base.row(int32(i))
		for j < len(extra) && extra[j].ID < r.ID {
			rows = append(rows, extra[j])
			j++
		}
		rows = append(rows, *r)
	}
	rows = append(rows, extra[j:]...)
	return New(rows)
}

// isSet reports whether bit i of bm is set; a nil bm has none.
func isSet(bm []uint64, i int) bool {
	return bm != nil && bm[i>>6]&(1<<(i&63)) != 0
}
