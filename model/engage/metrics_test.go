package engage

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

func TestPeriods(t *testing.T) {
	today := program.DayFromDate(2025, 6, 10)
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
	if _, err := PeriodLast(90, program.MinDay+10); err == nil {
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
	last := program.DayFromDate(2025, 6, 10) // a Tuesday, week of 2025-06-08
	end := last.WeekStart()
	weeks := []program.WeekRollup{
		{Week: end, PerfSums: program.PerfSums{GMV: 5}},
		{Week: end - 7, PerfSums: program.PerfSums{GMV: 4}},
		{Week: end - 7*25, PerfSums: program.PerfSums{GMV: 1}},
		{Week: end - 7*26, PerfSums: program.PerfSums{GMV: 99}}, // too old
		{Week: end + 7, PerfSums: program.PerfSums{GMV: 99}},    // after
	}
	tr := WeeklyTrend(weeks, last, TrendWeeks)
	if len(tr) != 26 || tr[0] != 1 || tr[24] != 4 || tr[25] != 5 || tr[1] != 0 {
		t.Errorf("trend %v", tr)
	}
}

func TestAffiliateMetricsAndJSON(t *testing.T) {
	today := program.DayFromDate(2025, 6, 10)
	f := AffiliateFacts{
		CreatorID: "c1", Handle: "lena\x1b[2J", JoinedDay: today - 100,
		Period:   program.PerfTotals{PerfSums: program.PerfSums{GMV: 1000_00, Orders: 40, Items: 50, RefundedOrders: 10, Clicks: 200, Videos: 3, Lives: 1, Commission: 100_00}},
		LastSale: today - 2, LastActive: today - 1,
		Segment: &program.SegmentResult{Segment: program.SegGrowth, Previous: program.SegCasual, Move: program.MoveUp},
		Flags:   []program.FlagRule{program.FlagRefundRate},
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
		{CreatorID: "a", Handle: "zed", Segment: program.SegPower, GMV: 500, Orders: 5, Move: program.MoveUp},
		{CreatorID: "b", Handle: "amy", Segment: program.SegGrowth, GMV: 300, Orders: 3, Dormant: false},
		{CreatorID: "c", Handle: "bob", Segment: program.SegCasual, GMV: 200, Orders: 1, Flags: []program.FlagRule{program.FlagSelfPurchase}},
		{CreatorID: "d", Handle: "cat", Segment: program.SegInactive, Kind: program.KindLapsed, Dormant: true, Move: program.MoveDown},
		{CreatorID: "e", Handle: "dan", Segment: program.SegInactive, Kind: program.KindNew, Posts: 2},
	}
}

func TestFilterAndSort(t *testing.T) {
	rows := metricsRows()
	tests := []struct {
		f    AffiliateFilter
		want string
	}{
		{AffiliateFilter{}, "abcde"},
		{AffiliateFilter{Segment: program.SegInactive}, "de"},
		{AffiliateFilter{Segment: program.SegInactive, Kind: program.KindNew}, "e"},
		{AffiliateFilter{Dormant: true}, "d"},
		{AffiliateFilter{Flagged: true}, "c"},
		{AffiliateFilter{Flag: program.FlagRefundRate}, ""},
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
	if len(segs) != 4 || segs[0].Segment != program.SegPower || segs[0].GMVShare != 50_00 || segs[3].Affiliates != 2 || segs[3].Active != 1 || segs[3].MovesDown != 1 {
		t.Errorf("segments %+v", segs)
	}
	k := NewKPIJSON("acme", program.Window{From: program.DayFromDate(2025, 6, 1), To: program.DayFromDate(2025, 6, 7)}, prog, segs)
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
	g := program.Goal{SellerID: "acme", CreatorID: "c1", Metric: program.GoalGMV, Target: 500_00, Month: "2025-06"}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		field string
		edit  func(*program.Goal)
	}{
		{"seller", func(g *program.Goal) { g.SellerID = "" }},
		{"creator and segment", func(g *program.Goal) { g.Segment = program.SegPower }},
		{"segment", func(g *program.Goal) { g.CreatorID = "" }},
		{"metric", func(g *program.Goal) { g.Metric = 0 }},
		{"target", func(g *program.Goal) { g.Target = 0 }},
		{"month", func(g *program.Goal) { g.Month = "2025-13" }},
		{"month", func(g *program.Goal) { g.Month = "2200-01" }},
	}
	for _, tc := range bad {
		c := g
		tc.edit(&c)
		if err := c.Validate(); !errors.Is(err, model.ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field) {
			t.Errorf("%s: %v", tc.field, err)
		}
	}
	tests := []struct {
		metric  program.GoalMetric
		target  int64
		sums    program.PerfSums
		percent int
		reached bool
		text    string
	}{
		{program.GoalGMV, 500_00, program.PerfSums{GMV: 120_00}, 24, false, "$120.00 / $500.00 (24%)"},
		{program.GoalGMV, 500_00, program.PerfSums{GMV: 499_99}, 99, false, "$499.99 / $500.00 (99%)"},
		{program.GoalGMV, 500_00, program.PerfSums{GMV: 500_00}, 100, true, "$500.00 / $500.00 (100%) reached"},
		{program.GoalOrders, 10, program.PerfSums{Orders: 7}, 70, false, "7 / 10 orders (70%)"},
		{program.GoalPosts, 4, program.PerfSums{Videos: 3, Lives: 2}, 125, true, "5 / 4 posts (125%) reached"},
	}
	for _, tc := range tests {
		g := program.Goal{Metric: tc.metric, Target: tc.target, Month: "2025-06"}
		p := g.Progress(&tc.sums)
		if p.Percent != tc.percent || p.Reached != tc.reached || p.String() != tc.text {
			t.Errorf("%s %d: %+v %q", tc.metric, tc.target, p, p.String())
		}
	}
	before, after := program.PerfSums{Orders: 9}, program.PerfSums{Orders: 10}
	og := program.Goal{Metric: program.GoalOrders, Target: 10}
	if !og.GoalReached(&before, &after) || og.GoalReached(&after, &after) || og.GoalReached(&before, &before) {
		t.Error("GoalReached fires only on crossing")
	}
	goals := []program.Goal{
		{SellerID: "s", Segment: program.SegGrowth, Month: "2025-06", Target: 1},
		{SellerID: "s", CreatorID: "c1", Month: "2025-05", Target: 2},
		{SellerID: "s", CreatorID: "c1", Month: "2025-06", Target: 3},
	}
	if g := program.GoalFor(goals, "c1", program.SegGrowth, "2025-06"); g == nil || g.Target != 3 {
		t.Errorf("own goal: %+v", g)
	}
	if g := program.GoalFor(goals, "c2", program.SegGrowth, "2025-06"); g == nil || g.Target != 1 {
		t.Errorf("segment goal: %+v", g)
	}
	if g := program.GoalFor(goals, "c2", program.SegPower, "2025-06"); g != nil {
		t.Errorf("no goal: %+v", g)
	}
	for _, tc := range []struct {
		m    program.GoalMetric
		s    string
		want int64
	}{{program.GoalGMV, "12.50", 1250}, {program.GoalOrders, "10", 10}} {
		if got, err := program.ParseGoalTarget(tc.m, tc.s); err != nil || got != tc.want {
			t.Errorf("ParseGoalTarget(%s, %s) = %d, %v", tc.m, tc.s, got, err)
		}
	}
	for _, tc := range []struct {
		m program.GoalMetric
		s string
	}{{program.GoalGMV, "0"}, {program.GoalGMV, "-5"}, {program.GoalGMV, "1.234"}, {program.GoalOrders, "1.5"}, {program.GoalPosts, "0"}} {
		if _, err := program.ParseGoalTarget(tc.m, tc.s); !errors.Is(err, model.ErrInvalid) {
			t.Errorf("ParseGoalTarget(%s, %s) accepted", tc.m, tc.s)
		}
	}
	if m, err := program.ParseGoalMetric("GMV"); err != nil || m != program.GoalGMV {
		t.Errorf("ParseGoalMetric: %v", err)
	}
}
