package engage

import (
	"errors"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

func TestCampaignValidate(t *testing.T) {
	now := utc(2026, 6, 1, 12, 0)
	weekly, _ := NewSchedule(Weekly, utc(2026, 6, 2, 9, 0), "Europe/Paris", now)
	ok := func() Campaign {
		return Campaign{Name: "Spring", Template: "power-early-briefing", Audience: Audience{Segments: []program.SegmentName{program.SegmentPower}}, Schedule: weekly}
	}
	tests := []struct {
		name    string
		edit    func(*Campaign)
		wantErr string
	}{
		{"ok", func(*Campaign) {}, ""},
		{"sequence", func(c *Campaign) { s := WelcomeSeries(); c.Template, c.Sequence = "", &s }, ""},
		{"no name", func(c *Campaign) { c.Name = "" }, "campaign name is empty"},
		{"nothing to send", func(c *Campaign) { c.Template = "" }, "no template and no sequence"},
		{"both", func(c *Campaign) { s := WelcomeSeries(); c.Sequence = &s }, "not both"},
		{"bad sequence", func(c *Campaign) { c.Template, c.Sequence = "", &Sequence{Name: "x"} }, "0 steps"},
		{"empty audience", func(c *Campaign) { c.Audience = Audience{} }, "audience is empty"},
		{"no schedule", func(c *Campaign) { c.Schedule = nil }, "no schedule"},
		{"bad overflow", func(c *Campaign) { c.Overflow = "drop" }, `overflow "drop"`},
		{"bad state", func(c *Campaign) { c.State = "sent" }, `state "sent"`},
	}
	for _, tt := range tests {
		c := ok()
		tt.edit(&c)
		err := c.Validate()
		if tt.wantErr == "" {
			if err != nil || c.State != CampaignDraft || c.Overflow != OverflowWait {
				t.Errorf("%s: %v, state %q overflow %q", tt.name, err, c.State, c.Overflow)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestCampaignDueRunsAndAfterRun(t *testing.T) {
	now := utc(2026, 6, 1, 12, 0)
	weekly, _ := NewSchedule(Weekly, utc(2026, 6, 2, 9, 0), "", now)
	once, _ := NewSchedule(Once, utc(2026, 6, 2, 9, 0), "", now)
	tests := []struct {
		name  string
		state CampaignState
		sched *Schedule
		last  time.Time
		at    time.Time
		due   int
		after CampaignState
	}{
		{"scheduled weekly, due", CampaignScheduled, weekly, time.Time{}, utc(2026, 6, 2, 9, 0), 1, CampaignScheduled},
		{"paused: nothing due", CampaignPaused, weekly, time.Time{}, utc(2026, 6, 2, 9, 0), 0, CampaignScheduled},
		{"draft: nothing due", CampaignDraft, weekly, time.Time{}, utc(2026, 6, 20, 9, 0), 0, CampaignScheduled},
		{"once, due, then done", CampaignScheduled, once, time.Time{}, utc(2026, 6, 2, 9, 0), 1, CampaignDone},
		{"once, ran", CampaignScheduled, once, utc(2026, 6, 2, 9, 0), utc(2026, 6, 3, 9, 0), 0, CampaignDone},
	}
	for _, tt := range tests {
		c := Campaign{State: tt.state, Schedule: tt.sched, LastRun: tt.last}
		runs, _ := c.DueRuns(tt.at)
		if len(runs) != tt.due || c.AfterRun(tt.at) != tt.after {
			t.Errorf("%s: due %v after %s", tt.name, runs, c.AfterRun(tt.at))
		}
	}
}
