package catalog

// rowSig is what a plain row's key (ASCII without NUL) offers the later
// runes of a pattern, for a tighter score bound than scoreBound alone (see
// sigBound). After its first rune, a rune of a pattern of letters and
// digits scores 20 only on a position after a separator or on a camel
// hump, and an adjacency bonus only right after the previous rune's match:
// a key without those can be skipped before it is scored.
type rowSig struct {
	// pairs has bit pairBit(a, b) for every two adjacent bytes a, b of the
	// fold key: hashed, so a bit may stand for a pair the key lacks.
	pairs uint64
	// boost has bit boostBit(c) (exact) for every letter or digit c (fold)
	// that follows a separator, and bit 36+c-'a' for every upper-case
	// letter that follows a lower-case one.
	boost uint64
}

// buildSig fills c.sig for c's plain rows; other rows get a zero sig,
// which no bound reads (they are never pruned).
func buildSig(c *core) {
	c.sig = make([]rowSig, len(c.rows))
	for i := range c.sig {
		if c.plain[i>>6]&(1<<(i&63)) == 0 {
			continue
		}
		c.sig[i] = sigOf(c.key(int32(i)))
	}
}

// sigOf is the rowSig of the plain key k.
func sigOf(k string) rowSig {
	var s rowSig
	for j := 1; j < len(k); j++ {
		a, b := k[j-1], k[j]
		s.pairs |= 1 << pairBit(asciiLower[a], asciiLower[b])
		if asciiClass[a]&clsSep != 0 {
			if bit, ok := boostBit(asciiLower[b]); ok {
				s.boost |= 1 << bit
			}
		}
		if asciiClass[a]&clsLower != 0 && asciiClass[b]&clsUpper != 0 {
			s.boost |= 1 << (36 + b - 'A')
		}
	}
	return s
}

// pairBit is the bit of the folded byte pair a, b in rowSig.pairs.
func pairBit(a, b byte) uint {
	return uint((uint32(a)<<8 | uint32(b)) * 0x9e3779b1 >> 26)
}

// boostBit is the bit of rowSig.boost for the folded byte c following a
// separator, when c is a letter or a digit.
func boostBit(c byte) (uint, bool) {
	switch {
	case 'a' <= c && c <= 'z':
		return uint(c - 'a'), true
	case '0' <= c && c <= '9':
		return uint(26 + c - '0'), true
	}
	return 0, false
}

// sigQuery is a pattern prepared for sigBound: for every rune t >= 1, the
// pair bit of (rune t-1, rune t) and the boost bits that let rune t score
// 20.
type sigQuery struct {
	ok    bool // the pattern is plain and short enough (else no pruning by sig)
	pairs []uint64
	boost []uint64 // 0: rune t may always score 20 (not a letter or digit)
	m     int
}

// adjSum[c] is the most c adjacency bonuses add up to: 5, 15, 45, ... each
// twice the running sum plus 5.
var adjSum = func() (t [13]int) {
	for c := 1; c < len(t); c++ {
		t[c] = 3*t[c-1] + 5
	}
	return t
}()

func newSigQuery(lp []byte) sigQuery {
	m := len(lp)
	if m < 2 || m >= len(adjSum) {
		return sigQuery{}
	}
	q := sigQuery{ok: true, m: m, pairs: make([]uint64, m), boost: make([]uint64, m)}
	for t := 1; t < m; t++ {
		q.pairs[t] = 1 << pairBit(lp[t-1], lp[t])
		if bit, ok := boostBit(lp[t]); ok {
			q.boost[t] = 1 << bit
			if 'a' <= lp[t] && lp[t] <= 'z' {
				q.boost[t] |= 1 << (36 + lp[t] - 'a')
			}
		}
	}
	return q
}

// sigBound bounds what the runes after the first of q score in a key with
// sig s, adding the m matches fuzzy counts: rune t scores at most 20 when
// it can follow a separator or sit on a camel hump, plus an adjacency
// bonus when the key has the pair (rune t-1, rune t); the bonuses of the
// runes that may have one add up to at most adjSum of their count.
func (q *sigQuery) sigBound(s rowSig) int {
	nAdj, nBoost := 0, 0
	for t := 1; t < q.m; t++ {
		if s.pairs&q.pairs[t] != 0 {
			nAdj++
		}
		if q.boost[t] == 0 || s.boost&q.boost[t] != 0 {
			nBoost++
		}
	}
	return 20*nBoost + adjSum[nAdj] + q.m
}
