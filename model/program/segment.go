package program

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"outreach/model"
)

// Segment is an affiliate's group in the seller's program. The order is
// the ranking: a higher value is a higher segment, so a move up is
// new > previous.
type Segment uint8

// Segments, lowest first. SegNone is "not evaluated yet".
const (
	SegNone Segment = iota
	SegInactive
	SegCasual
	SegGrowth
	SegPower
	NumSegments // the number of Segment values, SegNone included
)

// Segments lists the segments from the highest down, for tables and charts.
var Segments = [...]Segment{SegPower, SegGrowth, SegCasual, SegInactive}

// String is the segment's name in the CLI and JSON: power, growth, casual,
// inactive; "" for SegNone.
func (s Segment) String() string {
	switch s {
	case SegPower:
		return "power"
	case SegGrowth:
		return "growth"
	case SegCasual:
		return "casual"
	case SegInactive:
		return "inactive"
	}
	return ""
}

// Label is the segment's name on screen.
func (s Segment) Label() string {
	switch s {
	case SegPower:
		return "Power"
	case SegGrowth:
		return "Growth"
	case SegCasual:
		return "Casual"
	case SegInactive:
		return "New or inactive"
	}
	return "-"
}

// MarshalText writes the segment's name.
func (s Segment) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a segment's name ("" is SegNone).
func (s *Segment) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*s = SegNone
		return nil
	}
	v, err := ParseSegment(string(b))
	*s = v
	return err
}

// ParseSegment reads power, growth, casual or inactive (case-insensitive).
func ParseSegment(s string) (Segment, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "power":
		return SegPower, nil
	case "growth":
		return SegGrowth, nil
	case "casual":
		return SegCasual, nil
	case "inactive":
		return SegInactive, nil
	}
	return SegNone, fmt.Errorf("segment %q: want power, growth, casual or inactive: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
}

// InactiveKind says why an affiliate of the New-or-inactive segment has no
// sale in the window.
type InactiveKind uint8

// Kinds of New or inactive.
const (
	KindNone           InactiveKind = iota
	KindNew                         // joined less than NewDays ago, never sold
	KindNeverActivated              // joined NewDays ago or more, never sold
	KindLapsed                      // sold before the window, nothing in it
)

// String is the kind's name in the CLI and JSON ("" for KindNone).
func (k InactiveKind) String() string {
	switch k {
	case KindNew:
		return "new"
	case KindNeverActivated:
		return "never-activated"
	case KindLapsed:
		return "lapsed"
	}
	return ""
}

// MarshalText writes the kind's name.
func (k InactiveKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name ("" is KindNone).
func (k *InactiveKind) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = KindNone
		return nil
	}
	v, err := ParseInactiveKind(string(b))
	*k = v
	return err
}

// ParseInactiveKind reads new, never-activated or lapsed.
func ParseInactiveKind(s string) (InactiveKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "new":
		return KindNew, nil
	case "never-activated":
		return KindNeverActivated, nil
	case "lapsed":
		return KindLapsed, nil
	}
	return KindNone, fmt.Errorf("kind %q: want new, never-activated or lapsed: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
}

// Move is how an affiliate's segment changed since the previous evaluation.
type Move int8

// Moves. MoveNone covers both "same segment" and "first evaluation".
const (
	MoveDown Move = -1
	MoveNone Move = 0
	MoveUp   Move = 1
)

// String is "up", "down" or "".
func (m Move) String() string {
	switch m {
	case MoveUp:
		return "up"
	case MoveDown:
		return "down"
	}
	return ""
}

// MarshalText writes the move's name.
func (m Move) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// MoveBetween is the move from prev to cur; none when prev is SegNone.
func MoveBetween(prev, cur Segment) Move {
	switch {
	case prev == SegNone || cur == SegNone || prev == cur:
		return MoveNone
	case cur > prev:
		return MoveUp
	}
	return MoveDown
}

// SegmentInput is what the evaluation needs of one affiliate, read from
// its rollups: the window's GMV and orders, and its last sale and activity.
type SegmentInput struct {
	CreatorID string
	JoinedDay Day         // the day it joined, in the seller's zone
	GMV       model.Cents // over the policy's window ending at the evaluation day
	Orders    int64       // over the window
	// LastSale is its last day with a sale up to the evaluation day (any
	// time, not only the window); zero if it never sold.
	LastSale Day
	// LastActive is its last day with clicks, a sale or content; zero if none.
	LastActive Day
	Previous   Segment // at the previous evaluation; SegNone for the first
}

// SegmentResult is one affiliate's segment at one evaluation.
type SegmentResult struct {
	CreatorID string       `json:"creator"`
	Segment   Segment      `json:"segment"`
	Kind      InactiveKind `json:"kind"`
	Dormant   bool         `json:"dormant"`
	Previous  Segment      `json:"previous_segment"`
	Move      Move         `json:"move"`
	GMV       model.Cents  `json:"gmv_cents"`
	Orders    int64        `json:"orders"`
	// Rank is the 1-based position by GMV among the affiliates with sales
	// (ties share the order of their ids), 0 for none.
	Rank int `json:"rank"`
}

// SegmentRun is one evaluation of a seller's segments, kept whole so moves
// can be shown and counted. Results are in the order of the inputs.
type SegmentRun struct {
	AsOf    Day           `json:"as_of"`
	Month   string        `json:"month"` // AsOf's month: the monthly evaluation's key
	Window  Window        `json:"window"`
	Policy  SegmentPolicy `json:"-"`
	Results []SegmentResult
	// WithSales is the number of affiliates with a sale in the window.
	WithSales int
	// Count, GMV, Up and Down are per segment (index by Segment): the
	// affiliates in it, their window GMV, and those who moved up or down
	// into it.
	Count [NumSegments]int
	GMV   [NumSegments]model.Cents
	Up    [NumSegments]int
	Down  [NumSegments]int
	// Dormant counts the dormant affiliates; Kinds counts New-or-inactive
	// by kind (index by InactiveKind).
	Dormant int
	Kinds   [4]int
}

// MovesUp is the number of affiliates who moved up a segment.
func (r *SegmentRun) MovesUp() int { return sumInts(r.Up[:]) }

// MovesDown is the number of affiliates who moved down a segment.
func (r *SegmentRun) MovesDown() int { return sumInts(r.Down[:]) }

func sumInts(a []int) int {
	n := 0
	for _, v := range a {
		n += v
	}
	return n
}

// Window is the performance window of an evaluation as of asOf: the
// WindowDays ending with asOf, inclusive.
func (p SegmentPolicy) Window(asOf Day) Window { return LastDays(p.WindowDays, asOf) }

// DormantWindow is the days an affiliate must show activity in not to be
// dormant as of asOf.
func (p SegmentPolicy) DormantWindow(asOf Day) Window { return LastDays(p.DormantDays, asOf) }

// MonthlyDue reports whether the monthly evaluation for today's month is
// still to be made, given the month (YYYY-MM) of the last monthly one ("" if
// none), and the month it is for.
func MonthlyDue(lastMonthly string, today Day) (string, bool) {
	m := today.Month()
	return m, lastMonthly < m
}

type ranked struct {
	gmv model.Cents
	i   int32
}

// Evaluate puts every affiliate in its segment as of asOf (SPEC
// "Segments"): the affiliates with a sale in the window are ranked by GMV;
// Power is the top share (rounded down, at least one if anyone sold) or
// those at or above its GMV; Growth the next share, counted from the same
// top (so Power plus Growth is 30% by default), or those at or above its
// GMV; Casual the rest with a sale. Affiliates tied with the last one in a
// segment all go to that higher segment. Without a sale in the window an
// affiliate is New or inactive, of kind lapsed (sold before), new (joined
// less than NewDays ago) or never activated. Independently, an affiliate is
// dormant when its last activity, or its joining if later, is DormantDays or
// more before asOf.
func (p SegmentPolicy) Evaluate(asOf Day, in []SegmentInput) SegmentRun {
	run := SegmentRun{AsOf: asOf, Month: asOf.Month(), Window: p.Window(asOf), Policy: p,
		Results: make([]SegmentResult, len(in))}
	sellers := make([]ranked, 0, len(in)/2)
	for i := range in {
		a, r := &in[i], &run.Results[i]
		r.CreatorID, r.GMV, r.Orders, r.Previous = a.CreatorID, a.GMV, a.Orders, a.Previous
		last := max(a.LastActive, a.JoinedDay)
		r.Dormant = last == 0 || int(asOf-last) >= p.DormantDays
		if a.Orders > 0 {
			sellers = append(sellers, ranked{a.GMV, int32(i)})
			continue
		}
		r.Segment = SegInactive
		switch {
		case a.LastSale != 0 && a.LastSale <= asOf:
			r.Kind = KindLapsed
		case a.JoinedDay != 0 && int(asOf-a.JoinedDay) < p.NewDays:
			r.Kind = KindNew
		default:
			r.Kind = KindNeverActivated
		}
	}
	slices.SortFunc(sellers, func(x, y ranked) int {
		if c := cmp.Compare(y.gmv, x.gmv); c != 0 {
			return c
		}
		return strings.Compare(in[x.i].CreatorID, in[y.i].CreatorID)
	})
	powerEnd, growthEnd := p.cuts(sellers)
	for k, s := range sellers {
		r := &run.Results[s.i]
		r.Rank = k + 1
		switch {
		case k < powerEnd:
			r.Segment = SegPower
		case k < growthEnd:
			r.Segment = SegGrowth
		default:
			r.Segment = SegCasual
		}
	}
	run.WithSales = len(sellers)
	for i := range run.Results {
		r := &run.Results[i]
		r.Move = MoveBetween(r.Previous, r.Segment)
		run.Count[r.Segment]++
		run.GMV[r.Segment] += r.GMV
		switch r.Move {
		case MoveUp:
			run.Up[r.Segment]++
		case MoveDown:
			run.Down[r.Segment]++
		}
		if r.Dormant {
			run.Dormant++
		}
		run.Kinds[r.Kind]++
	}
	return run
}

// cuts is where Power and Growth end in the GMV ranking (exclusive ends).
func (p SegmentPolicy) cuts(s []ranked) (powerEnd, growthEnd int) {
	n := len(s)
	if n == 0 {
		return 0, 0
	}
	atLeast := func(min model.Cents) int { // s is sorted by GMV, highest first
		return sort.Search(n, func(k int) bool { return s[k].gmv < min })
	}
	tieEnd := func(k int) int {
		if k <= 0 {
			return 0
		}
		for k < n && s[k].gmv == s[k-1].gmv {
			k++
		}
		return min(k, n)
	}
	var base int // where Growth's share is counted from
	if p.Power.Absolute() {
		powerEnd = atLeast(p.Power.MinGMV)
		base = powerEnd
	} else {
		base = int(int64(n) * int64(p.Power.TopPercent) / 100_00)
		if base < 1 {
			base = 1
		}
		powerEnd = tieEnd(base)
	}
	if p.Growth.Absolute() {
		growthEnd = max(powerEnd, atLeast(p.Growth.MinGMV))
	} else {
		g := int(int64(n) * int64(p.Growth.TopPercent) / 100_00)
		growthEnd = tieEnd(max(powerEnd, min(n, base+g)))
	}
	return powerEnd, growthEnd
}

// SegmentInputFrom builds an affiliate's evaluation input from its window
// totals and all-time last sale and activity.
func SegmentInputFrom(a *ProgramAffiliate, window PerfTotals, lastSale, lastActive Day, prev Segment) SegmentInput {
	return SegmentInput{
		CreatorID: a.CreatorID, JoinedDay: a.JoinedDay,
		GMV: window.GMV, Orders: window.Orders,
		LastSale: lastSale, LastActive: lastActive, Previous: prev,
	}
}

// Index maps each affiliate to its position in Results, for looking up the
// previous segment of many affiliates at once.
func (r *SegmentRun) Index() map[string]int {
	m := make(map[string]int, len(r.Results))
	for i := range r.Results {
		m[r.Results[i].CreatorID] = i
	}
	return m
}

// SegmentCountJSON is one segment's line of an evaluation's summary.
type SegmentCountJSON struct {
	Segment    string  `json:"segment"`
	Affiliates int     `json:"affiliates"`
	GMV        float64 `json:"gmv"`
	GMVShare   float64 `json:"gmv_share"`
	MovedUp    int     `json:"moved_up"`   // moved up into it
	MovedDown  int     `json:"moved_down"` // moved down into it
}

// SegmentSummaryJSON is what `segments recompute --json` prints.
type SegmentSummaryJSON struct {
	AsOf      Day                `json:"as_of"`
	Month     string             `json:"month"`
	From      Day                `json:"from"`
	To        Day                `json:"to"`
	WithSales int                `json:"with_sales"`
	Dormant   int                `json:"dormant"`
	New       int                `json:"new"`
	Never     int                `json:"never_activated"`
	Lapsed    int                `json:"lapsed"`
	MovesUp   int                `json:"moves_up"`
	MovesDown int                `json:"moves_down"`
	Segments  []SegmentCountJSON `json:"segments"`
}

// Summary is the evaluation's counts in JSON form, segments highest first.
func (r *SegmentRun) Summary() SegmentSummaryJSON {
	s := SegmentSummaryJSON{AsOf: r.AsOf, Month: r.Month, From: r.Window.From, To: r.Window.To,
		WithSales: r.WithSales, Dormant: r.Dormant, New: r.Kinds[KindNew], Never: r.Kinds[KindNeverActivated],
		Lapsed: r.Kinds[KindLapsed], MovesUp: r.MovesUp(), MovesDown: r.MovesDown()}
	var total model.Cents
	for _, g := range r.GMV {
		total += g
	}
	for _, seg := range Segments {
		s.Segments = append(s.Segments, SegmentCountJSON{Segment: seg.String(), Affiliates: r.Count[seg],
			GMV: r.GMV[seg].Dollars(), GMVShare: Fraction(Ratio(int64(r.GMV[seg]), int64(total))),
			MovedUp: r.Up[seg], MovedDown: r.Down[seg]})
	}
	return s
}
