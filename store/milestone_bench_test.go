package store

import (
	"testing"

	"outreach/model/engage"
)

// BenchmarkMilestonePass50kAffiliates2MRows is one housekeeping milestone
// pass over a seller with 50,000 affiliates and rules set, nothing crossed
// since the last pass (the hourly case).
//
//	go test -run XXX -bench MilestonePass -benchtime=3x ./store/
func BenchmarkMilestonePass50kAffiliates2MRows(b *testing.B) {
	s := benchProgram(b, 40)
	tpl := engage.StarterTemplates()[0].Name
	for _, r := range []engage.MilestoneRule{
		{Trigger: engage.TriggerFirstSale, Template: tpl, Mode: engage.MilestoneDraft},
		{Trigger: engage.TriggerOrders, Orders: 1000, Template: tpl, Mode: engage.MilestoneDraft},
		{Trigger: engage.TriggerSegmentUp, Template: tpl, Mode: engage.MilestoneDraft},
	} {
		if _, err := s.SetMilestone("s1", r, t0); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.CheckMilestones(t0); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := s.CheckMilestones(t0)
		if err != nil || len(rep.Sent) != 0 {
			b.Fatal(rep, err)
		}
	}
}
