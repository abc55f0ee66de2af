package program

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"

	"github.com/sahilm/fuzzy"

	"outreach/model"
	"outreach/model/engage"
)

// sortKeys are the columns the table sorts by, in the order o cycles them.
var sortKeys = [...]engage.MetricKey{engage.ByGMV, engage.ByOrders, engage.ByAOV, engage.ByClicks, engage.ByConversion,
	engage.ByRefundRate, engage.ByCommission, engage.ByPosts, engage.ByLastSale, engage.ByDaysInactive, engage.ByItems,
	engage.BySegment, engage.ByHandle}

// metricValue is the value a row sorts by (model.SortAffiliates' order);
// ByHandle sorts by the handle rank instead.
func metricValue(m *engage.AffiliateMetrics, k engage.MetricKey) int64 {
	switch k {
	case engage.ByGMV:
		return int64(m.GMV)
	case engage.ByOrders:
		return m.Orders
	case engage.ByItems:
		return m.Items
	case engage.ByAOV:
		return int64(m.AOV)
	case engage.ByClicks:
		return m.Clicks
	case engage.ByConversion:
		return int64(m.Conversion)
	case engage.ByRefundRate:
		return int64(m.RefundRate)
	case engage.ByCommission:
		return int64(m.Commission)
	case engage.ByPosts:
		return m.Posts
	case engage.ByLastSale:
		return int64(m.LastSale)
	case engage.ByDaysInactive:
		return int64(m.DaysInactive)
	case engage.BySegment:
		return int64(m.Segment)
	}
	return 0
}

// rowSet is the loaded affiliate rows and what sorting needs of them,
// computed once per load: the rank of each row by handle then id (the
// tie-break of every order), and the handles fuzzy search scores. A rowSet
// is never changed after it is built, so a command may read it.
type rowSet struct {
	rows    []engage.AffiliateMetrics
	rank    []int32  // rank[i]: row i's position by handle, then id
	hgroup  []int32  // hgroup[i]: the rank of row i's handle among the distinct handles
	byRank  []int32  // byRank[r]: the row of rank r
	handles []string // handles[i]: row i's handle, made safe
}

// find is the row of a creator. A linear scan: it runs on a key press or
// a new load, never per row, and a map of every row would cost a new load
// more than all the scans of a session.
func (rs *rowSet) find(id string) (int32, bool) {
	for i := range rs.rows {
		if rs.rows[i].CreatorID == id {
			return int32(i), true
		}
	}
	return -1, false
}

func newRowSet(rows []engage.AffiliateMetrics) *rowSet {
	n := len(rows)
	rs := &rowSet{rows: rows, rank: make([]int32, n), hgroup: make([]int32, n), byRank: make([]int32, n),
		handles: make([]string, n)}
	type hkey struct {
		p0, p1 uint64 // the handle's first 16 bytes, big-endian: most comparisons end here
		i      int32
	}
	keys := make([]hkey, n)
	for i := range rows {
		rs.handles[i] = model.SafeLine(rows[i].Handle)
		h := rows[i].Handle
		keys[i] = hkey{prefix8(h), prefix8(h[min(8, len(h)):]), int32(i)}
	}
	slices.SortFunc(keys, func(a, b hkey) int {
		if a.p0 != b.p0 {
			return cmp.Compare(a.p0, b.p0)
		}
		if a.p1 != b.p1 {
			return cmp.Compare(a.p1, b.p1)
		}
		ra, rb := &rows[a.i], &rows[b.i]
		if c := strings.Compare(ra.Handle, rb.Handle); c != 0 {
			return c
		}
		return strings.Compare(ra.CreatorID, rb.CreatorID)
	})
	g := int32(-1)
	for r, k := range keys {
		i := k.i
		rs.rank[i], rs.byRank[r] = int32(r), i
		if r == 0 || rows[i].Handle != rows[keys[r-1].i].Handle {
			g++
		}
		rs.hgroup[i] = g
	}
	return rs
}

// prefix8 is s's first 8 bytes as a big-endian number, so that numbers
// compare as the strings' prefixes do.
func prefix8(s string) uint64 {
	var v uint64
	for j := range 8 {
		v <<= 8
		if j < len(s) {
			v |= uint64(s[j])
		}
	}
	return v
}

// sortEntry is one row's sort key and tie-break, for the rare values too
// large to pack (see order).
type sortEntry struct {
	v    int64
	rank int32
}

// order is every row sorted by k (descending with desc), ties by handle
// then id: the order of model.SortAffiliates, computed without moving rows.
// Each row's value and handle rank are packed in one integer, so the sort
// compares machine words only; values too large to pack fall back to a
// sort of pairs.
func (rs *rowSet) order(k engage.MetricKey, desc bool) []int32 {
	n := len(rs.rows)
	rankBits := bits.Len(uint(n))
	var lo, hi int64
	for i := range rs.rows {
		v := rs.value(i, k)
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	out := make([]int32, n)
	if n == 0 {
		return out
	}
	if span := uint64(hi - lo); hi-lo >= 0 && bits.Len64(span)+rankBits <= 63 {
		keys := make([]uint64, n)
		for i := range rs.rows {
			v := uint64(rs.value(i, k) - lo)
			if desc {
				v = span - v
			}
			keys[i] = v<<rankBits | uint64(rs.rank[i])
		}
		slices.Sort(keys)
		mask := uint64(1)<<rankBits - 1
		for j, key := range keys {
			out[j] = rs.byRank[key&mask]
		}
		return out
	}
	es := make([]sortEntry, n)
	for i := range rs.rows {
		v := rs.value(i, k)
		if desc {
			v = -v
		}
		es[i] = sortEntry{v: v, rank: rs.rank[i]}
	}
	slices.SortFunc(es, func(a, b sortEntry) int {
		if a.v != b.v {
			return cmp.Compare(a.v, b.v)
		}
		return cmp.Compare(a.rank, b.rank)
	})
	for j := range es {
		out[j] = rs.byRank[es[j].rank]
	}
	return out
}

// value is row i's sort value for k; by handle, its handle's rank.
func (rs *rowSet) value(i int, k engage.MetricKey) int64 {
	if k == engage.ByHandle {
		return int64(rs.hgroup[i])
	}
	return metricValue(&rs.rows[i], k)
}

// filterRows is the rows of order that f keeps, in order.
func (rs *rowSet) filterRows(order []int32, f engage.AffiliateFilter) []int32 {
	if f == (engage.AffiliateFilter{}) {
		return order
	}
	out := make([]int32, 0, len(order)/2)
	for _, i := range order {
		if f.Match(&rs.rows[i]) {
			out = append(out, i)
		}
	}
	return out
}

// handleSource is the handles of some rows, for fuzzy.
type handleSource struct {
	rs   *rowSet
	rows []int32
}

func (h handleSource) String(i int) string { return h.rs.handles[h.rows[i]] }
func (h handleSource) Len() int            { return len(h.rows) }

// search is the rows whose handle matches text fuzzily, best match first;
// equal scores keep the order they came in (the table's sort).
func (rs *rowSet) search(rows []int32, text string) []int32 {
	text = strings.TrimPrefix(strings.TrimSpace(text), "@")
	if text == "" {
		return rows
	}
	ms := fuzzy.FindFromNoSort(text, handleSource{rs, rows})
	slices.SortStableFunc(ms, func(a, b fuzzy.Match) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.Index, b.Index)
	})
	out := make([]int32, len(ms))
	for j, m := range ms {
		out[j] = rows[m.Index]
	}
	return out
}
