package store

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
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

// BenchmarkProgramKPI90d50kAffiliates2MRows is a 90-day kpi, next to its
// floor in the same run: reference=scan visits every affiliate and
// performance record of the seller through the engine, decoding nothing
// (what any kpi over this layout reads). cpu-ms/op
// is the process's CPU time, which a loaded machine does not inflate the
// way it inflates wall time.
func BenchmarkProgramKPI90d50kAffiliates2MRows(b *testing.B) {
	s := benchProgram(b, 40)
	if _, err := s.RecomputeSegments("s1", t0); err != nil {
		b.Fatal(err)
	}
	period := func(today program.Day) (program.Window, error) { return engage.PeriodLast(90, today) }
	b.Run("kpi", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			if _, _, _, err := s.KPI("s1", period, t0); err != nil {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("reference=scan", func(b *testing.B) {
		cpu := startCPU()
		for b.Loop() {
			var n int
			err := s.view(func(tx engine.Tx) error {
				for _, bk := range []string{bAffiliates, bPerf} {
					if err := tx.Scan(bk, engine.Range{Prefix: prefix("s1")}, func(k, v []byte) error {
						n += len(k) + len(v)
						return nil
					}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
}

// cpuClock measures the process's CPU time (user and system) over a
// benchmark's loop.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{processCPU()} }

func (c cpuClock) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(processCPU()-c.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
