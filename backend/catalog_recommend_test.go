package backend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"outreach/catalog"
	"outreach/model"
)

// recRows is n creators with few distinct scores, so that ties (by id)
// decide much of the order.
func recRows(n int, seed uint64) []catalog.Row {
	r := rand.New(rand.NewPCG(seed, 7))
	cats := []string{"beauty", "Home", "games", "kitchen", "fashion"}
	rows := make([]catalog.Row, n)
	for i := range rows {
		var cs []string
		for _, c := range cats {
			if r.IntN(3) == 0 {
				cs = append(cs, c)
			}
		}
		rows[i] = catalog.Row{ID: fmt.Sprintf("c%06d", i), Handle: fmt.Sprintf("h%d", i), Followers: r.Int64N(300_000),
			Level: model.Level(r.IntN(9)), Falling: r.IntN(7) == 0, Categories: cs, ActiveDays30: r.IntN(31),
			GMV30: model.Cents(r.Int64N(3) * 500_00)}
	}
	return rows
}

// snapshotCatalog is a catalog whose current snapshot is ix (no store).
func snapshotCatalog(ix *catalog.Index, version uint64) *Catalog {
	c := &Catalog{}
	c.cur.Store(&Snapshot{Index: ix, Version: version})
	return c
}

// The shared ranking answers exactly what model.Recommend answers over the
// same rows with the excluded creators marked, for every seller, cap,
// size and exclusion, including rows replaced or removed since the base.
func TestRecommendMatchesModel(t *testing.T) {
	rows := recRows(5000, 1)
	ix := catalog.New(rows)
	// An overlay: two rows changed, one removed.
	changed := []catalog.Row{rows[10], rows[20]}
	changed[0].Level, changed[0].Categories = 8, []string{"beauty"}
	changed[1].Followers = 999_999_999
	ixo := ix.With(changed, []string{rows[30].ID})
	sellers := []model.Seller{
		{ID: "s1", Categories: []string{"beauty"}},
		{ID: "s2", Categories: []string{"HOME", "games"}},
		{ID: "s3"},
		{ID: "s4", Categories: []string{"nothing-matches"}},
	}
	for _, tc := range []struct {
		name string
		ix   *catalog.Index
	}{{"base", ix}, {"overlay", ixo}} {
		c := snapshotCatalog(tc.ix, 1)
		var live []catalog.Row
		for i := range tc.ix.Len() {
			if !tc.ix.Dead(i) {
				live = append(live, *tc.ix.Row(i))
			}
		}
		for _, sl := range sellers {
			for _, fcap := range []int64{model.Unlimited, 20_000, 100_000} {
				for _, n := range []int{1, 10, 50, 0} {
					for _, every := range []int{0, 2, 3} { // exclude every k-th creator (0: none)
						name := fmt.Sprintf("%s/%s/cap=%d/n=%d/exclude=%d", tc.name, sl.ID, fcap, n, every)
						excluded := func(id string) bool {
							var k int
							fmt.Sscanf(id, "c%d", &k)
							return every > 0 && k%every == 0
						}
						cands := make([]model.RecCandidate, len(live))
						for i := range live {
							cands[i] = recCandidate(&live[i])
							cands[i].Connected = excluded(live[i].ID)
						}
						want := model.Recommend(sl, fcap, cands, n)
						got, err := c.Recommend(context.Background(), sl, fcap, excluded, n)
						if err != nil {
							t.Fatal(err)
						}
						if len(got) == 0 && len(want) == 0 {
							continue
						}
						if !reflect.DeepEqual(got, want) {
							t.Fatalf("%s: got %d, want %d\n got %v\nwant %v", name, len(got), len(want), ids(got), ids(want))
						}
					}
				}
			}
		}
	}
}

// Excluding more creators than the spare forces a longer ranking, and the
// answer is still complete and right.
func TestRecommendRanksAgainWhenExclusionsExhaustIt(t *testing.T) {
	rows := recRows(3000, 2)
	c := snapshotCatalog(catalog.New(rows), 1)
	sl := model.Seller{ID: "s"}
	first, _ := c.Recommend(context.Background(), sl, model.Unlimited, nil, 2000)
	top := map[string]bool{}
	for _, r := range first[:1500] {
		top[r.ID] = true
	}
	got, err := c.Recommend(context.Background(), sl, model.Unlimited, func(id string) bool { return top[id] }, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), ids(first[1500:1510])) {
		t.Fatalf("got %v, want %v", ids(got), ids(first[1500:1510]))
	}
}

// A ranking is reused for the same snapshot and categories (in any case
// or order), and made again for a newer snapshot.
func TestRecommendSharedPerSnapshot(t *testing.T) {
	rows := recRows(2000, 3)
	c := snapshotCatalog(catalog.New(rows), 1)
	ctx := context.Background()
	c.Recommend(ctx, model.Seller{Categories: []string{"beauty", "home"}}, 20_000, nil, 5)
	e1 := c.recs[recKey([]string{"Home", "BEAUTY"}, 20_000)]
	if e1 == nil {
		t.Fatal("no shared ranking kept")
	}
	c.Recommend(ctx, model.Seller{Categories: []string{"Home", "BEAUTY"}}, 20_000, nil, 5)
	if c.recs[recKey([]string{"home", "beauty"}, 20_000)] != e1 {
		t.Fatal("the same categories ranked again")
	}
	changed := rows[5]
	changed.Level, changed.Categories, changed.ActiveDays30, changed.Followers = 8, []string{"beauty", "home"}, 30, 10
	c.cur.Store(&Snapshot{Index: catalog.New(rows).With([]catalog.Row{changed}, nil), Version: 2})
	got, _ := c.Recommend(ctx, model.Seller{Categories: []string{"beauty", "home"}}, 20_000, nil, 1)
	if len(got) != 1 || got[0].ID != changed.ID {
		t.Fatalf("after a change: %v, want %s first", ids(got), changed.ID)
	}
}

// Waiters for a ranking another caller is making give up with their context.
func TestRecommendWaitHonoursContext(t *testing.T) {
	c := snapshotCatalog(catalog.New(recRows(10, 4)), 1)
	key := recKey(nil, model.Unlimited)
	c.recs = map[string]*recEntry{key: {version: 1, done: make(chan struct{})}} // being made, forever
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Recommend(ctx, model.Seller{}, model.Unlimited, nil, 3); err == nil {
		t.Fatal("no error after the context ended")
	}
}

func ids(rs []model.Recommendation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
