package engage

import (
	"fmt"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

const benchRecipients = 50_000

// benchCampaignAudience is a seller's 50,000 affiliates: segments spread as the SPEC's
// typical shares, some flagged, a few blocking the seller.
func benchCampaignAudience() ([]AudienceMember, []model.Subject) {
	members := make([]AudienceMember, benchRecipients)
	subjects := make([]model.Subject, benchRecipients)
	segs := []program.SegmentName{program.SegmentPower, program.SegmentGrowth, program.SegmentGrowth, program.SegmentCasual, program.SegmentCasual, program.SegmentCasual, program.SegmentInactive, program.SegmentInactive, program.SegmentInactive, program.SegmentInactive}
	kinds := []program.InactiveKind{program.KindNew, program.KindNeverActivated, program.KindLapsed}
	for i := range members {
		id := fmt.Sprintf("creator-%06d", i)
		seg := segs[i%len(segs)]
		m := AudienceMember{Creator: id, Segment: seg, Flagged: i%97 == 0, Dormant: i%5 == 0}
		if seg == program.SegmentInactive {
			m.Kind = kinds[i%3]
		}
		members[i] = m
		subjects[i] = model.Subject{SellerKnown: true, CreatorKnown: true, SellerID: "acme", CreatorID: id, Handle: fmt.Sprintf("h%06d", i),
			Rel: model.Relation{Connected: i%10 != 9, BlockedByCreator: i%1000 == 7}}
	}
	return members, subjects
}

// BenchmarkPlanCampaign_50k is a campaign's preview for 50,000 affiliates
// without touching storage: select the audience (every segment, unflagged),
// dry-run the checker for each, plan the run (one in ten unconnected, so the
// T1 quota runs out and the rest wait), and make every send's key.
func BenchmarkPlanCampaign_50k(b *testing.B) {
	members, subjects := benchCampaignAudience()
	p := model.DefaultPolicy()
	loc := time.UTC
	now := time.Date(2026, 6, 3, 10, 0, 0, 0, loc)
	q := model.Quota{Week: p.EvaluateWeek(model.WeekStart(now, loc), loc, 0)}
	a := Audience{Segments: []program.SegmentName{program.SegmentPower, program.SegmentGrowth, program.SegmentCasual, program.SegmentInactive}}
	if err := a.Validate(); err != nil {
		b.Fatal(err)
	}
	index := make(map[string]int, len(subjects))
	for i := range subjects {
		index[subjects[i].CreatorID] = i
	}
	b.ReportAllocs()
	for b.Loop() {
		ids, err := SelectAudience(&a, members)
		if err != nil {
			b.Fatal(err)
		}
		subs := make([]model.Subject, len(ids))
		for i, id := range ids {
			subs[i] = subjects[index[id]]
		}
		ds, _ := p.DryRun(q, subs, model.Message)
		plan, err := PlanRun(ids, ds, OverflowWait, now, loc)
		if err != nil {
			b.Fatal(err)
		}
		for i := range plan.Entries {
			_ = SendKey("spring-sale", 0, 0, plan.Entries[i].Creator)
		}
		if plan.Send+plan.Waiting+plan.Refused != benchRecipients {
			b.Fatal("plan lost recipients")
		}
	}
}

// BenchmarkRender_50k renders the longest starter template for 50,000
// recipients, each with its own values.
func BenchmarkRender_50k(b *testing.B) {
	var tp *Template
	for _, t := range StarterTemplates() {
		if t.Name == "inactive-comeback-offer" {
			tp = t
		}
	}
	vals := make([]TemplateValues, benchRecipients)
	for i := range vals {
		v := &vals[i]
		v.Set(VarName, fmt.Sprintf("Creator Number %d", i)).Set(VarBoostUntil, "30 June").Set(VarBoostRate, "25%").
			Set(VarCommission, "10%").Set(VarCode, fmt.Sprintf("ACME-C%d15", i)).Set(VarCodeDiscount, "15%")
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range vals {
			if _, err := tp.Render("@x", &vals[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkPlanRun_50k is PlanRun alone over 50,000 decisions already made:
// the part of a preview that is this package's and not the checker's.
func BenchmarkPlanRun_50k(b *testing.B) {
	_, subjects := benchCampaignAudience()
	p := model.DefaultPolicy()
	now := time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)
	q := model.Quota{Week: p.EvaluateWeek(model.WeekStart(now, time.UTC), time.UTC, 0)}
	ds, _ := p.DryRun(q, subjects, model.Message)
	ids := make([]string, len(subjects))
	for i := range subjects {
		ids[i] = subjects[i].CreatorID
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanRun(ids, ds, OverflowWait, now, time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}
