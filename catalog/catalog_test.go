package catalog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"outreach/catalog/scoring"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sahilm/fuzzy"

	"outreach/model"
)

// fixture is a small hand-made catalog for the table-driven tests.
func fixture() []Row {
	aff, ls := model.Affiliate, model.LinkShare
	return []Row{
		{ID: "c0", Handle: "lena.bakes", Name: "Lena Baker", Followers: 120_000, Level: 5, Type: aff, Categories: []string{"food", "home"}, GMV30: 1_500_000, ActiveDays30: 16},
		{ID: "c1", Handle: "lena.bakes.daily", Name: "Lena B", Followers: 3_000, Level: 1, Type: ls, Categories: []string{"food"}, GMV30: 1_000, ActiveDays30: 2},
		{ID: "c2", Handle: "maria.glam", Name: "Maria Lopez", Followers: 980_000, Level: 7, Type: aff, Categories: []string{"beauty"}, GMV30: 25_000_000, ActiveDays30: 21},
		{ID: "c3", Handle: "mario_fit", Name: "Mario Rossi", Followers: 45_000, Level: 3, Type: aff, Categories: []string{"fitness", "food"}, GMV30: 60_000, ActiveDays30: 9},
		{ID: "c4", Handle: "marco.tech", Name: "Marco Bauer", Followers: 45_000, Level: 3, Type: ls, Categories: []string{"tech"}, GMV30: 60_000, ActiveDays30: 8},
		{ID: "c5", Handle: "zoe.home", Name: "Zoë Müller", Followers: 0, Level: 0, Type: aff, Categories: nil, GMV30: 0, ActiveDays30: 0},
		{ID: "c6", Handle: "kim.style", Name: "Kim Park", Followers: 2_500_000, Level: 8, Type: aff, Categories: []string{"beauty", "fashion"}, GMV30: 150_000_000, ActiveDays30: 25, Falling: true},
		{ID: "c7", Handle: "ana.cooks", Name: "Ana Martins", Followers: 7_200, Level: 2, Type: ls, Categories: []string{"food"}, GMV30: 12_000, ActiveDays30: 5},
		{ID: "c8", Handle: "omar.travels", Name: "Omar Haddad", Followers: 300_000, Level: 6, Type: aff, Categories: []string{"travel"}, GMV30: 6_000_000, ActiveDays30: 19},
	}
}

func ids(ix *Index, hits []int32) []string {
	out := make([]string, len(hits))
	for j, i := range hits {
		out[j] = ix.Row(int(i)).ID
	}
	return out
}

func search(t *testing.T, ix *Index, q Query) Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ptr[T any](v T) *T { return &v }

func TestFilters(t *testing.T) {
	ix := New(fixture())
	// Relevance without text is followers descending: c6 c2 c8 c0 c3 c4 c7 c1 c5
	// (c3 and c4 tie on followers; marco.tech < mario_fit).
	tests := []struct {
		name string
		f    Filter
		want string
	}{
		{"none", Filter{}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		{"level L3", Filter{Levels: Levels(3)}, "c4 c3"},
		{"levels L5|L6", Filter{Levels: 1<<5 | 1<<6}, "c8 c0"},
		{"levels L0|L8", Filter{Levels: Levels(0, 8)}, "c6 c5"},
		{"levels all bits", Filter{Levels: 0x1ff}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		{"levels bit beyond L8", Filter{Levels: 1 << 9}, ""},
		{"min followers", Filter{MinFollowers: 300_000}, "c6 c2 c8"},
		{"max followers", Filter{MaxFollowers: 7_200}, "c7 c1 c5"},
		{"follower range inclusive", Filter{MinFollowers: 45_000, MaxFollowers: 120_000}, "c0 c4 c3"},
		{"follower range empty", Filter{MinFollowers: 10, MaxFollowers: 5}, ""},
		{"category", Filter{Category: "food"}, "c0 c3 c7 c1"},
		{"category second of several", Filter{Category: "fashion"}, "c6"},
		{"category unknown", Filter{Category: "cars"}, ""},
		{"category is exact", Filter{Category: "Food"}, ""},
		{"type affiliate", Filter{Type: ptr(model.Affiliate)}, "c6 c2 c8 c0 c3 c5"},
		{"type link-share", Filter{Type: ptr(model.LinkShare)}, "c4 c7 c1"},
		{"min gmv", Filter{MinGMV: 6_000_000}, "c6 c2 c8"},
		{"max gmv", Filter{MaxGMV: 12_000}, "c7 c1 c5"},
		{"gmv range", Filter{MinGMV: 60_000, MaxGMV: 1_500_000}, "c0 c4 c3"},
		{"min active days", Filter{MinActiveDays: 19}, "c6 c2 c8"},
		{"levels and category", Filter{Levels: Levels(1, 2, 3), Category: "food"}, "c3 c7 c1"},
		{"type and min active", Filter{Type: ptr(model.LinkShare), MinActiveDays: 5}, "c4 c7"},
		{"everything", Filter{
			Levels: Levels(3, 5, 6, 7), MinFollowers: 40_000, MaxFollowers: 500_000, Category: "food",
			Type: ptr(model.Affiliate), MinGMV: 50_000, MaxGMV: 2_000_000, MinActiveDays: 9,
		}, "c0 c3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, ix, Query{Filter: tt.f})
			got := strings.Join(ids(ix, res.Hits), " ")
			if got != tt.want {
				t.Errorf("hits = %q, want %q", got, tt.want)
			}
			if res.Total != len(res.Hits) {
				t.Errorf("Total = %d, want %d", res.Total, len(res.Hits))
			}
			// The same filter with text applies the same way.
			res = search(t, ix, Query{Text: "a", Filter: tt.f, Sort: ByFollowers})
			got = strings.Join(ids(ix, res.Hits), " ")
			if want := strings.ReplaceAll(strings.ReplaceAll(tt.want, "c5", ""), "  ", " "); strings.TrimSpace(want) != got {
				t.Errorf("with text: hits = %q, want %q", got, strings.TrimSpace(want))
			}
		})
	}
}

func TestSorts(t *testing.T) {
	ix := New(fixture())
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Sort: Relevance}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		{Query{Sort: ByFollowers}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		// Levels 3,3 tie: marco.tech before mario_fit.
		{Query{Sort: ByLevel}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		{Query{Sort: ByGMV}, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
		{Query{Sort: ByLevel, Filter: Filter{Category: "food"}}, "c0 c3 c7 c1"},
		{Query{Sort: ByGMV, Limit: 3}, "c6 c2 c8"},
		// "mar" is a subsequence of "kim.style Kim Park" too.
		{Query{Sort: ByFollowers, Text: "mar"}, "c6 c2 c8 c4 c3 c7"},
		{Query{Sort: ByLevel, Text: "mar", Limit: 2}, "c6 c2"},
		{Query{Sort: ByGMV, Text: "mar", Filter: Filter{Type: ptr(model.LinkShare)}}, "c4 c7"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/%q/%d", tt.q.Sort, tt.q.Text, tt.q.Limit), func(t *testing.T) {
			res := search(t, ix, tt.q)
			if got := strings.Join(ids(ix, res.Hits), " "); got != tt.want {
				t.Errorf("hits = %q, want %q", got, tt.want)
			}
		})
	}

	// Orders that differ from followers.
	rows := fixture()
	rows[0].GMV30 = 30_000_000 // lena now has the top GMV after kim
	rows[8].Level = 8          // omar ties kim on level; kim.style < omar.travels
	ix = New(rows)
	for _, tt := range []struct {
		s    Sort
		want string
	}{
		{ByLevel, "c6 c8 c2 c0 c4 c3 c7 c1 c5"},
		{ByGMV, "c6 c0 c2 c8 c4 c3 c7 c1 c5"},
		{ByFollowers, "c6 c2 c8 c0 c4 c3 c7 c1 c5"},
	} {
		res := search(t, ix, Query{Sort: tt.s})
		if got := strings.Join(ids(ix, res.Hits), " "); got != tt.want {
			t.Errorf("%v: hits = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestFuzzyRanking(t *testing.T) {
	ix := New(fixture())
	for _, q := range []string{"lena.bakes", "LENA.BAKES", "  lena.bakes ", "@lena.bakes", "maria.glam", "mario_fit", "omar.travels", "ana.cooks"} {
		res := search(t, ix, Query{Text: q})
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hits", q)
		}
		want := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q), "@"))
		if got := ix.Row(int(res.Hits[0])).Handle; got != want {
			t.Errorf("%q: first hit %q, want %q (hits %v)", q, got, want, ids(ix, res.Hits))
		}
	}
	// Names count too, and a matching non-ASCII name folds.
	res := search(t, ix, Query{Text: "müller"})
	if got := ids(ix, res.Hits); !slices.Equal(got, []string{"c5"}) {
		t.Errorf("müller: hits %v, want [c5]", got)
	}
	res = search(t, ix, Query{Text: "ZOË"})
	if got := ids(ix, res.Hits); !slices.Equal(got, []string{"c5"}) {
		t.Errorf("ZOË: hits %v, want [c5]", got)
	}
	// An exact handle match wins even when fuzzy alone would prefer a
	// shorter string.
	rows := fixture()
	rows[0].Name = "Lena Baker of the Very Long Display Name"
	rows[1].Handle, rows[1].Name = "lena.bakes.x", "L"
	ix2 := New(rows)
	res = search(t, ix2, Query{Text: "lena.bakes"})
	if got := ids(ix2, res.Hits); !slices.Equal(got, []string{"c0", "c1"}) {
		t.Errorf("exact handle: hits %v, want [c0 c1]", got)
	}
	if fuzzy.Find("lena.bakes", []string{rows[0].Handle + " " + rows[0].Name, "lena.bakes.x L"})[0].Index != 1 {
		t.Error("fixture no longer shows the exact-handle rule")
	}

	// Otherwise the order is the reference's (score, then followers).
	for _, q := range []string{"ma", "mar", "ana", "lb", "a", "@kim"} {
		res := search(t, ix, Query{Text: q})
		want := reference(ix, Query{Text: q})
		if !slices.Equal(res.Hits, want) {
			t.Errorf("%q: hits %v, want %v", q, ids(ix, res.Hits), ids(ix, want))
		}
	}
}

func TestEmptyText(t *testing.T) {
	ix := New(fixture())
	for _, text := range []string{"", "   ", "\t"} {
		res := search(t, ix, Query{Text: text})
		if res.Total != ix.Len() || len(res.Hits) != ix.Len() {
			t.Fatalf("%q: Total %d, %d hits, want %d", text, res.Total, len(res.Hits), ix.Len())
		}
		if got := ix.Row(int(res.Hits[0])).Handle; got != "kim.style" {
			t.Errorf("%q: first hit %q, want the most followed", text, got)
		}
	}
	res := search(t, ix, Query{Limit: 2})
	if res.Total != ix.Len() || len(res.Hits) != 2 {
		t.Errorf("limit 2: Total %d, %d hits", res.Total, len(res.Hits))
	}
}

func TestNoMatches(t *testing.T) {
	ix := New(fixture())
	for _, q := range []Query{
		{Text: "qqqzzz"},
		{Text: "lena", Filter: Filter{Levels: Levels(8)}},
		{Filter: Filter{Category: "nope"}},
		{Text: "lena", Filter: Filter{Category: "nope"}, Sort: ByGMV},
	} {
		res := search(t, ix, q)
		if res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("%+v: Total %d, hits %v", q, res.Total, ids(ix, res.Hits))
		}
	}
	empty := New(nil)
	for _, q := range []Query{{}, {Text: "x"}, {Filter: Filter{Levels: 1}}} {
		if res := search(t, empty, q); res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("empty index %+v: %+v", q, res)
		}
	}
	if got := empty.Categories(); len(got) != 0 {
		t.Errorf("empty index categories %v", got)
	}
}

func TestLimit(t *testing.T) {
	ix := New(genRows(50_000, 3))
	for _, q := range []Query{
		{Text: "mar", Limit: 10},
		{Text: "mar", Limit: 10, Sort: ByGMV},
		{Text: "mar", Filter: Filter{Levels: Levels(5, 6)}, Limit: 10, Sort: ByLevel},
		{Filter: Filter{Levels: Levels(5, 6)}, Limit: 10},
	} {
		all := q
		all.Limit = 0
		full, lim := search(t, ix, all), search(t, ix, q)
		if lim.Total != full.Total || len(lim.Hits) != q.Limit {
			t.Errorf("%+v: Total %d (all %d), %d hits", q, lim.Total, full.Total, len(lim.Hits))
		}
		if !slices.Equal(lim.Hits, full.Hits[:q.Limit]) {
			t.Errorf("%+v: limited hits are not the head of all hits", q)
		}
	}
}

func TestCategories(t *testing.T) {
	ix := New(fixture())
	want := []string{"beauty", "fashion", "fitness", "food", "home", "tech", "travel"}
	if got := ix.Categories(); !slices.Equal(got, want) {
		t.Errorf("Categories() = %v, want %v", got, want)
	}
	ix.Categories()[0] = "x"
	if ix.Categories()[0] != "beauty" {
		t.Error("Categories() exposes the index's slice")
	}
}

// countdownCtx is a context that reports Canceled after its Err has been
// asked n times: a deterministic cancellation in the middle of a search.
type countdownCtx struct {
	context.Context
	mu sync.Mutex
	n  int
}

func (c *countdownCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

func TestCancellation(t *testing.T) {
	ix := New(genRows(10*chunkSize, 5)) // ten chunks, each a look at ctx
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	queries := []Query{
		{Text: "mar"},
		{Text: "mar", Sort: ByGMV},
		{Filter: Filter{Levels: Levels(5, 6)}},
		{Filter: Filter{MinFollowers: 1}, Sort: ByLevel},
	}
	for _, q := range queries {
		if _, err := ix.Search(ctx, q); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled %+v: err = %v, want context.Canceled", q, err)
		}
		// Cancelled part way through: after a few chunks.
		for _, n := range []int{1, 3, 8} {
			res, err := ix.Search(&countdownCtx{Context: context.Background(), n: n}, q)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled after %d checks %+v: err = %v, want context.Canceled", n, q, err)
			}
			if res.Hits != nil || res.Total != 0 {
				t.Errorf("cancelled search returned hits")
			}
		}
	}
}

func TestSearcher(t *testing.T) {
	ix := New(fixture())
	s := NewSearcher(ix)
	if s.Current() != 0 {
		t.Fatalf("Current() = %d at start", s.Current())
	}
	g1 := s.Next()
	ctx1 := s.ctx
	g2 := s.Next()
	if g1 == g2 || s.Current() != g2 {
		t.Fatalf("generations %d, %d, current %d", g1, g2, s.Current())
	}
	if ctx1.Err() == nil {
		t.Error("Next did not cancel the previous generation's context")
	}
	if !s.Stale(g1) || s.Stale(g2) {
		t.Error("Stale wrong")
	}
	res, err := s.Run(g1, Query{Text: "lena"})
	if !errors.Is(err, context.Canceled) || res.Gen != g1 {
		t.Errorf("superseded Run: gen %d, err %v; want gen %d, context.Canceled", res.Gen, err, g1)
	}
	res, err = s.Run(g2, Query{Text: "lena"})
	if err != nil || res.Gen != g2 || res.Total != 2 {
		t.Errorf("current Run: %+v, %v", res, err)
	}

	// Keystrokes racing each other: every Run either succeeds for the
	// generation that was current when it finished, or reports Canceled.
	var wg sync.WaitGroup
	for k := range 50 {
		g := s.Next()
		wg.Go(func() {
			res, err := s.Run(g, Query{Text: "lena"[:k%4+1]})
			if err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("Run: %v", err)
			}
			if res.Gen != g {
				t.Errorf("Run(%d) returned gen %d", g, res.Gen)
			}
		})
	}
	wg.Wait()
	last := s.Current()
	if _, err := s.Run(last, Query{}); err != nil {
		t.Errorf("Run(current): %v", err)
	}
}

func TestConcurrentSearch(t *testing.T) {
	ix := New(genRows(40_000, 9))
	qs := []Query{{Text: "mar"}, {Text: "lena", Sort: ByGMV}, {Filter: Filter{Levels: Levels(5, 6)}}, {Text: "o", Limit: 5}}
	want := make([]Result, len(qs))
	for i, q := range qs {
		want[i] = search(t, ix, q)
	}
	var wg sync.WaitGroup
	for range 4 {
		for i, q := range qs {
			wg.Go(func() {
				res, err := ix.Search(context.Background(), q)
				if err != nil || !slices.Equal(res.Hits, want[i].Hits) {
					t.Errorf("%+v: concurrent result differs (%v)", q, err)
				}
			})
		}
	}
	wg.Wait()
}

// reference answers q the slow, obvious way: filter every row, fuzzy.Find
// over "handle name", sort.
func reference(ix *Index, q Query) []int32 {
	f := q.Filter
	var rows []int32
	for i := range ix.Len() {
		r := ix.Row(i)
		if f.Levels != 0 && f.Levels&(1<<r.Level) == 0 ||
			r.Followers < f.MinFollowers || f.MaxFollowers != 0 && r.Followers > f.MaxFollowers ||
			f.Category != "" && !slices.Contains(r.Categories, f.Category) ||
			f.Type != nil && r.Type != *f.Type ||
			r.GMV30 < f.MinGMV || f.MaxGMV != 0 && r.GMV30 > f.MaxGMV ||
			r.ActiveDays30 < f.MinActiveDays {
			continue
		}
		rows = append(rows, int32(i))
	}
	score := map[int32]int{}
	exact := map[int32]bool{}
	if text := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q.Text), "@")); text != "" {
		keys := make([]string, len(rows))
		for j, i := range rows {
			keys[j] = ix.Row(int(i)).Handle + " " + ix.Row(int(i)).Name
		}
		var matched []int32
		for _, m := range fuzzy.Find(text, keys) {
			matched = append(matched, rows[m.Index])
			score[rows[m.Index]] = m.Score
			exact[rows[m.Index]] = strings.EqualFold(ix.Row(int(rows[m.Index])).Handle, text)
		}
		rows = matched
	}
	desc := func(a, b int32, key func(r *Row) int64) int {
		return cmp.Compare(key(ix.Row(int(b))), key(ix.Row(int(a))))
	}
	slices.SortFunc(rows, func(a, b int32) int {
		c := 0
		switch q.Sort {
		case Relevance:
			switch {
			case exact[a] && !exact[b]:
				c = -1
			case exact[b] && !exact[a]:
				c = 1
			case exact[a] && exact[b]:
				c = 0
			default:
				c = cmp.Compare(score[b], score[a])
			}
			if c == 0 {
				c = desc(a, b, func(r *Row) int64 { return r.Followers })
			}
		case ByFollowers:
			c = desc(a, b, func(r *Row) int64 { return r.Followers })
		case ByLevel:
			c = desc(a, b, func(r *Row) int64 { return int64(r.Level) })
		case ByGMV:
			c = desc(a, b, func(r *Row) int64 { return int64(r.GMV30) })
		}
		if c == 0 {
			c = strings.Compare(ix.Row(int(a)).Handle, ix.Row(int(b)).Handle)
		}
		if c == 0 {
			c = cmp.Compare(a, b)
		}
		return c
	})
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	return rows
}

func TestMatchesReference(t *testing.T) {
	rows := genRows(2*chunkSize+1000, 11) // three chunks: the parallel path
	// A few awkward names: case folding beyond ASCII, the Kelvin sign and
	// long s (which fold to k and s), invalid UTF-8, camel case.
	rows[7].Name = "KATJA ſTRAUSS"
	rows[8].Name = "Øyvind Æsir"
	rows[9].Name = "bad \xff utf8"
	rows[10].Name = "McDonald MarTin"
	rows[11].Name = "ΣΟΦΙΑ Παπαδοπουλου"
	ix := New(rows)
	r := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "m", "mar", "maria", "lena.bakes", "MAR", "k", "kst", "ks", "øy", "ØYV", "σοφ", "ςοφ", "\xff", "mt", "z9", "qqq", "a b", "lena cook"}
	cats := append([]string{"", "nope"}, ix.Categories()...)
	queries := 200
	if testing.Short() {
		queries = 40
	}
	for k := range queries {
		q := Query{Text: texts[k%len(texts)], Sort: Sort(r.IntN(int(numSorts)))}
		if r.IntN(3) == 0 {
			q.Limit = 1 + r.IntN(50)
		}
		switch r.IntN(6) {
		case 0:
			q.Filter.Levels = uint16(r.IntN(1 << 9))
		case 1:
			q.Filter.MinFollowers = int64(r.IntN(100_000))
			q.Filter.MaxFollowers = int64(r.IntN(1_000_000))
		case 2:
			q.Filter.Category = cats[r.IntN(len(cats))]
			q.Filter.Type = ptr(model.CreatorType(r.IntN(2)))
		case 3:
			q.Filter.MinGMV = model.Cents(r.IntN(1_000_000))
			q.Filter.MinActiveDays = r.IntN(25)
		}
		res := search(t, ix, q)
		want := reference(ix, q)
		if !slices.Equal(res.Hits, want) {
			t.Fatalf("%+v: %d hits (total %d), reference %d; first %v vs %v",
				q, len(res.Hits), res.Total, len(want), ids(ix, res.Hits[:min(5, len(res.Hits))]), ids(ix, want[:min(5, len(want))]))
		}
		if q.Limit == 0 && res.Total != len(want) {
			t.Fatalf("%+v: Total %d, want %d", q, res.Total, len(want))
		}
	}
}

// TestPrefilterExact checks that the prefilter accepts exactly what fuzzy
// matches, so it never hides a result.
func TestPrefilterExact(t *testing.T) {
	alphabet := []rune("aAbBkKsSſ σΣςøØ.-_\xffİıiI")
	r := rand.New(rand.NewPCG(3, 4))
	str := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 20_000 {
		s, p := str(1+r.IntN(12)), str(1+r.IntN(4))
		want := len(fuzzy.Find(p, []string{s})) == 1
		fs, fp := foldPattern(s), foldPattern(p)
		got := subseq(fs, fp)
		if isASCII(fp) && subseqASCII(fs, fp) != got {
			t.Fatalf("subseqASCII(%q, %q) disagrees with subseq", fs, fp)
		}
		if got != want {
			t.Fatalf("prefilter(%q, %q) = %v, fuzzy says %v", s, p, got, want)
		}
	}
}

func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 100, 5000, 70_000} {
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = uint64(r.IntN(50))<<32 | uint64(r.IntN(1<<20))
		}
		want := slices.Sorted(slices.Values(keys))
		sortKeys(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("n=%d: sortKeys wrong", n)
		}
	}
}

// genRows is a deterministic synthetic catalog: realistic handles and names,
// followers spread log-uniformly, levels skewed low with GMV and activity to
// match.
func genRows(n int, seed uint64) []Row {
	first := strings.Fields(`Maria Mario Marco Marta Martin Mariana Lena Anna Ana Sofia Lucas Liam Noah Emma Olivia
		Ava Mia Zoe Chloe Omar Aisha Fatima Yusuf Kenji Yuki Hana Min Jae Wei Ling Priya Arjun Ravi Diego Carlos
		Lucia Elena Ivan Olga Nina Sara Leo Max Ben Tom Kim Lee Jade Ruby Ella Grace Amir Nadia Tariq Layla Ines
		Hugo Felix Oscar Theo Clara Paula Rosa Jana Eva Ida Alma Vera Lina Noor Sami Kai Ari Remy Dani Nico`)
	last := strings.Fields(`Garcia Lopez Martinez Rossi Bauer Muller Schmidt Smith Johnson Brown Kim Park Lee
		Nguyen Tran Chen Wang Li Sato Tanaka Suzuki Haddad Khan Patel Singh Silva Santos Costa Moreau Dubois
		Novak Kowalski Jensen Hansen Berg Lind Rahman Ali Cohen Levi Ortiz Ramos Cruz Reyes Morales Diaz
		Fischer Weber Meyer Wagner Becker Hoffmann Marino Greco Bruno Conti Ricci Romano Colombo Ferrari`)
	words := strings.Fields(`bakes cooks eats fit style glam beauty home tech daily vibes travels looks makeup
		crafts garden pets reviews deals finds shop life mom dad studio kitchen gaming books outdoors skin
		hair nails decor diy fashion fitness yoga run lifts plants coffee tea wine vegan`)
	seps := []string{".", "_", "", "."}
	cats := strings.Fields(`beauty fashion food home fitness tech gaming pets travel books kids garden outdoors
		skincare haircare jewelry toys diy health electronics kitchen sports music art`)
	// Level weights (percent): L0 30, L1 24, L2 18, L3 11, L4 7, L5 4.5, L6 2.8, L7 1.7, L8 1.
	cum := []float64{30, 54, 72, 83, 90, 94.5, 97.3, 99, 100}
	gmvFloor := []int64{0, 1, 100, 500, 2_000, 10_000, 50_000, 200_000, 1_000_000} // USD
	daysFloor := []int{0, 1, 4, 8, 12, 15, 18, 20, 22}

	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rows := make([]Row, n)
	var hb strings.Builder
	for i := range rows {
		fn, ln := first[r.IntN(len(first))], last[r.IntN(len(last))]
		w := words[r.IntN(len(words))]
		sep := seps[r.IntN(len(seps))]
		hb.Reset()
		switch r.IntN(4) {
		case 0:
			hb.WriteString(strings.ToLower(fn) + sep + w)
		case 1:
			hb.WriteString(strings.ToLower(fn) + sep + strings.ToLower(ln))
		case 2:
			hb.WriteString(w + sep + "with" + sep + strings.ToLower(fn))
		default:
			hb.WriteString(strings.ToLower(fn[:1]) + strings.ToLower(ln) + sep + w)
		}
		if r.IntN(3) == 0 {
			hb.WriteString(strconv.Itoa(r.IntN(1000)))
		}
		handle := hb.String()
		if len(handle) > 24 {
			handle = handle[:24]
		}

		u := r.Float64() * 100
		lvl := 0
		for u > cum[lvl] {
			lvl++
		}
		var gmv int64
		if lvl > 0 {
			gmv = gmvFloor[lvl] * 100 * int64(100+r.IntN(300)) / 100
		}
		days := daysFloor[lvl] + r.IntN(31-daysFloor[lvl])
		// Followers: log-uniform from 10 to 10M, nudged up by level.
		followers := int64(math.Exp(math.Log(10) + r.Float64()*(math.Log(1e7)-math.Log(10))))
		followers = followers * int64(1+lvl) / 2

		nc := 1 + r.IntN(3)
		rc := make([]string, nc)
		for j := range rc {
			rc[j] = cats[r.IntN(len(cats))]
		}
		slices.Sort(rc)
		rc = slices.Compact(rc)

		typ := model.Affiliate
		if r.IntN(6) == 0 {
			typ = model.LinkShare
		}
		rows[i] = Row{
			ID:           "c" + strconv.Itoa(i),
			Handle:       handle,
			Name:         fn + " " + ln,
			Followers:    followers,
			Level:        model.Level(lvl),
			Falling:      r.IntN(20) == 0,
			Type:         typ,
			Categories:   rc,
			GMV30:        model.Cents(gmv),
			ActiveDays30: days,
		}
	}
	return rows
}

var (
	benchMu  sync.Mutex
	benchIdx = map[int]*Index{}
)

func benchIndex(n int) *Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	if ix, ok := benchIdx[n]; ok {
		return ix
	}
	ix := New(genRows(n, 42))
	benchIdx[n] = ix
	return ix
}

// keystrokes are the queries a seller types into the finder; the screen
// shows a window of 200 rows.
var keystrokes = []struct {
	name string
	q    Query
}{
	{"text=m", Query{Text: "m", Limit: 200}},
	{"text=mar", Query{Text: "mar", Limit: 200}},
	{"text=maria", Query{Text: "maria", Limit: 200}},
	{"levels=L5|L6", Query{Filter: Filter{Levels: Levels(5, 6)}, Limit: 200}},
	{"text=mar+levels=L5|L6", Query{Text: "mar", Filter: Filter{Levels: Levels(5, 6)}, Limit: 200}},
	{"text=maria+sort=gmv", Query{Text: "maria", Sort: ByGMV, Limit: 200}},
	{"text=mar+all", Query{Text: "mar"}},
}

func benchSearch(b *testing.B, n int) {
	ix := benchIndex(n)
	for _, k := range keystrokes {
		b.Run(k.name, func(b *testing.B) {
			var res Result
			cpu0 := cpuTime()
			for b.Loop() {
				var err error
				res, err = ix.Search(context.Background(), k.q)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(res.Total), "matches")
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used: on a
// shared machine a steadier measure of a search's cost than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkQuery_100k(b *testing.B) { benchSearch(b, 100_000) }
func BenchmarkQuery_1M(b *testing.B)   { benchSearch(b, 1_000_000) }

func BenchmarkNew_1M(b *testing.B) {
	rows := genRows(1_000_000, 42)
	for b.Loop() {
		New(rows)
	}
	// The memory the index keeps besides the rows it was built from (which
	// stay alive here, so that their collection cannot make the figure
	// negative).
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := New(rows)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "index-MB")
	runtime.KeepAlive(ix)
	runtime.KeepAlive(rows)
}

// TestFuzzyScoreMatchesLibrary holds scoring.Fuzzy to sahilm/fuzzy: same
// match decision, same score.
func TestFuzzyScoreMatchesLibrary(t *testing.T) {
	alphabet := []rune("aAbBcCkKsSſ σΣςøØ.-_/\\\xffİıiIéÉ\x00")
	r := rand.New(rand.NewPCG(7, 8))
	str := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	check := func(p, s string) {
		t.Helper()
		ms := fuzzy.Find(p, []string{s})
		score, ok := scoring.Fuzzy([]rune(p), s)
		if ok != (len(ms) == 1) || ok && score != ms[0].Score {
			t.Fatalf("scoring.Fuzzy(%q, %q) = %d, %v; fuzzy: %+v", p, s, score, ok, ms)
		}
	}
	for range 50_000 {
		check(str(1+r.IntN(4)), str(r.IntN(16)))
	}
	for _, row := range genRows(2000, 1) {
		s := row.Handle + " " + row.Name
		for _, p := range []string{"m", "mar", "maria", "Ma", "lB", "a.b", "lena.bakes", row.Handle, row.Name, s} {
			check(p, s)
		}
	}
}

func TestFuzzyScoreASCII(t *testing.T) {
	alphabet := "aAbBcCkKsS mM.-_/\\xX"
	r := rand.New(rand.NewPCG(9, 10))
	str := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 100_000 {
		p, s := str(1+r.IntN(5)), str(r.IntN(20))
		ws, wok := scoring.Fuzzy([]rune(p), s)
		gs, gok := scoring.ASCII([]byte(foldPattern(p)), s)
		if ws != gs || wok != gok {
			t.Fatalf("scoring.ASCII(%q, %q) = %d, %v; scoring.Fuzzy %d, %v", p, s, gs, gok, ws, wok)
		}
	}
}
