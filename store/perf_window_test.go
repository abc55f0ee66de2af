package store

import (
	"fmt"
	"math"
	"testing"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
	"outreach/store/importfile"
)

// A window that cuts a week is counted from the week's rollup when every
// stored row of the week lies inside it, and from the rows otherwise: both
// give what summing the rows gives, for every cut of a week holding rows
// on some days (one with refunds only, one with a code, large figures).
func TestWindowCutWeekMatchesRows(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 2)
	sun := day(t, "2026-11-08") // a Sunday
	days := []program.PerfDay{
		{Day: sun + 1, GMV: 1_000_000_00, Orders: 3, Items: 4, Clicks: 300, Commission: 12_00},
		{Day: sun + 3, GMV: 5_00, Items: 1, RefundedGMV: 1_00, Commission: 50}, // no activity (no order), figures anyway
		{Day: sun + 4, GMV: 20_00, Orders: 1, Code: "SPRING", Videos: 1},
		{Day: sun - 2, GMV: 7_00, Orders: 1}, // the week before
		{Day: sun + 9, Clicks: 4},            // the week after
	}
	var rows []importfile.PerfRow
	for i, d := range days {
		d.SellerID, d.CreatorID = "s1", "c1"
		days[i] = d
		rows = append(rows, importfile.PerfRow{Line: i + 2, PerfDay: d})
	}
	if _, err := s.ImportPerf(rows, t0); err != nil {
		t.Fatal(err)
	}
	for from := sun - 3; from <= sun+7; from++ {
		for to := from; to <= sun+10; to++ {
			w := program.Window{From: from, To: to}
			t.Run(fmt.Sprintf("%s..%s", from, to), func(t *testing.T) {
				var want program.PerfTotals
				for i := range days {
					if w.Contains(days[i].Day) {
						want.AddDay(&days[i])
					}
				}
				var facts []affFacts
				err := s.eng.View(func(tx engine.Tx) (err error) {
					facts, err = scanProgram(tx, "s1", progQuery{wins: []program.Window{w}, today: sun + 30})
					return err
				})
				if err != nil || len(facts) != 1 {
					t.Fatalf("scan: %d affiliates, %v", len(facts), err)
				}
				if got := facts[0].totals[0]; got != want {
					t.Fatalf("totals\n got %+v\nwant %+v", got, want)
				}
			})
		}
	}
}

// daysWithin reads the offsets of a week's rows and says false for a
// damaged week instead of reading past it.
func TestDaysWithin(t *testing.T) {
	sun := program.Day(20_000).WeekStart()
	w := perfWeek{roll: program.WeekRollup{Week: sun}}
	for _, d := range []program.PerfDay{{Day: sun + 2, GMV: 300, Code: "X"}, {Day: sun + 5, Clicks: 1 << 40}} {
		if err := w.put(d.Day, &d); err != nil {
			t.Fatal(err)
		}
	}
	raw := encodeBlock(&perfBlock{no: blockOf(sun), weeks: []perfWeek{w}})
	r, err := newBlockReader(blockOf(sun), raw)
	if err != nil || !r.next() {
		t.Fatalf("reader: %v", err)
	}
	whole := r.days
	for _, c := range []struct {
		name     string
		days     []byte
		from, to program.Day
		want     bool
	}{
		{"whole week", whole, sun, sun + 6, true},
		{"exactly the rows", whole, sun + 2, sun + 5, true},
		{"last row outside", whole, sun, sun + 4, false},
		{"first row outside", whole, sun + 3, sun + 6, false},
		{"cut short", whole[:len(whole)-1], sun, sun + 6, false},
		{"trailing byte", append(append([]byte{}, whole...), 0), sun, sun + 6, false},
		{"empty", nil, sun, sun + 6, false},
		{"count over 7", []byte{8}, sun, sun + 6, false},
		{"unterminated varint", []byte{1, 2, 0x80, 0x80}, sun, sun + 6, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r.days = c.days
			if got := r.daysWithin(c.from, c.to); got != c.want {
				t.Fatalf("daysWithin(%s, %s) = %v, want %v", c.from, c.to, got, c.want)
			}
		})
	}
}

// decSums reads back what encSums wrote, at every varint length (the one-
// and two-byte cases are decoded inline), and marks a cut record corrupt.
func TestSumsCodecEveryLength(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, -8193, 1 << 40, -1 << 62, math.MaxInt64, math.MinInt64} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			in := program.PerfSums{GMV: model.Cents(v), Orders: -v, Items: v / 3, RefundedOrders: 7, RefundedGMV: model.Cents(v),
				Clicks: v, Videos: 1, Lives: -v, Commission: model.Cents(v / 7), SelfPurchaseOrders: v, CodeOrders: -v / 5}
			var e enc
			encSums(&e, &in)
			var out program.PerfSums
			d := dec{b: e.b}
			decSums(&d, &out)
			if d.err != nil || len(d.b) != 0 || out != in {
				t.Fatalf("round trip: %+v (%v, %d left), want %+v", out, d.err, len(d.b), in)
			}
			d = dec{b: e.b[:len(e.b)-1]}
			decSums(&d, &out)
			if d.err == nil {
				t.Fatal("a cut record decoded without error")
			}
		})
	}
}
