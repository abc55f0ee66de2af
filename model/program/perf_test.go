package program

import (
	"errors"
	"strings"
	"testing"
	"time"

	"outreach/model"
)

func TestDayCalendar(t *testing.T) {
	tests := []struct {
		s    string
		wd   time.Weekday
		week string
	}{
		{"1970-01-01", time.Thursday, "1969-12-28"},
		{"1970-01-04", time.Sunday, "1970-01-04"},
		{"2024-02-29", time.Thursday, "2024-02-25"},
		{"2025-06-01", time.Sunday, "2025-06-01"},
		{"2025-06-07", time.Saturday, "2025-06-01"},
		{"2199-12-31", time.Tuesday, "2199-12-29"},
	}
	for _, tc := range tests {
		d, err := ParseDay(tc.s)
		if err != nil {
			t.Fatalf("ParseDay(%s): %v", tc.s, err)
		}
		if d.String() != tc.s || d.Weekday() != tc.wd || d.WeekStart().String() != tc.week {
			t.Errorf("%s: got %s %s week %s", tc.s, d, d.Weekday(), d.WeekStart())
		}
		if y, m, dd := d.Date(); time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format(model.DayLayout) != tc.s {
			t.Errorf("%s: Date %d-%d-%d", tc.s, y, m, dd)
		}
	}
	if MinDay != 1 || MinDay.String() != "1970-01-01" || MaxDay.String() != "2199-12-31" {
		t.Errorf("min %d %s max %s", MinDay, MinDay, MaxDay)
	}
	for _, bad := range []string{"", "1969-12-31", "2200-01-01", "2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "20250101xx", "2025/01/01", "２025-01-01", "2025-01-1 "} {
		if _, err := ParseDay(bad); !errors.Is(err, model.ErrInvalid) || !strings.HasPrefix(err.Error(), "day ") {
			t.Errorf("ParseDay(%q) = %v, want a day error", bad, err)
		}
	}
	// Local days follow the zone, not UTC.
	la, _ := time.LoadLocation("America/Los_Angeles")
	at := time.Date(2025, 3, 9, 6, 30, 0, 0, time.UTC) // 22:30 the day before in LA
	if DayOf(at, la).String() != "2025-03-08" || DayOf(at, time.UTC).String() != "2025-03-09" {
		t.Errorf("DayOf: %s / %s", DayOf(at, la), DayOf(at, time.UTC))
	}
	if s := DayFromDate(2025, 3, 9).Start(la); !s.Equal(time.Date(2025, 3, 9, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %v", s)
	}
	var d Day
	if err := d.UnmarshalText([]byte("2025-06-01")); err != nil || d.String() != "2025-06-01" {
		t.Errorf("UnmarshalText: %v %v", d, err)
	}
	if b, _ := Day(0).MarshalText(); string(b) != "" {
		t.Errorf("zero day marshals as %q", b)
	}
}

func TestWindows(t *testing.T) {
	day := func(s string) Day { d, _ := ParseDay(s); return d }
	w, err := MonthWindow("2024-02")
	if err != nil || w.String() != "2024-02-01..2024-02-29" || w.Days() != 29 {
		t.Errorf("MonthWindow: %s %v", w, err)
	}
	if _, err := MonthWindow("2200-01"); err == nil {
		t.Error("month 2200-01 accepted")
	}
	if got := LastDays(7, day("2025-06-07")); got.String() != "2025-06-01..2025-06-07" {
		t.Errorf("LastDays = %s", got)
	}
	tests := []struct {
		from, to          string
		head, weeks, tail string
	}{
		{"2025-06-01", "2025-06-07", "..", "2025-06-01..2025-06-01", ".."},
		{"2025-06-02", "2025-06-07", "2025-06-02..2025-06-07", "..", ".."},
		{"2025-05-28", "2025-06-10", "2025-05-28..2025-05-31", "2025-06-01..2025-06-01", "2025-06-08..2025-06-10"},
		{"2025-03-04", "2025-06-01", "2025-03-04..2025-03-08", "2025-03-09..2025-05-25", "2025-06-01..2025-06-01"},
		{"2025-06-03", "2025-06-03", "2025-06-03..2025-06-03", "..", ".."},
	}
	for _, tc := range tests {
		s := Window{day(tc.from), day(tc.to)}.Split()
		if s.Head.String() != tc.head || s.Weeks.String() != tc.weeks || s.Tail.String() != tc.tail {
			t.Errorf("%s..%s: head %s weeks %s tail %s", tc.from, tc.to, s.Head, s.Weeks, s.Tail)
		}
		// The parts cover the window exactly.
		n := s.Head.Days() + s.Tail.Days()
		if !s.Weeks.Empty() {
			n += int(s.Weeks.To-s.Weeks.From) + 7
		}
		if n != (Window{day(tc.from), day(tc.to)}).Days() {
			t.Errorf("%s..%s: parts cover %d days", tc.from, tc.to, n)
		}
	}
}

func goodDay() PerfDay {
	return PerfDay{SellerID: "acme", CreatorID: "c1", Day: DayFromDate(2025, 6, 3), GMV: 100_00, Orders: 4, Items: 5,
		RefundedOrders: 1, RefundedGMV: 20_00, Clicks: 40, Videos: 1, Lives: 1, Commission: 10_00, Code: "acme-lena15", SelfPurchaseOrders: 1}
}

func TestPerfDayValidate(t *testing.T) {
	d := goodDay()
	if err := d.Validate(); err != nil {
		t.Fatalf("good day: %v", err)
	}
	if d.Code != "ACME-LENA15" {
		t.Errorf("code stored as %q", d.Code)
	}
	tests := []struct {
		field string
		edit  func(*PerfDay)
	}{
		{"seller", func(d *PerfDay) { d.SellerID = "" }},
		{"creator", func(d *PerfDay) { d.CreatorID = "a b" }},
		{"day", func(d *PerfDay) { d.Day = 0 }},
		{"day", func(d *PerfDay) { d.Day = MaxDay + 1 }},
		{"gmv", func(d *PerfDay) { d.GMV = -1 }},
		{"gmv", func(d *PerfDay) { d.GMV = MaxDayCents + 1 }},
		{"orders", func(d *PerfDay) { d.Orders = -1 }},
		{"orders", func(d *PerfDay) { d.Orders = MaxDayCount + 1 }},
		{"items", func(d *PerfDay) { d.Items = -1 }},
		{"refunded_orders", func(d *PerfDay) { d.RefundedOrders = -1 }},
		{"refunded_orders", func(d *PerfDay) { d.RefundedOrders = 5 }},
		{"refunded_gmv", func(d *PerfDay) { d.RefundedGMV = -1 }},
		{"refunded_gmv", func(d *PerfDay) { d.RefundedGMV = 100_01 }},
		{"clicks", func(d *PerfDay) { d.Clicks = -3 }},
		{"videos", func(d *PerfDay) { d.Videos = -1 }},
		{"lives", func(d *PerfDay) { d.Lives = -1 }},
		{"commission", func(d *PerfDay) { d.Commission = -1 }},
		{"code", func(d *PerfDay) { d.Code = "no spaces" }},
		{"code", func(d *PerfDay) { d.Code = strings.Repeat("A", 33) }},
		{"self_purchase_orders", func(d *PerfDay) { d.SelfPurchaseOrders = -1 }},
		{"self_purchase_orders", func(d *PerfDay) { d.SelfPurchaseOrders = 5 }},
	}
	for _, tc := range tests {
		d := goodDay()
		tc.edit(&d)
		err := d.Validate()
		if !errors.Is(err, model.ErrInvalid) || !strings.HasPrefix(err.Error(), tc.field+" ") {
			t.Errorf("%s: got %v", tc.field, err)
		}
	}
	// At the limits is fine: refunds equal to orders and GMV, a code of 32.
	d = goodDay()
	d.RefundedOrders, d.RefundedGMV, d.SelfPurchaseOrders, d.Code = d.Orders, d.GMV, d.Orders, strings.Repeat("A", 32)
	d.Day = MaxDay
	if err := d.Validate(); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	zero := PerfDay{SellerID: "s", CreatorID: "c", Day: MinDay}
	if err := zero.Validate(); err != nil || zero.Active() || zero.Sold() {
		t.Errorf("empty day: %v", err)
	}
}

func TestWeekRollupReplace(t *testing.T) {
	base := goodDay() // Tuesday 2025-06-03
	var w WeekRollup
	if err := w.Replace(nil, &base); err != nil {
		t.Fatal(err)
	}
	if w.Week.String() != "2025-06-01" || w.GMV != 100_00 || w.SaleMask != 1<<2 || w.ActiveMask != 1<<2 || w.CodeOrders != 4 {
		t.Errorf("after add: %+v", w)
	}
	wed := base
	wed.Day++
	wed.GMV, wed.Orders, wed.RefundedOrders, wed.RefundedGMV, wed.SelfPurchaseOrders, wed.Code = 50_00, 2, 0, 0, 0, ""
	_ = w.Replace(nil, &wed)
	if w.LastSale() != wed.Day || w.FirstSale() != base.Day || w.Orders != 6 {
		t.Errorf("two days: %+v", w)
	}
	// Re-import Tuesday as clicks only: the sale bit goes, activity stays.
	clicks := PerfDay{SellerID: "acme", CreatorID: "c1", Day: base.Day, Clicks: 9}
	if err := w.Replace(&base, &clicks); err != nil {
		t.Fatal(err)
	}
	if w.SaleMask != 1<<3 || w.ActiveMask != 1<<2|1<<3 || w.GMV != 50_00 || w.Orders != 2 || w.Clicks != 49 || w.CodeOrders != 0 {
		t.Errorf("after replace: %+v", w)
	}
	// Deleting both leaves an empty rollup.
	_ = w.Replace(&clicks, nil)
	_ = w.Replace(&wed, nil)
	if !w.Empty() {
		t.Errorf("not empty: %+v", w)
	}
	// Mismatches are refused.
	next := base
	next.Day += 7
	if err := w.Replace(nil, &next); !errors.Is(err, ErrRollupMismatch) {
		t.Errorf("other week: %v", err)
	}
	other := base
	other.CreatorID = "c2"
	if err := w.Replace(&base, &other); !errors.Is(err, ErrRollupMismatch) {
		t.Errorf("other creator: %v", err)
	}
}

func TestTotalsOverMatchesDays(t *testing.T) {
	// 60 days of rows; totals from rollups plus edge days equal the plain sum.
	start := DayFromDate(2025, 4, 1)
	var days []PerfDay
	rollups := map[Day]*WeekRollup{}
	for i := range 60 {
		d := PerfDay{SellerID: "s", CreatorID: "c", Day: start + Day(i), GMV: model.Cents(i * 100), Orders: int64(i % 3), Clicks: int64(i % 5)}
		days = append(days, d)
		r := rollups[d.Day.WeekStart()]
		if r == nil {
			r = &WeekRollup{}
			rollups[d.Day.WeekStart()] = r
		}
		_ = r.Replace(nil, &d)
	}
	var weeks []WeekRollup
	for _, r := range rollups {
		weeks = append(weeks, *r)
	}
	for _, w := range []Window{{start + 3, start + 40}, {start, start + 59}, {start + 10, start + 12}, LastDays(28, start+50)} {
		var want PerfTotals
		for i := range days {
			if w.Contains(days[i].Day) {
				want.AddDay(&days[i])
			}
		}
		if got := TotalsOver(w, weeks, days); got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", w, got, want)
		}
	}
}

func TestProgramAffiliateJoin(t *testing.T) {
	var a ProgramAffiliate
	t1 := time.Date(2025, 5, 10, 12, 0, 0, 0, time.UTC)
	if ch, err := a.Join(JoinShowcase, false, t1, DayOf(t1, time.UTC)); err != nil || !ch {
		t.Fatalf("join: %v %v", ch, err)
	}
	t0 := t1.Add(-48 * time.Hour)
	_, _ = a.Join(JoinInvitation, true, t0, DayOf(t0, time.UTC))
	if !a.Joined.Equal(t0) || a.Via != JoinInvitation || a.Attribution.String() != "collaboration,open" {
		t.Errorf("earlier event: %+v", a)
	}
	if ch, _ := a.Join(JoinShowcase, false, t1.Add(time.Hour), DayOf(t1, time.UTC)); ch {
		t.Error("a later showcase changed nothing new but reported a change")
	}
	d := goodDay()
	if !a.NoteDay(&d) || a.Attribution.String() != "collaboration,open,code" || a.NoteDay(&d) {
		t.Errorf("code attribution: %s", a.Attribution)
	}
	if _, err := a.Join(JoinNone, false, t1, 1); err == nil {
		t.Error("JoinNone accepted")
	}
	if _, err := a.Join(JoinShowcase, false, time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), 1); err == nil {
		t.Error("instant in 2200 accepted")
	}
}
