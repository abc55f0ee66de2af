package engage

import (
	"strings"
	"testing"
	"time"
)

func TestSequenceValidate(t *testing.T) {
	steps := func(n, delay int) []SequenceStep {
		s := make([]SequenceStep, n)
		for i := range s {
			s[i] = SequenceStep{Template: "t", DelayDays: delay}
		}
		return s
	}
	tests := []struct {
		name    string
		seq     Sequence
		wantErr string
	}{
		{"welcome", WelcomeSeries(), ""},
		{"no steps", Sequence{Name: "x"}, "0 steps"},
		{"too many", Sequence{Name: "x", Steps: steps(21, 1)}, "21 steps"},
		{"twenty", Sequence{Name: "x", Steps: steps(20, 1)}, ""},
		{"negative delay", Sequence{Name: "x", Steps: steps(2, -1)}, "step 1: delay -1"},
		{"delay over a year", Sequence{Name: "x", Steps: steps(1, 366)}, "delay 366"},
		{"no template", Sequence{Name: "x", Steps: []SequenceStep{{Template: "a"}, {DelayDays: 1}}}, "step 2: no template"},
	}
	for _, tt := range tests {
		err := tt.seq.Validate()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestWelcomeSeriesOverTwoWeeks(t *testing.T) {
	ws := WelcomeSeries()
	if len(ws.Steps) != 5 {
		t.Fatalf("%d steps", len(ws.Steps))
	}
	enrolled := utc(2026, 6, 1, 10, 0)
	want := []int{0, 2, 5, 9, 14}
	for i, d := range want {
		if got := ws.StepDue(enrolled, i, time.UTC); !got.Equal(enrolled.AddDate(0, 0, d)) {
			t.Errorf("step %d due %s, want day %d", i+1, got, d)
		}
	}
}

func TestSequenceNextStepAcrossDST(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	seq := Sequence{Name: "s", Steps: []SequenceStep{{Template: "a"}, {Template: "b", DelayDays: 3}, {Template: "c", DelayDays: 7}}}
	enrolled := time.Date(2026, 3, 27, 9, 0, 0, 0, paris) // Friday before the change
	tests := []struct {
		done   int
		step   int
		at     time.Time
		wantOK bool
	}{
		{0, 0, enrolled, true},
		{1, 1, time.Date(2026, 3, 30, 9, 0, 0, 0, paris), true}, // 71 hours later, still 09:00
		{2, 2, time.Date(2026, 4, 6, 9, 0, 0, 0, paris), true},
		{3, 0, time.Time{}, false},
		{-1, 0, enrolled, true},
	}
	for _, tt := range tests {
		step, at, ok := seq.NextStep(enrolled, tt.done, paris)
		if ok != tt.wantOK || step != tt.step || !at.Equal(tt.at) {
			t.Errorf("done %d: step %d at %s ok %v; want %d at %s ok %v", tt.done, step, at, ok, tt.step, tt.at, tt.wantOK)
		}
	}
}

func TestSequenceLeft(t *testing.T) {
	enrolled := utc(2026, 6, 1, 10, 0)
	var zero time.Time
	tests := []struct {
		name        string
		reply, sale time.Time
		left        bool
		why         LeaveReason
		at          time.Time
	}{
		{"nothing", zero, zero, false, "", zero},
		{"reply before enrolment", enrolled.Add(-time.Hour), zero, false, "", zero},
		{"sale before enrolment", zero, enrolled.Add(-time.Hour), false, "", zero},
		{"reply at enrolment", enrolled, zero, true, LeftOnReply, enrolled},
		{"reply after", enrolled.Add(time.Hour), zero, true, LeftOnReply, enrolled.Add(time.Hour)},
		{"sale after", zero, enrolled.Add(2 * time.Hour), true, LeftOnSale, enrolled.Add(2 * time.Hour)},
		{"both: reply first", enrolled.Add(time.Hour), enrolled.Add(2 * time.Hour), true, LeftOnReply, enrolled.Add(time.Hour)},
		{"both: sale first", enrolled.Add(3 * time.Hour), enrolled.Add(2 * time.Hour), true, LeftOnSale, enrolled.Add(2 * time.Hour)},
		{"both at once: reply", enrolled.Add(time.Hour), enrolled.Add(time.Hour), true, LeftOnReply, enrolled.Add(time.Hour)},
		{"old reply, new sale", enrolled.Add(-time.Hour), enrolled.Add(time.Hour), true, LeftOnSale, enrolled.Add(time.Hour)},
	}
	for _, tt := range tests {
		left, why, at := SequenceLeft(enrolled, tt.reply, tt.sale)
		if left != tt.left || why != tt.why || !at.Equal(tt.at) {
			t.Errorf("%s: %v %q %s; want %v %q %s", tt.name, left, why, at, tt.left, tt.why, tt.at)
		}
	}
}
