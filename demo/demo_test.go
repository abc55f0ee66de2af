package demo

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/store"
)

var now = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

func build(t *testing.T, n int) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := Generate(st, Options{Creators: n}, now); err != nil {
		t.Fatal(err)
	}
	return st
}

func snapshot(t *testing.T, st *store.Store) (cs []model.Creator, quotas []string) {
	t.Helper()
	st.ForEachCreator(func(c *model.Creator) error {
		cs = append(cs, *c)
		return nil
	})
	for _, s := range Sellers {
		q, err := st.Quota(s.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		quotas = append(quotas, fmt.Sprintf("%s %s used=%d pack=%d", s.ID, q.Tier, q.Used, q.StarterPack))
	}
	return cs, quotas
}

func TestDemoIsDeterministic(t *testing.T) {
	a, qa := snapshot(t, build(t, 400))
	b, qb := snapshot(t, build(t, 400))
	if len(a) != 400 || !reflect.DeepEqual(a, b) || !reflect.DeepEqual(qa, qb) {
		t.Fatalf("two builds with the same seed differ (%d creators; %v vs %v)", len(a), qa, qb)
	}
}

func TestDemoShape(t *testing.T) {
	st := build(t, 2000)
	tiers := map[string]bool{}
	pack := false
	for _, s := range Sellers {
		q, _ := st.Quota(s.ID, now)
		tiers[q.Tier] = true
		pack = pack || q.StarterPack == 1000
	}
	if len(tiers) < 3 || !pack {
		t.Fatalf("tiers %v, a seller with the Starter Pack: %v", tiers, pack)
	}
	levels := map[model.Level]int{}
	types := map[model.CreatorType]int{}
	falling := 0
	st.ForEachCreator(func(c *model.Creator) error {
		levels[c.Level]++
		types[c.Type]++
		if c.Falling() {
			falling++
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", c.ID, err)
		}
		return nil
	})
	if len(levels) < 8 || levels[0] < levels[5] || len(types) != 2 || falling == 0 {
		t.Fatalf("levels %v types %v falling %d", levels, types, falling)
	}
	convs, _ := st.Conversations(Sellers[0].ID)
	replied := 0
	for _, c := range convs {
		if c.Rel.Connected {
			replied++
		}
	}
	ds, _ := st.Decisions(Sellers[0].ID, 0)
	refused := 0
	for _, d := range ds {
		if !d.Allowed {
			refused++
		}
	}
	if len(convs) < 10 || replied == 0 || refused == 0 {
		t.Fatalf("conversations %d, connected %d, refused decisions %d", len(convs), replied, refused)
	}
}

func TestDemoRefusesBadSize(t *testing.T) {
	st, _ := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{NoSync: true})
	defer st.Close()
	for _, n := range []int{-1, 5, MaxCreators + 1} {
		if err := Generate(st, Options{Creators: n}, now); err == nil {
			t.Errorf("size %d accepted", n)
		}
	}
}

// TestDemoHandlesUnique: no two creators share a handle, even in the
// largest demo (the old handles repeated a number i%1000 and were cut at
// 24 characters, so 1M creators had duplicates), and every handle is valid.
func TestDemoHandlesUnique(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	r := rand.New(rand.NewPCG(1, 0x6f7574726561))
	seen := make(map[string]int, n)
	for i := 0; i < n; i++ {
		_, _, h := handleFor(r, i)
		if j, ok := seen[h]; ok {
			t.Fatalf("creators %d and %d share the handle %q", j, i, h)
		}
		seen[h] = i
		if i%997 == 0 || i == n-1 {
			if err := model.ValidHandle(h); err != nil {
				t.Fatalf("creator %d: %v", i, err)
			}
		}
	}
	_, _, h := handleFor(r, MaxCreators-1)
	if err := model.ValidHandle(h); err != nil || !strings.HasSuffix(h, strconv.Itoa(MaxCreators-1)) {
		t.Fatalf("the last creator's handle %q: %v", h, err)
	}
}

// TestDemoBiosMatchCategories: every bio is one of its first category's.
func TestDemoBiosMatchCategories(t *testing.T) {
	st := build(t, 1000)
	st.ForEachCreator(func(c *model.Creator) error {
		if !slices.Contains(bios[c.Categories[0]], c.Bio) {
			t.Errorf("%s: bio %q does not fit category %s", c.ID, c.Bio, c.Categories[0])
		}
		return nil
	})
}

// TestDemoUnreadOnlyWhenOtherSideSpokeLast: a thread counts unread for a
// side only while its latest message is the other side's.
func TestDemoUnreadOnlyWhenOtherSideSpokeLast(t *testing.T) {
	st := build(t, 1000)
	unread := 0
	for _, s := range Sellers {
		cps, err := st.Conversations(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, cp := range cps {
			r := cp.Rel
			if r.SellerUnread > 0 {
				unread++
				if r.LastFromSeller {
					t.Errorf("%s/%s: unread for the seller, but the seller wrote last", s.ID, cp.ID)
				}
			}
			if r.CreatorUnread > 0 && !r.LastFromSeller {
				t.Errorf("%s/%s: unread for the creator, but the creator wrote last", s.ID, cp.ID)
			}
		}
	}
	if unread == 0 {
		t.Fatal("no unread thread at all: the demo should show some")
	}
}
