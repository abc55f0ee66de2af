package program

import (
	"fmt"
	"strings"

	"outreach/model"
)

// PerfDay is one local day of one affiliate's performance for one seller
// (SPEC "Affiliates and their performance"). Re-importing a day replaces it.
type PerfDay struct {
	SellerID  string
	CreatorID string
	Day       Day
	GMV       model.Cents // gross merchandise value of the day's orders
	Orders    int64
	Items     int64 // items sold
	// RefundedOrders and RefundedGMV are the day's orders refunded, and their amount.
	RefundedOrders int64
	RefundedGMV    model.Cents
	Clicks         int64       // product views from the creator's content
	Videos         int64       // videos posted
	Lives          int64       // LIVEs held
	Commission     model.Cents // commission earned
	// Code is the seller's code the day's orders carried, "" when none
	// (the orders came through a collaboration).
	Code string
	// SelfPurchaseOrders are orders whose buyer was the creator itself.
	SelfPurchaseOrders int64
}

// Bounds of one day's figures: far above any real day, low enough that
// sums over centuries of days never overflow.
const (
	MaxDayCount = 1_000_000_000                 // orders, items, clicks, posts in one day
	MaxDayCents = model.Cents(1_000_000_000_00) // one billion dollars in one day
)

// MaxCodeLen is the longest code a seller gives out, in bytes: an
// exclusive code or a code on a performance row.
const MaxCodeLen = 32

// ValidPerfCode checks a seller's code: 1..32 letters, digits, '-' or '_'.
// Codes are compared without regard to case; NormCode gives the stored form.
func ValidPerfCode(field, code string) error {
	if code == "" || len(code) > MaxCodeLen {
		return fmt.Errorf("%s %q: want 1 to %d letters, digits, '-' or '_': %w", field, model.Clip(model.SafeLine(code), 40), MaxCodeLen, model.ErrInvalid)
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("%s %q: want 1 to %d letters, digits, '-' or '_': %w", field, model.Clip(model.SafeLine(code), 40), MaxCodeLen, model.ErrInvalid)
		}
	}
	return nil
}

// NormCode is the stored form of a valid code: upper case.
func NormCode(code string) string {
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= 'a' && c <= 'z' {
			return strings.ToUpper(code)
		}
	}
	return code
}

// Validate checks every field of a day; the error starts with the field's
// name as the import columns spell it ("refunded_orders 3: more than orders
// 2") and wraps ErrInvalid. The code is stored upper case.
func (d *PerfDay) Validate() error {
	if err := model.ValidID("seller", d.SellerID); err != nil {
		return err
	}
	if err := model.ValidID("creator", d.CreatorID); err != nil {
		return err
	}
	if !d.Day.Valid() {
		return fmt.Errorf("day %s: want a date between 1970-01-01 and 2199-12-31: %w", d.Day, model.ErrInvalid)
	}
	counts := [...]struct {
		field string
		n     int64
	}{
		{"orders", d.Orders}, {"items", d.Items}, {"refunded_orders", d.RefundedOrders},
		{"clicks", d.Clicks}, {"videos", d.Videos}, {"lives", d.Lives},
		{"self_purchase_orders", d.SelfPurchaseOrders},
	}
	for _, c := range counts {
		if c.n < 0 {
			return fmt.Errorf("%s %d: must not be negative: %w", c.field, c.n, model.ErrInvalid)
		}
		if c.n > MaxDayCount {
			return fmt.Errorf("%s %d: at most %d in one day: %w", c.field, c.n, MaxDayCount, model.ErrInvalid)
		}
	}
	money := [...]struct {
		field string
		c     model.Cents
	}{{"gmv", d.GMV}, {"refunded_gmv", d.RefundedGMV}, {"commission", d.Commission}}
	for _, m := range money {
		if m.c < 0 {
			return fmt.Errorf("%s %s: must not be negative: %w", m.field, m.c, model.ErrInvalid)
		}
		if m.c > MaxDayCents {
			return fmt.Errorf("%s %s: at most %s in one day: %w", m.field, m.c, MaxDayCents, model.ErrInvalid)
		}
	}
	if d.RefundedOrders > d.Orders {
		return fmt.Errorf("refunded_orders %d: more than orders %d: %w", d.RefundedOrders, d.Orders, model.ErrInvalid)
	}
	if d.RefundedGMV > d.GMV {
		return fmt.Errorf("refunded_gmv %s: more than gmv %s: %w", d.RefundedGMV, d.GMV, model.ErrInvalid)
	}
	if d.SelfPurchaseOrders > d.Orders {
		return fmt.Errorf("self_purchase_orders %d: more than orders %d: %w", d.SelfPurchaseOrders, d.Orders, model.ErrInvalid)
	}
	if d.Code != "" {
		if err := ValidPerfCode("code", d.Code); err != nil {
			return err
		}
		d.Code = NormCode(d.Code)
	}
	return nil
}

// Sold reports whether the day had at least one order.
func (d *PerfDay) Sold() bool { return d.Orders > 0 }

// Posts is the videos and LIVEs of the day.
func (d *PerfDay) Posts() int64 { return d.Videos + d.Lives }

// Active reports whether the day had clicks, a sale or content: what keeps
// an affiliate from being dormant.
func (d *PerfDay) Active() bool { return d.Orders > 0 || d.Clicks > 0 || d.Videos > 0 || d.Lives > 0 }

// PerfSums adds up days: the body of every rollup and total.
type PerfSums struct {
	GMV                model.Cents `json:"gmv"`
	Orders             int64       `json:"orders"`
	Items              int64       `json:"items"`
	RefundedOrders     int64       `json:"refunded_orders"`
	RefundedGMV        model.Cents `json:"refunded_gmv"`
	Clicks             int64       `json:"clicks"`
	Videos             int64       `json:"videos"`
	Lives              int64       `json:"lives"`
	Commission         model.Cents `json:"commission"`
	SelfPurchaseOrders int64       `json:"self_purchase_orders"`
	CodeOrders         int64       `json:"code_orders"` // orders on days that carried a code
}

// AddDay adds one day to the sums.
func (s *PerfSums) AddDay(d *PerfDay) { s.addDay(d, 1) }

// SubDay takes one day out of the sums.
func (s *PerfSums) SubDay(d *PerfDay) { s.addDay(d, -1) }

func (s *PerfSums) addDay(d *PerfDay, sign int64) {
	s.GMV += model.Cents(sign) * d.GMV
	s.Orders += sign * d.Orders
	s.Items += sign * d.Items
	s.RefundedOrders += sign * d.RefundedOrders
	s.RefundedGMV += model.Cents(sign) * d.RefundedGMV
	s.Clicks += sign * d.Clicks
	s.Videos += sign * d.Videos
	s.Lives += sign * d.Lives
	s.Commission += model.Cents(sign) * d.Commission
	s.SelfPurchaseOrders += sign * d.SelfPurchaseOrders
	if d.Code != "" {
		s.CodeOrders += sign * d.Orders
	}
}

// Add adds other sums (a rollup) to these.
func (s *PerfSums) Add(o *PerfSums) { s.merge(o, 1) }

// Sub takes other sums out of these.
func (s *PerfSums) Sub(o *PerfSums) { s.merge(o, -1) }

func (s *PerfSums) merge(o *PerfSums, sign int64) {
	s.GMV += model.Cents(sign) * o.GMV
	s.Orders += sign * o.Orders
	s.Items += sign * o.Items
	s.RefundedOrders += sign * o.RefundedOrders
	s.RefundedGMV += model.Cents(sign) * o.RefundedGMV
	s.Clicks += sign * o.Clicks
	s.Videos += sign * o.Videos
	s.Lives += sign * o.Lives
	s.Commission += model.Cents(sign) * o.Commission
	s.SelfPurchaseOrders += sign * o.SelfPurchaseOrders
	s.CodeOrders += sign * o.CodeOrders
}

// Posts is videos and LIVEs.
func (s *PerfSums) Posts() int64 { return s.Videos + s.Lives }

// IsZero reports whether nothing was summed (or everything cancelled out).
func (s *PerfSums) IsZero() bool { return *s == PerfSums{} }

// WeekRollup is one affiliate's sums for one outreach week (Sunday to
// Saturday), kept beside the daily rows in the same transaction so that
// metrics and segments never rescan days. SaleMask and ActiveMask have bit i
// set when the week's day i (0 = Sunday) had a sale, or any activity; they
// make replacing a day exact, and give the last sale and last activity.
type WeekRollup struct {
	Week Day `json:"week"` // the Sunday
	PerfSums
	SaleMask   uint8 `json:"sale_mask"`
	ActiveMask uint8 `json:"active_mask"`
}

// ErrRollupMismatch marks a day given to the wrong rollup: another week, or
// another seller or affiliate than the day it replaces.
var ErrRollupMismatch = fmt.Errorf("performance day does not belong to this rollup: %w", model.ErrInvalid)

// Replace updates the rollup for a day written over another: old is the day
// that was stored (nil if none), new the one replacing it (nil to delete).
// Both must fall in the rollup's week (a zero Week is set from them) and be
// the same seller, affiliate and day.
func (w *WeekRollup) Replace(old, new *PerfDay) error {
	for _, d := range [...]*PerfDay{old, new} {
		if d == nil {
			continue
		}
		if w.Week == 0 {
			w.Week = d.Day.WeekStart()
		}
		if d.Day.WeekStart() != w.Week {
			return fmt.Errorf("day %s, week of %s: %w", d.Day, w.Week, ErrRollupMismatch)
		}
	}
	if old != nil && new != nil && (old.SellerID != new.SellerID || old.CreatorID != new.CreatorID || old.Day != new.Day) {
		return fmt.Errorf("replacing %s/%s/%s with %s/%s/%s: %w", old.SellerID, old.CreatorID, old.Day,
			new.SellerID, new.CreatorID, new.Day, ErrRollupMismatch)
	}
	if old != nil {
		w.SubDay(old)
		bit := uint8(1) << old.Day.Weekday()
		w.SaleMask &^= bit
		w.ActiveMask &^= bit
	}
	if new != nil {
		w.AddDay(new)
		bit := uint8(1) << new.Day.Weekday()
		if new.Sold() {
			w.SaleMask |= bit
		}
		if new.Active() {
			w.ActiveMask |= bit
		}
	}
	return nil
}

// Empty reports whether the rollup holds nothing any more (storage may delete it).
func (w *WeekRollup) Empty() bool { return w.ActiveMask == 0 && w.SaleMask == 0 && w.PerfSums.IsZero() }

// LastSale is the week's last day with a sale, or zero.
func (w *WeekRollup) LastSale() Day { return lastBit(w.Week, w.SaleMask) }

// LastActive is the week's last day with any activity, or zero.
func (w *WeekRollup) LastActive() Day { return lastBit(w.Week, w.ActiveMask) }

// FirstSale is the week's first day with a sale, or zero.
func (w *WeekRollup) FirstSale() Day {
	for i := 0; i < 7; i++ {
		if w.SaleMask&(1<<i) != 0 {
			return w.Week + Day(i)
		}
	}
	return 0
}

func lastBit(week Day, mask uint8) Day {
	for i := 6; i >= 0; i-- {
		if mask&(1<<i) != 0 {
			return week + Day(i)
		}
	}
	return 0
}

func popcount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

// PerfTotals is an affiliate's performance over a period: the sums, the
// number of days with a sale and with activity, and the last of each.
type PerfTotals struct {
	PerfSums
	SaleDays   int
	ActiveDays int
	LastSale   Day
	LastActive Day
}

// AddDay adds one daily row.
func (t *PerfTotals) AddDay(d *PerfDay) {
	t.PerfSums.AddDay(d)
	if d.Sold() {
		t.SaleDays++
		t.LastSale = max(t.LastSale, d.Day)
	}
	if d.Active() {
		t.ActiveDays++
		t.LastActive = max(t.LastActive, d.Day)
	}
}

// AddWeek adds one whole week's rollup.
func (t *PerfTotals) AddWeek(w *WeekRollup) {
	t.PerfSums.Add(&w.PerfSums)
	t.SaleDays += popcount(w.SaleMask)
	t.ActiveDays += popcount(w.ActiveMask)
	t.LastSale = max(t.LastSale, w.LastSale())
	t.LastActive = max(t.LastActive, w.LastActive())
}

// TotalsOver sums an affiliate's performance over w from its weekly
// rollups (for the whole weeks of w.Split) and its daily rows (for the edge
// days); rollups and rows outside their part of the window are ignored, so
// callers may pass a superset.
func TotalsOver(w Window, weeks []WeekRollup, days []PerfDay) PerfTotals {
	var t PerfTotals
	s := w.Split()
	for i := range weeks {
		if !s.Weeks.Empty() && weeks[i].Week >= s.Weeks.From && weeks[i].Week <= s.Weeks.To {
			t.AddWeek(&weeks[i])
		}
	}
	for i := range days {
		if s.Head.Contains(days[i].Day) || s.Tail.Contains(days[i].Day) {
			t.AddDay(&days[i])
		}
	}
	return t
}
