package catalog

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"outreach/model"
)

// Filter narrows a search. Zero values mean "no constraint".
type Filter struct {
	Levels                     uint16 // bit i set = level Li allowed; 0 = all (see Levels)
	MinFollowers, MaxFollowers int64  // MaxFollowers 0 = no max
	Category                   string // exact category name; "" = any
	Type                       *model.CreatorType
	MinGMV, MaxGMV             model.Cents // MaxGMV 0 = no max
	MinActiveDays              int
}

// Levels is the Filter.Levels mask allowing exactly the given levels.
func Levels(ls ...model.Level) uint16 {
	var m uint16
	for _, l := range ls {
		if l <= model.MaxLevel {
			m |= 1 << l
		}
	}
	return m
}

// Sort is a result order. Every order but Relevance is descending, with ties
// broken by handle (ascending).
type Sort int

const (
	// Relevance puts a handle equal to the text (ignoring case) first, then
	// the rest by sahilm/fuzzy score over "handle name" (best first), ties by
	// followers then handle; without text it is the same as ByFollowers.
	Relevance Sort = iota
	// ByLevel is level, highest first.
	ByLevel
	// ByFollowers is followers, most first.
	ByFollowers
	// ByGMV is GMV over the last 30 days, highest first.
	ByGMV
	numSorts
)

// String names the sort as the UI shows it.
func (s Sort) String() string {
	switch s {
	case ByLevel:
		return "level"
	case ByFollowers:
		return "followers"
	case ByGMV:
		return "GMV"
	}
	return "relevance"
}

// Query is one search: fuzzy text over handle and name (surrounding spaces
// and a leading "@" are ignored), a filter, an order and how many hits to
// return.
type Query struct {
	Text   string
	Filter Filter
	Sort   Sort
	Limit  int // 0 (or negative) = all hits
}

// Result lists hits as row numbers of Index, in order. Total is the number
// of matches, which may exceed len(Hits) when Query.Limit is set. Gen is the
// Searcher generation the search ran under (0 from Index.Search).
type Result struct {
	Gen   uint64
	Hits  []int32
	Total int
	Took  time.Duration
	// Index is the index the search ran on, whose Row(i) each hit i names.
	Index *Index
}

// chunkSize is the number of rows a worker takes at a time, and how often a
// search looks at its context. A multiple of 64 so chunks own whole bitmap
// words.
const chunkSize = 1 << 14

// filter is a Filter compiled against a core.
type filter struct {
	any       bool // no constraint at all
	rest      bool // a constraint other than levels
	none      bool // nothing can match (unknown category)
	levels    uint16
	minF      int64
	maxF      int64
	cat       int // category id, -1 = any
	typ       int // -1 = any
	minG      int64
	maxG      int64
	minActive int
}

func (c *core) compile(f Filter) filter {
	cf := filter{
		levels:    f.Levels,
		minF:      f.MinFollowers,
		maxF:      f.MaxFollowers,
		cat:       -1,
		typ:       -1,
		minG:      int64(f.MinGMV),
		maxG:      int64(f.MaxGMV),
		minActive: f.MinActiveDays,
	}
	if cf.maxF == 0 {
		cf.maxF = math.MaxInt64
	}
	if cf.maxG == 0 {
		cf.maxG = math.MaxInt64
	}
	if f.Category != "" {
		id, ok := slices.BinarySearch(c.cats, f.Category)
		if !ok {
			cf.none = true
		}
		cf.cat = id
	}
	if f.Type != nil {
		cf.typ = int(*f.Type)
	}
	cf.rest = f.MinFollowers != 0 || f.MaxFollowers != 0 || f.Category != "" ||
		f.Type != nil || f.MinGMV != 0 || f.MaxGMV != 0 || f.MinActiveDays > 0
	cf.any = f.Levels == 0 && !cf.rest
	return cf
}

// pass reports whether row i passes f.
func (c *core) pass(f *filter, i int) bool {
	return (f.levels == 0 || f.levels&(1<<c.level[i]) != 0) && (!f.rest || c.match(f, i))
}

// match reports whether row i passes f.
func (c *core) match(f *filter, i int) bool {
	if f.levels != 0 && f.levels&(1<<c.level[i]) == 0 {
		return false
	}
	if v := c.followers[i]; v < f.minF || v > f.maxF {
		return false
	}
	if v := c.gmv[i]; v < f.minG || v > f.maxG {
		return false
	}
	if int(c.active[i]) < f.minActive {
		return false
	}
	if f.typ >= 0 && int(c.typ[i]) != f.typ {
		return false
	}
	if f.cat >= 0 {
		id := uint32(f.cat)
		for _, x := range c.catIDs[c.catOff[i]:c.catOff[i+1]] {
			if x == id {
				return true
			}
		}
		return false
	}
	return true
}

// matchSet is the rows a text query matched, one bitmap per core: what a
// longer query narrows from (its matches are a subset). A nil bitmap
// stands for every live row of its core that passes the filter (a
// one-byte query answered from its list, see buildFirst).
type matchSet struct {
	base, extra []uint64
	// With an ASCII pattern of more than one byte, pat (folded) and, per
	// row of each core, where the leftmost match of pat in the row's fold
	// key ends (the offset after its last byte; 0 when unknown or past
	// 255): a query that extends pat resumes its match test there.
	pat               string
	basePos, extraPos []uint8
	// top is the earlier query's best rows (its hits), when known: they
	// seed the cut of a scan (see narrow.seeds).
	top []int32
}

// Search runs q. It looks at ctx between chunks of rows and returns
// ctx.Err() once ctx is done, so a stale search can be abandoned.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	res, _, err := ix.search(ctx, q, nil, false)
	return res, err
}

// search runs q over the rows of cand (every row when nil), which must hold
// every match of q: the matches of an earlier query with the same filter
// whose folded text is a subsequence of q's. With keep it also returns q's
// matches, for a later query to narrow from.
func (ix *Index) search(ctx context.Context, q Query, cand *matchSet, keep bool) (Result, *matchSet, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return Result{}, nil, err
	}
	s := q.Sort
	if s < 0 || s >= numSorts {
		s = Relevance
	}
	limit := max(q.Limit, 0)
	var (
		res Result
		ms  *matchSet
		err error
	)
	if text := queryText(q.Text); text == "" {
		res, err = ix.searchFilter(ctx, q.Filter, s, limit)
	} else {
		res, ms, err = ix.searchText(ctx, q.Filter, newTextQuery(text), s, limit, cand, keep)
	}
	if err != nil {
		return Result{}, nil, err
	}
	res.Took = time.Since(start)
	res.Index = ix
	return res, ms, nil
}

// queryText is the text a query searches for: surrounding spaces and a
// leading "@" (sellers type handles that way) are dropped.
func queryText(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// hit is a row number with the score part of its sort key (0 for every sort
// but Relevance, and for an exact handle match): what merges the cores.
type hit struct {
	hi  uint32
	row int32
}

// cmpRows orders rows a and b with equal scores under sort s: the sort's
// value (followers for Relevance), highest first, then handle, then row
// number. A core's permutations are this order.
func (ix *Index) cmpRows(a, b int32, s Sort) int {
	ra, rb := ix.Row(int(a)), ix.Row(int(b))
	var c int
	switch s {
	case ByLevel:
		c = cmp.Compare(rb.Level, ra.Level)
	case ByGMV:
		c = cmp.Compare(rb.GMV30, ra.GMV30)
	default:
		c = cmp.Compare(rb.Followers, ra.Followers)
	}
	if c == 0 {
		c = strings.Compare(ra.Handle, rb.Handle)
	}
	if c == 0 {
		c = cmp.Compare(a, b)
	}
	return c
}

// merge merges a and b, each in result order, keeping at most k (0 = all).
func (ix *Index) merge(a, b []hit, s Sort, k int) []hit {
	if len(b) == 0 || len(a) == 0 {
		out := a
		if len(a) == 0 {
			out = b
		}
		if k > 0 && len(out) > k {
			out = out[:k]
		}
		return out
	}
	n := len(a) + len(b)
	if k > 0 {
		n = min(n, k)
	}
	out := make([]hit, 0, n)
	for len(out) < n {
		switch {
		case len(b) == 0:
			out = append(out, a[0])
			a = a[1:]
		case len(a) == 0:
			out = append(out, b[0])
			b = b[1:]
		case a[0].hi < b[0].hi || a[0].hi == b[0].hi && ix.cmpRows(a[0].row, b[0].row, s) < 0:
			out = append(out, a[0])
			a = a[1:]
		default:
			out = append(out, b[0])
			b = b[1:]
		}
	}
	return out
}

func rowsOf(hs []hit) []int32 {
	out := make([]int32, len(hs))
	for j, h := range hs {
		out[j] = h.row
	}
	return out
}

// searchFilter answers a query without text: the filter, then the sort's
// precomputed permutation, on the base and on the overlay.
func (ix *Index) searchFilter(ctx context.Context, f Filter, s Sort, limit int) (Result, error) {
	bf := ix.base.compile(f)
	hits, total, err := ix.base.filterHits(ctx, &bf, s, limit, ix.dead, 0)
	if err != nil || ix.extra == nil {
		return Result{Hits: rowsOf(hits), Total: total}, err
	}
	ef := ix.extra.compile(f)
	eh, et, err := ix.extra.filterHits(ctx, &ef, s, limit, nil, int32(ix.base.n))
	if err != nil {
		return Result{}, err
	}
	return Result{Hits: rowsOf(ix.merge(hits, eh, s, limit)), Total: total + et}, nil
}

// searchText answers a query with text: each core scans its rows (or the
// candidates) for matches and keeps the best; the cores' bests are merged,
// with the rows whose handle is the text put first for Relevance.
func (ix *Index) searchText(ctx context.Context, f Filter, tq *textQuery, s Sort, limit int, cand *matchSet, keep bool) (Result, *matchSet, error) {
	type part struct {
		c    *core
		f    filter
		dead []uint64
		nw   narrow
		off  int32
	}
	parts := []part{{c: ix.base, dead: ix.dead}}
	if ix.extra != nil {
		parts = append(parts, part{c: ix.extra, off: int32(ix.base.n)})
	}
	if cand != nil {
		resume := cand.pat != "" && tq.ascii && strings.HasPrefix(tq.pat, cand.pat)
		for j := range parts {
			p := &parts[j]
			p.nw.cand, p.nw.from = cand.base, cand.basePos
			if j == 1 {
				p.nw.cand, p.nw.from = cand.extra, cand.extraPos
			}
			if resume && p.nw.from != nil {
				p.nw.done = len(cand.pat)
			} else {
				p.nw.from = nil
			}
			for _, h := range cand.top {
				if i := h - p.off; i >= 0 && int(i) < p.c.n {
					p.nw.seeds = append(p.nw.seeds, i)
				}
			}
		}
	}
	var exact []hit
	for j := range parts {
		p := &parts[j]
		p.f = p.c.compile(f)
		if s == Relevance && !p.f.none {
			exact = append(exact, p.c.exactRows(tq, &p.f, p.dead, p.off)...)
		}
	}
	if len(exact) > 1 {
		slices.SortFunc(exact, func(a, b hit) int { return ix.cmpRows(a.row, b.row, s) })
	}
	// Every exact row is also among the scan's matches under its score:
	// ask for that many more, and drop them below.
	k := limit
	if k > 0 {
		k += len(exact)
	}
	var (
		hits  []hit
		total int
		ms    *matchSet
	)
	if keep {
		ms = &matchSet{}
		if tq.ascii && !tq.single {
			ms.pat = tq.pat
		}
	}
	for j, p := range parts {
		var out scanOut
		if !p.f.none {
			var err error
			if out, err = p.c.scanText(ctx, &p.f, tq, s, k, p.dead, p.nw, keep); err != nil {
				return Result{}, nil, err
			}
		} else if keep {
			out.matches = make([]uint64, (p.c.n+63)/64)
		}
		if keep {
			if j == 0 {
				ms.base, ms.basePos = out.matches, out.pos
			} else {
				ms.extra, ms.extraPos = out.matches, out.pos
			}
		}
		total += out.total
		perm := p.c.perm[s]
		if s == Relevance {
			perm = p.c.perm[ByFollowers]
		}
		hs := make([]hit, len(out.keys))
		for m, key := range out.keys {
			hs[m] = hit{uint32(key >> 32), p.off + perm[uint32(key)]}
		}
		hits = ix.merge(hits, hs, s, k)
	}
	if len(exact) > 0 {
		hits = slices.DeleteFunc(hits, func(h hit) bool {
			return slices.ContainsFunc(exact, func(e hit) bool { return e.row == h.row })
		})
		hits = append(exact, hits...)
		if limit > 0 && len(hits) > limit {
			hits = hits[:limit]
		}
	}
	return Result{Hits: rowsOf(hits), Total: total}, ms, nil
}
