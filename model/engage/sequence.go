package engage

import (
	"fmt"
	"time"

	"outreach/model"
)

// Sequence limits.
const (
	MaxSequenceSteps = 20
	MaxStepDelayDays = 365
)

// SequenceStep is one message of a sequence: a template sent DelayDays
// after the previous step (after enrolment for the first).
type SequenceStep struct {
	Template  string `json:"template"`
	DelayDays int    `json:"delay_days"`
}

// Sequence is a series of templates sent to each recipient on its own
// clock, from the moment it was enrolled, until it replies or makes a sale.
type Sequence struct {
	Name  string         `json:"name"`
	Steps []SequenceStep `json:"steps"`
}

// Validate checks the steps: 1..20 of them, each naming a template, each
// delay 0..365 days. The error names the step.
func (s *Sequence) Validate() error {
	if len(s.Steps) == 0 || len(s.Steps) > MaxSequenceSteps {
		return fmt.Errorf("sequence %q: %d steps, want 1 to %d: %w", s.Name, len(s.Steps), MaxSequenceSteps, model.ErrInvalid)
	}
	for i, st := range s.Steps {
		if st.Template == "" {
			return fmt.Errorf("sequence %q step %d: no template: %w", s.Name, i+1, model.ErrInvalid)
		}
		if st.DelayDays < 0 || st.DelayDays > MaxStepDelayDays {
			return fmt.Errorf("sequence %q step %d: delay %d days, want 0 to %d: %w", s.Name, i+1, st.DelayDays, MaxStepDelayDays, model.ErrInvalid)
		}
	}
	return nil
}

// StepDue is when step (0-based) falls due for a recipient enrolled at
// enrolled: the sum of the delays up to it, counted in local calendar days
// in loc so that the wall-clock time of enrolment is kept across a
// daylight-saving change (a time the change skips runs just after it, see
// WallClock).
func (s *Sequence) StepDue(enrolled time.Time, step int, loc *time.Location) time.Time {
	days := 0
	for i := 0; i <= step && i < len(s.Steps); i++ {
		days += s.Steps[i].DelayDays
	}
	if days == 0 {
		return enrolled
	}
	l := enrolled.In(loc)
	return WallClock(l.Year(), l.Month(), l.Day()+days, l.Hour(), l.Minute(), l.Second(), loc)
}

// NextStep is a recipient's next step after done steps were sent: its index
// and when it is due; ok is false when the sequence is finished.
func (s *Sequence) NextStep(enrolled time.Time, done int, loc *time.Location) (step int, at time.Time, ok bool) {
	if done < 0 {
		done = 0
	}
	if done >= len(s.Steps) {
		return 0, time.Time{}, false
	}
	return done, s.StepDue(enrolled, done, loc), true
}

// LeaveReason says why a recipient left a sequence.
type LeaveReason string

// The reasons to leave a sequence.
const (
	LeftOnReply LeaveReason = "replied"
	LeftOnSale  LeaveReason = "sale"
)

// SequenceLeft reports whether a recipient enrolled at enrolled has left the
// sequence, given the instants of its last reply and last sale to the seller
// (zero when none): a reply or a sale at or after enrolment takes it out.
// When both happened, the earlier one is the reason; at is when it left.
func SequenceLeft(enrolled, lastReply, lastSale time.Time) (left bool, why LeaveReason, at time.Time) {
	replied := !lastReply.IsZero() && !lastReply.Before(enrolled)
	sold := !lastSale.IsZero() && !lastSale.Before(enrolled)
	switch {
	case replied && (!sold || !lastSale.Before(lastReply)):
		return true, LeftOnReply, lastReply
	case sold:
		return true, LeftOnSale, lastSale
	}
	return false, "", time.Time{}
}
