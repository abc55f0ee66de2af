package program

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"outreach/model"
)

// FlagRule names a quality rule; the names are the JSON codes.
type FlagRule string

// Quality rules (SPEC "Quality flags").
const (
	FlagRefundRate   FlagRule = "refund-rate"
	FlagOrderSpike   FlagRule = "order-spike"
	FlagConversion   FlagRule = "conversion"
	FlagSelfPurchase FlagRule = "self-purchase"
	FlagCodeWindow   FlagRule = "code-window"
)

// FlagRules lists every rule in the order flags are shown.
var FlagRules = [...]FlagRule{FlagRefundRate, FlagOrderSpike, FlagConversion, FlagSelfPurchase, FlagCodeWindow}

func (r FlagRule) order() int { return slices.Index(FlagRules[:], r) }

// ParseFlagRule reads a rule code.
func ParseFlagRule(s string) (FlagRule, error) {
	r := FlagRule(strings.ToLower(strings.TrimSpace(s)))
	if r.order() < 0 {
		return "", fmt.Errorf("flag %q: want refund-rate, order-spike, conversion, self-purchase or code-window: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
	}
	return r, nil
}

// Flag is one rule an affiliate broke, with the figures. Day is the day of
// the evidence: the day itself for the day rules, the window's last day with
// a sale for refund-rate and conversion.
type Flag struct {
	Rule    FlagRule `json:"rule"`
	Day     Day      `json:"day"`
	Message string   `json:"message"` // the rule and the figures in a sentence
	Value   int64    `json:"value"`   // the figure: basis points for rates, orders otherwise
	Limit   int64    `json:"limit"`   // what it was compared with, in the same unit
}

// CodeDates is when one of the seller's codes may be used (Until zero:
// no end).
type CodeDates struct {
	Code        string
	From, Until Day
}

// Window is the period the refund-rate and conversion rules look at, as of asOf.
func (p FlagPolicy) Window(asOf Day) Window { return LastDays(p.WindowDays, asOf) }

// CheckRefundRate flags a refund rate strictly above the limit with at
// least MinOrders orders over the window.
func (p FlagPolicy) CheckRefundRate(t *PerfTotals, w Window) (Flag, bool) {
	r := p.RefundRate
	if r.Off || t.Orders < r.MinOrders || t.Orders <= 0 || t.RefundedOrders*100_00 <= t.Orders*int64(r.Above) {
		return Flag{}, false
	}
	rate := BasisPoints(t.RefundedOrders * 100_00 / t.Orders)
	return Flag{Rule: FlagRefundRate, Day: t.LastSale, Value: int64(rate), Limit: int64(r.Above),
		Message: fmt.Sprintf("refund rate %s (%d of %d orders refunded) from %s to %s, over %s with at least %d orders",
			rate, t.RefundedOrders, t.Orders, w.From, w.To, r.Above, r.MinOrders)}, true
}

// CheckConversion flags orders / clicks strictly above the limit with at
// least MinClicks clicks over the window.
func (p FlagPolicy) CheckConversion(t *PerfTotals, w Window) (Flag, bool) {
	r := p.Conversion
	if r.Off || t.Clicks < r.MinClicks || t.Orders*100_00 <= t.Clicks*int64(r.Above) {
		return Flag{}, false
	}
	var rate BasisPoints
	if t.Clicks > 0 {
		rate = BasisPoints(t.Orders * 100_00 / t.Clicks)
	}
	return Flag{Rule: FlagConversion, Day: t.LastSale, Value: int64(rate), Limit: int64(r.Above),
		Message: fmt.Sprintf("conversion %s (%d orders from %d clicks) from %s to %s, over %s with at least %d clicks",
			rate, t.Orders, t.Clicks, w.From, w.To, r.Above, r.MinClicks)}, true
}

// CheckOrderSpike flags a day whose orders are strictly above Times100/100
// times the median of the MedianDays days before it and at least MinOrders.
// prior holds the orders of the days before d, oldest first; only the last
// MedianDays count, and days missing from a short slice count as 0.
func (p FlagPolicy) CheckOrderSpike(d *PerfDay, prior []int64) (Flag, bool) {
	r := p.OrderSpike
	if r.Off || d.Orders < r.MinOrders || d.Orders <= 0 {
		return Flag{}, false
	}
	n := r.MedianDays
	if len(prior) > n {
		prior = prior[len(prior)-n:]
	}
	vals := make([]int64, n) // zeros for the days not given
	copy(vals[n-len(prior):], prior)
	slices.Sort(vals)
	twice := vals[(n-1)/2] + vals[n/2] // twice the median
	if d.Orders*2*100 <= r.Times100*twice {
		return Flag{}, false
	}
	med := fmt.Sprint(twice / 2)
	if twice%2 != 0 {
		med += ".5"
	}
	times := BasisPoints(r.Times100).String()
	return Flag{Rule: FlagOrderSpike, Day: d.Day, Value: d.Orders, Limit: r.MinOrders,
		Message: fmt.Sprintf("%d orders on %s, over %s times the %d-day daily median of %s, and at least %d",
			d.Orders, d.Day, strings.TrimSuffix(times, "%"), n, med, r.MinOrders)}, true
}

// CheckSelfPurchase flags a day with orders whose buyer was the creator itself.
func (p FlagPolicy) CheckSelfPurchase(d *PerfDay) (Flag, bool) {
	if p.SelfPurchase.Off || d.SelfPurchaseOrders <= 0 {
		return Flag{}, false
	}
	return Flag{Rule: FlagSelfPurchase, Day: d.Day, Value: d.SelfPurchaseOrders,
		Message: fmt.Sprintf("%d of %d orders on %s were bought by the creator itself", d.SelfPurchaseOrders, d.Orders, d.Day)}, true
}

// CheckCodeWindow flags orders that carried a code on a day outside the
// code's dates. code is the seller's code the day names, nil when unknown
// (an unknown code is not this rule's business).
func (p FlagPolicy) CheckCodeWindow(d *PerfDay, code *CodeDates) (Flag, bool) {
	if p.CodeWindow.Off || code == nil || d.Code == "" || d.Orders <= 0 || NormCode(code.Code) != d.Code {
		return Flag{}, false
	}
	if d.Day >= code.From && (code.Until == 0 || d.Day <= code.Until) {
		return Flag{}, false
	}
	until := code.Until.String()
	if code.Until == 0 {
		until = "no end"
	}
	return Flag{Rule: FlagCodeWindow, Day: d.Day, Value: d.Orders,
		Message: fmt.Sprintf("code %s used on %s (%d orders), outside its dates %s to %s", d.Code, d.Day, d.Orders, code.From, until)}, true
}

// DayFlags runs the day rules on one written day: prior is the orders of
// the days before it (see CheckOrderSpike), code the code it carried.
func (p FlagPolicy) DayFlags(d *PerfDay, prior []int64, code *CodeDates) []Flag {
	var out []Flag
	if f, ok := p.CheckOrderSpike(d, prior); ok {
		out = append(out, f)
	}
	if f, ok := p.CheckSelfPurchase(d); ok {
		out = append(out, f)
	}
	if f, ok := p.CheckCodeWindow(d, code); ok {
		out = append(out, f)
	}
	return out
}

// WindowFlags runs the window rules on an affiliate's totals over w.
func (p FlagPolicy) WindowFlags(t *PerfTotals, w Window) []Flag {
	var out []Flag
	if f, ok := p.CheckRefundRate(t, w); ok {
		out = append(out, f)
	}
	if f, ok := p.CheckConversion(t, w); ok {
		out = append(out, f)
	}
	return out
}

// FlagState is a flag as the store keeps it: one per affiliate and rule,
// open until cleared with a reason.
type FlagState struct {
	Flag
	Raised    time.Time `json:"raised"`
	Cleared   bool      `json:"cleared"`
	ClearedAt time.Time `json:"cleared_at,omitzero"`
	ClearedBy string    `json:"cleared_by,omitempty"`
	Reason    string    `json:"reason,omitempty"`
}

// Clear closes an open flag; the reason is required and made safe. The
// store audits it.
func (s *FlagState) Clear(actor, reason string, at time.Time) error {
	if s.Cleared {
		return fmt.Errorf("flag %s: already cleared: %w", s.Rule, model.ErrInvalid)
	}
	r, err := model.LimitText("reason", reason, model.MaxReasonRunes)
	if err != nil {
		return err
	}
	if r == "" {
		return fmt.Errorf("reason is empty: clearing a flag needs one: %w", model.ErrInvalid)
	}
	if err := model.CheckInstant(at); err != nil {
		return err
	}
	s.Cleared, s.ClearedAt, s.ClearedBy, s.Reason = true, at, model.SafeLine(actor), r
	return nil
}

// MergeFlags folds newly found flags into an affiliate's kept ones: a rule
// without a flag is raised; an open flag takes newer figures; a cleared flag
// stays cleared unless the new evidence is of a later day than the evidence
// it was cleared on, in which case it is raised again. next is sorted by
// rule; raised lists the flags raised now.
func MergeFlags(states []FlagState, found []Flag, at time.Time) (next []FlagState, raised []Flag) {
	next = slices.Clone(states)
	for _, f := range found {
		i := slices.IndexFunc(next, func(s FlagState) bool { return s.Rule == f.Rule })
		switch {
		case i < 0:
			next = append(next, FlagState{Flag: f, Raised: at})
			raised = append(raised, f)
		case !next[i].Cleared:
			if f.Day >= next[i].Day {
				next[i].Flag = f
			}
		case f.Day > next[i].Day:
			next[i] = FlagState{Flag: f, Raised: at}
			raised = append(raised, f)
		}
	}
	slices.SortFunc(next, func(a, b FlagState) int { return a.Rule.order() - b.Rule.order() })
	return next, raised
}

// OpenRules is the rule codes of the open flags, in rule order: the
// "flags" of an affiliate in JSON. Never nil.
func OpenRules(states []FlagState) []FlagRule {
	out := []FlagRule{}
	for _, r := range FlagRules {
		for i := range states {
			if states[i].Rule == r && !states[i].Cleared {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
