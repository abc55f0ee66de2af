package store

import (
	"errors"
	"fmt"
	"testing"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
)

func TestMilestonesFireOnceSendOrDraft(t *testing.T) {
	s, _ := programStore(t, 2, 0, false)
	defer s.Close()
	tpl := engage.StarterTemplates()[0].Name
	for _, r := range []engage.MilestoneRule{
		{Trigger: engage.TriggerFirstSale, Template: tpl, Mode: engage.MilestoneSendNow},
		{Trigger: engage.TriggerOrders, Orders: 3, Template: tpl, Mode: engage.MilestoneDraft},
	} {
		if _, err := s.SetMilestone("s1", r, t0); err != nil {
			t.Fatal(err)
		}
	}
	day := 0
	steps := []struct {
		name     string
		creator  string
		orders   int64
		want     []string // creator:key:outcome
		messages int      // to k0 in all
	}{
		{"no sale yet", "", 0, nil, 0},
		{"first sale sends at once", "k0", 1, []string{"k0:first-sale:sent"}, 1},
		{"a second sale fires nothing", "k0", 1, nil, 1},
		{"third order drafts", "k0", 1, []string{"k0:orders-3:draft"}, 1},
		{"a pass with no change fires nothing", "", 0, nil, 1},
		{"k1 first sale and orders-3 at once", "k1", 5, []string{"k1:first-sale:sent", "k1:orders-3:draft"}, 1},
	}
	for _, st := range steps {
		if st.creator != "" {
			day++
			d, _ := program.ParseDay(fmt.Sprintf("2026-11-%02d", day))
			if _, err := s.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: st.creator, Day: d, Orders: st.orders, GMV: model.Cents(st.orders * 10_00)}, t0); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := s.CheckMilestones(t0)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var got []string
		for _, m := range rep.Sent {
			got = append(got, m.Creator+":"+m.Key+":"+m.Outcome)
		}
		if fmt.Sprint(got) != fmt.Sprint(st.want) {
			t.Errorf("%s: fired %v, want %v", st.name, got, st.want)
		}
		if n := messagesTo(t, s, []string{"k0"})["k0"]; n != st.messages {
			t.Errorf("%s: %d messages to k0, want %d", st.name, n, st.messages)
		}
	}
	ds, err := s.Drafts("s1")
	if err != nil || len(ds) != 2 {
		t.Fatalf("drafts %v %v, want 2", ds, err)
	}
	res, _, err := s.ApproveDraft("s1", ds[0].ID, "seller", t0)
	if err != nil || res.Outcome != "sent" {
		t.Fatalf("approve: %+v %v", res, err)
	}
	if n := messagesTo(t, s, []string{"k0"})["k0"]; n != 2 {
		t.Errorf("after approve: %d messages to k0, want 2", n)
	}
	if _, _, err := s.ApproveDraft("s1", ds[0].ID, "seller", t0); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("approve twice: %v, want not found", err)
	}
	if err := s.DiscardDraft("s1", ds[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft("s1", ds[1].ID); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("discard twice: %v, want not found", err)
	}
	if ds, _ := s.Drafts("s1"); len(ds) != 0 {
		t.Errorf("drafts left: %v", ds)
	}
}

func TestMilestoneSetChecks(t *testing.T) {
	s, _ := programStore(t, 1, 0, false)
	defer s.Close()
	tpl := engage.StarterTemplates()[0].Name
	tests := []struct {
		name   string
		seller string
		rule   engage.MilestoneRule
		want   error
	}{
		{"ok", "s1", engage.MilestoneRule{Trigger: engage.TriggerLevelUp, Template: tpl, Mode: engage.MilestoneDraft}, nil},
		{"replace same trigger", "s1", engage.MilestoneRule{Trigger: engage.TriggerLevelUp, Template: tpl, Mode: engage.MilestoneSendNow}, nil},
		{"unknown template", "s1", engage.MilestoneRule{Trigger: engage.TriggerGoalReached, Template: "nope", Mode: engage.MilestoneDraft}, model.ErrNotFound},
		{"bad mode", "s1", engage.MilestoneRule{Trigger: engage.TriggerGoalReached, Template: tpl, Mode: "later"}, model.ErrInvalid},
		{"orders without N", "s1", engage.MilestoneRule{Trigger: engage.TriggerOrders, Template: tpl, Mode: engage.MilestoneDraft}, model.ErrInvalid},
		{"unknown seller", "zz", engage.MilestoneRule{Trigger: engage.TriggerFirstSale, Template: tpl, Mode: engage.MilestoneDraft}, model.ErrNotFound},
	}
	for _, tt := range tests {
		_, err := s.SetMilestone(tt.seller, tt.rule, t0)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	rules, err := s.Milestones("s1")
	if err != nil || len(rules) != 1 || rules[0].Mode != engage.MilestoneSendNow {
		t.Errorf("rules %+v %v, want the one level-up rule, replaced", rules, err)
	}
}

// A goal reached fires once, keyed by the goal; a segment move up fires
// for the segment reached.
func TestMilestoneGoalAndSegment(t *testing.T) {
	s, _ := programStore(t, 2, 0, false)
	defer s.Close()
	tpl := engage.StarterTemplates()[0].Name
	for _, r := range []engage.MilestoneRule{
		{Trigger: engage.TriggerGoalReached, Template: tpl, Mode: engage.MilestoneDraft},
		{Trigger: engage.TriggerSegmentUp, Template: tpl, Mode: engage.MilestoneDraft},
	} {
		if _, err := s.SetMilestone("s1", r, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetGoal(program.Goal{SellerID: "s1", CreatorID: "k0", Metric: program.GoalOrders, Target: 2, Month: "2026-11"}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecomputeSegments("s1", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckMilestones(t0); err != nil { // the first evaluation is not a move
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		orders int64
		day    string
		want   string
	}{
		{"a first sale moves it up from inactive", 1, "2026-11-02", "[k0:segment-power:draft]"},
		{"goal reached", 1, "2026-11-03", "[k0:goal-2026-11-c-k0:draft]"},
		{"above the goal: nothing again", 3, "2026-11-04", "[]"},
	}
	for _, st := range steps {
		d, _ := program.ParseDay(st.day)
		if _, err := s.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: "k0", Day: d, Orders: st.orders, GMV: model.Cents(st.orders) * 50_00}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecomputeSegments("s1", t0); err != nil {
			t.Fatal(err)
		}
		rep, err := s.CheckMilestones(t0)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, m := range rep.Sent {
			got = append(got, m.Creator+":"+m.Key+":"+m.Outcome)
		}
		if fmt.Sprint(got) != st.want {
			t.Errorf("%s: fired %v, want %s", st.name, got, st.want)
		}
	}
}
