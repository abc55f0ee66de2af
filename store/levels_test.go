package store

import (
	"testing"
	"time"

	"outreach/model"
)

func ruleRecomputeLevels(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	cs := []model.Creator{
		{ID: "up", Handle: "up", Level: 1, Perf: []model.MonthPerf{{Month: "2026-10", GMV: 600_00, ActiveDays: 9, Products: 3}}},
		{ID: "down", Handle: "down", Level: 5, History: []model.LevelChange{{Month: "2026-09", Level: 5}},
			Perf: []model.MonthPerf{{Month: "2026-10", GMV: 150_00, ActiveDays: 5, Products: 2}}},
		{ID: "quiet", Handle: "quiet", Level: 2, Perf: []model.MonthPerf{{Month: "2026-08", GMV: 150_00, ActiveDays: 5, Products: 2}}},
		{ID: "imported", Handle: "imported", Level: 6},
	}
	// Imported in September: the import records September's level; November 1st
	// recomputes October from performance. (An import after that would
	// record November and the recomputation of October would not apply.)
	if _, err := s.ImportCreators(cs, time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	st, err := s.RecomputeLevels("2026-10", t0)
	if err != nil {
		t.Fatal(err)
	}
	want := LevelStats{Month: "2026-10", Computed: 3, Changed: 3, Falling: 2, Untouched: 1} // down 5->2 and quiet 2->0 both fell by two
	if st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	for id, lv := range map[string]model.Level{"up": 3, "down": 2, "quiet": 0, "imported": 6} {
		c, err := s.Creator(id)
		if err != nil || c.Level != lv {
			t.Errorf("%s: level %s (%v), want %s", id, c.Level, err, lv)
		}
	}
	if c, _ := s.Creator("down"); !c.Falling() {
		t.Errorf("down fell 5 -> 2 but is not falling: %+v", c.History)
	}
	again, _ := s.RecomputeLevels("2026-10", t0)
	if again.Computed != 0 {
		t.Fatalf("second run recomputed %d", again.Computed)
	}
	if _, err := s.RecomputeLevels("2026-13", t0); err == nil {
		t.Fatal("bad month accepted")
	}
}

func ruleRecomputeLevelsIfDue(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	c := model.Creator{ID: "a", Handle: "aa", Perf: []model.MonthPerf{{Month: "2026-10", GMV: 600_00, ActiveDays: 9, Products: 3}}}
	if _, err := s.ImportCreators([]model.Creator{c}, time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at  time.Time
		ran bool
	}{
		{time.Date(2026, 11, 1, 0, 30, 0, 0, time.UTC), true},  // first of the month: October is due
		{time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC), false}, // an hour later: done already
		{time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true}, // November is due
	}
	for _, st := range steps {
		ran, _, err := s.RecomputeLevelsIfDue(st.at)
		if err != nil || ran != st.ran {
			t.Fatalf("at %s: ran %v (%v), want %v", st.at, ran, err, st.ran)
		}
	}
	got, _ := s.Creator("a")
	if got.Level != 0 || len(got.History) != 3 || got.History[1].Level != 3 {
		t.Fatalf("history %+v: want Sep L0 (import), Oct L3, Nov L0", got.History)
	}
}
