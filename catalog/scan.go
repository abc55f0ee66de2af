package catalog

import (
	"context"
	"math"
	"math/bits"
	"outreach/catalog/scoring"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// parallel runs fn(w, c) for chunks c = 0..n-1 on workers w = 0..workers-1
// (workers goroutines, workers <= n). It stops handing out chunks once ctx
// is done.
func parallel(ctx context.Context, n, workers int, fn func(w, c int)) error {
	if workers <= 1 {
		for c := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			fn(0, c)
		}
		return nil
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= n || ctx.Err() != nil {
					return
				}
				fn(w, c)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// workersFor is how many goroutines scan n chunks.
func workersFor(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

func (c *core) chunks() int { return (c.n + chunkSize - 1) / chunkSize }

func chunkRange(c, n int) (lo, hi int) { return c * chunkSize, min((c+1)*chunkSize, n) }

// rowWord is word w of the rows a scan visits: the set bits of cand when
// given, else every row below n that is not dead.
func rowWord(w, n int, cand, dead []uint64) uint64 {
	if cand != nil {
		return cand[w]
	}
	word := ^uint64(0)
	if rest := n - w<<6; rest < 64 {
		word = 1<<rest - 1
	}
	if dead != nil {
		word &^= dead[w]
	}
	return word
}

// filterHits lists the rows of c passing f, not dead, in the order of sort
// s, at most limit of them (0 = all), as hits numbered from off; total is
// how many pass.
func (c *core) filterHits(ctx context.Context, f *filter, s Sort, limit int, dead []uint64, off int32) ([]hit, int, error) {
	n := c.n
	if f.none || n == 0 {
		return nil, 0, nil
	}
	perm := c.perm[s]
	k := func(total int) int {
		if limit > 0 {
			return min(limit, total)
		}
		return total
	}
	if f.any && dead == nil {
		hs := make([]hit, k(n))
		for j := range hs {
			hs[j].row = off + perm[j]
		}
		return hs, n, nil
	}
	bm := make([]uint64, (n+63)/64)
	counts := make([]int, c.chunks())
	err := parallel(ctx, len(counts), workersFor(len(counts)), func(_, ch int) {
		lo, hi := chunkRange(ch, n)
		cnt := 0
		for w := lo >> 6; w < (hi+63)>>6; w++ {
			word := rowWord(w, n, nil, dead)
			if !f.any {
				for b := word; b != 0; b &= b - 1 {
					if i := w<<6 | bits.TrailingZeros64(b); !c.match(f, i) {
						word &^= 1 << (i & 63)
					}
				}
			}
			bm[w] = word
			cnt += bits.OnesCount64(word)
		}
		counts[ch] = cnt
	})
	if err != nil {
		return nil, 0, err
	}
	total := 0
	for _, x := range counts {
		total += x
	}
	hs := make([]hit, 0, k(total))
	for start := 0; start < n && len(hs) < cap(hs); start += 4 * chunkSize {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		for _, i := range perm[start:min(start+4*chunkSize, n)] {
			if bm[i>>6]&(1<<(i&63)) != 0 {
				hs = append(hs, hit{row: off + i})
				if len(hs) == cap(hs) {
					break
				}
			}
		}
	}
	return hs, total, nil
}

// textQuery is a query text prepared for scanning.
type textQuery struct {
	text   string // as typed, trimmed: what fuzzy scores and exact handles equal
	pat    string // folded: what the prefilter looks for
	runes  []rune
	lp     []byte // pat, when text is plain: scoring.ASCII applies
	ascii  bool   // pat is ASCII
	need   uint64 // byteMask(pat)
	single bool   // pat is one byte with a bit of its own: the mask decides a match
	bound  int    // scoreBound(len(runes))
	sq     scoring.SigQuery
	lead   uint64 // the boost bits of pat[0] (see scoring.Sig); 0 when it may always score 20
}

func newTextQuery(text string) *textQuery {
	pat := foldPattern(text)
	tq := &textQuery{
		text:  text,
		pat:   pat,
		runes: []rune(text),
		ascii: isASCII(pat),
		need:  byteMask(pat),
	}
	tq.single = len(pat) == 1 && ('a' <= pat[0] && pat[0] <= 'z' || '0' <= pat[0] && pat[0] <= '9')
	tq.bound = scoreBound(len(tq.runes))
	if isPlain(text) {
		tq.lp = []byte(pat)
		tq.sq = scoring.NewSigQuery(tq.lp)
		if bit, ok := scoring.BoostBit(tq.lp[0]); ok {
			tq.lead = 1 << bit
			if 'a' <= tq.lp[0] && tq.lp[0] <= 'z' {
				tq.lead |= 1 << (36 + tq.lp[0] - 'a')
			}
		}
	}
	return tq
}

// scoreBound bounds the fuzzy score of an m-rune pattern over a plain key
// (ASCII without NUL): at most leadBound(key, p0 == key[0]) + scoreBound(m)
// - len(key), p0 the first pattern rune lowered. The first rune scores at
// most leadBound; every later rune at most
// 20 (a separator or camel bonus) plus its adjacency bonus, and those
// bonuses add up to at most 5, 20, 65, ... (each is twice the running sum
// plus 5, and grows once per rune); fuzzy then adds the m matches and
// takes away the length.
func scoreBound(m int) int {
	if m > 12 {
		return 1 << 30
	}
	adj := 0
	for range m - 1 {
		adj += 2*adj + 5
	}
	return 20*max(m-1, 0) + adj + m
}

// leadBound is the most the first rune of a pattern can score in the
// plain key k: the best over the positions of 10 at the start (when the
// pattern's first rune is k's first, atStart), or 20 after a separator or
// on a camel hump, less 5 per byte before (at most 15); 0 when none applies.
func leadBound(k string, atStart bool) int {
	best := 0
	if atStart {
		best = 10
	}
	for j := 1; j < len(k); j++ {
		last := scoring.ClassOf(k[j-1])
		if last&scoring.ClassSep != 0 || last&scoring.ClassLower != 0 && scoring.ClassOf(k[j])&scoring.ClassUpper != 0 {
			return max(best, 20-5*min(j, 3))
		}
	}
	return best
}

// relevanceHi is the part of a Relevance key a score gives: higher scores
// give lower keys; clamped so 1<<31-score fits 32 bits and stays above 0,
// the key of an exact handle match.
func relevanceHi(score int) uint64 {
	return uint64(1<<31 - min(max(score, -1<<30), 1<<30))
}

// scanOut is what a core's scan found: the keys of the best matches in
// order, at most k (all with k == 0); how many rows matched; with keep,
// which.
type scanOut struct {
	keys    []uint64
	total   int
	matches []uint64
	pos     []uint8 // with keep: ends (see matchSet.basePos)
}

// scanner is one worker's state in a scan.
type scanner struct {
	top   topK
	all   []uint64
	total int
	_     [64]byte // keep workers' counters off each other's cache lines
}

// narrow is what a scan of a core knows from an earlier query whose
// matches hold every match of this one (see Searcher).
type narrow struct {
	// cand is the earlier query's matches (a bit per row), which pass
	// the filter and are not dead; nil to scan every live row.
	cand []uint64
	// from holds where the leftmost match of the first done bytes of the
	// pattern ends in each row of cand (see matchSet.basePos); nil when
	// unknown.
	from []uint8
	done int
	// seeds are rows of cand (the earlier query's best), scored and kept
	// before the scan starts so that its heap fills with good keys at
	// once; the scan does not keep them twice.
	seeds []int32
}

// scanText scans c for the matches of tq that pass f: the rows of nw.cand
// (which already pass f and are not dead) when given, else every live row.
// A key is the row's position in the sort's permutation; for Relevance it
// is the followers position below the fuzzy score (best first). Once a
// worker holds k keys, a row whose score bound (rowBound) cannot beat the
// worst of them (or of another worker's full heap) is counted but not
// scored: most of a query's matches.
//
// A match test resumes where the earlier query's match ended when known.
func (c *core) scanText(ctx context.Context, f *filter, tq *textQuery, s Sort, k int, dead []uint64, nw narrow, keep bool) (scanOut, error) {
	cand, from, done := nw.cand, nw.from, nw.done
	n := c.n
	var out scanOut
	if n == 0 {
		return out, nil
	}
	if keep {
		out.matches = make([]uint64, (n+63)/64)
		if tq.ascii && !tq.single {
			out.pos = make([]uint8, n)
		}
	}
	if from == nil {
		done = 0
	}
	if s == Relevance && cand == nil && f.any {
		// A letter or a digit alone: its best rows are listed. Its
		// matches are not listed: nil stands for every live row.
		if keys, total, ok := c.firstHits(tq, k, dead); ok {
			return scanOut{keys: keys, total: total}, nil
		}
	}
	pos := out.pos // where each match ends, for the next keystroke
	rank := c.rank[ByFollowers]
	if s != Relevance {
		rank = c.rank[s]
	}
	checkFilter := cand == nil && !f.any
	ws := make([]scanner, workersFor(c.chunks()))
	for w := range ws {
		ws[w].top.k = k
	}
	// cut is the least worst key of the workers' full top-k heaps: a key
	// above it cannot be among the k best of all.
	var cut atomic.Uint64
	cut.Store(math.MaxUint64)
	// The seeds go in first; the scan then skips pushing them again.
	var seeds []int32
	if s == Relevance && k > 0 && len(nw.seeds) > 0 {
		seeds = c.pushSeeds(ws, tq, nw.seeds, rank)
		if ws[0].top.full() {
			cut.Store(ws[0].top.worst())
		}
	}
	err := parallel(ctx, c.chunks(), len(ws), func(w, ch int) {
		sc := &ws[w]
		lo, hi := chunkRange(ch, n)
		cnt := 0
		for wd := lo >> 6; wd < (hi+63)>>6; wd++ {
			cands := c.maskWord(wd, rowWord(wd, n, cand, dead), tq.need)
			if s == Relevance && tq.single && !checkFilter {
				// The mask decides every match: score only the rows
				// whose bound may enter the top k.
				found := cands
				lim := min(sc.top.limit(), cut.Load())
				for b := cands; b != 0; b &= b - 1 {
					i := wd<<6 | bits.TrailingZeros64(b)
					key := uint64(uint32(rank[i]))
					plain := c.plain[i>>6]&(1<<(i&63)) != 0
					if plain && k > 0 && relevanceHi(c.rowBound(i, tq))<<32|key > lim {
						continue
					}
					var score int
					if plain {
						score = scoring.One(tq.pat[0], c.key(int32(i)))
					} else {
						// Only fuzzy knows: a NUL ends what it looks at.
						var ok bool
						if score, ok = scoring.Fuzzy(tq.runes, c.key(int32(i))); !ok {
							found &^= 1 << (i & 63)
							continue
						}
					}
					sc.add(relevanceHi(score)<<32|key, &cut, seeds != nil && isSeed(seeds, i))
					lim = min(sc.top.limit(), cut.Load())
				}
				cnt += bits.OnesCount64(found)
				if keep {
					out.matches[wd] = found
				}
				continue
			}
			var found uint64
			lim := min(sc.top.limit(), cut.Load())
			for b := cands; b != 0; b &= b - 1 {
				i := wd<<6 | bits.TrailingZeros64(b)
				if checkFilter && !c.pass(f, i) {
					continue
				}
				if !tq.single {
					e, ok := c.containsFrom(i, tq, from, done)
					if !ok {
						continue
					}
					if pos != nil && e < 256 {
						pos[i] = uint8(e)
					}
				}
				plain := c.plain[i>>6]&(1<<(i&63)) != 0
				var score int
				if s == Relevance && !plain {
					// Only fuzzy knows: a NUL ends what it looks at.
					var ok bool
					if score, ok = scoring.Fuzzy(tq.runes, c.key(int32(i))); !ok {
						continue
					}
				}
				cnt++
				found |= 1 << (i & 63)
				key := uint64(uint32(rank[i]))
				if s == Relevance {
					// The row's score, unless its bound shows it cannot
					// enter the top k.
					if plain {
						if k > 0 && relevanceHi(c.rowBound(i, tq))<<32|key > lim {
							continue
						}
						switch {
						case tq.single:
							score = scoring.One(tq.pat[0], c.key(int32(i)))
						case tq.lp != nil:
							score, _ = scoring.ASCII(tq.lp, c.key(int32(i)))
						default:
							score, _ = scoring.Fuzzy(tq.runes, c.key(int32(i)))
						}
					}
					key |= relevanceHi(score) << 32
				}
				sc.add(key, &cut, seeds != nil && isSeed(seeds, i))
				lim = min(sc.top.limit(), cut.Load())
			}
			if keep {
				out.matches[wd] = found
			}
		}
		sc.total += cnt
	})
	if err != nil {
		return scanOut{}, err
	}
	var keys []uint64
	for w := range ws {
		out.total += ws[w].total
		keys = append(keys, ws[w].all...)
		keys = append(keys, ws[w].top.h...)
	}
	if err := ctx.Err(); err != nil {
		return scanOut{}, err
	}
	sortKeys(keys)
	if seeds != nil {
		keys = slices.Compact(keys) // a key is a row's: seeds are in every heap
	}
	if k > 0 && len(keys) > k {
		keys = keys[:k]
	}
	out.keys = keys
	return out, nil
}

// pushSeeds pushes the keys of the seed rows that match tq into every
// worker's heap (a row is in a heap once, so each full heap's worst is a
// valid cut; the merge drops the copies) and returns those rows, sorted.
func (c *core) pushSeeds(ws []scanner, tq *textQuery, seeds []int32, rank []int32) []int32 {
	rows := make([]int32, 0, len(seeds))
	for _, r := range seeds {
		i := int(r)
		var (
			score int
			ok    bool
		)
		if c.plain[i>>6]&(1<<(i&63)) != 0 && tq.lp != nil {
			score, ok = scoring.ASCII(tq.lp, c.key(r))
		} else {
			score, ok = scoring.Fuzzy(tq.runes, c.key(r))
		}
		if ok {
			for w := range ws {
				ws[w].top.push(relevanceHi(score)<<32 | uint64(uint32(rank[i])))
			}
			rows = append(rows, r)
		}
	}
	slices.Sort(rows)
	return rows
}

func isSeed(seeds []int32, i int) bool {
	_, ok := slices.BinarySearch(seeds, int32(i))
	return ok
}

// add keeps key among the worker's best (all of them when k is 0), unless
// seeded (its row was pushed as a seed already), and lowers cut to the
// worker's worst once its heap is full.
func (sc *scanner) add(key uint64, cut *atomic.Uint64, seeded bool) {
	if sc.top.k == 0 {
		sc.all = append(sc.all, key)
		return
	}
	if !seeded {
		sc.top.push(key)
	}
	if !sc.top.full() {
		return
	}
	w := sc.top.worst()
	for {
		old := cut.Load()
		if w >= old || cut.CompareAndSwap(old, w) {
			return
		}
	}
}

// rowBound bounds the fuzzy score of tq over the plain row i (see
// scoreBound and sigBound).
func (c *core) rowBound(i int, tq *textQuery) int {
	p0 := tq.pat[0]
	slack := int(c.slack[i])
	if c.lead[i] == p0 {
		slack = int(c.slackLead[i])
	}
	if !tq.sq.OK {
		return tq.bound + slack
	}
	sg := c.sig[i]
	if tq.lead != 0 && sg.Boost&tq.lead == 0 {
		// The first rune follows no separator and sits on no camel
		// hump: at most 10, at the start.
		first := 0
		if c.lead[i] == p0 {
			first = 10
		}
		slack = min(slack, first-int(c.keyOff[i+1]-c.keyOff[i]))
	}
	return slack + tq.sq.Bound(sg)
}

// maskWord is the rows of word wd (rows wd*64...) among those of word
// whose byte mask has every bit of need: the first, cheapest test, without
// a branch per row.
func (c *core) maskWord(wd int, word, need uint64) uint64 {
	if word == 0 {
		return 0
	}
	base := wd << 6
	bs := c.bytes[base:min(base+64, len(c.bytes))]
	var m uint64
	for b, x := range bs {
		x = x&need ^ need // 0 when every bit of need is there
		m |= ((x - 1) &^ x) >> 63 << b
	}
	return m & word
}

// contains reports whether row i's fold key holds tq's pattern in order:
// whether fuzzy matches it.
func (c *core) contains(i int, tq *textQuery) bool {
	fold := c.fold(int32(i))
	if tq.ascii {
		return subseqASCII(fold, tq.pat)
	}
	return subseq(fold, tq.pat)
}

// containsFrom is contains for an ASCII pattern, resuming where the match
// of its first done bytes ends in row i (from[i], 0 for unknown), and
// saying where the match of the whole pattern ends. For other patterns it
// is contains, with an end of 0 (unknown).
func (c *core) containsFrom(i int, tq *textQuery, from []uint8, done int) (int, bool) {
	fold := c.fold(int32(i))
	if !tq.ascii {
		return 0, subseq(fold, tq.pat)
	}
	at, j := 0, 0
	if done > 0 {
		if e := from[i]; e != 0 {
			at, j = int(e), done
		}
	}
	// A plain loop: the distances are a few bytes, shorter than what
	// strings.IndexByte takes to set up.
	for ; j < len(tq.pat); j++ {
		p := tq.pat[j]
		for at < len(fold) && fold[at] != p {
			at++
		}
		if at == len(fold) {
			return 0, false
		}
		at++
	}
	return at, true
}

// exactRows are the rows of c (numbered from off) passing f, not dead, whose
// handle is the query text ignoring case, found by the hash of the folded
// handle.
func (c *core) exactRows(tq *textQuery, f *filter, dead []uint64, off int32) []hit {
	h := uint64(c.exactHash(tq.pat))
	j, _ := slices.BinarySearch(c.exact, h<<32)
	var out []hit
	for ; j < len(c.exact) && c.exact[j]>>32 == h; j++ {
		i := int(uint32(c.exact[j]))
		if isSet(dead, i) || !c.pass(f, i) {
			continue
		}
		if fold := c.fold(int32(i)); len(fold) > len(tq.pat) && fold[len(tq.pat)] == ' ' &&
			fold[:len(tq.pat)] == tq.pat && strings.EqualFold(c.handle(int32(i)), tq.text) {
			out = append(out, hit{row: off + int32(i)})
		}
	}
	return out
}

// topK keeps the k smallest keys pushed: a max-heap.
type topK struct {
	k int
	h []uint64
}

func (t *topK) full() bool { return t.k > 0 && len(t.h) == t.k }

// worst is the largest key kept; only when full.
func (t *topK) worst() uint64 { return t.h[0] }

// limit is the largest key worth pushing: worst when full, else the most.
func (t *topK) limit() uint64 {
	if t.full() {
		return t.h[0]
	}
	return math.MaxUint64
}

func (t *topK) push(key uint64) {
	h := t.h
	if len(h) < t.k {
		h = append(h, key)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if h[p] >= h[i] {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		t.h = h
		return
	}
	if key >= h[0] {
		return
	}
	h[0] = key
	for i := 0; ; {
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

// foldPattern is text with every rune folded like the index's fold keys.
func foldPattern(text string) string { return string(appendFold(nil, text)) }

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
