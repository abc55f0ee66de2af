package program

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }

// TestScreens renders the Program screen's views with the ASCII profile
// and compares them with testdata/TestScreens/<name>.golden (go test
// -update rewrites them).
func TestScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		w, h int
		keys []string
	}{
		{"overview", 40, 80, 24, nil},
		{"overview_wide", 40, 120, 30, nil},
		{"overview_cursor", 40, 80, 24, []string{"down", "down"}},
		{"table", 40, 80, 24, []string{"v"}},
		{"table_wide", 40, 160, 30, []string{"v"}},
		{"table_growth", 40, 80, 24, []string{"v", "f", "f"}},
		{"table_from_overview", 40, 80, 24, []string{"down", "enter"}},
		{"table_lapsed", 40, 80, 24, []string{"v", "n", "n", "n"}},
		{"table_flagged_dormant", 40, 80, 24, []string{"v", "F"}},
		{"table_sorted_refund_asc", 40, 80, 24, []string{"v", "o", "o", "o", "o", "o", "O"}},
		{"table_sorted_idle", 40, 80, 24, []string{"v", "o", "o", "o", "o", "o", "o", "o", "o", "o"}},
		{"table_search", 40, 80, 24, []string{"v", "/", "ava"}},
		{"table_no_match", 40, 80, 24, []string{"v", "/", "zzzz", "enter"}},
		{"detail", 40, 80, 24, []string{"v", "enter"}},
		{"detail_flags", 40, 80, 30, []string{"v", "F", "enter"}},
		{"detail_wide", 40, 120, 30, []string{"v", "enter"}},
		{"metrics", 40, 80, 24, []string{"v", "v"}},
		{"metrics_90", 40, 80, 24, []string{"v", "v", "p"}},
		{"metrics_wide", 40, 140, 30, []string{"V"}},
		{"help_table", 40, 80, 24, []string{"v", "?"}},
		{"empty", 0, 80, 24, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newRoot(t, newFakeSource(tc.n), &fakeHost{})
			d := uitest.NewDriver(t, r, tc.w, tc.h)
			d.Key(tc.keys...)
			out := r.View()
			uitest.CheckFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestNoSourceAndError(t *testing.T) {
	r, _ := newRoot(t, nil, &fakeHost{}) // an untyped nil: no source
	d := uitest.NewDriver(t, r, 80, 24)
	if v := d.M.View(); !strings.Contains(v, "cannot be read") {
		t.Errorf("no source: %q", v)
	}
	src := newFakeSource(3)
	src.err = errors.New("program: the store is damaged")
	r, _ = newRoot(t, src, &fakeHost{})
	d = uitest.NewDriver(t, r, 80, 24)
	if v := d.M.View(); !strings.Contains(v, "Program: the store is damaged") {
		t.Errorf("error: %q", v)
	}
}

// randomRows are rows with many ties, for comparing orders.
func randomRows(n int, seed uint64) []engage.AffiliateMetrics {
	rng := rand.New(rand.NewPCG(seed, 1))
	rows := make([]engage.AffiliateMetrics, n)
	for i := range rows {
		rows[i] = engage.AffiliateMetrics{
			CreatorID: string(rune('a'+rng.IntN(3))) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)),
			Handle:    []string{"ava", "ben", "cara", "dan"}[rng.IntN(4)] + string(rune('0'+rng.IntN(3))),
			Segment:   mprogram.Segment(rng.IntN(5)), GMV: model.Cents(rng.IntN(4) * 100), Orders: int64(rng.IntN(3)),
			Items: int64(rng.IntN(3)), AOV: model.Cents(rng.IntN(3)), Clicks: int64(rng.IntN(3)),
			Conversion: mprogram.BasisPoints(rng.IntN(3)), RefundRate: mprogram.BasisPoints(rng.IntN(3)),
			Commission: model.Cents(rng.IntN(3)), Posts: int64(rng.IntN(3)), LastSale: mprogram.Day(rng.IntN(3)),
			DaysInactive: rng.IntN(3),
		}
	}
	return rows
}

// TestOrderMatchesModel: the table's index sort is model.SortAffiliates'
// order for every column and direction.
func TestOrderMatchesModel(t *testing.T) {
	rows := randomRows(300, 7)
	rs := newRowSet(rows)
	for _, k := range sortKeys {
		for _, desc := range []bool{false, true} {
			want := slices.Clone(rows)
			engage.SortAffiliates(want, k, desc)
			got := rs.order(k, desc)
			for j := range want {
				if rows[got[j]].CreatorID != want[j].CreatorID {
					t.Fatalf("sort %s desc=%v: row %d is %s, want %s", k, desc, j, rows[got[j]].CreatorID, want[j].CreatorID)
				}
			}
		}
	}
}

// TestFilters: every filter keeps exactly the rows model's Match keeps, in
// the table's order.
func TestFilters(t *testing.T) {
	src := newFakeSource(600)
	rs := newRowSet(src.rows)
	order := rs.order(engage.ByGMV, true)
	for _, f := range []engage.AffiliateFilter{
		{},
		{Segment: mprogram.SegPower},
		{Segment: mprogram.SegGrowth},
		{Segment: mprogram.SegCasual},
		{Segment: mprogram.SegInactive},
		{Segment: mprogram.SegInactive, Kind: mprogram.KindLapsed},
		{Segment: mprogram.SegInactive, Kind: mprogram.KindNew},
		{Segment: mprogram.SegInactive, Kind: mprogram.KindNeverActivated},
		{Dormant: true},
		{Flagged: true},
		{Flagged: true, Dormant: true},
	} {
		got := rs.filterRows(order, f)
		var want []int32
		for _, i := range order {
			if f.Match(&src.rows[i]) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("filter %+v: %d rows, want %d", f, len(got), len(want))
		}
		if len(want) == 0 {
			t.Errorf("filter %+v: the fixture has no rows for it", f)
		}
	}
}

func TestSearch(t *testing.T) {
	rows := []engage.AffiliateMetrics{{CreatorID: "1", Handle: "ava.stone"}, {CreatorID: "2", Handle: "ben.ortiz"}, {CreatorID: "3", Handle: "xavier"},
		{CreatorID: "4", Handle: "a\x1b[31mva"}}
	rs := newRowSet(rows)
	all := []int32{0, 1, 2, 3}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", []string{"1", "2", "3", "4"}},
		{"ava", []string{"4", "1"}}, // the escape is gone before matching
		{"@ben", []string{"2"}},
		{"bo", []string{"2"}},
		{"zz", nil},
	} {
		var got []string
		for _, i := range rs.search(all, tc.text) {
			got = append(got, rows[i].CreatorID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("search %q = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestColumnTitlesFit: a sorted column's title with its arrow fits its
// column, and at every width the sorted column is shown.
func TestColumnTitlesFit(t *testing.T) {
	for _, c := range metricCols {
		if len(c.title)+2 > c.w && shell.Width(c.title)+2 > c.w {
			t.Errorf("column %s: %d cells is too narrow for %q", c.key, c.w, c.title+" ↓")
		}
	}
	for _, w := range []int{80, 100, 120, 200} {
		for _, k := range sortKeys {
			l := fitColumns(w, k)
			if k != engage.BySegment && k != engage.ByHandle && !l.hasKey(k) {
				t.Errorf("width %d sorted by %s: the column is not shown", w, k)
			}
			used := 2 + l.handle + 1 + segW + 1 + l.state
			for _, c := range l.cols {
				used += c.w + 1
			}
			if used > w {
				t.Errorf("width %d sorted by %s: the row is %d cells", w, k, used)
			}
		}
	}
}
