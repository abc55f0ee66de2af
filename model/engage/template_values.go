package engage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"outreach/model"
)

// The formatters below give template values one spelling wherever they are
// filled (preview, send, the creator's inbox).

// FormatPercent writes a rate as "12%" or "12.5%" (at most two decimals,
// trailing zeros dropped).
func FormatPercent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}

// FormatUSD writes cents as dollars with thousands separators: "$1,234.50".
func FormatUSD(c model.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s$%s.%02d", sign, model.Thousands(int64(c)/100), int64(c)%100)
}

// FormatDay writes the local calendar day of t in loc as "30 June 2026".
func FormatDay(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 January 2006") }

// FormatLastDay writes the last day an offer with exclusive end end is
// valid, in loc: an end at local midnight names the day before ("until 30
// June" for an end at 1 July 00:00).
func FormatLastDay(end time.Time, loc *time.Location) string {
	return FormatDay(end.Add(-time.Nanosecond), loc)
}

// FormatRank writes a contest rank as "3rd of 40".
func FormatRank(rank, of int) string {
	suffix := "th"
	if rank%100 < 11 || rank%100 > 13 {
		switch rank % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s of %d", rank, suffix, of)
}
