package engage

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"outreach/model"
	mprogram "outreach/model/program"
)

// PeriodDays are the rolling periods the CLI and screens offer.
var PeriodDays = [...]int{7, 28, 90}

// MaxPeriodDays bounds a from-to period.
const MaxPeriodDays = 3660

// PeriodLast is the last n days ending with today; n is 7, 28 or 90.
func PeriodLast(n int, today mprogram.Day) (mprogram.Window, error) {
	if !slices.Contains(PeriodDays[:], n) {
		return mprogram.Window{}, fmt.Errorf("days %d: want 7, 28 or 90: %w", n, model.ErrInvalid)
	}
	if !today.Valid() || !(today - mprogram.Day(n-1)).Valid() {
		return mprogram.Window{}, fmt.Errorf("days: the period must lie between 1970 and 2199: %w", model.ErrInvalid)
	}
	return mprogram.LastDays(n, today), nil
}

// PeriodRange is from..to inclusive, day keys YYYY-MM-DD, at most
// MaxPeriodDays long.
func PeriodRange(from, to string) (mprogram.Window, error) {
	f, err := mprogram.ParseDay(from)
	if err != nil {
		return mprogram.Window{}, fmt.Errorf("from: %w", err)
	}
	t, err := mprogram.ParseDay(to)
	if err != nil {
		return mprogram.Window{}, fmt.Errorf("to: %w", err)
	}
	if t < f {
		return mprogram.Window{}, fmt.Errorf("to %s: before from %s: %w", t, f, model.ErrInvalid)
	}
	w := mprogram.Window{From: f, To: t}
	if w.Days() > MaxPeriodDays {
		return mprogram.Window{}, fmt.Errorf("to %s: the period is %d days, at most %d: %w", t, w.Days(), MaxPeriodDays, model.ErrInvalid)
	}
	return w, nil
}

// TrendWeeks is the length of an affiliate's weekly GMV trend.
const TrendWeeks = 26

// WeeklyTrend is the GMV of the n weeks ending with the week that contains
// last, oldest first, from an affiliate's rollups (any order; weeks without
// a rollup are 0).
func WeeklyTrend(weeks []mprogram.WeekRollup, last mprogram.Day, n int) []model.Cents {
	out := make([]model.Cents, n)
	end := last.WeekStart()
	first := end - mprogram.Day(7*(n-1))
	for i := range weeks {
		w := weeks[i].Week
		if w >= first && w <= end && (w-first)%7 == 0 {
			out[(w-first)/7] += weeks[i].GMV
		}
	}
	return out
}

// AffiliateMetrics is one affiliate's row of the program table over a
// period (SPEC "Program metrics").
type AffiliateMetrics struct {
	CreatorID string
	Handle    string
	Segment   mprogram.Segment
	Kind      mprogram.InactiveKind
	Dormant   bool
	Previous  mprogram.Segment
	Move      mprogram.Move
	MoveMonth string // the month of the evaluation that made the move
	GMV       model.Cents
	Orders    int64
	Items     int64
	AOV       model.Cents // GMV / orders
	Clicks    int64
	// Conversion is orders / clicks, RefundRate refunded orders / orders.
	Conversion   mprogram.BasisPoints
	RefundRate   mprogram.BasisPoints
	Commission   model.Cents
	Posts        int64
	LastSale     mprogram.Day // ever, up to today
	DaysInactive int          // days since its last activity (or since it joined)
	Goal         *mprogram.GoalProgress
	Trend        []model.Cents // weekly GMV, TrendWeeks long, oldest first
	Flags        []mprogram.FlagRule
}

// AffiliateFacts is what storage reads for one affiliate's row.
type AffiliateFacts struct {
	CreatorID  string
	Handle     string
	JoinedDay  mprogram.Day
	Period     mprogram.PerfTotals     // over the period
	LastSale   mprogram.Day            // ever, up to today
	LastActive mprogram.Day            // ever, up to today
	Segment    *mprogram.SegmentResult // latest evaluation, nil if none
	MoveMonth  string                  // month of the latest evaluation with a move
	Goal       *mprogram.GoalProgress
	Trend      []model.Cents
	Flags      []mprogram.FlagRule
}

// NewAffiliateMetrics computes an affiliate's row as of today.
func NewAffiliateMetrics(f *AffiliateFacts, today mprogram.Day) AffiliateMetrics {
	t := &f.Period
	m := AffiliateMetrics{
		CreatorID: f.CreatorID, Handle: model.SafeLine(f.Handle),
		GMV: t.GMV, Orders: t.Orders, Items: t.Items, Clicks: t.Clicks,
		Conversion: mprogram.Ratio(t.Orders, t.Clicks), RefundRate: mprogram.Ratio(t.RefundedOrders, t.Orders),
		Commission: t.Commission, Posts: t.Posts(), LastSale: f.LastSale,
		Goal: f.Goal, Trend: f.Trend, Flags: f.Flags, MoveMonth: f.MoveMonth,
	}
	if t.Orders > 0 {
		m.AOV = t.GMV / model.Cents(t.Orders)
	}
	if last := max(f.LastActive, f.JoinedDay); last != 0 && last <= today {
		m.DaysInactive = int(today - last)
	}
	if s := f.Segment; s != nil {
		m.Segment, m.Kind, m.Dormant, m.Previous, m.Move = s.Segment, s.Kind, s.Dormant, s.Previous, s.Move
	}
	if m.Flags == nil {
		m.Flags = []mprogram.FlagRule{}
	}
	return m
}

// Active reports whether the affiliate sold or posted in the period.
func (m *AffiliateMetrics) Active() bool { return m.Orders > 0 || m.Posts > 0 }

// AffiliateFilter selects rows of the affiliate table; zero fields match all.
type AffiliateFilter struct {
	Segment mprogram.Segment
	Kind    mprogram.InactiveKind
	Dormant bool              // only dormant affiliates
	Flagged bool              // only affiliates with an open flag
	Flag    mprogram.FlagRule // only affiliates with this open flag
}

// Match reports whether m passes the filter.
func (f AffiliateFilter) Match(m *AffiliateMetrics) bool {
	return (f.Segment == mprogram.SegNone || m.Segment == f.Segment) &&
		(f.Kind == mprogram.KindNone || m.Kind == f.Kind) &&
		(!f.Dormant || m.Dormant) &&
		(!f.Flagged || len(m.Flags) > 0) &&
		(f.Flag == "" || slices.Contains(m.Flags, f.Flag))
}

// MetricKey names a column the affiliate table sorts by.
type MetricKey uint8

// Sortable columns.
const (
	ByGMV MetricKey = iota
	ByOrders
	ByItems
	ByAOV
	ByClicks
	ByConversion
	ByRefundRate
	ByCommission
	ByPosts
	ByLastSale
	ByDaysInactive
	BySegment
	ByHandle
	numMetricKeys
)

var metricKeyNames = [numMetricKeys]string{"gmv", "orders", "items", "aov", "clicks", "conversion", "refund_rate",
	"commission", "posts", "last_sale", "days_inactive", "segment", "handle"}

// String is the key's name, as in the JSON fields.
func (k MetricKey) String() string {
	if k < numMetricKeys {
		return metricKeyNames[k]
	}
	return ""
}

// ParseMetricKey reads a sort key name.
func ParseMetricKey(s string) (MetricKey, error) {
	if i := slices.Index(metricKeyNames[:], strings.ToLower(strings.TrimSpace(s))); i >= 0 {
		return MetricKey(i), nil
	}
	return 0, fmt.Errorf("sort %q: want one of %s: %w", model.Clip(model.SafeLine(s), 20), strings.Join(metricKeyNames[:], ", "), model.ErrInvalid)
}

func (k MetricKey) value(m *AffiliateMetrics) int64 {
	switch k {
	case ByGMV:
		return int64(m.GMV)
	case ByOrders:
		return m.Orders
	case ByItems:
		return m.Items
	case ByAOV:
		return int64(m.AOV)
	case ByClicks:
		return m.Clicks
	case ByConversion:
		return int64(m.Conversion)
	case ByRefundRate:
		return int64(m.RefundRate)
	case ByCommission:
		return int64(m.Commission)
	case ByPosts:
		return m.Posts
	case ByLastSale:
		return int64(m.LastSale)
	case ByDaysInactive:
		return int64(m.DaysInactive)
	case BySegment:
		return int64(m.Segment)
	}
	return 0
}

// SortAffiliates orders rows by key (descending when desc), ties by handle
// then id, so the order is stable across re-sorts.
func SortAffiliates(rows []AffiliateMetrics, key MetricKey, desc bool) {
	slices.SortFunc(rows, func(a, b AffiliateMetrics) int {
		c := 0
		if key == ByHandle {
			c = strings.Compare(a.Handle, b.Handle)
		} else {
			c = cmp.Compare(key.value(&a), key.value(&b))
		}
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c = strings.Compare(a.Handle, b.Handle); c != 0 {
			return c
		}
		return strings.Compare(a.CreatorID, b.CreatorID)
	})
}

// GroupMetrics sums a segment's affiliates, or the whole program's.
type GroupMetrics struct {
	Segment     mprogram.Segment // SegNone: the whole program
	Affiliates  int
	Active      int // sold or posted in the period
	ActiveShare mprogram.BasisPoints
	GMV         model.Cents
	GMVShare    mprogram.BasisPoints // of the program's GMV
	Orders      int64
	Clicks      int64
	Posts       int64
	Commission  model.Cents
	MovesUp     int // moved up into this segment at the latest evaluation
	MovesDown   int
	// Campaign is what followed the campaign messages sent in the period.
	Campaign CampaignMetrics
	// Uplift is the uplift of the boosts that ran in the period (up to today).
	Uplift Uplift
	// CodeUses are the orders in the period that carried a code.
	CodeUses int64
}

// Summarize sums the rows per segment (highest first, as in Segments) and
// for the program.
func Summarize(rows []AffiliateMetrics) (program GroupMetrics, segments []GroupMetrics) {
	var by [mprogram.NumSegments]GroupMetrics
	for i := range rows {
		m := &rows[i]
		for _, g := range [...]*GroupMetrics{&program, &by[m.Segment]} {
			g.Affiliates++
			if m.Active() {
				g.Active++
			}
			g.GMV += m.GMV
			g.Orders += m.Orders
			g.Clicks += m.Clicks
			g.Posts += m.Posts
			g.Commission += m.Commission
			switch m.Move {
			case mprogram.MoveUp:
				g.MovesUp++
			case mprogram.MoveDown:
				g.MovesDown++
			}
		}
	}
	finish := func(g *GroupMetrics) {
		g.ActiveShare = mprogram.Ratio(int64(g.Active), int64(g.Affiliates))
		g.GMVShare = mprogram.Ratio(int64(g.GMV), int64(program.GMV))
	}
	finish(&program)
	for _, s := range mprogram.Segments {
		g := by[s]
		g.Segment = s
		finish(&g)
		segments = append(segments, g)
	}
	return program, segments
}

// GroupSum is Summarize without the rows: it sums affiliates one at a time
// from what storage reads of each (its latest segment and move, its totals
// over the period), so a kpi over a large program does not build the
// affiliate table. Its Result equals Summarize of the rows
// NewAffiliateMetrics would build from the same facts. The zero value is
// empty.
type GroupSum struct {
	program GroupMetrics
	by      [mprogram.NumSegments]GroupMetrics
}

// Add counts one affiliate. seg is SegNone and move is ignored when the
// affiliate was never evaluated (as NewAffiliateMetrics without a
// Segment); code orders are summed into CodeUses.
func (s *GroupSum) Add(seg mprogram.Segment, move mprogram.Move, t *mprogram.PerfSums) {
	if seg == mprogram.SegNone {
		move = mprogram.MoveNone
	}
	posts := t.Posts()
	active := t.Orders > 0 || posts > 0
	for _, g := range [...]*GroupMetrics{&s.program, &s.by[seg]} {
		g.Affiliates++
		if active {
			g.Active++
		}
		g.GMV += t.GMV
		g.Orders += t.Orders
		g.Clicks += t.Clicks
		g.Posts += posts
		g.Commission += t.Commission
		g.CodeUses += t.CodeOrders
		switch move {
		case mprogram.MoveUp:
			g.MovesUp++
		case mprogram.MoveDown:
			g.MovesDown++
		}
	}
}

// Result is the program's and each segment's metrics (highest segment
// first, as Summarize gives them), with CodeUses filled.
func (s *GroupSum) Result() (program GroupMetrics, segments []GroupMetrics) {
	program = s.program
	program.ActiveShare = mprogram.Ratio(int64(program.Active), int64(program.Affiliates))
	program.GMVShare = mprogram.Ratio(int64(program.GMV), int64(program.GMV))
	segments = make([]GroupMetrics, 0, len(mprogram.Segments))
	for _, sg := range mprogram.Segments {
		g := s.by[sg]
		g.Segment = sg
		g.ActiveShare = mprogram.Ratio(int64(g.Active), int64(g.Affiliates))
		g.GMVShare = mprogram.Ratio(int64(g.GMV), int64(program.GMV))
		segments = append(segments, g)
	}
	return program, segments
}

// AffiliateJSON is an affiliate in JSON (SPEC "Program screens and
// commands": creator, handle, segment, kind, dormant, gmv, orders, clicks,
// refund_rate, previous_segment, flags are what scripts rely on). Money is
// in dollars, rates are fractions 0..1.
type AffiliateJSON struct {
	Creator         string                 `json:"creator"`
	Handle          string                 `json:"handle"`
	Segment         string                 `json:"segment"`
	Kind            string                 `json:"kind"`
	Dormant         bool                   `json:"dormant"`
	GMV             float64                `json:"gmv"`
	Orders          int64                  `json:"orders"`
	Clicks          int64                  `json:"clicks"`
	RefundRate      float64                `json:"refund_rate"`
	PreviousSegment string                 `json:"previous_segment"`
	Flags           []string               `json:"flags"`
	Move            string                 `json:"move"`
	Items           int64                  `json:"items"`
	AOV             float64                `json:"aov"`
	Conversion      float64                `json:"conversion"`
	Commission      float64                `json:"commission"`
	Posts           int64                  `json:"posts"`
	LastSale        string                 `json:"last_sale"`
	DaysInactive    int                    `json:"days_inactive"`
	Goal            *mprogram.GoalProgress `json:"goal,omitempty"`
	Trend           []float64              `json:"trend,omitempty"`
}

// JSON is the row in its JSON form, made safe.
func (m *AffiliateMetrics) JSON() AffiliateJSON {
	j := AffiliateJSON{
		Creator: model.SafeLine(m.CreatorID), Handle: model.SafeLine(m.Handle), Segment: m.Segment.String(), Kind: m.Kind.String(),
		Dormant: m.Dormant, GMV: m.GMV.Dollars(), Orders: m.Orders, Clicks: m.Clicks, RefundRate: mprogram.Fraction(m.RefundRate),
		PreviousSegment: m.Previous.String(), Flags: make([]string, len(m.Flags)), Move: m.Move.String(),
		Items: m.Items, AOV: m.AOV.Dollars(), Conversion: mprogram.Fraction(m.Conversion), Commission: m.Commission.Dollars(),
		Posts: m.Posts, LastSale: m.LastSale.String(), DaysInactive: m.DaysInactive, Goal: m.Goal,
	}
	for i, f := range m.Flags {
		j.Flags[i] = string(f)
	}
	if m.Trend != nil {
		j.Trend = make([]float64, len(m.Trend))
		for i, c := range m.Trend {
			j.Trend[i] = c.Dollars()
		}
	}
	return j
}

// AffiliateCSVHeader is the header of the affiliate table exported as CSV;
// the names are the JSON fields'.
var AffiliateCSVHeader = []string{"creator", "handle", "segment", "kind", "dormant", "gmv", "orders", "clicks",
	"refund_rate", "previous_segment", "flags", "move", "items", "aov", "conversion", "commission", "posts",
	"last_sale", "days_inactive", "goal"}

// CSV is the row as CSV fields in AffiliateCSVHeader's order, made safe;
// flags are ';'-separated.
func (m *AffiliateMetrics) CSV() []string {
	flags := make([]string, len(m.Flags))
	for i, f := range m.Flags {
		flags[i] = string(f)
	}
	goal := ""
	if m.Goal != nil {
		goal = m.Goal.String()
	}
	return []string{model.SafeLine(m.CreatorID), model.SafeLine(m.Handle), m.Segment.String(), m.Kind.String(),
		strconv.FormatBool(m.Dormant), m.GMV.String(), itoa64(m.Orders), itoa64(m.Clicks),
		fractionText(m.RefundRate), m.Previous.String(), strings.Join(flags, ";"), m.Move.String(),
		itoa64(m.Items), m.AOV.String(), fractionText(m.Conversion), m.Commission.String(), itoa64(m.Posts),
		m.LastSale.String(), strconv.Itoa(m.DaysInactive), goal}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func fractionText(b mprogram.BasisPoints) string {
	return strconv.FormatFloat(mprogram.Fraction(b), 'f', 4, 64)
}

// GroupJSON is a segment's or the program's metrics in JSON.
type GroupJSON struct {
	Segment     string  `json:"segment"` // "" for the program
	Affiliates  int     `json:"affiliates"`
	Active      int     `json:"active"`
	ActiveShare float64 `json:"active_share"`
	GMV         float64 `json:"gmv"`
	GMVShare    float64 `json:"gmv_share"`
	Orders      int64   `json:"orders"`
	Clicks      int64   `json:"clicks"`
	Posts       int64   `json:"posts"`
	Commission  float64 `json:"commission"`
	MovesUp     int     `json:"moves_up"`
	MovesDown   int     `json:"moves_down"`
	// Campaign metrics (SPEC "Program metrics").
	CampaignMessages int      `json:"campaign_messages"`
	ReplyRate        float64  `json:"reply_rate"`  // replied within 7 days / messages
	ActionRate       float64  `json:"action_rate"` // a post or a sale within 14 days / messages
	Lapsed           int      `json:"lapsed_messaged"`
	Revived          int      `json:"revived"`      // lapsed with a sale within 30 days of a message
	BoostUplift      *float64 `json:"boost_uplift"` // fraction; null when unknown
	CodeUses         int64    `json:"code_uses"`
}

// JSON is the group in its JSON form.
func (g *GroupMetrics) JSON() GroupJSON {
	return GroupJSON{Segment: g.Segment.String(), Affiliates: g.Affiliates, Active: g.Active,
		ActiveShare: mprogram.Fraction(g.ActiveShare), GMV: g.GMV.Dollars(), GMVShare: mprogram.Fraction(g.GMVShare),
		Orders: g.Orders, Clicks: g.Clicks, Posts: g.Posts, Commission: g.Commission.Dollars(),
		MovesUp: g.MovesUp, MovesDown: g.MovesDown,
		CampaignMessages: g.Campaign.Messages, ReplyRate: mprogram.Fraction(g.Campaign.ReplyRate), ActionRate: mprogram.Fraction(g.Campaign.ActionRate),
		Lapsed: g.Campaign.Lapsed, Revived: g.Campaign.Revived, BoostUplift: upliftJSON(&g.Uplift), CodeUses: g.CodeUses}
}

func upliftJSON(u *Uplift) *float64 {
	if !u.Known {
		return nil
	}
	f := mprogram.Fraction(u.Percent)
	return &f
}

// GroupCSVHeader is the header of the segment table exported as CSV.
var GroupCSVHeader = []string{"segment", "affiliates", "active", "active_share", "gmv", "gmv_share", "orders",
	"clicks", "posts", "commission", "moves_up", "moves_down"}

// CSV is the group as CSV fields in GroupCSVHeader's order; the program's
// row is named "program".
func (g *GroupMetrics) CSV() []string {
	name := g.Segment.String()
	if name == "" {
		name = "program"
	}
	return []string{name, strconv.Itoa(g.Affiliates), strconv.Itoa(g.Active), fractionText(g.ActiveShare),
		g.GMV.String(), fractionText(g.GMVShare), itoa64(g.Orders), itoa64(g.Clicks), itoa64(g.Posts),
		g.Commission.String(), strconv.Itoa(g.MovesUp), strconv.Itoa(g.MovesDown)}
}

// KPIJSON is the `kpi` command's JSON: the period, the program and its segments.
type KPIJSON struct {
	Seller   string       `json:"seller"`
	From     mprogram.Day `json:"from"`
	To       mprogram.Day `json:"to"`
	Days     int          `json:"days"`
	Program  GroupJSON    `json:"program"`
	Segments []GroupJSON  `json:"segments"`
}

// NewKPIJSON builds the kpi JSON from Summarize's result.
func NewKPIJSON(seller string, w mprogram.Window, program GroupMetrics, segments []GroupMetrics) KPIJSON {
	k := KPIJSON{Seller: model.SafeLine(seller), From: w.From, To: w.To, Days: w.Days(), Program: program.JSON(),
		Segments: make([]GroupJSON, len(segments))}
	for i := range segments {
		k.Segments[i] = segments[i].JSON()
	}
	return k
}
