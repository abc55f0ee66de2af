package model

import (
	"fmt"
	"time"
)

// WeekStart is the start of the outreach week that contains t: the latest
// Sunday 00:00 in loc at or before t. Daylight-saving changes do not move the
// boundary, which is always local midnight; in the rare zones whose clocks jump
// over midnight itself, it is the first instant of that Sunday.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	d := DayStart(lt.Year(), lt.Month(), lt.Day()-int(lt.Weekday()), loc)
	if d.After(t) { // midnight skipped by a DST jump can normalise past t
		d = DayStart(lt.Year(), lt.Month(), lt.Day()-int(lt.Weekday())-7, loc)
	}
	return d
}

// NextWeekStart is the start of the week after the one that contains t.
func NextWeekStart(t time.Time, loc *time.Location) time.Time {
	ws := WeekStart(t, loc).In(loc)
	return DayStart(ws.Year(), ws.Month(), ws.Day()+7, loc)
}

// DayStart is the first instant of the local calendar day y-m-d in loc:
// local midnight or, where a DST jump skips midnight, the jump itself.
// (time.Date may resolve a skipped midnight to the instant before the jump,
// which is still the previous day locally.)
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.In(loc).Day() != time.Date(y, m, d, 12, 0, 0, 0, loc).Day() {
		_, end := t.ZoneBounds()
		if !end.IsZero() {
			t = end
		}
	}
	return t
}

// LoadZone resolves an IANA zone name; the empty name is UTC.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: %w", name, ErrInvalid)
	}
	return loc, nil
}

// GMVWindow is the 30 local calendar days before the week that starts at
// weekStart, as inclusive day keys (YYYY-MM-DD) from..to.
func GMVWindow(weekStart time.Time, loc *time.Location) (from, to string) {
	ws := weekStart.In(loc)
	first := time.Date(ws.Year(), ws.Month(), ws.Day()-30, 12, 0, 0, 0, loc)
	last := time.Date(ws.Year(), ws.Month(), ws.Day()-1, 12, 0, 0, 0, loc)
	return first.Format(DayLayout), last.Format(DayLayout)
}

// DayLayout is the layout of a local calendar day key.
const DayLayout = "2006-01-02"
