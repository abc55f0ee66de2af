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
	c.sig = make([]rowSig, c.n)
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
	ok bool // the pattern is plain and short enough (else no pruning by sig)
	m  int
	// For the runes after the first: the pair bit of (rune t-1, rune t),
	// and the separator and camel-hump bits of rune t in rowSig.boost (63,
	// never set, when it has none).
	pairBits, sepBits, camelBits []uint8
	// always counts the runes that may score 20 in any key (not a letter
	// or a digit).
	always int
	// camel has the camel-hump bits of the runes after the first; a row
	// with one of them gets the loose bound.
	camel uint64
	// tight[nAdj*m+nBoost] is the bound of a row without those humps
	// (see sigBound); nil when the pattern has a rune that is not a
	// letter or a digit.
	tight []int
}

// noBit is a bit of rowSig.boost that is never set.
const noBit = 63

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
	q := sigQuery{ok: true, m: m}
	alnum := true
	for t := range m {
		if _, ok := boostBit(lp[t]); !ok {
			alnum = false
		}
	}
	for t := 1; t < m; t++ {
		q.pairBits = append(q.pairBits, uint8(pairBit(lp[t-1], lp[t])))
		sep, camel := uint8(noBit), uint8(noBit)
		if bit, ok := boostBit(lp[t]); ok {
			sep = uint8(bit)
			if 'a' <= lp[t] && lp[t] <= 'z' {
				camel = 36 + lp[t] - 'a'
				q.camel |= 1 << camel
			}
		} else {
			q.always++
		}
		q.sepBits = append(q.sepBits, sep)
		q.camelBits = append(q.camelBits, camel)
	}
	if alnum {
		// Rune t (t >= 1) scores 20 after a separator or its adjacency
		// bonus, never both: the previous rune's match, a letter or a
		// digit, is not a separator. Each rune with the pair may add to
		// the running adjacency sum, whether its adjacent position wins
		// or not, so of i such runes the j whose bonus counts add up to
		// at most the last j of the i increments; the rest score 20 at
		// most when they may follow a separator.
		q.tight = make([]int, m*m)
		for nAdj := range m {
			for nBoost := range m {
				best := 0
				for i := 0; i <= nAdj; i++ {
					for j := 0; j <= i; j++ {
						best = max(best, adjSum[i]-adjSum[i-j]+20*min(nBoost, m-1-j))
					}
				}
				q.tight[nAdj*m+nBoost] = best + m
			}
		}
	}
	return q
}

// sigBound bounds what the runes after the first of q score in a key with
// sig s, adding the m matches fuzzy counts: rune t scores at most 20 when
// it can follow a separator or sit on a camel hump, plus an adjacency
// bonus when the key has the pair (rune t-1, rune t); the bonuses of the
// runes that may have one add up to at most adjSum of their count. A
// pattern of letters and digits over a key without its camel humps has
// the tighter bound of q.tight.
func (q *sigQuery) sigBound(s rowSig) int {
	nAdj, nBoost := 0, q.always
	boost := s.boost &^ (1 << noBit)
	for t, pb := range q.pairBits {
		nAdj += int(s.pairs >> pb & 1)
		nBoost += int((boost>>q.sepBits[t] | boost>>q.camelBits[t]) & 1)
	}
	if q.tight != nil && s.boost&q.camel == 0 {
		return q.tight[nAdj*q.m+nBoost]
	}
	return 20*nBoost + adjSum[nAdj] + q.m
}
