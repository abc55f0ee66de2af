package program

import (
	"fmt"
	"time"

	"outreach/model"
)

// Day is a local calendar day of a seller's zone, counted from 1970-01-01,
// which is Day 1; the zero Day means "no day" (never sold, never active).
// Performance, rollups, windows and segments all count in Days, so daylight
// saving never shifts a boundary and arithmetic is plain subtraction.
type Day int32

// The days the product accepts: 1970-01-01 to 2199-12-31 (SPEC "Instants").
var (
	MinDay = DayFromDate(1970, time.January, 1)
	MaxDay = DayFromDate(2199, time.December, 31)
)

// DayFromDate is the Day of the calendar date y-m-d (normalised like
// time.Date, so month 13 is January of the next year).
func DayFromDate(y int, m time.Month, d int) Day {
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	days := u / 86400
	if u%86400 < 0 {
		days--
	}
	return Day(days + 1)
}

// DayOf is the local calendar day of t in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	y, m, d := t.In(loc).Date()
	return DayFromDate(y, m, d)
}

// ParseDay reads a day key YYYY-MM-DD; the date must exist and lie between
// 1970 and 2199. The error names the field "day".
func ParseDay(s string) (Day, error) {
	bad := func() (Day, error) {
		return 0, fmt.Errorf("day %q: want a date YYYY-MM-DD between 1970-01-01 and 2199-12-31: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad()
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			n = n*10 + int(b[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, time.Month(m)) {
		return bad()
	}
	day := DayFromDate(y, time.Month(m), d)
	if !day.Valid() {
		return bad()
	}
	return day, nil
}

// DaysIn is the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Valid reports whether d lies between MinDay and MaxDay.
func (d Day) Valid() bool { return d >= MinDay && d <= MaxDay }

// IsZero reports whether d is the zero Day, "no day".
func (d Day) IsZero() bool { return d == 0 }

// Date is the calendar date of d.
func (d Day) Date() (int, time.Month, int) {
	return time.Unix(int64(d-1)*86400, 0).UTC().Date()
}

// String is the day key YYYY-MM-DD, or "" for the zero Day.
func (d Day) String() string {
	if d == 0 {
		return ""
	}
	y, m, dd := d.Date()
	var b [10]byte
	put := func(at, n, width int) {
		for i := width - 1; i >= 0; i-- {
			b[at+i] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(m), 2)
	b[7] = '-'
	put(8, dd, 2)
	return string(b[:])
}

// MarshalText writes the day key, so a Day is a string in JSON.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a day key; the empty string is the zero Day.
func (d *Day) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDay(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday is the day of the week of d.
func (d Day) Weekday() time.Weekday {
	// 1970-01-01, Day 1, was a Thursday.
	return time.Weekday((int(d) + 3) % 7)
}

// WeekStart is the Sunday that starts d's outreach week (see WeekStart).
func (d Day) WeekStart() Day { return d - Day(d.Weekday()) }

// Month is d's calendar month as YYYY-MM.
func (d Day) Month() string {
	s := d.String()
	if len(s) < 7 {
		return ""
	}
	return s[:7]
}

// Start is the first instant of d in loc.
func (d Day) Start(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return model.DayStart(y, m, dd, loc)
}

// Window is a run of calendar days, From to To inclusive. The zero Window
// is empty.
type Window struct {
	From Day `json:"from"`
	To   Day `json:"to"`
}

// Empty reports whether w holds no day.
func (w Window) Empty() bool { return w.From == 0 || w.To < w.From }

// Days is the number of days in w.
func (w Window) Days() int {
	if w.Empty() {
		return 0
	}
	return int(w.To-w.From) + 1
}

// Contains reports whether d lies in w.
func (w Window) Contains(d Day) bool { return !w.Empty() && d >= w.From && d <= w.To }

// String is "FROM..TO".
func (w Window) String() string { return w.From.String() + ".." + w.To.String() }

// LastDays is the n days ending with (and including) today.
func LastDays(n int, today Day) Window {
	if n <= 0 {
		return Window{}
	}
	return Window{From: today - Day(n-1), To: today}
}

// MonthWindow is the calendar month YYYY-MM as a window of days.
func MonthWindow(month string) (Window, error) {
	if err := model.ValidMonth(month); err != nil {
		return Window{}, err
	}
	t, _ := time.Parse("2006-01", month)
	from := DayFromDate(t.Year(), t.Month(), 1)
	w := Window{From: from, To: from + Day(DaysIn(t.Year(), t.Month())) - 1}
	if !w.From.Valid() || !w.To.Valid() {
		return Window{}, fmt.Errorf("month %q: want one between 1970-01 and 2199-12: %w", month, model.ErrInvalid)
	}
	return w, nil
}

// WindowSplit is a window cut along outreach weeks: Head and Tail are the
// days at either edge that do not fill a whole week (read from the daily
// rows), Weeks.From..Weeks.To are the Sundays of the whole weeks in between
// (read from the weekly rollups). Any part may be empty.
type WindowSplit struct {
	Head  Window
	Weeks Window // From and To are week starts; step 7
	Tail  Window
}

// Split cuts w into edge days and whole weeks, so a metric reads at most
// twelve days of rows and one rollup per week.
func (w Window) Split() WindowSplit {
	var s WindowSplit
	if w.Empty() {
		return s
	}
	first := w.From.WeekStart()
	if first < w.From {
		first += 7
	}
	// The last whole week ends on a Saturday at or before w.To.
	endSat := w.To - Day((int(w.To.Weekday())+1)%7)
	if first+6 > endSat {
		s.Head = w
		return s
	}
	if first > w.From {
		s.Head = Window{From: w.From, To: first - 1}
	}
	s.Weeks = Window{From: first, To: endSat - 6}
	if endSat < w.To {
		s.Tail = Window{From: endSat + 1, To: w.To}
	}
	return s
}
