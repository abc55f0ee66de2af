package demo

import (
	"fmt"
	"path/filepath"
	"reflect"
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
