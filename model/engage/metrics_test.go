package engage

import "outreach/model"

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestPeriods(t *testing.T) {
	today := model.DayFromDate(2025, 6, 10)
	for _, n := range PeriodDays {
		w, err := PeriodLast(n, today)
		if err != nil || w.Days() != n || w.To != today {
			t.Errorf("PeriodLast(%d) = %s, %v", n, w, err)
		}
	}
	for _, n := range []int{0, 1, 30, 91} {
		if _, err := PeriodLast(n, today); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("PeriodLast(%d) accepted", n)
		}
	}
	if _, err := PeriodLast(90, model.MinDay+10); err == nil {
		t.Error("period before 1970 accepted")
	}
	tests := []struct {
		from, to string
		errHas   string
	}{
		{"2025-01-01", "2025-01-01", ""},
		{"2025-01-01", "2025-12-31", ""},
		{"2025-01-02", "2025-01-01", "to 2025-01-01: before from"},
		{"1969-12-31", "2025-01-01", "from: day"},
		{"2025-01-01", "2200-01-01", "to: day"},
		{"2000-01-01", "2025-01-01", "at most 3660"},
	}
	for _, tc := range tests {
		_, err := PeriodRange(tc.from, tc.to)
		if (err == nil) != (tc.errHas == "") || err != nil && !strings.Contains(err.Error(), tc.errHas) {
			t.Errorf("PeriodRange(%s, %s) = %v, want %q", tc.from, tc.to, err, tc.errHas)
		}
	}
}

func TestWeeklyTrend(t *testing.T) {
	last := model.DayFromDate(2025, 6, 10) // a Tuesday, week of 2025-06-08
	end := last.WeekStart()
	weeks := []model.WeekRollup{
		{Week: end, PerfSums: model.PerfSums{GMV: 5}},
		{Week: end - 7, PerfSums: model.PerfSums{GMV: 4}},
		{Week: end - 7*25, PerfSums: model.PerfSums{GMV: 1}},
		{Week: end - 7*26, PerfSums: model.PerfSums{GMV: 99}}, // too old
		{Week: end + 7, PerfSums: model.PerfSums{GMV: 99}},    // after
	}
	tr := WeeklyTrend(weeks, last, TrendWeeks)
	if len(tr) != 26 || tr[0] != 1 || tr[24] != 4 || tr[25] != 5 || tr[1] != 0 {
		t.Errorf("trend %v", tr)
	}
}

func TestAffiliateMetricsAndJSON(t *testing.T) {
	today := model.DayFromDate(2025, 6, 10)
	f := AffiliateFacts{
		CreatorID: "c1", Handle: "lena\x1b[2J", JoinedDay: today - 100,
		Period:   model.PerfTotals{PerfSums: model.PerfSums{GMV: 1000_00, Orders: 40, Items: 50, RefundedOrders: 10, Clicks: 200, Videos: 3, Lives: 1, Commission: 100_00}},
		LastSale: today - 2, LastActive: today - 1,
		Segment: &model.SegmentResult{Segment: model.SegGrowth, Previous: model.SegCasual, Move: model.MoveUp},
		Flags:   []model.FlagRule{model.FlagRefundRate},
		Trend:   []model.Cents{0, 150},
	}
	m := NewAffiliateMetrics(&f, today)
	if m.AOV != 25_00 || m.Conversion != 20_00 || m.RefundRate != 25_00 || m.Posts != 4 || m.DaysInactive != 1 || m.Handle != "lena" {
		t.Errorf("metrics %+v", m)
	}
	b, _ := json.Marshal(m.JSON())
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	want := map[string]any{"creator": "c1", "handle": "lena", "segment": "growth", "kind": "", "dormant": false,
		"gmv": 1000.0, "orders": 40.0, "clicks": 200.0, "refund_rate": 0.25, "previous_segment": "casual",
		"flags": []any{"refund-rate"}, "move": "up", "conversion": 0.2, "aov": 25.0, "trend": []any{0.0, 1.5}}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("JSON %s = %#v, want %#v", k, got[k], v)
		}
	}
	// A row with nothing: flags is [], not null; no division by zero.
	empty := NewAffiliateMetrics(&AffiliateFacts{CreatorID: "c2", JoinedDay: today - 3}, today)
	b, _ = json.Marshal(empty.JSON())
	if !strings.Contains(string(b), `"flags":[]`) || !strings.Contains(string(b), `"days_inactive":3`) || !strings.Contains(string(b), `"segment":""`) {
		t.Errorf("empty row JSON %s", b)
	}
	rec := m.CSV()
	if len(rec) != len(AffiliateCSVHeader) || rec[5] != "1000.00" || rec[8] != "0.2500" || rec[10] != "refund-rate" {
		t.Errorf("CSV %q", rec)
	}
}

func metricsRows() []AffiliateMetrics {
	return []AffiliateMetrics{
		{CreatorID: "a", Handle: "zed", Segment: model.SegPower, GMV: 500, Orders: 5, Move: model.MoveUp},
		{CreatorID: "b", Handle: "amy", Segment: model.SegGrowth, GMV: 300, Orders: 3, Dormant: false},
		{CreatorID: "c", Handle: "bob", Segment: model.SegCasual, GMV: 200, Orders: 1, Flags: []model.FlagRule{model.FlagSelfPurchase}},
		{CreatorID: "d", Handle: "cat", Segment: model.SegInactive, Kind: model.KindLapsed, Dormant: true, Move: model.MoveDown},
		{CreatorID: "e", Handle: "dan", Segment: model.SegInactive, Kind: model.KindNew, Posts: 2},
	}
}

func TestFilterAndSort(t *testing.T) {
	rows := metricsRows()
	tests := []struct {
		f    AffiliateFilter
		want string
	}{
		{AffiliateFilter{}, "abcde"},
		{AffiliateFilter{Segment: model.SegInactive}, "de"},
		{AffiliateFilter{Segment: model.SegInactive, Kind: model.KindNew}, "e"},
		{AffiliateFilter{Dormant: true}, "d"},
		{AffiliateFilter{Flagged: true}, "c"},
		{AffiliateFilter{Flag: model.FlagRefundRate}, ""},
	}
	for _, tc := range tests {
		got := ""
		for i := range rows {
			if tc.f.Match(&rows[i]) {
				got += rows[i].CreatorID
			}
		}
		if got != tc.want {
			t.Errorf("filter %+v: %s, want %s", tc.f, got, tc.want)
		}
	}
	ids := func() string {
		s := ""
		for _, r := range rows {
			s += r.CreatorID
		}
		return s
	}
	SortAffiliates(rows, ByGMV, true)
	if ids() != "abcde" { // d and e tie at 0: by handle, cat before dan
		t.Errorf("by GMV: %s", ids())
	}
	SortAffiliates(rows, ByHandle, false)
	if ids() != "bcdea" {
		t.Errorf("by handle: %s", ids())
	}
	for _, name := range metricKeyNames {
		if k, err := ParseMetricKey(name); err != nil || k.String() != name {
			t.Errorf("ParseMetricKey(%s): %v", name, err)
		}
	}
	if _, err := ParseMetricKey("followers"); err == nil {
		t.Error("followers accepted as a sort key")
	}
}

func TestSummarize(t *testing.T) {
	prog, segs := Summarize(metricsRows())
	if prog.Affiliates != 5 || prog.Active != 4 || prog.ActiveShare != 80_00 || prog.GMV != 1000 || prog.GMVShare != 100_00 || prog.MovesUp != 1 || prog.MovesDown != 1 {
		t.Errorf("program %+v", prog)
	}
	if len(segs) != 4 || segs[0].Segment != model.SegPower || segs[0].GMVShare != 50_00 || segs[3].Affiliates != 2 || segs[3].Active != 1 || segs[3].MovesDown != 1 {
		t.Errorf("segments %+v", segs)
	}
	k := NewKPIJSON("acme", model.Window{From: model.DayFromDate(2025, 6, 1), To: model.DayFromDate(2025, 6, 7)}, prog, segs)
	b, _ := json.Marshal(k)
	for _, want := range []string{`"from":"2025-06-01"`, `"days":7`, `"gmv_share":0.5`, `"segment":"power"`, `"active_share":0.8`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("kpi JSON lacks %s: %s", want, b)
		}
	}
	if rec := segs[0].CSV(); len(rec) != len(GroupCSVHeader) || rec[0] != "power" {
		t.Errorf("group CSV %q", rec)
	}
	if rec := prog.CSV(); rec[0] != "program" {
		t.Errorf("program CSV %q", rec)
	}
	// No rows: shares are 0, not NaN.
	prog, segs = Summarize(nil)
	if prog.GMVShare != 0 || len(segs) != 4 {
		t.Errorf("empty: %+v", prog)
	}
}

func TestGoals(t *testing.T) {
	g := model.Goal{SellerID: "acme", CreatorID: "c1", Metric: model.GoalGMV, Target: 500_00, Month: "2025-06"}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		field string
		edit  func(*model.Goal)
	}{
		{"seller", func(g *model.Goal) { g.SellerID = "" }},
		{"creator and segment", func(g *model.Goal) { g.Segment = model.SegPower }},
		{"segment", func(g *model.Goal) { g.CreatorID = "" }},
		{"metric", func(g *model.Goal) { g.Metric = 0 }},
		{"target", func(g *model.Goal) { g.Target = 0 }},
		{"month", func(g *model.Goal) { g.Month = "2025-13" }},
		{"month", func(g *model.Goal) { g.Month = "2200-01" }},
	}
	for _, tc := range bad {
		c := g
		tc.edit(&c)
		if err := c.Validate(); !errors.Is(err, model.ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
			t.Errorf("%s: %v", tc.field, err)
		}
	}
	tests := []struct {
		metric  model.GoalMetric
		target  int64
		sums    model.PerfSums
		percent int
		reached bool
		text    string
	}{
		{model.GoalGMV, 500_00, model.PerfSums{GMV: 120_00}, 24, false, "$120.00 / $500.00 (24%)"},
		{model.GoalGMV, 500_00, model.PerfSums{GMV: 499_99}, 99, false, "$499.99 / $500.00 (99%)"},
		{model.GoalGMV, 500_00, model.PerfSums{GMV: 500_00}, 100, true, "$500.00 / $500.00 (100%) reached"},
		{model.GoalOrders, 10, model.PerfSums{Orders: 7}, 70, false, "7 / 10 orders (70%)"},
		{model.GoalPosts, 4, model.PerfSums{Videos: 3, Lives: 2}, 125, true, "5 / 4 posts (125%) reached"},
	}
	for _, tc := range tests {
		g := model.Goal{Metric: tc.metric, Target: tc.target, Month: "2025-06"}
		p := g.Progress(&tc.sums)
		if p.Percent != tc.percent || p.Reached != tc.reached || p.String() != tc.text {
			t.Errorf("%s %d: %+v %q", tc.metric, tc.target, p, p.String())
		}
	}
	before, after := model.PerfSums{Orders: 9}, model.PerfSums{Orders: 10}
	og := model.Goal{Metric: model.GoalOrders, Target: 10}
	if !og.GoalReached(&before, &after) || og.GoalReached(&after, &after) || og.GoalReached(&before, &before) {
		t.Error("GoalReached fires only on crossing")
	}
	goals := []model.Goal{
		{SellerID: "s", Segment: model.SegGrowth, Month: "2025-06", Target: 1},
		{SellerID: "s", CreatorID: "c1", Month: "2025-05", Target: 2},
		{SellerID: "s", CreatorID: "c1", Month: "2025-06", Target: 3},
	}
	if g := model.GoalFor(goals, "c1", model.SegGrowth, "2025-06"); g == nil || g.Target != 3 {
		t.Errorf("own goal: %+v", g)
	}
	if g := model.GoalFor(goals, "c2", model.SegGrowth, "2025-06"); g == nil || g.Target != 1 {
		t.Errorf("segment goal: %+v", g)
	}
	if g := model.GoalFor(goals, "c2", model.SegPower, "2025-06"); g != nil {
		t.Errorf("no goal: %+v", g)
	}
	for _, tc := range []struct {
		m    model.GoalMetric
		s    string
		want int64
	}{{model.GoalGMV, "12.50", 1250}, {model.GoalOrders, "10", 10}} {
		if got, err := model.ParseGoalTarget(tc.m, tc.s); err != nil || got != tc.want {
			t.Errorf("ParseGoalTarget(%s, %s) = %d, %v", tc.m, tc.s, got, err)
		}
	}
	for _, tc := range []struct {
		m model.GoalMetric
		s string
	}{{model.GoalGMV, "0"}, {model.GoalGMV, "-5"}, {model.GoalGMV, "1.234"}, {model.GoalOrders, "1.5"}, {model.GoalPosts, "0"}} {
		if _, err := model.ParseGoalTarget(tc.m, tc.s); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("ParseGoalTarget(%s, %s) accepted", tc.m, tc.s)
		}
	}
	if m, err := model.ParseGoalMetric("GMV"); err != nil || m != model.GoalGMV {
		t.Errorf("ParseGoalMetric: %v", err)
	}
}
