package scoring

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scoring rules of github.com/sahilm/fuzzy v0.1.3. MaxLeadPenalty is
// the most the characters before a pattern's first match take away.
const (
	firstCharMatchBonus          = 10
	matchFollowingSeparatorBonus = 20
	camelCaseMatchBonus          = 20
	adjacentMatchBonus           = 5
	unmatchedLeadingCharPenalty  = -5
	MaxLeadPenalty               = -15
)

// Fuzzy is what fuzzy.Find(string(pat), []string{str}) computes for
// str: its Score, and whether it matched at all. It is the same algorithm,
// step for step, without the allocations (a Match and its MatchedIndexes per
// string) that made the library spend most of a 1M-row search in the garbage
// collector. TestFuzzyScoreMatchesLibrary holds it to the library.
func Fuzzy(pat []rune, str string) (int, bool) {
	if len(pat) == 0 {
		return 0, false
	}
	// Like fuzzy, look only up to the first NUL.
	if i := strings.IndexByte(str, 0); i >= 0 {
		str = str[:i]
	}
	var (
		total          int // Match.Score
		nMatched       int // len(Match.MatchedIndexes)
		lastMatch      int // Match.MatchedIndexes[nMatched-1]
		patternIndex   int
		bestScore      = -1
		matchedIndex   = -1
		currAdjacent   int
		last           rune
		lastIndex      int
		candidate      rune
		candidateSize  int
		nextc, nextSiz = decodeRune(str)
	)
	for j := 0; j < len(str); j += candidateSize {
		candidate, candidateSize = nextc, nextSiz
		if EqualFold(candidate, pat[patternIndex]) {
			score := 0
			if j == 0 {
				score += firstCharMatchBonus
			}
			if isLower(last) && isUpper(candidate) {
				score += camelCaseMatchBonus
			}
			if j != 0 && isSeparator(last) {
				score += matchFollowingSeparatorBonus
			}
			if nMatched > 0 {
				bonus := 0
				if lastMatch == lastIndex {
					bonus = currAdjacent*2 + adjacentMatchBonus
				}
				score += bonus
				currAdjacent += bonus
			}
			if score > bestScore {
				bestScore = score
				matchedIndex = j
			}
		}
		var nextp rune
		if patternIndex < len(pat)-1 {
			nextp = pat[patternIndex+1]
		}
		if k := j + candidateSize; k < len(str) {
			if str[k] < utf8.RuneSelf {
				nextc, nextSiz = rune(str[k]), 1
			} else {
				nextc, nextSiz = utf8.DecodeRuneInString(str[k:])
			}
		} else {
			nextc, nextSiz = 0, 0
		}
		if EqualFold(nextp, nextc) || nextc == 0 {
			if matchedIndex > -1 {
				if nMatched == 0 {
					penalty := matchedIndex * unmatchedLeadingCharPenalty
					bestScore += max(penalty, MaxLeadPenalty)
				}
				total += bestScore
				nMatched++
				lastMatch = matchedIndex
				bestScore = -1
				patternIndex++
			}
		}
		lastIndex = j
		last = candidate
	}
	total += nMatched - len(str)
	return total, nMatched == len(pat)
}

// Class bits of a byte, for ASCII.
const (
	ClassLower = 1 << iota
	ClassUpper
	ClassSep
)

// The byte tables behind ToLower and ClassOf, filled once by init and
// only read after.
var (
	lower [256]byte // A-Z to a-z, everything else unchanged
	class [256]byte
)

// ToLower is c with A-Z lowered.
func ToLower(c byte) byte { return lower[c] }

// ClassOf is c's class bits: ClassLower, ClassUpper, ClassSep.
func ClassOf(c byte) byte { return class[c] }

func init() {
	for c := range 256 {
		lower[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lower[c] = byte(c + 'a' - 'A')
			class[c] |= ClassUpper
		}
		if 'a' <= c && c <= 'z' {
			class[c] |= ClassLower
		}
		if c < utf8.RuneSelf && isSeparator(rune(c)) {
			class[c] |= ClassSep
		}
	}
}

// ASCII is Fuzzy for the common case of an ASCII pattern and
// an ASCII string without NUL: lp is the pattern with A-Z lowered, and every
// rune comparison, case test and decode becomes a byte or a table lookup.
//
// It also skips the positions where fuzzy's loop changes nothing but its
// record of the previous character: those where the character does not
// match the current pattern rune and, until something matched, or the next
// character is not the next pattern rune (nor the end of the string).
func ASCII(lp []byte, str string) (int, bool) {
	var (
		n            = len(str)
		total        int
		nMatched     int
		lastMatch    int
		patternIndex int
		bestScore    = -1
		matchedIndex = -1
		currAdjacent int
	)
	for j := 0; j < n; j++ {
		p := lp[patternIndex]
		var nextp byte
		if patternIndex < len(lp)-1 {
			nextp = lp[patternIndex+1]
		}
		if matchedIndex < 0 {
			for j < n && lower[str[j]] != p {
				j++
			}
			if j == n {
				break
			}
		} else {
			for j < n-1 && lower[str[j]] != p && lower[str[j+1]] != nextp {
				j++
			}
		}
		var last byte
		lastIndex := 0
		if j > 0 {
			last, lastIndex = str[j-1], j-1
		}
		candidate := str[j]
		if lower[candidate] == p {
			score := 0
			if j == 0 {
				score += firstCharMatchBonus
			}
			if class[last]&ClassLower != 0 && class[candidate]&ClassUpper != 0 {
				score += camelCaseMatchBonus
			}
			if j != 0 && class[last]&ClassSep != 0 {
				score += matchFollowingSeparatorBonus
			}
			if nMatched > 0 {
				bonus := 0
				if lastMatch == lastIndex {
					bonus = currAdjacent*2 + adjacentMatchBonus
				}
				score += bonus
				currAdjacent += bonus
			}
			if score > bestScore {
				bestScore = score
				matchedIndex = j
			}
		}
		var nextc byte
		if j+1 < n {
			nextc = str[j+1]
		}
		if lower[nextc] == nextp || nextc == 0 {
			if matchedIndex > -1 {
				if nMatched == 0 {
					penalty := matchedIndex * unmatchedLeadingCharPenalty
					bestScore += max(penalty, MaxLeadPenalty)
				}
				total += bestScore
				nMatched++
				lastMatch = matchedIndex
				bestScore = -1
				patternIndex++
			}
		}
	}
	total += nMatched - n
	return total, nMatched == len(lp)
}

func decodeRune(s string) (rune, int) {
	if len(s) > 0 && s[0] < utf8.RuneSelf {
		return rune(s[0]), 1
	}
	return utf8.DecodeRuneInString(s)
}

// EqualFold is fuzzy's (and strings.EqualFold's) rune comparison.
func EqualFold(tr, sr rune) bool {
	if tr == sr {
		return true
	}
	if tr < sr {
		tr, sr = sr, tr
	}
	if tr < utf8.RuneSelf {
		return 'A' <= sr && sr <= 'Z' && tr == sr+'a'-'A'
	}
	r := unicode.SimpleFold(sr)
	for r != sr && r < tr {
		r = unicode.SimpleFold(r)
	}
	return r == tr
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r)
}

func isSeparator(r rune) bool {
	switch r {
	case '/', '-', '_', ' ', '.', '\\':
		return true
	}
	return false
}

// One is ASCII for a one-byte pattern p (lowered) over
// a plain key that contains it (ignoring case). With one rune fuzzy keeps
// the first occurrence with the best bonus: 20 after a separator or on a
// camel hump (never at the start), else 10 at the start, else 0; then
// takes away 5 per byte before it (at most 15) and the key's length, less
// one.
func One(p byte, key string) int {
	best, at := -1, 0
	for j := 0; j < len(key); j++ {
		c := key[j]
		if lower[c] != p {
			continue
		}
		bonus := 0
		if j == 0 {
			bonus = 10
		} else if last := class[key[j-1]]; last&ClassSep != 0 || last&ClassLower != 0 && class[c]&ClassUpper != 0 {
			best, at = 20, j
			break
		}
		if bonus > best {
			best, at = bonus, j
		}
	}
	return best + max(-5*at, MaxLeadPenalty) + 1 - len(key)
}
