package catalog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"outreach/model"
)

// overlaid is an index with an overlay over rows, and the same live rows
// built from scratch: every search must agree on both (by ID; row numbers
// differ).
func overlaid(t *testing.T) (*Index, *Index) {
	t.Helper()
	rows := genRows(3*chunkSize+500, 21)
	ix := New(slices.Clone(rows))
	r := rand.New(rand.NewPCG(21, 22))
	live := map[string]Row{}
	for _, row := range rows {
		live[row.ID] = row
	}
	fresh := genRows(400, 23)
	for round := range 3 {
		var changed []Row
		var removed []string
		for k := range 100 {
			switch i := r.IntN(len(rows)); k % 4 {
			case 0: // a new creator
				nr := fresh[round*100+k]
				nr.ID = fmt.Sprintf("new%d-%d", round, k)
				changed = append(changed, nr)
			case 1: // a creator gone
				removed = append(removed, rows[i].ID)
			default: // a creator changed: handle, name, followers, level
				cr := rows[i]
				cr.Handle, cr.Name = fresh[round*100+k].Handle, fresh[round*100+k].Name
				cr.Followers = int64(r.IntN(1_000_000))
				cr.Level = model.Level(r.IntN(9))
				changed = append(changed, cr)
			}
		}
		ix = ix.With(changed, removed)
		for _, id := range removed {
			delete(live, id)
		}
		for _, cr := range changed {
			live[cr.ID] = cr
		}
	}
	want := make([]Row, 0, len(live))
	for _, row := range live {
		want = append(want, row)
	}
	slices.SortFunc(want, func(a, b Row) int { return cmpString(a.ID, b.ID) })
	if ix.Live() != len(want) {
		t.Fatalf("Live() = %d, want %d", ix.Live(), len(want))
	}
	return ix, New(want)
}

// seen is what the user sees of hits: rows that tie on all of it (same
// handle and values) are in row-number order, which a rebuild may change.
func seen(ix *Index, hits []int32, s Sort) []string {
	out := make([]string, len(hits))
	for j, i := range hits {
		r := ix.Row(int(i))
		v := int64(r.Followers)
		switch s {
		case ByLevel:
			v = int64(r.Level)
		case ByGMV:
			v = int64(r.GMV30)
		}
		out[j] = fmt.Sprintf("%s %d", r.Handle, v)
		if s == Relevance {
			out[j] += " " + r.Name
		}
	}
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestOverlayMatchesRebuild(t *testing.T) {
	ix, want := overlaid(t)
	compact := ix.Compact()
	if compact.Overlay() != 0 || compact.Live() != want.Live() {
		t.Fatalf("Compact: overlay %d, %d rows", compact.Overlay(), compact.Live())
	}
	r := rand.New(rand.NewPCG(24, 25))
	texts := []string{"", "m", "ma", "mar", "maria", "lena", "z9", "o", "with", "k"}
	for k := range 120 {
		q := Query{Text: texts[k%len(texts)], Sort: Sort(r.IntN(int(numSorts)))}
		if r.IntN(2) == 0 {
			q.Limit = 1 + r.IntN(300)
		}
		if r.IntN(3) == 0 {
			q.Filter.Levels = uint16(r.IntN(1 << 9))
		}
		if r.IntN(4) == 0 {
			q.Filter.Category = "beauty"
		}
		exp := search(t, want, q)
		for name, got := range map[string]*Index{"overlay": ix, "compacted": compact} {
			res := search(t, got, q)
			if res.Total != exp.Total || !slices.Equal(seen(got, res.Hits, q.Sort), seen(want, exp.Hits, q.Sort)) {
				a, b := seen(got, res.Hits, q.Sort), seen(want, exp.Hits, q.Sort)
				for j := range min(len(a), len(b)) {
					if a[j] != b[j] {
						t.Logf("hit %d: %q (%s) vs %q (%s)", j, a[j], got.Row(int(res.Hits[j])).ID, b[j], want.Row(int(exp.Hits[j])).ID)
						break
					}
				}
				t.Fatalf("%s %+v: total %d, want %d; first %v, want %v", name, q, res.Total, exp.Total,
					ids(got, res.Hits[:min(5, len(res.Hits))]), ids(want, exp.Hits[:min(5, len(exp.Hits))]))
			}
		}
	}
	// Lookup finds live rows only, with their new values.
	for _, id := range []string{"new0-0", "new2-96", "c7"} {
		i, ok := ix.Lookup(id)
		j, wok := want.Lookup(id)
		if ok != wok || ok && (ix.Row(i).Handle != want.Row(j).Handle || ix.Row(i).Followers != want.Row(j).Followers) {
			t.Errorf("Lookup(%q) = %v, want %v", id, ok, wok)
		}
	}
}

// TestSearcherSameAsSearch types, erases and retypes through one Searcher
// (narrowing, memo) and checks every answer against a plain Index.Search.
func TestSearcherSameAsSearch(t *testing.T) {
	ix, _ := overlaid(t)
	s := NewSearcher(ix)
	steps := []Query{
		{Text: "m", Limit: 50}, {Text: "ma", Limit: 50}, {Text: "mar", Limit: 50}, {Text: "mari", Limit: 50},
		{Text: "maria", Limit: 50}, {Text: "mari", Limit: 50}, {Text: "mar", Limit: 500}, {Text: "mar"},
		{Text: "mar", Sort: ByGMV, Limit: 20}, {Text: "mr", Limit: 50}, {Text: "@Mar ", Limit: 50},
		{Text: "mar", Filter: Filter{Levels: Levels(1, 2)}, Limit: 50},
		{Text: "mari", Filter: Filter{Levels: Levels(1, 2)}, Limit: 50},
		{Text: "lena", Limit: 10}, {Text: "lena.", Limit: 10}, {Text: "lena", Limit: 10},
		{Text: "", Limit: 10}, {Text: "zz", Limit: 10},
	}
	for _, q := range steps {
		res, err := s.Run(s.Next(), q)
		if err != nil {
			t.Fatal(err)
		}
		want := search(t, ix, q)
		if res.Total != want.Total || !slices.Equal(res.Hits, want.Hits) || res.Index != ix {
			t.Fatalf("%+v: searcher total %d, %d hits; search total %d, %d hits", q, res.Total, len(res.Hits), want.Total, len(want.Hits))
		}
	}
	// A new snapshot: the memo of the old one is not used.
	ix2 := ix.With([]Row{{ID: "zz-new", Handle: "mariana.new", Name: "Mariana"}}, nil)
	s.SetIndex(ix2)
	res, err := s.Run(s.Next(), Query{Text: "maria", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if want := search(t, ix2, Query{Text: "maria", Limit: 50}); res.Total != want.Total || !slices.Equal(res.Hits, want.Hits) {
		t.Fatalf("after SetIndex: total %d, want %d", res.Total, want.Total)
	}
	if _, err := ix2.Search(context.Background(), Query{Text: "mariana.new"}); err != nil {
		t.Fatal(err)
	}
}
