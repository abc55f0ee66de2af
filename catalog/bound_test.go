package catalog

import (
	"math/rand/v2"
	"outreach/catalog/scoring"
	"testing"
)

// TestScoreBound holds the pruning bound to the scorer: no plain key scores
// above leadBound(key) + scoreBound(m) - len(key), or a row that belongs in
// the top k could be skipped. Short alphabets full of separators, camel
// humps and repeats reach the bonuses the bound allows.
func TestScoreBound(t *testing.T) {
	alphabets := []string{"aAbB .-_/\\", "mMaArR.", "aA", "ab_", "xXmM "}
	r := rand.New(rand.NewPCG(11, 12))
	for _, alphabet := range alphabets {
		str := func(n int) string {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			return string(b)
		}
		for range 100_000 {
			p, s := str(1+r.IntN(6)), str(1+r.IntN(24))
			score, ok := scoring.Fuzzy([]rune(p), s)
			if !ok {
				continue
			}
			atStart := scoring.ToLower(s[0]) == scoring.ToLower(p[0])
			if b := leadBound(s, atStart) + scoreBound(len(p)) - len(s); score > b {
				t.Fatalf("scoring.Fuzzy(%q, %q) = %d above its bound %d", p, s, score, b)
			}
		}
	}
}

// TestFuzzyScore1 holds the one-byte scorer to the general one.
func TestFuzzyScore1(t *testing.T) {
	alphabet := "aAbBmM .-_/\\xX9"
	r := rand.New(rand.NewPCG(13, 14))
	for range 200_000 {
		b := make([]byte, 1+r.IntN(20))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		p := string(alphabet[r.IntN(len(alphabet))])
		want, ok := scoring.Fuzzy([]rune(p), s)
		if !ok {
			continue
		}
		if got := scoring.One(foldPattern(p)[0], s); got != want {
			t.Fatalf("scoring.One(%q, %q) = %d, scoring.Fuzzy %d", p, s, got, want)
		}
	}
}
