package catalog

import (
	"math/rand/v2"
	"outreach/catalog/scoring"
	"slices"
	"testing"
)

// TestRowBound holds the pruning bound, signature included, to the scorer:
// no plain key scores above rowBound, or a row that belongs in the top k
// could be skipped. Short alphabets full of separators, camel humps,
// digits and repeats reach the bonuses the bound allows; patterns take
// their bytes from the same alphabet, separators included.
func TestRowBound(t *testing.T) {
	alphabets := []string{"aAbB .-_/\\", "mMaArR.", "aA", "ab_", "xXmM ", "mariaMARIA._ ", "ma1M_A"}
	r := rand.New(rand.NewPCG(21, 22))
	for _, alphabet := range alphabets {
		str := func(n int) string {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			return string(b)
		}
		rows := make([]Row, 2000)
		for i := range rows {
			rows[i] = Row{ID: str(8), Handle: str(1 + r.IntN(12)), Name: str(r.IntN(16))}
		}
		c := newCore(rows)
		for range 300 {
			tq := newTextQuery(str(1 + r.IntN(7)))
			if tq.lp == nil {
				continue
			}
			for i := range rows {
				score, ok := scoring.Fuzzy(tq.runes, c.key(int32(i)))
				if !ok {
					continue
				}
				if b := c.rowBound(i, tq); score > b {
					t.Fatalf("scoring.Fuzzy(%q, %q) = %d above its bound %d", tq.text, c.key(int32(i)), score, b)
				}
			}
		}
	}
}

// TestSigBoundTighter checks that the signature does prune: a key without
// the pattern's letter pairs or separators before its letters bounds below
// a key with them, and every bound is at most the loose one.
func TestSigBoundTighter(t *testing.T) {
	cases := []struct{ pat, rich, poor string }{
		{"maria", "maria Maria", "xmxaxrxixa"},
		{"maria", "maria Maria", "mari xa"},
		{"ma", "ma", "mxa"},
		{"ma", "m a", "mxa"},
		{"mar", "mXar", "mxaxr"},
		{"m1", "m 1", "mx1"},
	}
	for _, tc := range cases {
		q := scoring.NewSigQuery([]byte(tc.pat))
		rich, poor := q.Bound(scoring.SigOf(tc.rich)), q.Bound(scoring.SigOf(tc.poor))
		if poor >= rich || rich > scoreBound(len(tc.pat)) {
			t.Errorf("%q: bound %d over %q, %d over %q, loose %d", tc.pat, rich, tc.rich, poor, tc.poor, scoreBound(len(tc.pat)))
		}
	}
}

// TestSearcherTypingMatchesReference types queries one keystroke at a time
// into a Searcher (narrowing, resumed match tests, seeded cuts) and holds
// every result to sahilm/fuzzy's ranking, over rows with camel humps,
// separators, digits and repeated letters.
func TestSearcherTypingMatchesReference(t *testing.T) {
	rows := genRows(chunkSize+3000, 17) // two chunks: the parallel path
	r := rand.New(rand.NewPCG(5, 6))
	odd := []string{"MariaMaria", "maRIA", "ma_ri_a", "m.a.r.i.a", "Mar1a", "mariamariamaria", "McMaria", "aMaria",
		"m a r i a", "MARIA-MARIA", "xMxAxRxIxA", "ma", "m", "mmmm aaaa", "x\x00maria", "\u212Aim ſara", "Mária"}
	for i := range rows {
		if r.IntN(8) == 0 {
			rows[i].Handle = odd[r.IntN(len(odd))] + rows[i].Handle[:r.IntN(len(rows[i].Handle))]
		}
		if r.IntN(8) == 0 {
			rows[i].Name = odd[r.IntN(len(odd))]
		}
	}
	ix := New(rows)
	words := []string{"maria", "mar1a", "ma.ri", "mariamaria", "m a", "marco", "MaRiA", "\u212Aim", "ſa", "már"}
	if testing.Short() {
		words = words[:4]
	}
	for _, limit := range []int{1000, 25} {
		for _, w := range words {
			s := NewSearcher(ix)
			for n := 1; n <= len(w); n++ {
				q := Query{Text: w[:n], Limit: limit}
				res, err := s.Run(s.Next(), q)
				if err != nil {
					t.Fatal(err)
				}
				want := reference(ix, q)
				if !slices.Equal(res.Hits, want) {
					t.Fatalf("limit %d, %q: %d hits, reference %d; first %v vs %v", limit, q.Text,
						len(res.Hits), len(want), ids(ix, res.Hits[:min(5, len(res.Hits))]), ids(ix, want[:min(5, len(want))]))
				}
				if all := search(t, ix, Query{Text: q.Text}); res.Total != all.Total {
					t.Fatalf("limit %d, %q: Total %d, want %d", limit, q.Text, res.Total, all.Total)
				}
			}
			// Backspace to the start.
			for n := len(w) - 1; n >= 1; n-- {
				q := Query{Text: w[:n], Limit: limit}
				res, err := s.Run(s.Next(), q)
				if err != nil {
					t.Fatal(err)
				}
				if want := reference(ix, q); !slices.Equal(res.Hits, want) {
					t.Fatalf("backspace, limit %d, %q: results differ from the reference", limit, q.Text)
				}
			}
		}
	}
}
