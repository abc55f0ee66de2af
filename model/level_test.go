package model

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestComputeLevel(t *testing.T) {
	p := DefaultPolicy()
	type perf struct {
		gmv      Cents
		days, pr int
	}
	tests := []struct {
		name string
		m    perf
		want Level
	}{
		{"nothing", perf{0, 0, 0}, 0},
		{"L1 exactly", perf{1_00, 1, 1}, 1},
		{"L1 gmv one cent short", perf{99, 1, 1}, 0},
		{"L1 no active day", perf{1_00, 0, 1}, 0},
		{"L1 no product", perf{1_00, 1, 0}, 0},
		{"L2 exactly", perf{100_00, 4, 2}, 2},
		{"L2 gmv one cent short", perf{99_99, 4, 2}, 1},
		{"L2 days one short", perf{100_00, 3, 2}, 1},
		{"L2 products one short", perf{100_00, 4, 1}, 1},
		{"L3 exactly", perf{500_00, 8, 3}, 3},
		{"L3 gmv one cent short", perf{499_99, 8, 3}, 2},
		{"L3 days one short", perf{500_00, 7, 3}, 2},
		{"L3 products one short", perf{500_00, 8, 2}, 2},
		{"L4 exactly", perf{2_000_00, 12, 5}, 4},
		{"L4 gmv one cent short", perf{1_999_99, 12, 5}, 3},
		{"L4 days one short", perf{2_000_00, 11, 5}, 3},
		{"L4 products one short", perf{2_000_00, 12, 4}, 3},
		{"L5 exactly", perf{10_000_00, 15, 8}, 5},
		{"L5 gmv one cent short", perf{9_999_99, 15, 8}, 4},
		{"L5 days one short", perf{10_000_00, 14, 8}, 4},
		{"L5 products one short", perf{10_000_00, 15, 7}, 4},
		{"L6 exactly", perf{50_000_00, 18, 10}, 6},
		{"L6 gmv one cent short", perf{49_999_99, 18, 10}, 5},
		{"L6 days one short", perf{50_000_00, 17, 10}, 5},
		{"L6 products one short", perf{50_000_00, 18, 9}, 5},
		{"L7 exactly", perf{200_000_00, 20, 15}, 7},
		{"L7 gmv one cent short", perf{199_999_99, 20, 15}, 6},
		{"L7 days one short", perf{200_000_00, 19, 15}, 6},
		{"L7 products one short", perf{200_000_00, 20, 14}, 6},
		{"L8 exactly", perf{1_000_000_00, 22, 20}, 8},
		{"L8 gmv one cent short", perf{999_999_99, 22, 20}, 7},
		{"L8 days one short", perf{1_000_000_00, 21, 20}, 7},
		{"L8 products one short", perf{1_000_000_00, 22, 19}, 7},
		{"far above L8", perf{1e12, 31, 1000}, 8},
		{"weakest threshold decides: GMV of L8, days of L2", perf{1_000_000_00, 4, 20}, 2},
		{"weakest threshold decides: products of L3", perf{1_000_000_00, 31, 3}, 3},
		{"negative GMV (refunds)", perf{-5_00, 20, 20}, 0},
	}
	for _, tc := range tests {
		if got := p.ComputeLevel(MonthPerf{Month: "2026-01", GMV: tc.m.gmv, ActiveDays: tc.m.days, Products: tc.m.pr}); got != tc.want {
			t.Errorf("%s: ComputeLevel(%+v) = %s, want %s", tc.name, tc.m, got, tc.want)
		}
	}
}

// The policy's thresholds need not be monotonic in every column; the highest
// level whose three thresholds are met wins.
func TestComputeLevelHighestWins(t *testing.T) {
	p := DefaultPolicy()
	p.Levels[6] = LevelThreshold{Level: 7, GMV: 0, ActiveDays: 0, Products: 0} // an odd table: L7 free
	if got := p.ComputeLevel(MonthPerf{}); got != 7 {
		t.Errorf("got %s, want L7", got)
	}
	if got := p.ComputeLevel(MonthPerf{GMV: 1_000_000_00, ActiveDays: 22, Products: 20}); got != 8 {
		t.Errorf("got %s, want L8", got)
	}
}

func TestRelevel(t *testing.T) {
	p := DefaultPolicy()
	c := &Creator{
		ID: "c1", Handle: "c1", Level: 5,
		Perf: []MonthPerf{
			{Month: "2025-12", GMV: 10_000_00, ActiveDays: 15, Products: 8}, // L5
			{Month: "2026-01", GMV: 500_00, ActiveDays: 8, Products: 3},     // L3
			{Month: "2026-03", GMV: 2_000_00, ActiveDays: 12, Products: 5},  // L4
		},
		History: []LevelChange{{Month: "2025-11", Level: 5}}, // imported
	}
	steps := []struct {
		month   string
		changed bool
		level   Level
		history []LevelChange
	}{
		{"2025-12", true, 5, []LevelChange{{"2025-11", 5}, {"2025-12", 5}}},
		{"2025-12", false, 5, []LevelChange{{"2025-11", 5}, {"2025-12", 5}}}, // same month again: idempotent
		{"2026-01", true, 3, []LevelChange{{"2025-11", 5}, {"2025-12", 5}, {"2026-01", 3}}},
		{"2026-01", false, 3, []LevelChange{{"2025-11", 5}, {"2025-12", 5}, {"2026-01", 3}}},
		{"2025-10", false, 3, []LevelChange{{"2025-11", 5}, {"2025-12", 5}, {"2026-01", 3}}},                // an older month changes nothing
		{"2026-02", true, 0, []LevelChange{{"2025-11", 5}, {"2025-12", 5}, {"2026-01", 3}, {"2026-02", 0}}}, // no record: L0
		{"2026-03", true, 4, []LevelChange{{"2025-11", 5}, {"2025-12", 5}, {"2026-01", 3}, {"2026-02", 0}, {"2026-03", 4}}},
	}
	for i, s := range steps {
		changed := p.Relevel(c, s.month)
		if changed != s.changed || c.Level != s.level || !reflect.DeepEqual(c.History, s.history) {
			t.Fatalf("step %d Relevel(%s) = %v, level %s, history %v; want %v, %s, %v",
				i, s.month, changed, c.Level, c.History, s.changed, s.level, s.history)
		}
	}
	// 5 -> 5 -> 3 -> 0 -> 4 ends with a rise: not falling.
	if c.Falling() {
		t.Error("falling after a rise")
	}

	t.Run("empty history", func(t *testing.T) {
		c := &Creator{Level: 6}
		if !p.Relevel(c, "2026-01") || c.Level != 0 || len(c.History) != 1 {
			t.Errorf("got level %s, history %v", c.Level, c.History)
		}
	})
}

func TestPrevMonth(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC), "2026-02"},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2025-12"},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "2026-02"},
		{time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC), "2026-01"},
		{time.Date(2026, 3, 1, 0, 30, 0, 0, berlin), "2026-01"}, // still February in UTC
		{time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC), "2026-02"},
	}
	for _, tc := range tests {
		if got := PrevMonth(tc.t); got != tc.want {
			t.Errorf("PrevMonth(%v) = %s, want %s", tc.t, got, tc.want)
		}
	}
}

func TestValidMonth(t *testing.T) {
	for _, s := range []string{"2026-01", "1999-12", "2026-02"} {
		if err := ValidMonth(s); err != nil {
			t.Errorf("ValidMonth(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "2026-1", "2026-13", "2026-00", "26-01", "2026-01-01", "2026/01", "202601", "2026-01 ", "abcd-ef"} {
		err := ValidMonth(s)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidMonth(%q) = %v, want ErrInvalid", s, err)
		}
	}
}

func TestFalling(t *testing.T) {
	h := func(levels ...Level) []LevelChange {
		out := make([]LevelChange, len(levels))
		for i, l := range levels {
			out[i] = LevelChange{Month: time.Date(2025, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), Level: l}
		}
		return out
	}
	tests := []struct {
		name string
		h    []LevelChange
		want bool
	}{
		{"no history", nil, false},
		{"one entry", h(5), false},
		{"dropped by 2 in one month", h(5, 3), true},
		{"dropped by 3 in one month", h(4, 4, 1), true},
		{"dropped by 8", h(8, 0), true},
		{"fell once by 1", h(5, 4), false},
		{"fell once by 1 after a flat month", h(5, 5, 4), false},
		{"fell two months in a row", h(5, 4, 3), true},
		{"fell two months in a row, long history", h(1, 2, 6, 5, 4), true},
		{"fell, then rose", h(5, 4, 5), false},
		{"rose, then fell by 1", h(3, 4, 3), false},
		{"rose by 2", h(3, 5), false},
		{"flat", h(4, 4, 4), false},
		{"fell by 2 long ago, flat since", h(6, 4, 4), false},
		{"fell twice, long ago", h(6, 5, 4, 4), false},
		{"fell by 2 then by 1", h(6, 4, 3), true},
	}
	for _, tc := range tests {
		if got := Falling(tc.h); got != tc.want {
			t.Errorf("%s: Falling(%v) = %v, want %v", tc.name, tc.h, got, tc.want)
		}
		c := Creator{History: tc.h}
		if got := c.Falling(); got != tc.want {
			t.Errorf("%s: Creator.Falling = %v, want %v", tc.name, got, tc.want)
		}
	}
}
