package engage

import (
	"errors"
	"strings"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

func TestMilestoneRuleValidate(t *testing.T) {
	tests := []struct {
		r       MilestoneRule
		wantErr string
	}{
		{MilestoneRule{Trigger: TriggerFirstSale, Template: "t", Mode: MilestoneSendNow}, ""},
		{MilestoneRule{Trigger: TriggerOrders, Orders: 100, Template: "t", Mode: MilestoneDraft}, ""},
		{MilestoneRule{Trigger: TriggerOrders, Template: "t", Mode: MilestoneDraft}, "N is 0"},
		{MilestoneRule{Trigger: TriggerOrders, Orders: 1_000_001, Template: "t", Mode: MilestoneDraft}, "N is 1000001"},
		{MilestoneRule{Trigger: TriggerLevelUp, Orders: 5, Template: "t", Mode: MilestoneDraft}, "only goes with the orders trigger"},
		{MilestoneRule{Trigger: "birthday", Template: "t", Mode: MilestoneDraft}, `trigger "birthday"`},
		{MilestoneRule{Trigger: TriggerGoalReached, Mode: MilestoneDraft}, "no template"},
		{MilestoneRule{Trigger: TriggerSegmentUp, Template: "t"}, `mode ""`},
	}
	for _, tt := range tests {
		err := tt.r.Validate()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid)) {
			t.Errorf("%+v: err = %v, want %q", tt.r, err, tt.wantErr)
		}
	}
}

func TestCrossedMilestones(t *testing.T) {
	rules := []MilestoneRule{
		{Trigger: TriggerFirstSale, Template: "first", Mode: MilestoneSendNow},
		{Trigger: TriggerOrders, Orders: 10, Template: "ten", Mode: MilestoneDraft},
		{Trigger: TriggerOrders, Orders: 100, Template: "hundred", Mode: MilestoneDraft},
		{Trigger: TriggerGoalReached, Template: "goal", Mode: MilestoneSendNow},
		{Trigger: TriggerSegmentUp, Template: "up", Mode: MilestoneDraft},
		{Trigger: TriggerLevelUp, Template: "level", Mode: MilestoneSendNow},
		{Trigger: TriggerFirstSale, Template: "first-again", Mode: MilestoneDraft}, // same key: once
	}
	f := func(orders int64, seg program.SegmentName, lvl model.Level, goals ...string) MilestoneFacts {
		return MilestoneFacts{Orders: orders, Segment: seg, Level: lvl, GoalsReached: goals}
	}
	tests := []struct {
		name          string
		before, after MilestoneFacts
		fired         []string
		want          string // keys, comma separated
	}{
		{"nothing changed", f(5, program.SegmentCasual, 2), f(5, program.SegmentCasual, 2), nil, ""},
		{"first sale", f(0, program.SegmentInactive, 0), f(1, program.SegmentInactive, 0), nil, "first-sale"},
		{"first sale fired already", f(0, program.SegmentInactive, 0), f(1, program.SegmentInactive, 0), []string{"first-sale"}, ""},
		{"first sale and ten at once", f(0, program.SegmentInactive, 0), f(12, program.SegmentInactive, 0), nil, "first-sale,orders-10"},
		{"exactly ten", f(9, program.SegmentCasual, 1), f(10, program.SegmentCasual, 1), nil, "orders-10"},
		{"past ten already", f(10, program.SegmentCasual, 1), f(11, program.SegmentCasual, 1), nil, ""},
		{"both thresholds in one import", f(5, program.SegmentCasual, 1), f(150, program.SegmentCasual, 1), nil, "orders-10,orders-100"},
		{"a goal reached", f(5, program.SegmentCasual, 1, "g1"), f(5, program.SegmentCasual, 1, "g1", "g2"), nil, "goal-g2"},
		{"segment up", f(5, program.SegmentCasual, 1), f(5, program.SegmentGrowth, 1), nil, "segment-growth"},
		{"segment up two", f(5, program.SegmentInactive, 1), f(5, program.SegmentPower, 1), nil, "segment-power"},
		{"segment down is no milestone", f(5, program.SegmentPower, 1), f(5, program.SegmentCasual, 1), nil, ""},
		{"first evaluation is no move", f(5, "", 1), f(5, program.SegmentPower, 1), nil, ""},
		{"back up to growth, fired before", f(5, program.SegmentCasual, 1), f(5, program.SegmentGrowth, 1), []string{"segment-growth"}, ""},
		{"level up two: once, for the level reached", f(5, program.SegmentCasual, 2), f(5, program.SegmentCasual, 4), nil, "level-L4"},
		{"level down", f(5, program.SegmentCasual, 4), f(5, program.SegmentCasual, 3), nil, ""},
		{"everything", f(0, program.SegmentCasual, 0), f(100, program.SegmentPower, 3, "g"), nil, "first-sale,orders-10,orders-100,goal-g,segment-power,level-L3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fired := func(k string) bool {
				for _, f := range tt.fired {
					if f == k {
						return true
					}
				}
				return false
			}
			ms := CrossedMilestones(tt.before, tt.after, rules, fired)
			var keys []string
			for _, m := range ms {
				keys = append(keys, m.Key)
			}
			if got := strings.Join(keys, ","); got != tt.want {
				t.Fatalf("milestones %q, want %q", got, tt.want)
			}
		})
	}
	// The rule carried is the first that names the key, with its mode.
	ms := CrossedMilestones(f(0, program.SegmentCasual, 1), f(1, program.SegmentGrowth, 2), rules, nil)
	if ms[0].Rule.Template != "first" || ms[0].Rule.Mode != MilestoneSendNow {
		t.Fatalf("first sale rule %+v", ms[0].Rule)
	}
	if ms[1].From != "casual" || ms[1].To != "growth" || ms[1].Rule.Mode != MilestoneDraft {
		t.Fatalf("segment move %+v", ms[1])
	}
	if ms[2].From != "L1" || ms[2].To != "L2" {
		t.Fatalf("level move %+v", ms[2])
	}
}
