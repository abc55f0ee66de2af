package scoring

// Sig is what a plain row's key (ASCII without NUL) offers the later
// runes of a pattern, for a tighter score bound than scoreBound alone (see
// Bound). After its first rune, a rune of a pattern of letters and
// digits scores 20 only on a position after a separator or on a camel
// hump, and an adjacency bonus only right after the previous rune's match:
// a key without those can be skipped before it is scored.
type Sig struct {
	// pairs has bit pairBit(a, b) for every two adjacent bytes a, b of the
	// fold key: hashed, so a bit may stand for a pair the key lacks.
	Pairs uint64
	// boost has bit BoostBit(c) (exact) for every letter or digit c (fold)
	// that follows a separator, and bit 36+c-'a' for every upper-case
	// letter that follows a lower-case one.
	Boost uint64
}

// SigOf is the Sig of the plain key k.
func SigOf(k string) Sig {
	var s Sig
	for j := 1; j < len(k); j++ {
		a, b := k[j-1], k[j]
		s.Pairs |= 1 << pairBit(lower[a], lower[b])
		if class[a]&ClassSep != 0 {
			if bit, ok := BoostBit(lower[b]); ok {
				s.Boost |= 1 << bit
			}
		}
		if class[a]&ClassLower != 0 && class[b]&ClassUpper != 0 {
			s.Boost |= 1 << (36 + b - 'A')
		}
	}
	return s
}

// pairBit is the bit of the folded byte pair a, b in Sig.Pairs.
func pairBit(a, b byte) uint {
	return uint((uint32(a)<<8 | uint32(b)) * 0x9e3779b1 >> 26)
}

// BoostBit is the bit of Sig.Boost for the folded byte c following a
// separator, when c is a letter or a digit.
func BoostBit(c byte) (uint, bool) {
	switch {
	case 'a' <= c && c <= 'z':
		return uint(c - 'a'), true
	case '0' <= c && c <= '9':
		return uint(26 + c - '0'), true
	}
	return 0, false
}

// SigQuery is a pattern prepared for Bound: for every rune t >= 1, the
// pair bit of (rune t-1, rune t) and the boost bits that let rune t score
// 20.
type SigQuery struct {
	OK bool // the pattern is plain and short enough (else no pruning by sig)
	m  int
	// For the runes after the first: the pair bit of (rune t-1, rune t),
	// and the separator and camel-hump bits of rune t in Sig.Boost (63,
	// never set, when it has none).
	pairBits, sepBits, camelBits []uint8
	// always counts the runes that may score 20 in any key (not a letter
	// or a digit).
	always int
	// camel has the camel-hump bits of the runes after the first; a row
	// with one of them gets the loose bound.
	camel uint64
	// tight[nAdj*m+nBoost] is the bound of a row without those humps
	// (see Bound); nil when the pattern has a rune that is not a
	// letter or a digit.
	tight []int
}

// noBit is a bit of Sig.Boost that is never set.
const noBit = 63

// adjSum[c] is the most c adjacency bonuses add up to: 5, 15, 45, ... each
// twice the running sum plus 5.
var adjSum = func() (t [13]int) {
	for c := 1; c < len(t); c++ {
		t[c] = 3*t[c-1] + 5
	}
	return t
}()

func NewSigQuery(lp []byte) SigQuery {
	m := len(lp)
	if m < 2 || m >= len(adjSum) {
		return SigQuery{}
	}
	q := SigQuery{OK: true, m: m}
	alnum := true
	for t := range m {
		if _, ok := BoostBit(lp[t]); !ok {
			alnum = false
		}
	}
	for t := 1; t < m; t++ {
		q.pairBits = append(q.pairBits, uint8(pairBit(lp[t-1], lp[t])))
		sep, camel := uint8(noBit), uint8(noBit)
		if bit, ok := BoostBit(lp[t]); ok {
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

// Bound bounds what the runes after the first of q score in a key with
// sig s, adding the m matches fuzzy counts: rune t scores at most 20 when
// it can follow a separator or sit on a camel hump, plus an adjacency
// bonus when the key has the pair (rune t-1, rune t); the bonuses of the
// runes that may have one add up to at most adjSum of their count. A
// pattern of letters and digits over a key without its camel humps has
// the tighter bound of q.tight.
func (q *SigQuery) Bound(s Sig) int {
	nAdj, nBoost := 0, q.always
	boost := s.Boost &^ (1 << noBit)
	for t, pb := range q.pairBits {
		nAdj += int(s.Pairs >> pb & 1)
		nBoost += int((boost>>q.sepBits[t] | boost>>q.camelBits[t]) & 1)
	}
	if q.tight != nil && s.Boost&q.camel == 0 {
		return q.tight[nAdj*q.m+nBoost]
	}
	return 20*nBoost + adjSum[nAdj] + q.m
}
