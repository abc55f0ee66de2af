package engage

import (
	"slices"
	"time"

	"outreach/model"
	"outreach/model/program"
)

// Campaign metrics (SPEC "Program metrics"): what followed a campaign's
// messages. A message is replied to when the affiliate wrote to the seller
// within ReplyWindow after it; acted on when the affiliate posted or sold
// on the message's day or the ActionDays after; a lapsed affiliate (it sold
// before, but not in the LapsedDays before the message) is revived by a
// sale within ReviveDays of the message. Code uses are the orders carrying
// a code on the days a message could have moved (the message's day and the
// ReviveDays after), each day counted once per affiliate.
const (
	ReplyWindow = 7 * 24 * time.Hour
	ActionDays  = 14
	ReviveDays  = 30
	// UpliftBaseDays is the window before a boost that its uplift compares with.
	UpliftBaseDays = 30
)

// Touch is one campaign message sent to an affiliate.
type Touch struct {
	Creator string
	At      time.Time   // when it was sent
	Day     program.Day // At's day in the seller's zone
}

// ActivityDay is one day of an affiliate's performance, as campaign
// metrics read it.
type ActivityDay struct {
	Day        program.Day
	Orders     int64
	Posts      int64 // videos and LIVEs
	CodeOrders int64
}

// Activity is what an affiliate did that campaign metrics look for: its
// messages to the seller and its days with performance, each sorted
// oldest first.
type Activity struct {
	Replies []time.Time
	Days    []ActivityDay
}

// CampaignMetrics are the figures of a campaign (or of the campaign
// messages to a segment).
type CampaignMetrics struct {
	Messages   int                 `json:"messages"` // sent
	Replied    int                 `json:"replied"`  // messages replied to within 7 days
	ReplyRate  program.BasisPoints `json:"reply_rate_bp"`
	Acted      int                 `json:"acted"` // messages followed by a post or a sale within 14 days
	ActionRate program.BasisPoints `json:"action_rate_bp"`
	Lapsed     int                 `json:"lapsed"`  // affiliates lapsed when first messaged
	Revived    int                 `json:"revived"` // of those, with a sale within 30 days of a message
	CodeUses   int64               `json:"code_uses"`
}

// daysIn is the activity days from..to (inclusive), by binary search.
func (a *Activity) daysIn(from, to program.Day) []ActivityDay {
	i, _ := slices.BinarySearchFunc(a.Days, from, func(d ActivityDay, t program.Day) int { return int(d.Day) - int(t) })
	j, _ := slices.BinarySearchFunc(a.Days, to+1, func(d ActivityDay, t program.Day) int { return int(d.Day) - int(t) })
	return a.Days[i:j]
}

// lapsedAt reports whether the affiliate had sold before day but not in
// the lapsedDays before it.
func (a *Activity) lapsedAt(day program.Day, lapsedDays int) bool {
	last := program.Day(0)
	for _, d := range a.daysIn(program.MinDay, day-1) {
		if d.Orders > 0 {
			last = d.Day
		}
	}
	return last != 0 && int(day-last) > lapsedDays
}

// MeasureCampaign computes the campaign metrics of touches given each
// affiliate's activity (act returns nil for none). lapsedDays is the
// segment window: an affiliate without a sale in it is lapsed.
func MeasureCampaign(touches []Touch, act func(creator string) *Activity, lapsedDays int) CampaignMetrics {
	var m CampaignMetrics
	none := &Activity{}
	type aff struct {
		first        program.Day
		lapsed, sold bool
		codeDays     map[program.Day]bool
	}
	byCreator := map[string]*aff{}
	for i := range touches {
		t := &touches[i]
		a := act(t.Creator)
		if a == nil {
			a = none
		}
		m.Messages++
		for _, r := range a.Replies {
			if r.After(t.At) && !r.After(t.At.Add(ReplyWindow)) {
				m.Replied++
				break
			}
		}
		for _, d := range a.daysIn(t.Day, t.Day+ActionDays) {
			if d.Orders > 0 || d.Posts > 0 {
				m.Acted++
				break
			}
		}
		f := byCreator[t.Creator]
		if f == nil {
			f = &aff{first: t.Day, lapsed: a.lapsedAt(t.Day, lapsedDays), codeDays: map[program.Day]bool{}}
			byCreator[t.Creator] = f
		}
		for _, d := range a.daysIn(t.Day, t.Day+ReviveDays) {
			if d.Orders > 0 {
				f.sold = true
			}
			if d.CodeOrders > 0 && !f.codeDays[d.Day] {
				f.codeDays[d.Day] = true
				m.CodeUses += d.CodeOrders
			}
		}
	}
	for _, f := range byCreator {
		if f.lapsed {
			m.Lapsed++
			if f.sold {
				m.Revived++
			}
		}
	}
	m.ReplyRate = program.Ratio(int64(m.Replied), int64(m.Messages))
	m.ActionRate = program.Ratio(int64(m.Acted), int64(m.Messages))
	return m
}

// Add adds o's counts to m and recomputes the rates.
func (m *CampaignMetrics) Add(o *CampaignMetrics) {
	m.Messages += o.Messages
	m.Replied += o.Replied
	m.Acted += o.Acted
	m.Lapsed += o.Lapsed
	m.Revived += o.Revived
	m.CodeUses += o.CodeUses
	m.ReplyRate = program.Ratio(int64(m.Replied), int64(m.Messages))
	m.ActionRate = program.Ratio(int64(m.Acted), int64(m.Messages))
}

// Uplift is a boost's uplift: GMV a day during the boost (up to today)
// against GMV a day in the UpliftBaseDays before it.
type Uplift struct {
	DailyBefore model.Cents `json:"daily_before"`
	DailyDuring model.Cents `json:"daily_during"`
	// Percent is (during - before) / before in basis points, negative
	// for a fall; Known is false when there was no GMV before or no day
	// of the boost has passed.
	Percent program.BasisPoints `json:"uplift_bp"`
	Known   bool                `json:"known"`
}

// BoostUplift computes the uplift from the GMV before (over beforeDays)
// and during (over duringDays).
func BoostUplift(before model.Cents, beforeDays int, during model.Cents, duringDays int) Uplift {
	var u Uplift
	if beforeDays <= 0 || duringDays <= 0 {
		return u
	}
	u.DailyBefore = before / model.Cents(beforeDays)
	u.DailyDuring = during / model.Cents(duringDays)
	if before <= 0 {
		return u
	}
	// (during/duringDays) / (before/beforeDays) - 1, in basis points, exact in integers.
	num := int64(during) * int64(beforeDays) * 100_00
	den := int64(before) * int64(duringDays)
	u.Percent = program.BasisPoints(num/den - 100_00)
	u.Known = true
	return u
}
