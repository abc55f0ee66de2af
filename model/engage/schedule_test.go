package engage

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"outreach/model"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func mustSchedule(t *testing.T, r Repeat, first time.Time, zone string) *Schedule {
	t.Helper()
	s, err := RestoreSchedule(r, first, zone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Paris 2026: summer time from Sun 29 March 02:00 (-> 03:00), to Sun 25
// October 03:00 (-> 02:00). New York 2026: Sun 8 March 02:00 -> 03:00, Sun 1
// November 02:00 -> 01:00.
func TestScheduleRunAt(t *testing.T) {
	tests := []struct {
		name   string
		repeat Repeat
		zone   string
		first  time.Time
		want   []time.Time // runs 0, 1, 2, ...
	}{
		{"Paris weekly 09:00 across spring forward", Weekly, "Europe/Paris", utc(2026, 3, 22, 8, 0),
			[]time.Time{utc(2026, 3, 22, 8, 0), utc(2026, 3, 29, 7, 0), utc(2026, 4, 5, 7, 0)}},
		{"Paris weekly 09:00 across fall back", Weekly, "Europe/Paris", utc(2026, 10, 18, 7, 0),
			[]time.Time{utc(2026, 10, 18, 7, 0), utc(2026, 10, 25, 8, 0), utc(2026, 11, 1, 8, 0)}},
		{"Paris weekly 02:30, skipped on the spring-forward night: 03:30", Weekly, "Europe/Paris", utc(2026, 3, 22, 1, 30),
			[]time.Time{utc(2026, 3, 22, 1, 30), utc(2026, 3, 29, 1, 30), utc(2026, 4, 5, 0, 30)}},
		{"Paris weekly 02:30, twice on the fall-back night: the first", Weekly, "Europe/Paris", utc(2026, 10, 18, 0, 30),
			[]time.Time{utc(2026, 10, 18, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 11, 1, 1, 30)}},
		{"New York weekly 02:15, skipped on 8 March: 03:15", Weekly, "America/New_York", utc(2026, 3, 1, 7, 15),
			[]time.Time{utc(2026, 3, 1, 7, 15), utc(2026, 3, 8, 7, 15), utc(2026, 3, 15, 6, 15)}},
		{"New York weekly 01:30, twice on 1 November: the first (EDT)", Weekly, "America/New_York", utc(2026, 10, 25, 5, 30),
			[]time.Time{utc(2026, 10, 25, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 8, 6, 30)}},
		{"New York every two weeks 18:00", Biweekly, "America/New_York", utc(2026, 2, 26, 23, 0),
			[]time.Time{utc(2026, 2, 26, 23, 0), utc(2026, 3, 12, 22, 0), utc(2026, 3, 26, 22, 0)}},
		{"Paris monthly on the 31st: last day of short months", Monthly, "Europe/Paris", utc(2026, 1, 31, 9, 0),
			[]time.Time{utc(2026, 1, 31, 9, 0), utc(2026, 2, 28, 9, 0), utc(2026, 3, 31, 8, 0), utc(2026, 4, 30, 8, 0), utc(2026, 5, 31, 8, 0)}},
		{"New York monthly on the 30th keeps the 30th after February", Monthly, "America/New_York", utc(2027, 1, 30, 14, 0),
			[]time.Time{utc(2027, 1, 30, 14, 0), utc(2027, 2, 28, 14, 0), utc(2027, 3, 30, 13, 0)}},
		{"UTC monthly over a year end", Monthly, "", utc(2026, 11, 15, 12, 0),
			[]time.Time{utc(2026, 11, 15, 12, 0), utc(2026, 12, 15, 12, 0), utc(2027, 1, 15, 12, 0)}},
		{"once", Once, "Europe/Paris", utc(2026, 5, 1, 12, 0), []time.Time{utc(2026, 5, 1, 12, 0), {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.repeat, tt.first, tt.zone)
			for n, want := range tt.want {
				if got := s.RunAt(n); !got.Equal(want) {
					t.Errorf("run %d = %s, want %s", n, got.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339))
				}
			}
		})
	}
}

func TestScheduleLeapFebruary(t *testing.T) {
	s := mustSchedule(t, Monthly, utc(2027, 12, 31, 10, 0), "")
	if got := s.RunAt(2); !got.Equal(utc(2028, 2, 29, 10, 0)) {
		t.Fatalf("run 2 = %s, want 29 Feb 2028", got)
	}
	if got := s.RunAt(3); !got.Equal(utc(2028, 3, 31, 10, 0)) {
		t.Fatalf("run 3 = %s, want 31 Mar 2028 (no drift)", got)
	}
}

// Every run keeps the wall clock, and Next agrees with RunAt, over years of
// changes in both zones.
func TestScheduleKeepsWallClock(t *testing.T) {
	for _, zone := range []string{"Europe/Paris", "America/New_York"} {
		loc := mustZone(t, zone)
		for _, r := range []Repeat{Weekly, Biweekly, Monthly} {
			first := time.Date(2026, 1, 4, 9, 45, 0, 0, loc)
			s := mustSchedule(t, r, first, zone)
			prev := first
			for n := 1; n < 80; n++ {
				at := s.RunAt(n)
				l := at.In(loc)
				if l.Hour() != 9 || l.Minute() != 45 {
					t.Fatalf("%s %s run %d at %s", zone, r, n, l)
				}
				if got := s.Next(prev); !got.Equal(at) {
					t.Fatalf("%s %s Next(run %d) = %s, want %s", zone, r, n-1, got, at)
				}
				if got := s.Next(at.Add(-time.Nanosecond)); !got.Equal(at) {
					t.Fatalf("%s %s Next(just before run %d) = %s", zone, r, n, got)
				}
				if run, ok := s.NextRun(at.Add(-time.Second)); !ok || run.N != n {
					t.Fatalf("%s %s NextRun before run %d = %+v", zone, r, n, run)
				}
				prev = at
			}
		}
	}
}

func TestScheduleNext(t *testing.T) {
	w := mustSchedule(t, Weekly, utc(2026, 6, 7, 10, 0), "")
	once := mustSchedule(t, Once, utc(2026, 6, 7, 10, 0), "")
	tests := []struct {
		name  string
		s     *Schedule
		after time.Time
		want  time.Time
	}{
		{"before the first", w, utc(2026, 1, 1, 0, 0), utc(2026, 6, 7, 10, 0)},
		{"at the first: strictly after", w, utc(2026, 6, 7, 10, 0), utc(2026, 6, 14, 10, 0)},
		{"between", w, utc(2026, 6, 10, 0, 0), utc(2026, 6, 14, 10, 0)},
		{"years later", w, utc(2036, 6, 10, 0, 0), utc(2036, 6, 15, 10, 0)},
		{"once, before", once, utc(2026, 6, 7, 9, 59), utc(2026, 6, 7, 10, 0)},
		{"once, at", once, utc(2026, 6, 7, 10, 0), time.Time{}},
		{"once, after", once, utc(2027, 1, 1, 0, 0), time.Time{}},
	}
	for _, tt := range tests {
		if got := tt.s.Next(tt.after); !got.Equal(tt.want) {
			t.Errorf("%s: Next = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestScheduleDue(t *testing.T) {
	first := utc(2026, 6, 7, 10, 0)
	w := mustSchedule(t, Weekly, first, "")
	once := mustSchedule(t, Once, first, "")
	m := mustSchedule(t, Monthly, first, "")
	tests := []struct {
		name       string
		s          *Schedule
		last, now  time.Time
		wantN      []int
		wantMissed int
	}{
		{"not yet", w, time.Time{}, utc(2026, 6, 7, 9, 59), nil, 0},
		{"first run, exactly at it", w, time.Time{}, first, []int{0}, 0},
		{"first done, second not yet", w, first, utc(2026, 6, 14, 9, 59), nil, 0},
		{"second due", w, first, utc(2026, 6, 14, 10, 0), []int{1}, 0},
		{"called twice: nothing more", w, utc(2026, 6, 14, 10, 0), utc(2026, 6, 14, 10, 5), nil, 0},
		{"idle for a year: the latest only", w, first, utc(2027, 6, 7, 10, 0), []int{52}, 51},
		{"never ran, idle a year", w, time.Time{}, utc(2027, 6, 8, 0, 0), []int{52}, 52},
		{"idle 200 years: still one", w, first, utc(2199, 1, 1, 0, 0), []int{9004}, 9003},
		{"once, due", once, time.Time{}, utc(2026, 7, 1, 0, 0), []int{0}, 0},
		{"once, done", once, first, utc(2030, 7, 1, 0, 0), nil, 0},
		{"monthly two missed", m, first, utc(2026, 9, 8, 0, 0), []int{3}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, missed := tt.s.Due(tt.last, tt.now)
			if len(runs) != len(tt.wantN) || missed != tt.wantMissed {
				t.Fatalf("Due = %+v missed %d, want runs %v missed %d", runs, missed, tt.wantN, tt.wantMissed)
			}
			for i, r := range runs {
				next := tt.s.RunAt(r.N + 1)
				if r.N != tt.wantN[i] || !r.At.Equal(tt.s.RunAt(r.N)) || r.At.After(tt.now) || !next.IsZero() && !next.After(tt.now) {
					t.Fatalf("run %d = %+v, want N %d", i, r, tt.wantN[i])
				}
			}
			if len(runs) > MaxDueRuns {
				t.Fatalf("%d runs, bound %d", len(runs), MaxDueRuns)
			}
		})
	}
}

func TestNewSchedule(t *testing.T) {
	now := utc(2026, 6, 1, 12, 0)
	tests := []struct {
		name    string
		repeat  Repeat
		first   time.Time
		zone    string
		wantErr string
		want    time.Time
	}{
		{"now", Once, time.Time{}, "Europe/Paris", "", now},
		{"at now exactly", Once, now, "", "", now},
		{"later", Weekly, utc(2026, 6, 2, 9, 0), "America/New_York", "", utc(2026, 6, 2, 9, 0)},
		{"past", Once, now.Add(-time.Second), "", "is in the past", time.Time{}},
		{"past repeating", Monthly, utc(2026, 5, 1, 0, 0), "", "is in the past", time.Time{}},
		{"bad zone", Weekly, utc(2026, 6, 2, 9, 0), "Mars/Olympus", "unknown time zone", time.Time{}},
		{"beyond 2200", Once, utc(2200, 1, 1, 0, 0), "", "between 1970 and 2200", time.Time{}},
		{"bad repeat", Repeat(9), utc(2026, 6, 2, 9, 0), "", "repeat 9", time.Time{}},
	}
	for _, tt := range tests {
		s, err := NewSchedule(tt.repeat, tt.first, tt.zone, now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !s.First.Equal(tt.want) {
			t.Errorf("%s: %+v, %v", tt.name, s, err)
		}
	}
}

func TestParseRepeat(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Repeat
		ok   bool
	}{{"", Once, true}, {"week", Weekly, true}, {"2weeks", Biweekly, true}, {"month", Monthly, true}, {"daily", 0, false}, {"Week", 0, false}} {
		got, err := ParseRepeat(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRepeat(%q) = %v, %v", tt.in, got, err)
		}
		if tt.ok {
			b, _ := got.MarshalText()
			var back Repeat
			if err := back.UnmarshalText(b); err != nil || back != got {
				t.Errorf("%v does not round-trip: %s", got, b)
			}
		}
	}
}

// A schedule decoded from storage has no zone loaded yet; it loads it.
func TestScheduleDecodedLoadsZone(t *testing.T) {
	s := &Schedule{Repeat: Weekly, First: utc(2026, 3, 22, 8, 0), Zone: "Europe/Paris"}
	if got := s.RunAt(1); !got.Equal(utc(2026, 3, 29, 7, 0)) {
		t.Fatalf("run 1 = %s", got)
	}
}

func TestScheduleJSONRoundTrip(t *testing.T) {
	s := mustSchedule(t, Monthly, utc(2026, 1, 31, 9, 0), "Europe/Paris")
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"repeat":"month"`) {
		t.Fatalf("json %s", b)
	}
	var back Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.loc == nil || !back.RunAt(2).Equal(s.RunAt(2)) {
		t.Fatalf("decoded %+v", back)
	}
	for _, bad := range []string{`{"repeat":"daily","first":"2026-01-01T00:00:00Z"}`, `{"repeat":"week","first":"2026-01-01T00:00:00Z","zone":"Mars/Base"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}
