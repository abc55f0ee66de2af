package engage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

// benchProgram is a seller's program as storage would read it: per
// affiliate, 26 weeks of rollups and the daily rows of the edge days of a
// 90-day window.
type benchProgram struct {
	today program.Day
	affs  []program.ProgramAffiliate
	weeks [][]program.WeekRollup
	days  [][]program.PerfDay
	prev  []program.Segment
}

func newBenchProgram(n int) *benchProgram {
	rng := rand.New(rand.NewPCG(1, 2))
	today := program.DayFromDate(2025, 6, 11) // a Wednesday: both edges of 90 days are partial
	w := program.LastDays(90, today)
	split := w.Split()
	p := &benchProgram{today: today, affs: make([]program.ProgramAffiliate, n), weeks: make([][]program.WeekRollup, n),
		days: make([][]program.PerfDay, n), prev: make([]program.Segment, n)}
	for i := range n {
		id := fmt.Sprintf("c%07d", i)
		p.affs[i] = program.ProgramAffiliate{SellerID: "big", CreatorID: id, JoinedDay: today - program.Day(rng.IntN(400))}
		p.prev[i] = program.Segment(rng.IntN(5))
		// 60% sell: a GMV scale with a long tail.
		scale := int64(0)
		if rng.IntN(10) < 6 {
			scale = int64(rng.ExpFloat64() * 5000)
		}
		for k := range TrendWeeks {
			wk := today.WeekStart() - program.Day(7*(TrendWeeks-1-k))
			var r program.WeekRollup
			for d := range 7 {
				day := program.PerfDay{SellerID: "big", CreatorID: id, Day: wk + program.Day(d)}
				if scale > 0 && rng.IntN(3) == 0 {
					day.Orders = 1 + rng.Int64N(5)
					day.GMV = model.Cents(scale * day.Orders)
					day.Clicks = day.Orders * 8
				}
				if rng.IntN(20) == 0 {
					day.Videos = 1
				}
				_ = r.Replace(nil, &day)
				if (split.Head.Contains(day.Day) || split.Tail.Contains(day.Day)) && day.Active() {
					p.days[i] = append(p.days[i], day)
				}
			}
			if !r.Empty() {
				p.weeks[i] = append(p.weeks[i], r)
			}
		}
	}
	return p
}

// segmentInputs reads every affiliate's window totals from its rollups and
// edge days, and its last sale and activity from its rollups.
func (p *benchProgram) segmentInputs(pol program.SegmentPolicy) []program.SegmentInput {
	w := pol.Window(p.today)
	in := make([]program.SegmentInput, len(p.affs))
	for i := range p.affs {
		t := program.TotalsOver(w, p.weeks[i], p.days[i])
		var lastSale, lastActive program.Day
		for k := range p.weeks[i] {
			lastSale = max(lastSale, p.weeks[i][k].LastSale())
			lastActive = max(lastActive, p.weeks[i][k].LastActive())
		}
		in[i] = program.SegmentInputFrom(&p.affs[i], t, lastSale, lastActive, p.prev[i])
	}
	return in
}

func BenchmarkSegments_50k(b *testing.B) {
	p := newBenchProgram(50_000)
	pol := program.DefaultPolicy().Segments
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		run := pol.Evaluate(p.today, p.segmentInputs(pol))
		if run.Count[program.SegPower] == 0 || len(run.Results) != 50_000 {
			b.Fatalf("counts %v", run.Count)
		}
	}
}

func BenchmarkSegmentsEvaluateOnly_50k(b *testing.B) {
	p := newBenchProgram(50_000)
	pol := program.DefaultPolicy().Segments
	in := p.segmentInputs(pol)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pol.Evaluate(p.today, in)
	}
}

// affiliateRows builds every affiliate's row over the last 90 days; with
// trend, also its 26-week GMV trend (the table and detail views need it,
// the kpi sums do not).
func (p *benchProgram) affiliateRows(run *program.SegmentRun, trend bool) []AffiliateMetrics {
	w, _ := PeriodLast(90, p.today)
	rows := make([]AffiliateMetrics, len(p.affs))
	for i := range p.affs {
		f := AffiliateFacts{CreatorID: p.affs[i].CreatorID, Handle: p.affs[i].CreatorID, JoinedDay: p.affs[i].JoinedDay,
			Period: program.TotalsOver(w, p.weeks[i], p.days[i]), Segment: &run.Results[i]}
		if trend {
			f.Trend = WeeklyTrend(p.weeks[i], p.today, TrendWeeks)
		}
		for k := range p.weeks[i] {
			f.LastSale = max(f.LastSale, p.weeks[i][k].LastSale())
			f.LastActive = max(f.LastActive, p.weeks[i][k].LastActive())
		}
		rows[i] = NewAffiliateMetrics(&f, p.today)
	}
	return rows
}

// BenchmarkKPI_50k is the 90-day kpi: every affiliate's totals from its
// rollups and edge days, summed per segment and for the program.
func BenchmarkKPI_50k(b *testing.B) {
	p := newBenchProgram(50_000)
	pol := program.DefaultPolicy().Segments
	run := pol.Evaluate(p.today, p.segmentInputs(pol))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		prog, _ := Summarize(p.affiliateRows(&run, false))
		if prog.Affiliates != 50_000 {
			b.Fatal(prog.Affiliates)
		}
	}
}

// BenchmarkAffiliateTable_50k is the affiliate table with every row's
// 26-week trend.
func BenchmarkAffiliateTable_50k(b *testing.B) {
	p := newBenchProgram(50_000)
	pol := program.DefaultPolicy().Segments
	run := pol.Evaluate(p.today, p.segmentInputs(pol))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rows := p.affiliateRows(&run, true); len(rows) != 50_000 {
			b.Fatal(len(rows))
		}
	}
}

func BenchmarkSortAffiliates_50k(b *testing.B) {
	p := newBenchProgram(50_000)
	rows := make([]AffiliateMetrics, len(p.affs))
	w, _ := PeriodLast(90, p.today)
	for i := range p.affs {
		f := AffiliateFacts{CreatorID: p.affs[i].CreatorID, Handle: p.affs[i].CreatorID, Period: program.TotalsOver(w, p.weeks[i], p.days[i])}
		rows[i] = NewAffiliateMetrics(&f, p.today)
	}
	keys := []MetricKey{ByGMV, ByOrders, ByRefundRate, ByHandle}
	b.ReportAllocs()
	b.ResetTimer()
	k := 0
	for b.Loop() {
		SortAffiliates(rows, keys[k%len(keys)], k%2 == 0)
		k++
	}
}
