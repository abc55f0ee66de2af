package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
	"outreach/store/importfile"
)

// kpiByTable is the kpi as it was computed before it streamed: the
// affiliate table of the period (scanProgram, metricsOf), summed by
// Summarize, code uses added from each affiliate's totals.
func kpiByTable(tb testing.TB, s *Store, seller string, win program.Window, now time.Time) (engage.GroupMetrics, []engage.GroupMetrics) {
	tb.Helper()
	var (
		prog engage.GroupMetrics
		segs []engage.GroupMetrics
	)
	err := s.view(func(tx engine.Tx) error {
		sl, today, err := sellerToday(tx, seller, now)
		if err != nil {
			return err
		}
		facts, err := scanProgram(tx, seller, progQuery{wins: []program.Window{win}, today: today})
		if err != nil {
			return err
		}
		rows := make([]engage.AffiliateMetrics, len(facts))
		segOf := map[string]program.Segment{}
		for i := range facts {
			rows[i] = metricsOf(&facts[i], "", today, nil, nil)
			segOf[facts[i].rec.CreatorID] = facts[i].rec.Seg.Segment
		}
		prog, segs = engage.Summarize(rows)
		for i := range facts {
			code := facts[i].totals[0].CodeOrders
			prog.CodeUses += code
			for j := range segs {
				if segs[j].Segment == facts[i].rec.Seg.Segment {
					segs[j].CodeUses += code
				}
			}
		}
		return s.kpiCampaigns(tx, sl, win, today, func(c string) program.Segment { return segOf[c] }, &prog, segs)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return prog, segs
}

// The kpi sums affiliates as it reads them; on random programs (rows on
// random days around the period's edges, some after today, codes, refunds,
// affiliates without rows, segments evaluated or not) it gives exactly what
// summing the affiliate table gives, for rolling and from-to periods.
func TestKPIStreamMatchesTable(t *testing.T) {
	today := program.DayOf(t0, time.UTC)
	for _, c := range []struct {
		seed      uint64
		creators  int
		rowsEach  int
		segmented bool
	}{
		{1, 2, 0, false}, // affiliates without rows
		{2, 12, 30, true},
		{3, 40, 60, false},
		{4, 80, 120, true},
		{5, 150, 20, true},
	} {
		t.Run(fmt.Sprintf("seed%d-%dx%d", c.seed, c.creators, c.rowsEach), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(c.seed, 7))
			s := openTest(t, Options{NoSync: true})
			seed(t, s, "s1", 50_00, c.creators)
			var rows []importfile.PerfRow
			for i := 1; i < c.creators; i++ {
				if rng.IntN(5) == 0 {
					continue // no rows: not an affiliate by performance
				}
				for range rng.IntN(c.rowsEach + 1) {
					orders := int64(rng.IntN(4))
					d := program.PerfDay{SellerID: "s1", CreatorID: fmt.Sprintf("c%d", i), Day: today - program.Day(rng.IntN(200)) + 3,
						GMV: model.Cents(rng.IntN(50_000)), Orders: orders, Items: orders + int64(rng.IntN(2)), Clicks: int64(rng.IntN(40)),
						Videos: int64(rng.IntN(2)), Lives: int64(rng.IntN(2) * rng.IntN(2)), Commission: model.Cents(rng.IntN(900))}
					if orders > 0 && rng.IntN(4) == 0 {
						d.RefundedOrders, d.RefundedGMV = 1, d.GMV/4
					}
					if orders > 0 && rng.IntN(3) == 0 {
						d.Code = "SPRING"
					}
					rows = append(rows, importfile.PerfRow{Line: len(rows) + 2, PerfDay: d})
				}
			}
			if len(rows) > 0 {
				if _, err := s.ImportPerf(rows, t0.AddDate(0, 0, 5)); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.ShowcaseAt("c0", "s1", t0.AddDate(0, 0, -40)); err != nil {
				t.Fatal(err)
			}
			if c.segmented {
				if _, err := s.RecomputeSegments("s1", t0.AddDate(0, -1, 0)); err != nil {
					t.Fatal(err)
				}
				if _, err := s.RecomputeSegments("s1", t0); err != nil {
					t.Fatal(err)
				}
			}
			periods := []func(program.Day) (program.Window, error){
				func(d program.Day) (program.Window, error) { return engage.PeriodLast(7, d) },
				func(d program.Day) (program.Window, error) { return engage.PeriodLast(28, d) },
				func(d program.Day) (program.Window, error) { return engage.PeriodLast(90, d) },
			}
			for range 12 {
				from := today - program.Day(rng.IntN(220))
				to := from + program.Day(rng.IntN(120))
				periods = append(periods, func(program.Day) (program.Window, error) {
					return engage.PeriodRange(from.String(), to.String())
				})
			}
			for i, period := range periods {
				win, prog, segs, err := s.KPI("s1", period, t0)
				if err != nil {
					t.Fatalf("period %d: %v", i, err)
				}
				wp, ws := kpiByTable(t, s, "s1", win, t0)
				if !reflect.DeepEqual(prog, wp) || !reflect.DeepEqual(segs, ws) {
					t.Fatalf("period %d %s..%s:\nstream %+v\n       %+v\ntable  %+v\n       %+v", i, win.From, win.To, prog, segs, wp, ws)
				}
				if c.rowsEach > 0 && i == 2 && prog.Orders == 0 {
					t.Fatalf("90 days: no orders summed (%+v); the case tests nothing", prog)
				}
			}
		})
	}
}

// A damaged affiliate record fails the kpi as it fails the table.
func TestKPIDamagedAffiliate(t *testing.T) {
	s := openTest(t, Options{})
	seedProgram(t, s, 3)
	for _, c := range []struct {
		name string
		val  []byte
	}{
		{"empty", []byte{}},
		{"wrong codec", []byte{99, 0}},
		{"cut", []byte{affCodec, 2}},
		{"month longer than the record", []byte{affCodec, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 'x'}},
		{"trailing byte", []byte{affCodec, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rec affiliateRecord
			full := decodeAffiliateOf("s1", key("s1", "c1"), c.val, &rec)
			seg := decodeAffiliateSeg("s1", key("s1", "c1"), c.val, &rec)
			if full == nil || seg == nil {
				t.Fatalf("decoded a damaged record: full %v, seg %v", full, seg)
			}
		})
	}
	var good affiliateRecord
	raw := encodeAffiliate(&affiliateRecord{MoveMonth: "2026-11", OpenFlags: 2, Seg: program.SegmentResult{Segment: program.SegGrowth, Move: program.MoveUp}})
	if err := decodeAffiliateSeg("s1", key("s1", "c1"), raw, &good); err != nil || good.Seg.Segment != program.SegGrowth || good.Seg.Move != program.MoveUp || good.OpenFlags != 2 {
		t.Fatalf("good record: %+v %v", good, err)
	}
}
