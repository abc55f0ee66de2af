package model

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, even on a machine without zoneinfo
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func TestWeekStart(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	berlin := mustZone(t, "Europe/Berlin")
	santiago := mustZone(t, "America/Santiago") // DST starts at midnight: Sat 24:00 -> Sun 01:00
	havana := mustZone(t, "America/Havana")     // likewise, and ends 01:00 -> 00:00 (midnight twice)
	utc := time.UTC
	date := func(loc *time.Location, y int, m time.Month, d, h, min, sec, ns int) time.Time {
		return time.Date(y, m, d, h, min, sec, ns, loc)
	}

	tests := []struct {
		name      string
		loc       *time.Location
		t         time.Time
		start     time.Time
		next      time.Time
		wantHours float64
	}{
		// New York: DST starts Sun 2026-03-08 02:00 EST -> 03:00 EDT, ends Sun 2026-11-01 02:00 EDT -> 01:00 EST.
		{"NY ordinary week", ny, date(ny, 2026, 3, 4, 12, 0, 0, 0),
			date(ny, 2026, 3, 1, 0, 0, 0, 0), date(ny, 2026, 3, 8, 0, 0, 0, 0), 168},
		{"NY one ns before the DST Sunday", ny, date(ny, 2026, 3, 8, 0, 0, 0, 0).Add(-1),
			date(ny, 2026, 3, 1, 0, 0, 0, 0), date(ny, 2026, 3, 8, 0, 0, 0, 0), 168},
		{"NY exactly Sunday 00:00 of the spring-forward week", ny, date(ny, 2026, 3, 8, 0, 0, 0, 0),
			date(ny, 2026, 3, 8, 0, 0, 0, 0), date(ny, 2026, 3, 15, 0, 0, 0, 0), 167},
		{"NY just after the jump", ny, date(ny, 2026, 3, 8, 3, 0, 0, 0),
			date(ny, 2026, 3, 8, 0, 0, 0, 0), date(ny, 2026, 3, 15, 0, 0, 0, 0), 167},
		{"NY last ns of the short week", ny, date(ny, 2026, 3, 15, 0, 0, 0, 0).Add(-1),
			date(ny, 2026, 3, 8, 0, 0, 0, 0), date(ny, 2026, 3, 15, 0, 0, 0, 0), 167},
		{"NY given as a UTC instant, Saturday evening local", ny, time.Date(2026, 3, 8, 4, 59, 59, 0, utc),
			date(ny, 2026, 3, 1, 0, 0, 0, 0), date(ny, 2026, 3, 8, 0, 0, 0, 0), 168},
		{"NY given as a UTC instant, Sunday midnight local", ny, time.Date(2026, 3, 8, 5, 0, 0, 0, utc),
			date(ny, 2026, 3, 8, 0, 0, 0, 0), date(ny, 2026, 3, 15, 0, 0, 0, 0), 167},
		{"NY fall back: first 01:30 (EDT)", ny, time.Date(2026, 11, 1, 5, 30, 0, 0, utc),
			date(ny, 2026, 11, 1, 0, 0, 0, 0), date(ny, 2026, 11, 8, 0, 0, 0, 0), 169},
		{"NY fall back: second 01:30 (EST)", ny, time.Date(2026, 11, 1, 6, 30, 0, 0, utc),
			date(ny, 2026, 11, 1, 0, 0, 0, 0), date(ny, 2026, 11, 8, 0, 0, 0, 0), 169},
		{"NY Saturday before fall back", ny, date(ny, 2026, 10, 31, 23, 59, 59, 0),
			date(ny, 2026, 10, 25, 0, 0, 0, 0), date(ny, 2026, 11, 1, 0, 0, 0, 0), 168},
		{"NY exactly Sunday 00:00 of the fall-back week", ny, date(ny, 2026, 11, 1, 0, 0, 0, 0),
			date(ny, 2026, 11, 1, 0, 0, 0, 0), date(ny, 2026, 11, 8, 0, 0, 0, 0), 169},

		// Berlin: DST starts Sun 2026-03-29 02:00 CET -> 03:00 CEST, ends Sun 2026-10-25 03:00 CEST -> 02:00 CET.
		{"Berlin Saturday before spring forward", berlin, date(berlin, 2026, 3, 28, 23, 0, 0, 0),
			date(berlin, 2026, 3, 22, 0, 0, 0, 0), date(berlin, 2026, 3, 29, 0, 0, 0, 0), 168},
		{"Berlin one ns before Sunday", berlin, date(berlin, 2026, 3, 29, 0, 0, 0, 0).Add(-1),
			date(berlin, 2026, 3, 22, 0, 0, 0, 0), date(berlin, 2026, 3, 29, 0, 0, 0, 0), 168},
		{"Berlin exactly Sunday 00:00", berlin, date(berlin, 2026, 3, 29, 0, 0, 0, 0),
			date(berlin, 2026, 3, 29, 0, 0, 0, 0), date(berlin, 2026, 4, 5, 0, 0, 0, 0), 167},
		{"Berlin after the jump", berlin, date(berlin, 2026, 3, 29, 3, 30, 0, 0),
			date(berlin, 2026, 3, 29, 0, 0, 0, 0), date(berlin, 2026, 4, 5, 0, 0, 0, 0), 167},
		{"Berlin midweek after spring forward", berlin, date(berlin, 2026, 4, 1, 9, 0, 0, 0),
			date(berlin, 2026, 3, 29, 0, 0, 0, 0), date(berlin, 2026, 4, 5, 0, 0, 0, 0), 167},
		{"Berlin fall back: first 02:30 (CEST)", berlin, time.Date(2026, 10, 25, 0, 30, 0, 0, utc),
			date(berlin, 2026, 10, 25, 0, 0, 0, 0), date(berlin, 2026, 11, 1, 0, 0, 0, 0), 169},
		{"Berlin fall back: second 02:30 (CET)", berlin, time.Date(2026, 10, 25, 1, 30, 0, 0, utc),
			date(berlin, 2026, 10, 25, 0, 0, 0, 0), date(berlin, 2026, 11, 1, 0, 0, 0, 0), 169},
		{"Berlin given as UTC: Saturday 23:59 UTC is Sunday local", berlin, time.Date(2026, 10, 24, 23, 59, 0, 0, utc),
			date(berlin, 2026, 10, 25, 0, 0, 0, 0), date(berlin, 2026, 11, 1, 0, 0, 0, 0), 169},
		{"Berlin exactly Sunday 00:00 (fall-back week)", berlin, date(berlin, 2026, 10, 25, 0, 0, 0, 0),
			date(berlin, 2026, 10, 25, 0, 0, 0, 0), date(berlin, 2026, 11, 1, 0, 0, 0, 0), 169},
		{"Berlin one ns before the fall-back week", berlin, date(berlin, 2026, 10, 25, 0, 0, 0, 0).Add(-1),
			date(berlin, 2026, 10, 18, 0, 0, 0, 0), date(berlin, 2026, 10, 25, 0, 0, 0, 0), 168},

		// UTC.
		{"UTC midweek", utc, time.Date(2026, 3, 4, 12, 0, 0, 0, utc),
			time.Date(2026, 3, 1, 0, 0, 0, 0, utc), time.Date(2026, 3, 8, 0, 0, 0, 0, utc), 168},
		{"UTC exactly Sunday 00:00", utc, time.Date(2026, 3, 8, 0, 0, 0, 0, utc),
			time.Date(2026, 3, 8, 0, 0, 0, 0, utc), time.Date(2026, 3, 15, 0, 0, 0, 0, utc), 168},
		{"UTC one ns before Sunday", utc, time.Date(2026, 3, 8, 0, 0, 0, 0, utc).Add(-1),
			time.Date(2026, 3, 1, 0, 0, 0, 0, utc), time.Date(2026, 3, 8, 0, 0, 0, 0, utc), 168},
		{"UTC across the new year", utc, time.Date(2026, 1, 1, 8, 0, 0, 0, utc),
			time.Date(2025, 12, 28, 0, 0, 0, 0, utc), time.Date(2026, 1, 4, 0, 0, 0, 0, utc), 168},
		{"UTC Saturday last second", utc, time.Date(2026, 2, 28, 23, 59, 59, 999_999_999, utc),
			time.Date(2026, 2, 22, 0, 0, 0, 0, utc), time.Date(2026, 3, 1, 0, 0, 0, 0, utc), 168},
		{"UTC instant in another zone", utc, date(ny, 2026, 3, 7, 20, 0, 0, 0), // Sun 01:00 UTC
			time.Date(2026, 3, 8, 0, 0, 0, 0, utc), time.Date(2026, 3, 15, 0, 0, 0, 0, utc), 168},

		// Zones whose clocks jump over midnight: the week starts at the jump, the first instant of Sunday.
		{"Santiago Saturday before a midnight jump", santiago, date(santiago, 2026, 9, 5, 23, 30, 0, 0),
			date(santiago, 2026, 8, 30, 0, 0, 0, 0), time.Date(2026, 9, 6, 4, 0, 0, 0, utc), 168},
		{"Santiago right at the midnight jump", santiago, time.Date(2026, 9, 6, 4, 0, 0, 0, utc),
			time.Date(2026, 9, 6, 4, 0, 0, 0, utc), date(santiago, 2026, 9, 13, 0, 0, 0, 0), 167},
		{"Santiago the Sunday after a midnight jump", santiago, date(santiago, 2026, 9, 6, 1, 30, 0, 0),
			time.Date(2026, 9, 6, 4, 0, 0, 0, utc), date(santiago, 2026, 9, 13, 0, 0, 0, 0), 167},
		{"Santiago fall back at midnight (Saturday 23:30 twice)", santiago, time.Date(2026, 4, 5, 3, 30, 0, 0, utc),
			date(santiago, 2026, 3, 29, 0, 0, 0, 0), date(santiago, 2026, 4, 5, 0, 0, 0, 0), 169},
		{"Havana Saturday before a midnight jump", havana, date(havana, 2026, 3, 7, 23, 30, 0, 0),
			date(havana, 2026, 3, 1, 0, 0, 0, 0), time.Date(2026, 3, 8, 5, 0, 0, 0, utc), 168},
		{"Havana the Sunday after a midnight jump", havana, date(havana, 2026, 3, 8, 3, 0, 0, 0),
			time.Date(2026, 3, 8, 5, 0, 0, 0, utc), date(havana, 2026, 3, 15, 0, 0, 0, 0), 167},
		{"Havana second 00:30 of a doubled midnight", havana, time.Date(2026, 11, 1, 5, 30, 0, 0, utc),
			time.Date(2026, 11, 1, 4, 0, 0, 0, utc), date(havana, 2026, 11, 8, 0, 0, 0, 0), 169},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ws := WeekStart(tc.t, tc.loc)
			if !ws.Equal(tc.start) {
				t.Errorf("WeekStart(%v) = %v, want %v", tc.t.In(tc.loc), ws.In(tc.loc), tc.start.In(tc.loc))
			}
			next := NextWeekStart(tc.t, tc.loc)
			if !next.Equal(tc.next) {
				t.Errorf("NextWeekStart(%v) = %v, want %v", tc.t.In(tc.loc), next.In(tc.loc), tc.next.In(tc.loc))
			}
			if ws.After(tc.t) || !tc.t.Before(next) {
				t.Errorf("%v is not in [%v, %v)", tc.t, ws, next)
			}
			if h := next.Sub(ws).Hours(); h != tc.wantHours {
				t.Errorf("week is %vh long, want %vh", h, tc.wantHours)
			}
			if ws.Location() != tc.loc {
				t.Errorf("WeekStart in %v, want %v", ws.Location(), tc.loc)
			}
		})
	}
}

// Every instant of a year, in zones with all kinds of offsets and
// transitions: the week that contains it starts on the first instant of a
// local Sunday, ends on the next one, and is 7 local days long.
func TestWeekInvariants(t *testing.T) {
	zones := []string{
		"UTC", "America/New_York", "Europe/Berlin", "America/Santiago", "America/Havana", "Asia/Beirut",
		"Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Pacific/Kiritimati",
		"America/Asuncion", "Europe/London",
	}
	step := 47 * time.Minute
	if testing.Short() {
		step = 7 * time.Hour
	}
	for _, z := range zones {
		loc := mustZone(t, z)
		fails := 0
		for at := time.Date(2025, 12, 25, 0, 0, 0, 0, time.UTC); at.Year() < 2027; at = at.Add(step) {
			ws, next := WeekStart(at, loc), NextWeekStart(at, loc)
			lws, lnext := ws.In(loc), next.In(loc)
			bad := ""
			switch {
			case ws.After(at) || !at.Before(next):
				bad = "instant outside its week"
			case lws.Weekday() != time.Sunday || lnext.Weekday() != time.Sunday:
				bad = "week does not start on Sunday"
			case ws.Add(-1).In(loc).Weekday() != time.Saturday || next.Add(-1).In(loc).Weekday() != time.Saturday:
				bad = "start is not the first instant of Sunday"
			case !WeekStart(next, loc).Equal(next) || !WeekStart(ws, loc).Equal(ws):
				bad = "WeekStart of a week start is not itself"
			case !WeekStart(ws.Add(-1), loc).Before(ws) || !NextWeekStart(ws.Add(-1), loc).Equal(ws):
				bad = "weeks do not tile"
			case next.Sub(ws) < 166*time.Hour || next.Sub(ws) > 170*time.Hour:
				bad = "week length"
			case civilDay(lnext).Sub(civilDay(lws)) != 7*24*time.Hour:
				bad = "week is not 7 local days"
			}
			if bad != "" {
				t.Errorf("%s at %v: %s: week %v .. %v", z, at.In(loc), bad, lws, lnext)
				if fails++; fails > 5 {
					break
				}
			}
		}
	}
}

// civilDay is t's local calendar date, as midnight UTC.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestGMVWindow(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tokyo := mustZone(t, "Asia/Tokyo")
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		name     string
		ws       time.Time
		loc      *time.Location
		from, to string
	}{
		{"UTC across the new year", time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC), time.UTC, "2025-12-05", "2026-01-03"},
		{"NY across February", time.Date(2026, 3, 8, 0, 0, 0, 0, ny), ny, "2026-02-06", "2026-03-07"},
		{"NY week start as a UTC instant", time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC), ny, "2026-02-06", "2026-03-07"},
		{"Tokyo: local days, not UTC days", time.Date(2026, 3, 1, 0, 0, 0, 0, tokyo), tokyo, "2026-01-30", "2026-02-28"},
		{"Berlin across DST", time.Date(2026, 4, 5, 0, 0, 0, 0, berlin), berlin, "2026-03-06", "2026-04-04"},
		{"leap year", time.Date(2028, 3, 5, 0, 0, 0, 0, time.UTC), time.UTC, "2028-02-04", "2028-03-04"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to := GMVWindow(tc.ws, tc.loc)
			if from != tc.from || to != tc.to {
				t.Errorf("GMVWindow = %s..%s, want %s..%s", from, to, tc.from, tc.to)
			}
			f, _ := time.Parse(DayLayout, from)
			l, _ := time.Parse(DayLayout, to)
			if days := int(l.Sub(f).Hours()/24) + 1; days != 30 {
				t.Errorf("window has %d days, want 30", days)
			}
		})
	}
}

func TestLoadZone(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"", "UTC", true},
		{"UTC", "UTC", true},
		{"Europe/Berlin", "Europe/Berlin", true},
		{"America/New_York", "America/New_York", true},
		{"Mars/Olympus_Mons", "", false},
		{"../../etc/passwd", "", false},
	} {
		loc, err := LoadZone(tc.name)
		if tc.ok {
			if err != nil || loc.String() != tc.want {
				t.Errorf("LoadZone(%q) = %v, %v; want %s", tc.name, loc, err, tc.want)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrInvalid) || loc != nil {
			t.Errorf("LoadZone(%q) = %v, %v; want an ErrInvalid", tc.name, loc, err)
		}
	}
}
