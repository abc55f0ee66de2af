package engage

import (
	"encoding/json"
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/program"
)

// Repeat is how often a campaign runs.
type Repeat uint8

// The repeats the SPEC names; Once covers both "now" and "at an instant".
const (
	Once Repeat = iota
	Weekly
	Biweekly
	Monthly
)

// String is the repeat as the CLI's --every spells it ("" for once).
func (r Repeat) String() string {
	switch r {
	case Weekly:
		return "week"
	case Biweekly:
		return "2weeks"
	case Monthly:
		return "month"
	}
	return ""
}

// ParseRepeat reads --every: "" (once), week, 2weeks or month.
func ParseRepeat(s string) (Repeat, error) {
	switch s {
	case "", "once":
		return Once, nil
	case "week", "weekly":
		return Weekly, nil
	case "2weeks", "biweekly":
		return Biweekly, nil
	case "month", "monthly":
		return Monthly, nil
	}
	return 0, fmt.Errorf("repeat %q: want week, 2weeks or month: %w", model.Clip(model.SafeLine(s), 40), model.ErrInvalid)
}

// MarshalText writes the repeat as String does, "once" for Once.
func (r Repeat) MarshalText() ([]byte, error) {
	if r == Once {
		return []byte("once"), nil
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads what MarshalText writes.
func (r *Repeat) UnmarshalText(b []byte) error {
	v, err := ParseRepeat(string(b))
	*r = v
	return err
}

// MaxDueRuns bounds what Due returns. A repeating campaign that missed runs
// while nothing was running (a server down for a month, a cron job that
// stopped) catches up with its latest run only, once: three copies of the
// same newsletter at once help nobody. The missed ones are counted.
const MaxDueRuns = 1

// Schedule is when a campaign runs: once at First, or repeating from First
// every week, two weeks or month at First's local wall-clock time in the
// seller's zone.
//
// Daylight saving: a repeating run keeps its local time (09:00 stays 09:00
// in summer and winter). A time a change skips (02:30 on a spring-forward
// night) runs as long after the jump as it was after the start of the gap
// (03:30); a time a change repeats (01:30 on a fall-back night) runs at the
// first of the two.
//
// Monthly: run n falls on First's day of the month, or on the month's last
// day when the month is shorter (a schedule from 31 January runs on 28 or 29
// February, 31 March, 30 April, ...): it never slips into the next month and
// never drifts, because each run is computed from First, not from the run
// before.
type Schedule struct {
	Repeat Repeat    `json:"repeat"`
	First  time.Time `json:"first"`
	Zone   string    `json:"zone,omitempty"`

	loc *time.Location
}

// NewSchedule checks and builds a schedule created at now: zone is the
// seller's IANA zone (empty for UTC); first is the first run, which may not
// be before now (a zero first means now). The error names the fault.
func NewSchedule(repeat Repeat, first time.Time, zone string, now time.Time) (*Schedule, error) {
	if first.IsZero() {
		first = now
	}
	if err := model.CheckInstant(first); err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	if first.Before(now) {
		return nil, fmt.Errorf("schedule at %s is in the past (now is %s): %w",
			first.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	return RestoreSchedule(repeat, first, zone)
}

// RestoreSchedule rebuilds a stored schedule, without the past check.
func RestoreSchedule(repeat Repeat, first time.Time, zone string) (*Schedule, error) {
	if repeat > Monthly {
		return nil, fmt.Errorf("schedule repeat %d: %w", repeat, model.ErrInvalid)
	}
	loc, err := model.LoadZone(zone)
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	return &Schedule{Repeat: repeat, First: first, Zone: zone, loc: loc}, nil
}

// Location is the schedule's zone. A schedule built by NewSchedule,
// RestoreSchedule or decoded from JSON has it already; one assembled by hand
// loads it on every call (and never writes to s, so a shared schedule can be
// read from several goroutines).
func (s *Schedule) Location() *time.Location {
	if s.loc != nil {
		return s.loc
	}
	loc, err := model.LoadZone(s.Zone)
	if err != nil {
		return time.UTC // refused when built; only a damaged record gets here
	}
	return loc
}

// UnmarshalJSON decodes a stored schedule and resolves its zone; an unknown
// zone or repeat is an error.
func (s *Schedule) UnmarshalJSON(b []byte) error {
	type plain Schedule // without this method
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	r, err := RestoreSchedule(p.Repeat, p.First, p.Zone)
	if err != nil {
		return err
	}
	*s = *r
	return nil
}

// Run is one run of a schedule: its number (0 for the first) and instant.
// The number goes into the idempotency key of every send of the run.
type Run struct {
	N  int       `json:"n"`
	At time.Time `json:"at"`
}

// RunAt is the instant of run n (n >= 0); for Once only run 0 exists and
// other n give the zero time.
func (s *Schedule) RunAt(n int) time.Time {
	if n < 0 || s.Repeat == Once && n > 0 {
		return time.Time{}
	}
	if n == 0 {
		return s.First
	}
	loc := s.Location()
	f := s.First.In(loc)
	y, m, d := f.Date()
	switch s.Repeat {
	case Weekly:
		d += 7 * n
	case Biweekly:
		d += 14 * n
	case Monthly:
		first := time.Date(y, m+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
		y, m = first.Year(), first.Month()
		d = min(d, program.DaysIn(y, m))
	}
	return WallClock(y, m, d, f.Hour(), f.Minute(), f.Second(), loc).Add(time.Duration(f.Nanosecond()))
}

// index is the number of the latest run at or before t, or -1 if none. It
// is computed, not counted, so a long gap costs nothing.
func (s *Schedule) index(t time.Time) int {
	if t.Before(s.First) {
		return -1
	}
	if s.Repeat == Once {
		return 0
	}
	// Estimate from elapsed time, then settle: runs are at least 28 days
	// apart and the estimate is off by at most one.
	var n int
	switch s.Repeat {
	case Weekly:
		n = int(t.Sub(s.First) / (7 * 24 * time.Hour))
	case Biweekly:
		n = int(t.Sub(s.First) / (14 * 24 * time.Hour))
	case Monthly:
		a, b := s.First.In(s.Location()), t.In(s.Location())
		n = (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	}
	n = max(n-1, 0)
	for s.RunAt(n+1).Compare(t) <= 0 {
		n++
	}
	for n > 0 && s.RunAt(n).After(t) {
		n--
	}
	return n
}

// Next is the first run strictly after after; the zero time when there is
// none (a Once schedule that has run).
func (s *Schedule) Next(after time.Time) time.Time {
	n := s.index(after) + 1
	return s.RunAt(n) // zero for Once past run 0
}

// NextRun is Next with the run's number; ok is false when there is none.
func (s *Schedule) NextRun(after time.Time) (r Run, ok bool) {
	n := s.index(after) + 1
	at := s.RunAt(n)
	return Run{N: n, At: at}, !at.IsZero()
}

// Due lists the runs that fell due after last (the instant of the last run
// carried out, or zero if none) and at or before now, oldest first, at most
// MaxDueRuns of them (the latest); missed counts the earlier ones left out.
func (s *Schedule) Due(last, now time.Time) (runs []Run, missed int) {
	hi := s.index(now)
	if hi < 0 {
		return nil, 0
	}
	lo := 0
	if !last.IsZero() {
		lo = s.index(last) + 1
	}
	if lo > hi {
		return nil, 0
	}
	if hi-lo+1 > MaxDueRuns {
		missed = hi - lo + 1 - MaxDueRuns
		lo = hi - MaxDueRuns + 1
	}
	for n := lo; n <= hi; n++ {
		runs = append(runs, Run{N: n, At: s.RunAt(n)})
	}
	return runs, missed
}

// WallClock is the instant the clocks of loc show y-m-d hh:mm:ss (fields
// normalised as time.Date does). A time skipped by a daylight-saving jump
// is read with the offset before the jump, which lands as long after the
// jump as it was after the start of the gap; a time shown twice is the
// first of the two.
func WallClock(y int, m time.Month, d, hh, mm, ss int, loc *time.Location) time.Time {
	naive := time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	want := naive
	// The offsets in effect around that day: before and after any change.
	_, offBefore := naive.Add(-48 * time.Hour).In(loc).Zone()
	_, offAfter := naive.Add(48 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{offBefore, offAfter} {
		t := naive.Add(-time.Duration(off) * time.Second)
		if sameWall(t.In(loc), want) && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		// In the gap: neither offset shows that time.
		best = naive.Add(-time.Duration(offBefore) * time.Second)
	}
	return best.In(loc)
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}
