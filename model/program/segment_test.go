package program

import (
	"fmt"
	"strings"
	"testing"

	"outreach/model"
)

// letters renders segments as one letter each: P G C I.
func letters(rs []SegmentResult) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteByte(map[Segment]byte{SegPower: 'P', SegGrowth: 'G', SegCasual: 'C', SegInactive: 'I', SegNone: '?'}[r.Segment])
	}
	return b.String()
}

// sellersWith builds affiliates that each sold once with the given GMVs
// (in cents), in order; a negative GMV is an affiliate without sales.
func sellersWith(gmvs ...model.Cents) []SegmentInput {
	in := make([]SegmentInput, len(gmvs))
	asOf := DayFromDate(2025, 6, 1)
	for i, g := range gmvs {
		in[i] = SegmentInput{CreatorID: fmt.Sprintf("c%03d", i), JoinedDay: asOf - 200, LastActive: asOf}
		if g >= 0 {
			in[i].GMV, in[i].Orders, in[i].LastSale = g, 1, asOf
		}
	}
	return in
}

func descending(n int) []model.Cents {
	g := make([]model.Cents, n)
	for i := range g {
		g[i] = model.Cents(1000 * (n - i))
	}
	return g
}

func TestSegmentBoundaries(t *testing.T) {
	def := DefaultPolicy().Segments
	abs := def
	abs.Power, abs.Growth = SegmentCut{MinGMV: 500}, SegmentCut{MinGMV: 200}
	mixed := def
	mixed.Power = SegmentCut{MinGMV: 500}
	mixed2 := def
	mixed2.Growth = SegmentCut{MinGMV: 200}
	tests := []struct {
		name string
		pol  SegmentPolicy
		gmv  []model.Cents
		want string
	}{
		{"no affiliates", def, nil, ""},
		{"no sales at all", def, []model.Cents{-1, -1, -1}, "III"},
		{"single affiliate", def, []model.Cents{5}, "P"},
		{"single affiliate with zero GMV", def, []model.Cents{0}, "P"},
		{"one seller among inactive", def, []model.Cents{-1, 7, -1}, "IPI"},
		{"two sellers", def, []model.Cents{1, 2}, "CP"},
		{"five: growth share rounds down to one", def, descending(5), "PGCCC"},
		{"nine: power keeps one, growth 1.8 -> 1", def, descending(9), "PGCCCCCCC"},
		{"ten: 1 power, 2 growth", def, descending(10), "PGGCCCCCCC"},
		{"eleven: 1.1 -> 1, 2.2 -> 2", def, descending(11), "PGGCCCCCCCC"},
		{"twenty: 2 power, 4 growth", def, descending(20), "PPGGGGCCCCCCCCCCCCCC"},
		{"nineteen: 1.9 -> 1, 3.8 -> 3", def, descending(19), "PGGGCCCCCCCCCCCCCCC"},
		{"order of input does not matter", def, []model.Cents{1000, 3000, 10000, 2000, 4000, 5000, 6000, 7000, 8000, 9000}, "CCPCCCCCGG"},
		{"tie at the power boundary goes to power", def,
			[]model.Cents{100, 100, 90, 80, 70, 60, 50, 40, 30, 20}, "PPGCCCCCCC"},
		{"tie at the growth boundary goes to growth", def,
			[]model.Cents{100, 90, 80, 80, 80, 70, 60, 50, 40, 30}, "PGGGGCCCCC"},
		{"tie just below the growth boundary stays casual", def,
			[]model.Cents{100, 90, 80, 70, 70, 60, 50, 40, 30, 20}, "PGGCCCCCCC"},
		{"power ties swallow growth", def,
			[]model.Cents{100, 100, 100, 100, 50, 40, 30, 20, 10, 5}, "PPPPCCCCCC"},
		{"everyone tied: everyone power", def, []model.Cents{50, 50, 50, 50, 50, 50, 50, 50, 50, 50}, "PPPPPPPPPP"},
		{"absolute: at the threshold is in", abs, []model.Cents{500, 499, 200, 199, 0, -1}, "PGGCCI"},
		{"absolute: nobody above power's threshold, no minimum one", abs, []model.Cents{499, 10}, "GC"},
		{"mixed: absolute power, growth share of ten", mixed, []model.Cents{600, 500, 400, 300, 200, 100, 90, 80, 70, 60}, "PPGGCCCCCC"},
		{"mixed: percentile power, absolute growth", mixed2, []model.Cents{1000, 300, 200, 199, 100}, "PGGCC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := tc.pol.Evaluate(DayFromDate(2025, 6, 1), sellersWith(tc.gmv...))
			if got := letters(run.Results); got != tc.want {
				t.Errorf("segments %s, want %s", got, tc.want)
			}
			n := 0
			for _, s := range Segments {
				n += run.Count[s]
			}
			if n != len(tc.gmv) || run.Count[SegNone] != 0 {
				t.Errorf("counts %v do not add up to %d", run.Count, len(tc.gmv))
			}
		})
	}
}

func TestSegmentRank(t *testing.T) {
	in := sellersWith(10, 30, 30, -1, 20)
	run := DefaultPolicy().Segments.Evaluate(DayFromDate(2025, 6, 1), in)
	var got []int
	for _, r := range run.Results {
		got = append(got, r.Rank)
	}
	if fmt.Sprint(got) != "[4 1 2 0 3]" {
		t.Errorf("ranks %v, want [4 1 2 0 3] (ties by id)", got)
	}
	if run.WithSales != 4 || run.GMV[SegPower] != 60 {
		t.Errorf("with sales %d, power GMV %d", run.WithSales, run.GMV[SegPower])
	}
	if idx := run.Index(); idx["c004"] != 4 || len(idx) != 5 {
		t.Errorf("index %v", idx)
	}
	sum := run.Summary()
	if sum.WithSales != 4 || sum.Segments[0].Segment != "power" || sum.Segments[0].Affiliates != 2 || sum.Segments[0].GMVShare != 0.6666 ||
		sum.Segments[3].Affiliates != 1 || sum.Never != 1 || sum.From.String() != "2025-03-04" {
		t.Errorf("summary %+v", sum)
	}
}

func TestInactiveKindsAndDormant(t *testing.T) {
	p := DefaultPolicy().Segments
	asOf := DayFromDate(2025, 6, 1)
	tests := []struct {
		name    string
		in      SegmentInput
		kind    InactiveKind
		dormant bool
	}{
		{"joined today", SegmentInput{JoinedDay: asOf}, KindNew, false},
		{"joined 29 days ago: new", SegmentInput{JoinedDay: asOf - 29}, KindNew, false},
		{"joined exactly 30 days ago: never activated", SegmentInput{JoinedDay: asOf - 30}, KindNeverActivated, false},
		{"joined 31 days ago, active without sales", SegmentInput{JoinedDay: asOf - 31, LastActive: asOf - 3}, KindNeverActivated, false},
		{"join unknown: never activated", SegmentInput{}, KindNeverActivated, true},
		{"sold 91 days ago: lapsed", SegmentInput{JoinedDay: asOf - 300, LastSale: asOf - 90, LastActive: asOf - 90}, KindLapsed, true},
		{"sold long ago, joined recently: lapsed, not new", SegmentInput{JoinedDay: asOf - 5, LastSale: asOf - 200, LastActive: asOf - 200}, KindLapsed, false},
		{"sale after the evaluation day is not counted", SegmentInput{JoinedDay: asOf - 40, LastSale: asOf + 3}, KindNeverActivated, false},
		{"last activity exactly 60 days ago: dormant", SegmentInput{JoinedDay: asOf - 400, LastActive: asOf - 60}, KindNeverActivated, true},
		{"last activity 59 days ago: not dormant", SegmentInput{JoinedDay: asOf - 400, LastActive: asOf - 59}, KindNeverActivated, false},
		{"joined exactly 60 days ago, nothing since: dormant", SegmentInput{JoinedDay: asOf - 60}, KindNeverActivated, true},
		{"joined 59 days ago, nothing since: not dormant", SegmentInput{JoinedDay: asOf - 59}, KindNeverActivated, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := p.Evaluate(asOf, []SegmentInput{tc.in})
			r := run.Results[0]
			if r.Segment != SegInactive || r.Kind != tc.kind || r.Dormant != tc.dormant {
				t.Errorf("got %s/%s dormant=%v, want inactive/%s dormant=%v", r.Segment, r.Kind, r.Dormant, tc.kind, tc.dormant)
			}
			if run.Kinds[tc.kind] != 1 {
				t.Errorf("kind counts %v", run.Kinds)
			}
		})
	}
	// A seller in the window has no kind, and can still be dormant only if
	// its activity is old, which a sale in the window rules out.
	run := p.Evaluate(asOf, []SegmentInput{{JoinedDay: asOf - 10, GMV: 100, Orders: 1, LastSale: asOf - 1, LastActive: asOf - 1}})
	if r := run.Results[0]; r.Kind != KindNone || r.Dormant || r.Segment != SegPower {
		t.Errorf("seller: %+v", r)
	}
	// A custom dormant period.
	p.DormantDays, p.NewDays = 14, 7
	run = p.Evaluate(asOf, []SegmentInput{{JoinedDay: asOf - 20, LastActive: asOf - 14}, {JoinedDay: asOf - 6, LastActive: asOf - 13}})
	if a, b := run.Results[0], run.Results[1]; a.Kind != KindNeverActivated || !a.Dormant || b.Kind != KindNew || b.Dormant {
		t.Errorf("custom periods: %+v %+v", a, b)
	}
}

func TestSegmentMoves(t *testing.T) {
	in := sellersWith(100, 50, 40, 30, 20, 10, 9, 8, 7, 6, -1)
	prev := []Segment{SegCasual, SegPower, SegGrowth, SegNone, SegCasual, SegCasual, SegCasual, SegCasual, SegCasual, SegCasual, SegCasual}
	for i := range in {
		in[i].Previous = prev[i]
	}
	run := DefaultPolicy().Segments.Evaluate(DayFromDate(2025, 6, 1), in)
	var moves []string
	for _, r := range run.Results {
		moves = append(moves, r.Previous.String()+">"+r.Segment.String()+":"+r.Move.String())
	}
	want := "casual>power:up power>growth:down growth>growth: >casual: casual>casual: casual>casual: casual>casual: casual>casual: casual>casual: casual>casual: casual>inactive:down"
	if got := strings.Join(moves, " "); got != want {
		t.Errorf("moves\n got %s\nwant %s", got, want)
	}
	if run.MovesUp() != 1 || run.MovesDown() != 2 || run.Up[SegPower] != 1 || run.Down[SegGrowth] != 1 || run.Down[SegInactive] != 1 {
		t.Errorf("up %v down %v", run.Up, run.Down)
	}
}

func TestSegmentWindowAndMonthly(t *testing.T) {
	p := DefaultPolicy().Segments
	asOf := DayFromDate(2025, 6, 1)
	w := p.Window(asOf)
	if w.Days() != 90 || w.To != asOf || w.From.String() != "2025-03-04" {
		t.Errorf("window %s (%d days)", w, w.Days())
	}
	for _, tc := range []struct {
		last string
		due  bool
	}{{"", true}, {"2025-05", true}, {"2025-06", false}, {"2025-07", false}} {
		m, due := MonthlyDue(tc.last, asOf)
		if m != "2025-06" || due != tc.due {
			t.Errorf("MonthlyDue(%q) = %s %v", tc.last, m, due)
		}
	}
}

func TestParseSegmentAndKind(t *testing.T) {
	for _, s := range Segments {
		if got, err := ParseSegment(strings.ToUpper(s.String())); err != nil || got != s {
			t.Errorf("ParseSegment(%s) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSegment("vip"); err == nil {
		t.Error("vip accepted")
	}
	for _, k := range []InactiveKind{KindNew, KindNeverActivated, KindLapsed} {
		if got, err := ParseInactiveKind(k.String()); err != nil || got != k {
			t.Errorf("ParseInactiveKind(%s) = %v, %v", k, got, err)
		}
	}
	if _, err := ParseInactiveKind("asleep"); err == nil {
		t.Error("asleep accepted")
	}
}
