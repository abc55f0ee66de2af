package catalog

import (
	"context"
	"slices"
	"testing"
)

// oneByteRows are rows for the one-byte lists: more than firstLen, so the
// lists are cut, with ties on score and followers, keys fuzzy stops
// reading at a NUL, letters only fuzzy's folding reaches (the Kelvin
// sign, long s), camel humps, digits and upper case.
func oneByteRows() []Row {
	rows := genRows(3*firstLen, 31)
	odd := []struct{ handle, name string }{
		{"ma\x00ria", "x"}, {"\x00m", "zed"}, {"x", "\u212Aate"}, {"ſam", "ſo"},
		{"MAX", "MILLER"}, {"m9x", "n0va"}, {"McMillan", "QuinnZed"}, {"k.k", "kk"},
		{"mm", "mm"}, {"mm", "mm"}, {"Mm", "mM"}, {"é", "ça"}, {"m", "m"}, {"M", "z"},
	}
	for j, o := range odd {
		rows[j].Handle, rows[j].Name = o.handle, o.name
	}
	// Same keys and followers: the tie goes to the handle, then the row.
	for j := 100; j < 160; j++ {
		rows[j].Handle, rows[j].Name, rows[j].Followers = "maya", "moon", 5000
	}
	for j := 200; j < 400; j++ {
		rows[j].Followers = 777
	}
	return rows
}

// TestOneByteList holds the one-byte lists to fuzzy: for every letter and
// digit (and upper case), every limit the lists answer and the first one
// they do not, the same hits in the same order and the same total.
func TestOneByteList(t *testing.T) {
	ix := New(oneByteRows())
	var texts []string
	for b := range firstBytes {
		texts = append(texts, string(firstByte(b)))
	}
	texts = append(texts, "M", "K", "S", "@m", " z ")
	for _, text := range texts {
		tq := newTextQuery(queryText(text))
		if _, _, ok := ix.base.firstHits(tq, finderPage, nil); !ok {
			t.Fatalf("%q: not answered from the list", text)
		}
		all := reference(ix, Query{Text: text})
		for _, limit := range []int{1, 7, finderPage, firstLen, firstLen + 1, 0} {
			q := Query{Text: text, Limit: limit}
			res := search(t, ix, q)
			want := all
			if limit > 0 && len(want) > limit {
				want = want[:limit]
			}
			if !slices.Equal(res.Hits, want) {
				t.Fatalf("%q limit %d: %d hits, reference %d; first %v vs %v", text, limit,
					len(res.Hits), len(want), ids(ix, res.Hits[:min(5, len(res.Hits))]), ids(ix, want[:min(5, len(want))]))
			}
			if res.Total != len(all) {
				t.Fatalf("%q limit %d: Total %d, want %d", text, limit, res.Total, len(all))
			}
		}
	}
}

// TestOneByteListOverlay checks the lists under an overlay: dead base rows
// are neither listed nor counted, and the hits are those of a rebuild.
func TestOneByteListOverlay(t *testing.T) {
	ix, rebuilt := overlaid(t)
	for b := range firstBytes {
		text := string(firstByte(b))
		for _, limit := range []int{10, finderPage, firstLen} {
			q := Query{Text: text, Limit: limit}
			got, want := search(t, ix, q), search(t, rebuilt, q)
			if g, w := seen(ix, got.Hits, Relevance), seen(rebuilt, want.Hits, Relevance); !slices.Equal(g, w) {
				t.Fatalf("%q limit %d: overlay differs from a rebuild", text, limit)
			}
			if got.Total != want.Total {
				t.Fatalf("%q limit %d: Total %d, rebuild %d", text, limit, got.Total, want.Total)
			}
		}
	}
}

// TestOneByteListSearcher checks that a Searcher typing after a one-byte
// query (whose matches are not kept: see matchSet) answers like Search.
func TestOneByteListSearcher(t *testing.T) {
	ix := New(oneByteRows())
	for _, typed := range [][]string{{"m", "ma", "mar", "maria"}, {"k", "ka", "kat"}, {"s", "sa", "s", "so"}} {
		s := NewSearcher(ix)
		for _, text := range typed {
			q := Query{Text: text, Limit: 50}
			got, err := s.Run(s.Next(), q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Hits, want.Hits) || got.Total != want.Total {
				t.Fatalf("%v: %q: Searcher %v (%d), Search %v (%d)", typed, text,
					ids(ix, got.Hits[:min(5, len(got.Hits))]), got.Total, ids(ix, want.Hits[:min(5, len(want.Hits))]), want.Total)
			}
		}
	}
}
