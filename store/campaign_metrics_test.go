package store

import (
	"testing"
	"time"

	"outreach/model/engage"
	"outreach/model/program"
)

// A campaign to k0 and k1 (lapsed: its one sale was 100 days before):
// k0 replies within the hour, k1 sells with a code five days later; a
// boost for k1 starts on day 3.
func TestCampaignMetricsAndKPI(t *testing.T) {
	s, _ := programStore(t, 3, 0, false)
	defer s.Close()
	day := func(off int) program.Day { return program.DayOf(t0, time.UTC) + program.Day(off) }
	later := t0.Add(20 * 24 * time.Hour)
	put := func(p program.PerfDay) {
		t.Helper()
		p.SellerID = "s1"
		if _, err := s.PutPerf(p, later); err != nil {
			t.Fatal(err)
		}
	}
	put(program.PerfDay{CreatorID: "k1", Day: day(-100), Orders: 1, GMV: 30_00})
	put(program.PerfDay{CreatorID: "k1", Day: day(-10), Clicks: 1})
	if _, err := s.CreateCampaign("s1", CampaignSpec{Name: "back", Template: engage.StarterTemplates()[0].Name,
		Audience: engage.Audience{Creators: []string{"k0", "k1"}}}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartCampaign("s1", "back", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunCampaign("s1", "back", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reply("k0", "s1", "thanks!", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reply("k2", "s1", "not messaged", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	put(program.PerfDay{CreatorID: "k1", Day: day(5), Orders: 4, GMV: 80_00, Code: "ACME-K1"})
	put(program.PerfDay{CreatorID: "k2", Day: day(-5), Orders: 1, GMV: 30_00})
	put(program.PerfDay{CreatorID: "k2", Day: day(4), Orders: 1, GMV: 10_00})
	if _, err := s.AddBoost("s1", BoostSpec{Rate: 20, From: day(3).String(), To: day(7).String(), Creators: []string{"k1", "k2"}}, "seller", t0); err != nil {
		t.Fatal(err)
	}
	m, err := s.CampaignMetrics("s1", "back", later)
	if err != nil {
		t.Fatal(err)
	}
	want := engage.CampaignMetrics{Messages: 2, Replied: 1, ReplyRate: 50_00, Acted: 1, ActionRate: 50_00, Lapsed: 1, Revived: 1, CodeUses: 4}
	if m != want {
		t.Errorf("campaign metrics %+v, want %+v", m, want)
	}
	tests := []struct {
		name   string
		period func(program.Day) (program.Window, error)
		want   engage.CampaignMetrics
		codes  int64
		uplift engage.Uplift
	}{
		// Before the boost k2 made 30.00 in 30 days, k1 nothing: 1.00 a day;
		// during it k2 made 10.00 and k1 80.00 in 5 days: 18.00 a day.
		{"the last 28 days hold the messages and the boost", func(today program.Day) (program.Window, error) { return engage.PeriodLast(28, today) }, want, 4,
			engage.Uplift{DailyBefore: 1_00, DailyDuring: 18_00, Percent: 1700_00, Known: true}},
		{"a period before them holds none", func(program.Day) (program.Window, error) { return engage.PeriodRange("2026-09-01", "2026-09-30") }, engage.CampaignMetrics{}, 0, engage.Uplift{}},
	}
	for _, tt := range tests {
		_, prog, _, err := s.KPI("s1", tt.period, later)
		if err != nil {
			t.Fatal(err)
		}
		if prog.Campaign != tt.want || prog.CodeUses != tt.codes || prog.Uplift != tt.uplift {
			t.Errorf("%s: program %+v code uses %d uplift %+v, want %+v %d %+v", tt.name, prog.Campaign, prog.CodeUses, prog.Uplift, tt.want, tt.codes, tt.uplift)
		}
	}
	// Per segment, by the latest evaluation: the segments add up to the program.
	if _, err := s.RecomputeSegments("s1", later); err != nil {
		t.Fatal(err)
	}
	_, prog, segs, err := s.KPI("s1", func(today program.Day) (program.Window, error) { return engage.PeriodLast(28, today) }, later)
	if err != nil {
		t.Fatal(err)
	}
	var sum engage.CampaignMetrics
	var codes int64
	for i := range segs {
		sum.Add(&segs[i].Campaign)
		codes += segs[i].CodeUses
	}
	if sum != prog.Campaign || codes != prog.CodeUses {
		t.Errorf("segments add up to %+v and %d code uses, program %+v and %d", sum, codes, prog.Campaign, prog.CodeUses)
	}
}
