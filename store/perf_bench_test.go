package store

import (
	"fmt"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/importfile"
)

// The figures: a seller with 50,000 affiliates and 2,000,000
// performance rows. Run with -benchtime=1x (each setup imports a million
// rows):
//
//	go test -run XXX -bench 'Program' -benchtime=1x ./store/

const benchAffiliates = 50_000

var benchToday = program.DayOf(t0, time.UTC)

// benchRows is one row per affiliate for each of days days ending
// daysBack before benchToday; figures vary by affiliate so that segments
// have a spread.
func benchRows(days, daysBack int) []importfile.PerfRow {
	rows := make([]importfile.PerfRow, 0, days*benchAffiliates)
	for d := 0; d < days; d++ {
		day := benchToday - program.Day(daysBack+d)
		for i := 0; i < benchAffiliates; i++ {
			orders := int64((i + d) % 7)
			rows = append(rows, importfile.PerfRow{Line: len(rows) + 2, PerfDay: program.PerfDay{SellerID: "s1",
				CreatorID: fmt.Sprintf("c%d", i), Day: day, GMV: model.Cents(orders*2300 + int64(i%100)), Orders: orders,
				Items: orders + 1, Clicks: orders*9 + 1, Videos: int64(i % 2), Commission: model.Cents(orders * 230)}})
		}
	}
	return rows
}

// benchProgram is a store with 50,000 affiliates and rows rows (20 or 40 days each).
func benchProgram(b *testing.B, days int) *Store {
	b.Helper()
	s := openTest(b, Options{NoSync: true})
	seed(b, s, "s1", 50_00, benchAffiliates)
	if _, err := s.ImportPerf(benchRows(days, 0), t0); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkProgramImport1MRowsOnto1M imports a million rows (20 new days
// of 50,000 affiliates) into a store that holds a million already.
func BenchmarkProgramImport1MRowsOnto1M(b *testing.B) {
	s := benchProgram(b, 20)
	rows := benchRows(20, 20)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ImportPerf(rows, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgramSegments50kAffiliates2MRows recomputes segments.
func BenchmarkProgramSegments50kAffiliates2MRows(b *testing.B) {
	s := benchProgram(b, 40)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.RecomputeSegments("s1", t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgramKPI90d50kAffiliates2MRows is a 90-day kpi.
func BenchmarkProgramKPI90d50kAffiliates2MRows(b *testing.B) {
	s := benchProgram(b, 40)
	if _, err := s.RecomputeSegments("s1", t0); err != nil {
		b.Fatal(err)
	}
	period := func(today program.Day) (program.Window, error) { return engage.PeriodLast(90, today) }
	b.ResetTimer()
	for b.Loop() {
		if _, _, _, err := s.KPI("s1", period, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgramAffiliates50kAffiliates2MRows is the affiliate table
// (28 days, with handles and flags).
func BenchmarkProgramAffiliates50kAffiliates2MRows(b *testing.B) {
	s := benchProgram(b, 40)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Affiliates("s1", ProgramQuery{}, t0); err != nil {
			b.Fatal(err)
		}
	}
}
