package catalog

import (
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

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

// Result lists hits as row indices into the index, in order. Total is the
// number of matches, which may exceed len(Hits) when Query.Limit is set. Gen
// is the Searcher generation the search ran under (0 from Index.Search).
type Result struct {
	Gen   uint64
	Hits  []int32
	Total int
	Took  time.Duration
}

// chunkSize is the number of rows a worker takes at a time, and how often a
// search looks at its context. A multiple of 64 so chunks own whole bitmap
// words.
const chunkSize = 1 << 14

// filter is a Filter compiled against an index.
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

func (ix *Index) compile(f Filter) filter {
	c := filter{
		levels:    f.Levels,
		minF:      f.MinFollowers,
		maxF:      f.MaxFollowers,
		cat:       -1,
		typ:       -1,
		minG:      int64(f.MinGMV),
		maxG:      int64(f.MaxGMV),
		minActive: f.MinActiveDays,
	}
	if c.maxF == 0 {
		c.maxF = math.MaxInt64
	}
	if c.maxG == 0 {
		c.maxG = math.MaxInt64
	}
	if f.Category != "" {
		id, ok := slices.BinarySearch(ix.cats, f.Category)
		if !ok {
			c.none = true
		}
		c.cat = id
	}
	if f.Type != nil {
		c.typ = int(*f.Type)
	}
	c.rest = f.MinFollowers != 0 || f.MaxFollowers != 0 || f.Category != "" ||
		f.Type != nil || f.MinGMV != 0 || f.MaxGMV != 0 || f.MinActiveDays > 0
	c.any = f.Levels == 0 && !c.rest
	return c
}

// match reports whether row i passes f.
func (ix *Index) match(f *filter, i int) bool {
	if f.levels != 0 && f.levels&(1<<ix.level[i]) == 0 {
		return false
	}
	if v := ix.followers[i]; v < f.minF || v > f.maxF {
		return false
	}
	if v := ix.gmv[i]; v < f.minG || v > f.maxG {
		return false
	}
	if int(ix.active[i]) < f.minActive {
		return false
	}
	if f.typ >= 0 && int(ix.typ[i]) != f.typ {
		return false
	}
	if f.cat >= 0 {
		id := uint32(f.cat)
		for _, c := range ix.catIDs[ix.catOff[i]:ix.catOff[i+1]] {
			if c == id {
				return true
			}
		}
		return false
	}
	return true
}

// Search runs q. It looks at ctx between chunks of rows and returns
// ctx.Err() once ctx is done, so a stale search can be abandoned.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	f := ix.compile(q.Filter)
	s := q.Sort
	if s < 0 || s >= numSorts {
		s = Relevance
	}
	limit := max(q.Limit, 0)
	var (
		res Result
		err error
	)
	switch text := queryText(q.Text); {
	case f.none:
	case text == "":
		res, err = ix.searchFilter(ctx, &f, s, limit)
	default:
		res, err = ix.searchText(ctx, &f, text, s, limit)
	}
	if err != nil {
		return Result{}, err
	}
	res.Took = time.Since(start)
	return res, nil
}

// queryText is the text a query searches for: surrounding spaces and a
// leading "@" (sellers type handles that way) are dropped.
func queryText(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// parallel runs fn(c) for chunks c = 0..n-1 on up to GOMAXPROCS goroutines.
// It stops handing out chunks once ctx is done or fn fails.
func parallel(ctx context.Context, n int, fn func(c int)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for c := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(c)
		}
		return nil
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= n || ctx.Err() != nil {
					return
				}
				fn(c)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

func (ix *Index) chunks() int { return (len(ix.rows) + chunkSize - 1) / chunkSize }

func chunkRange(c, n int) (lo, hi int) { return c * chunkSize, min((c+1)*chunkSize, n) }

// searchFilter answers a query without text: the filter, then the sort's
// precomputed permutation.
func (ix *Index) searchFilter(ctx context.Context, f *filter, s Sort, limit int) (Result, error) {
	n := len(ix.rows)
	perm := ix.perm[s]
	if f.any {
		k := n
		if limit > 0 {
			k = min(limit, n)
		}
		return Result{Hits: slices.Clone(perm[:k]), Total: n}, nil
	}
	bm := make([]uint64, (n+63)/64)
	counts := make([]int, ix.chunks())
	err := parallel(ctx, len(counts), func(c int) {
		lo, hi := chunkRange(c, n)
		cnt := 0
		for i := lo; i < hi; i++ {
			if ix.match(f, i) {
				bm[i>>6] |= 1 << (i & 63)
				cnt++
			}
		}
		counts[c] = cnt
	})
	if err != nil {
		return Result{}, err
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	hits, err := walkPerm(ctx, perm, bm, total, limit)
	return Result{Hits: hits, Total: total}, err
}

// walkPerm lists the rows marked in bm in permutation order, at most limit
// of them (0 = all); total is the number of marked rows.
func walkPerm(ctx context.Context, perm []int32, bm []uint64, total, limit int) ([]int32, error) {
	k := total
	if limit > 0 {
		k = min(limit, total)
	}
	hits := make([]int32, 0, k)
	for start := 0; start < len(perm) && len(hits) < k; start += 4 * chunkSize {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, i := range perm[start:min(start+4*chunkSize, len(perm))] {
			if bm[i>>6]&(1<<(i&63)) != 0 {
				hits = append(hits, i)
				if len(hits) == k {
					break
				}
			}
		}
	}
	return hits, nil
}

// searchText answers a query with text. Each chunk keeps the rows that pass
// the filter and contain the text's runes in order (case-insensitively; the
// cheap prefilter) and scores those like sahilm/fuzzy does; the chunks'
// matches are then merged in the query's order.
func (ix *Index) searchText(ctx context.Context, f *filter, text string, s Sort, limit int) (Result, error) {
	n := len(ix.rows)
	pat := foldPattern(text)
	ascii := isASCII(pat)
	rank := ix.rank[ByFollowers]
	if s != Relevance {
		rank = ix.rank[s]
	}

	// Per chunk: sort keys of the matches. For Relevance a key packs the
	// fuzzy score (best first) above the followers rank; otherwise it is the
	// rank in the sort's permutation. Either way ascending key order is the
	// result order, and perm[key&mask] recovers the row.
	keys := make([][]uint64, ix.chunks())
	runes := []rune(text)
	need := byteMask(pat)
	lp := []byte(nil) // the text lowered, when fuzzyScoreASCII can score it
	if isPlain(text) {
		lp = []byte(pat)
	}
	err := parallel(ctx, len(keys), func(c int) {
		lo, hi := chunkRange(c, n)
		var out []uint64
		for i := lo; i < hi; i++ {
			if f.levels != 0 && f.levels&(1<<ix.level[i]) == 0 || f.rest && !ix.match(f, i) {
				continue
			}
			if ix.bytes[i]&need != need {
				continue
			}
			k := ix.fold(int32(i))
			if ascii && !subseqASCII(k, pat) || !ascii && !subseq(k, pat) {
				continue
			}
			var (
				score int
				ok    bool
			)
			if lp != nil && ix.plain[i>>6]&(1<<(i&63)) != 0 {
				score, ok = fuzzyScoreASCII(lp, ix.key(int32(i)))
			} else {
				score, ok = fuzzyScore(runes, ix.key(int32(i)))
			}
			if !ok {
				continue
			}
			key := uint64(uint32(rank[i]))
			if s == Relevance {
				// An exact handle match comes first; then the fuzzy score,
				// clamped so 1<<31-score fits 32 bits and stays above 0.
				var hi uint64
				if !ix.exactHandle(i, k, pat, text) {
					hi = uint64(1<<31 - min(max(score, -1<<30), 1<<30))
				}
				key |= hi << 32
			}
			out = append(out, key)
		}
		keys[c] = out
	})
	if err != nil {
		return Result{}, err
	}
	total := 0
	for _, k := range keys {
		total += len(k)
	}
	perm := ix.perm[ByFollowers]
	if s != Relevance {
		perm = ix.perm[s]
	}

	// Without a score a key is a position in the permutation: mark them in
	// a bitmap and read it in order.
	if s != Relevance {
		bm := make([]uint64, (n+63)/64)
		for _, ks := range keys {
			for _, k := range ks {
				bm[k>>6] |= 1 << (k & 63)
			}
		}
		k := total
		if limit > 0 {
			k = min(limit, total)
		}
		hits := make([]int32, 0, k)
		for w := 0; w < len(bm) && len(hits) < k; w++ {
			for b := bm[w]; b != 0 && len(hits) < k; b &= b - 1 {
				hits = append(hits, perm[w<<6|bits.TrailingZeros64(b)])
			}
		}
		return Result{Hits: hits, Total: total}, nil
	}

	var all []uint64
	if limit > 0 && limit < total {
		all = topK(keys, limit)
	} else {
		all = make([]uint64, 0, total)
		for _, k := range keys {
			all = append(all, k...)
		}
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		sortKeys(all)
	}
	hits := make([]int32, len(all))
	for j, k := range all {
		hits[j] = perm[uint32(k)]
	}
	return Result{Hits: hits, Total: total}, nil
}

// topK is the k smallest keys of all chunks, sorted.
func topK(chunks [][]uint64, k int) []uint64 {
	// h is a max-heap of the k smallest keys seen so far.
	h := make([]uint64, 0, k)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && h[r] > h[l] {
				l = r
			}
			if h[i] >= h[l] {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for _, ks := range chunks {
		for _, key := range ks {
			switch {
			case len(h) < k:
				h = append(h, key)
				for i := len(h) - 1; i > 0; {
					p := (i - 1) / 2
					if h[p] >= h[i] {
						break
					}
					h[p], h[i] = h[i], h[p]
					i = p
				}
			case key < h[0]:
				h[0] = key
				down(0)
			}
		}
	}
	slices.Sort(h)
	return h
}

// sortKeys sorts keys ascending: an LSD radix sort on the bytes that vary,
// which beats a comparison sort on the hundreds of thousands of keys a short
// query yields.
func sortKeys(keys []uint64) {
	if len(keys) < 4096 {
		slices.Sort(keys)
		return
	}
	var or, and uint64 = 0, math.MaxUint64
	for _, k := range keys {
		or |= k
		and &= k
	}
	diff := or ^ and // bits that are not the same in every key
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	for shift := 0; shift < 64; shift += 8 {
		if (diff>>shift)&0xff == 0 {
			continue
		}
		var count [256]int
		for _, k := range src {
			count[(k>>shift)&0xff]++
		}
		pos := 0
		for b, c := range count {
			count[b] = pos
			pos += c
		}
		for _, k := range src {
			b := (k >> shift) & 0xff
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// exactHandle reports whether row i's handle equals text, ignoring case;
// fold is the row's fold key ("handle name" folded) and pat the folded text,
// which reject almost every row before the real comparison.
func (ix *Index) exactHandle(i int, fold, pat, text string) bool {
	return len(fold) > len(pat) && fold[len(pat)] == ' ' && fold[:len(pat)] == pat &&
		strings.EqualFold(ix.rows[i].Handle, text)
}

// foldPattern is text with every rune folded like the index's fold keys.
func foldPattern(text string) string {
	var b strings.Builder
	appendFold(&b, text)
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// subseqASCII reports whether the bytes of pat occur in k in order. pat is
// ASCII, and an ASCII byte never occurs inside a multi-byte UTF-8 sequence.
func subseqASCII(k, pat string) bool {
	for j := 0; j < len(pat); j++ {
		p := strings.IndexByte(k, pat[j])
		if p < 0 {
			return false
		}
		k = k[p+1:]
	}
	return true
}

// subseq reports whether the runes of pat occur in k in order.
func subseq(k, pat string) bool {
	for _, r := range pat {
		p := strings.IndexRune(k, r)
		if p < 0 {
			return false
		}
		k = k[p+utf8.RuneLen(r):]
	}
	return true
}
