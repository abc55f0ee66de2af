package catalog

import (
	"math"
	"math/bits"
	"outreach/catalog/scoring"
	"runtime"
	"sync"
)

// firstLen is how many of the best rows a core keeps for each one-byte
// query (a letter or a digit): a page of 1,000 hits plus room for exact
// handle matches and dead rows.
const firstLen = 1280

// firstBytes is the number of one-byte queries answered from a list: the
// letters a-z and the digits 0-9, numbered as byteBit numbers them.
const firstBytes = 36

// firstByte is the byte of list b (see byteBit).
func firstByte(b int) byte {
	if b < 26 {
		return byte('a' + b)
	}
	return byte('0' + b - 26)
}

// firstRows is how many keys each one-byte list of c holds.
func (c *core) firstRows() int { return min(firstLen, c.n) }

// buildFirst fills c.firstTop and c.firstCnt: for each letter or digit b,
// the Relevance keys (relevanceHi(score)<<32 | followers rank) of the
// first firstRows() matches of the one-byte query b, ascending, padded with
// MaxUint64 past the last match; and how many rows match. These are what a
// scan of every row computes for that query (scanText's one-byte path),
// kept so that the finder's first keystroke reads a list instead.
func buildFirst(c *core) {
	L := c.firstRows()
	c.firstTop = make([]uint64, firstBytes*L)
	c.firstCnt = make([]int64, firstBytes)
	if L == 0 {
		return
	}
	// Each worker lists the best of its share of the rows; the lists
	// are then merged.
	type part struct {
		heaps [firstBytes]topK
		cnt   [firstBytes]int64
	}
	parts := make([]part, max(1, min(runtime.GOMAXPROCS(0), c.n/(1<<16))))
	var wg sync.WaitGroup
	for w := range parts {
		p := &parts[w]
		lo, hi := w*c.n/len(parts), (w+1)*c.n/len(parts)
		wg.Go(func() { c.firstPart(lo, hi, L, &p.heaps, &p.cnt) })
	}
	wg.Wait()
	for b := range firstBytes {
		var keys []uint64
		for w := range parts {
			keys = append(keys, parts[w].heaps[b].h...)
			c.firstCnt[b] += parts[w].cnt[b]
		}
		sortKeys(keys)
		out := c.firstTop[b*L : (b+1)*L]
		n := copy(out, keys)
		for j := n; j < L; j++ {
			out[j] = math.MaxUint64
		}
	}
}

// firstPart keeps in heaps[b] the best L keys of one-byte query b over
// rows lo..hi-1, and counts its matches in cnt[b] (see buildFirst).
func (c *core) firstPart(lo, hi, L int, heaps *[firstBytes]topK, cnt *[firstBytes]int64) {
	for b := range heaps {
		heaps[b] = topK{k: L, h: make([]uint64, 0, L)}
	}
	rank := c.rank[ByFollowers]
	var (
		best [firstBytes]int
		at   [firstBytes]int
		pat  [1]rune
	)
	for i := lo; i < hi; i++ {
		m := c.bytes[i] & (1<<firstBytes - 1)
		if m == 0 {
			continue
		}
		key := c.key(int32(i))
		if c.plain[i>>6]&(1<<(i&63)) != 0 {
			firstScores(key, m, &best, &at)
		} else {
			for b := m; b != 0; b &= b - 1 {
				j := bits.TrailingZeros64(b)
				pat[0] = rune(firstByte(j))
				score, ok := scoring.Fuzzy(pat[:], key)
				if !ok {
					// Only fuzzy knows: a NUL ends what it looks at.
					m &^= 1 << j
					continue
				}
				best[j], at[j] = score, -1
			}
		}
		r := uint64(uint32(rank[i]))
		for b := m; b != 0; b &= b - 1 {
			j := bits.TrailingZeros64(b)
			cnt[j]++
			score := best[j]
			if at[j] >= 0 {
				score += max(-5*at[j], scoring.MaxLeadPenalty) + 1 - len(key)
			}
			if k := relevanceHi(score)<<32 | r; k < heaps[j].limit() {
				heaps[j].push(k)
			}
		}
	}
}

// firstScores is scoring.One for every letter and digit of m at once, over
// the plain key k holding each of them: best[b] is the bonus and at[b] the
// position scoring.One keeps for byte b (see byteBit).
func firstScores(k string, m uint64, best, at *[firstBytes]int) {
	for b := m; b != 0; b &= b - 1 {
		best[bits.TrailingZeros64(b)] = -1
	}
	if len(k) == 0 {
		return
	}
	if b := byteBit[scoring.ToLower(k[0])]; b < firstBytes {
		best[b], at[b] = 10, 0
	}
	for j := 1; j < len(k); j++ {
		c := k[j]
		b := byteBit[scoring.ToLower(c)]
		if b >= firstBytes || best[b] == 20 {
			continue
		}
		if cl := scoring.ClassOf(k[j-1]); cl&scoring.ClassSep != 0 || cl&scoring.ClassLower != 0 && scoring.ClassOf(c)&scoring.ClassUpper != 0 {
			best[b], at[b] = 20, j
		} else if best[b] < 0 {
			best[b], at[b] = 0, j
		}
	}
}

// firstHits answers the one-byte query tq from c's list, for a scan of
// every live row of c without a filter wanting the k (<= firstRows())
// best: the keys and the number of matches, or false when dead rows leave
// the list short.
func (c *core) firstHits(tq *textQuery, k int, dead []uint64) ([]uint64, int, bool) {
	L := c.firstRows()
	if !tq.single || k <= 0 || k > L || len(c.firstTop) != firstBytes*L {
		return nil, 0, false
	}
	b := int(byteBit[tq.pat[0]])
	list := c.firstTop[b*L : (b+1)*L]
	total := int(c.firstCnt[b])
	keys := make([]uint64, 0, k)
	if dead == nil {
		for _, key := range list[:k] {
			if key == math.MaxUint64 {
				break
			}
			keys = append(keys, key)
		}
		return keys, total, true
	}
	perm := c.perm[ByFollowers]
	complete := L == c.n // the list holds every row's key
	for _, key := range list {
		if key == math.MaxUint64 {
			complete = true // the list holds every match
			break
		}
		if isSet(dead, int(perm[uint32(key)])) {
			continue
		}
		keys = append(keys, key)
		if len(keys) == k {
			complete = true
			break
		}
	}
	if !complete {
		return nil, 0, false
	}
	// The dead rows that match are not counted.
	need := uint64(1) << b
	for w, word := range dead {
		for ; word != 0; word &= word - 1 {
			i := w<<6 | bits.TrailingZeros64(word)
			if c.bytes[i]&need == 0 {
				continue
			}
			if c.plain[i>>6]&(1<<(i&63)) == 0 {
				if _, ok := scoring.Fuzzy(tq.runes, c.key(int32(i))); !ok {
					continue
				}
			}
			total--
		}
	}
	return keys, total, true
}
