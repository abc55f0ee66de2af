package model

import (
	"fmt"
	"time"
)

// LevelThreshold is the minimum a month must reach for a level.
type LevelThreshold struct {
	Level      Level
	GMV        Cents
	ActiveDays int
	Products   int
}

// ComputeLevel is the highest level whose three thresholds the month meets,
// L0 when none is met.
func (p *Policy) ComputeLevel(m MonthPerf) Level {
	best := Level(0)
	for _, t := range p.Levels {
		if m.GMV >= t.GMV && m.ActiveDays >= t.ActiveDays && m.Products >= t.Products && t.Level > best {
			best = t.Level
		}
	}
	return best
}

// PrevMonth is the calendar month (YYYY-MM) before the one containing t in UTC.
func PrevMonth(t time.Time) string {
	u := t.UTC()
	return time.Date(u.Year(), u.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

// Relevel recomputes c's level from its performance record for month
// (YYYY-MM), appending to the history. A month already in the history is
// not computed twice, so running it again changes nothing. A creator with no
// record for that month had no activity and is computed as L0.
func (p *Policy) Relevel(c *Creator, month string) bool {
	if n := len(c.History); n > 0 && c.History[n-1].Month >= month {
		return false
	}
	perf := MonthPerf{Month: month}
	for _, m := range c.Perf {
		if m.Month == month {
			perf = m
		}
	}
	c.Level = p.ComputeLevel(perf)
	c.History = append(c.History, LevelChange{Month: month, Level: c.Level})
	return true
}

// ValidMonth checks a YYYY-MM month key.
func ValidMonth(s string) error {
	if _, err := time.Parse("2006-01", s); err != nil || len(s) != 7 {
		return fmt.Errorf("month %q: want YYYY-MM: %w", Clip(s, 20), ErrInvalid)
	}
	return nil
}
