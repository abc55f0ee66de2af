package engage

import (
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

func TestMeasureCampaign(t *testing.T) {
	d0, _ := program.ParseDay("2026-11-01")
	at := d0.Start(time.UTC).Add(10 * time.Hour)
	touch := func(c string) Touch { return Touch{Creator: c, At: at, Day: d0} }
	sale := func(off int) ActivityDay { return ActivityDay{Day: d0 + program.Day(off), Orders: 1} }
	tests := []struct {
		name    string
		touches []Touch
		act     map[string]*Activity
		want    CampaignMetrics
	}{
		{"nothing", nil, nil, CampaignMetrics{}},
		{"no activity", []Touch{touch("a")}, nil, CampaignMetrics{Messages: 1}},
		{"reply within 7 days", []Touch{touch("a")}, map[string]*Activity{"a": {Replies: []time.Time{at.Add(ReplyWindow)}}},
			CampaignMetrics{Messages: 1, Replied: 1, ReplyRate: 100_00}},
		{"reply after 7 days", []Touch{touch("a")}, map[string]*Activity{"a": {Replies: []time.Time{at.Add(ReplyWindow + time.Second)}}},
			CampaignMetrics{Messages: 1}},
		{"reply before the message", []Touch{touch("a")}, map[string]*Activity{"a": {Replies: []time.Time{at.Add(-time.Hour)}}},
			CampaignMetrics{Messages: 1}},
		{"post on day 14 acts", []Touch{touch("a"), touch("b")}, map[string]*Activity{"a": {Days: []ActivityDay{{Day: d0 + 14, Posts: 1}}}},
			CampaignMetrics{Messages: 2, Acted: 1, ActionRate: 50_00}},
		{"sale on day 15 does not act", []Touch{touch("a")}, map[string]*Activity{"a": {Days: []ActivityDay{sale(15)}}},
			CampaignMetrics{Messages: 1}},
		{"lapsed revived on day 30", []Touch{touch("a")}, map[string]*Activity{"a": {Days: []ActivityDay{sale(-100), sale(30)}}},
			CampaignMetrics{Messages: 1, Lapsed: 1, Revived: 1}},
		{"lapsed not revived on day 31", []Touch{touch("a")}, map[string]*Activity{"a": {Days: []ActivityDay{sale(-100), sale(31)}}},
			CampaignMetrics{Messages: 1, Lapsed: 1}},
		{"a recent seller is not lapsed", []Touch{touch("a")}, map[string]*Activity{"a": {Days: []ActivityDay{sale(-10), sale(3)}}},
			CampaignMetrics{Messages: 1, Acted: 1, ActionRate: 100_00}},
		{"never sold is not lapsed", []Touch{touch("a")}, map[string]*Activity{"a": {}}, CampaignMetrics{Messages: 1}},
		{"two messages count a lapsed affiliate once, code days once",
			[]Touch{touch("a"), {Creator: "a", At: at.Add(48 * time.Hour), Day: d0 + 2}},
			map[string]*Activity{"a": {Days: []ActivityDay{sale(-100), {Day: d0 + 20, Orders: 3, CodeOrders: 2}}}},
			CampaignMetrics{Messages: 2, Lapsed: 1, Revived: 1, CodeUses: 2}},
		{"code uses before the message do not count", []Touch{touch("a")}, map[string]*Activity{"a": {Days: []ActivityDay{{Day: d0 - 1, Orders: 2, CodeOrders: 2}}}},
			CampaignMetrics{Messages: 1}},
	}
	for _, tt := range tests {
		got := MeasureCampaign(tt.touches, func(c string) *Activity { return tt.act[c] }, 90)
		if got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestCampaignMetricsAdd(t *testing.T) {
	m := CampaignMetrics{Messages: 1, Replied: 1}
	m.Add(&CampaignMetrics{Messages: 3, Acted: 2, Lapsed: 1, Revived: 1, CodeUses: 4})
	want := CampaignMetrics{Messages: 4, Replied: 1, ReplyRate: 25_00, Acted: 2, ActionRate: 50_00, Lapsed: 1, Revived: 1, CodeUses: 4}
	if m != want {
		t.Errorf("%+v, want %+v", m, want)
	}
}

func TestBoostUplift(t *testing.T) {
	tests := []struct {
		name       string
		before     model.Cents
		beforeDays int
		during     model.Cents
		duringDays int
		want       Uplift
	}{
		{"doubled", 30_000, 30, 10_000, 5, Uplift{DailyBefore: 1_000, DailyDuring: 2_000, Percent: 100_00, Known: true}},
		{"same", 30_000, 30, 5_000, 5, Uplift{DailyBefore: 1_000, DailyDuring: 1_000, Percent: 0, Known: true}},
		{"halved", 30_000, 30, 2_500, 5, Uplift{DailyBefore: 1_000, DailyDuring: 500, Percent: -50_00, Known: true}},
		{"nothing before", 0, 30, 2_500, 5, Uplift{DailyDuring: 500}},
		{"not started", 30_000, 30, 0, 0, Uplift{}},
		{"no base days", 30_000, 0, 100, 1, Uplift{}},
	}
	for _, tt := range tests {
		if got := BoostUplift(tt.before, tt.beforeDays, tt.during, tt.duringDays); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
