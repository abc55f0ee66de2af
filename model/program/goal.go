package program

import (
	"fmt"
	"strconv"
	"strings"

	"outreach/model"
)

// GoalMetric is what a goal counts.
type GoalMetric uint8

// Goal metrics (SPEC "Goals").
const (
	GoalGMV GoalMetric = iota + 1
	GoalOrders
	GoalPosts
)

// String is the metric's name: gmv, orders, posts.
func (m GoalMetric) String() string {
	switch m {
	case GoalGMV:
		return "gmv"
	case GoalOrders:
		return "orders"
	case GoalPosts:
		return "posts"
	}
	return ""
}

// MarshalText writes the metric's name.
func (m GoalMetric) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ParseGoalMetric reads gmv, orders or posts.
func ParseGoalMetric(s string) (GoalMetric, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "gmv":
		return GoalGMV, nil
	case "orders":
		return GoalOrders, nil
	case "posts":
		return GoalPosts, nil
	}
	return 0, fmt.Errorf("metric %q: want gmv, orders or posts: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
}

// ParseGoalTarget reads a target for the metric: US dollars for gmv, a
// whole number for orders and posts; it must be above 0. The result is in
// cents for gmv.
func ParseGoalTarget(m GoalMetric, s string) (int64, error) {
	if m == GoalGMV {
		c, err := model.ParseUSD(s)
		if err != nil || c <= 0 || c > MaxDayCents*1000 {
			return 0, fmt.Errorf("target %q: want US dollars above 0 with at most two decimals: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
		}
		return int64(c), nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n > MaxDayCount*1000 {
		return 0, fmt.Errorf("target %q: want a whole number above 0: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
	}
	return n, nil
}

// Goal is a seller's target for one affiliate or for every affiliate of a
// segment, for one calendar month.
type Goal struct {
	SellerID  string     `json:"seller"`
	CreatorID string     `json:"creator,omitempty"` // one affiliate, or
	Segment   Segment    `json:"segment,omitempty"` // every affiliate in the segment
	Metric    GoalMetric `json:"metric"`
	Target    int64      `json:"target"` // cents for gmv
	Month     string     `json:"month"`  // YYYY-MM in the seller's zone
}

// Validate checks a goal; the error names the field.
func (g *Goal) Validate() error {
	if err := model.ValidID("seller", g.SellerID); err != nil {
		return err
	}
	switch {
	case g.CreatorID != "" && g.Segment != SegNone:
		return fmt.Errorf("creator and segment: a goal is for one affiliate or one segment, not both: %w", model.ErrInvalid)
	case g.CreatorID != "":
		if err := model.ValidID("creator", g.CreatorID); err != nil {
			return err
		}
	case g.Segment == SegNone || g.Segment >= NumSegments:
		return fmt.Errorf("segment: a goal needs a creator or a segment: %w", model.ErrInvalid)
	}
	if g.Metric < GoalGMV || g.Metric > GoalPosts {
		return fmt.Errorf("metric %d: want gmv, orders or posts: %w", g.Metric, model.ErrInvalid)
	}
	if g.Target <= 0 {
		return fmt.Errorf("target %d: must be above 0: %w", g.Target, model.ErrInvalid)
	}
	_, err := MonthWindow(g.Month)
	return err
}

// Window is the goal's month as days.
func (g *Goal) Window() Window {
	w, _ := MonthWindow(g.Month)
	return w
}

// Value is what the metric counts in totals.
func (m GoalMetric) Value(t *PerfSums) int64 {
	switch m {
	case GoalGMV:
		return int64(t.GMV)
	case GoalOrders:
		return t.Orders
	case GoalPosts:
		return t.Posts()
	}
	return 0
}

// GoalProgress is how far an affiliate is towards a goal.
type GoalProgress struct {
	Metric  GoalMetric `json:"metric"`
	Month   string     `json:"month"`
	Value   int64      `json:"value"`  // cents for gmv
	Target  int64      `json:"target"` // cents for gmv
	Percent int        `json:"percent"`
	Reached bool       `json:"reached"`
}

// Progress is the affiliate's progress given its totals over the goal's month.
func (g *Goal) Progress(month *PerfSums) GoalProgress {
	v := g.Metric.Value(month)
	p := GoalProgress{Metric: g.Metric, Month: g.Month, Value: v, Target: g.Target, Reached: v >= g.Target}
	if g.Target > 0 {
		p.Percent = int(min(v, g.Target*10) * 100 / g.Target)
	}
	return p
}

// String is the progress as shown beside an affiliate: "$120.00 / $500.00
// (24%)", "7 / 10 orders (70%)", with "reached" once reached.
func (p GoalProgress) String() string {
	var s string
	if p.Metric == GoalGMV {
		s = fmt.Sprintf("$%s / $%s", model.Cents(p.Value), model.Cents(p.Target))
	} else {
		s = fmt.Sprintf("%d / %d %s", p.Value, p.Target, p.Metric)
	}
	s += fmt.Sprintf(" (%d%%)", p.Percent)
	if p.Reached {
		s += " reached"
	}
	return s
}

// GoalReached reports whether a write moved an affiliate from below the
// goal to at or above it: the "goal reached" milestone, fired once.
func (g *Goal) GoalReached(before, after *PerfSums) bool {
	return g.Metric.Value(before) < g.Target && g.Metric.Value(after) >= g.Target
}

// GoalFor picks the goal that applies to an affiliate in a month: its own
// goal first, else its segment's; nil when none. When several match, the
// last in goals wins, so callers list them oldest first.
func GoalFor(goals []Goal, creator string, seg Segment, month string) *Goal {
	var own, bySeg *Goal
	for i := range goals {
		g := &goals[i]
		if g.Month != month {
			continue
		}
		switch {
		case g.CreatorID != "" && g.CreatorID == creator:
			own = g
		case g.CreatorID == "" && g.Segment == seg && seg != SegNone:
			bySeg = g
		}
	}
	if own != nil {
		return own
	}
	return bySeg
}
