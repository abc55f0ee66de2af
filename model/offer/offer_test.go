package offer

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

func TestNewBoost(t *testing.T) {
	now := utc(2026, 6, 1, 12, 0)
	start, end := utc(2026, 6, 2, 0, 0), utc(2026, 6, 9, 0, 0)
	tests := []struct {
		name       string
		rate       float64
		start, end time.Time
		seg        program.SegmentName
		creators   []string
		wantErr    string
	}{
		{"segment", 25, start, end, program.SegmentInactive, nil, ""},
		{"creators", 80, start, end, "", []string{"b", "a", "a"}, ""},
		{"started already, still running", 10, now.Add(-48 * time.Hour), end, program.SegmentPower, nil, ""},
		{"above 80", 80.01, start, end, program.SegmentPower, nil, "at most 80%"},
		{"zero", 0, start, end, program.SegmentPower, nil, "above 0%"},
		{"negative", -5, start, end, program.SegmentPower, nil, "above 0%"},
		{"NaN", math.NaN(), start, end, program.SegmentPower, nil, "want above 0%"},
		{"end before start", 20, end, start, program.SegmentPower, nil, "not after its start"},
		{"end equals start", 20, start, start, program.SegmentPower, nil, "not after its start"},
		{"ended", 20, now.Add(-72 * time.Hour), now.Add(-time.Hour), program.SegmentPower, nil, "has passed"},
		{"both", 20, start, end, program.SegmentPower, []string{"a"}, "not both"},
		{"neither", 20, start, end, "", nil, "no segment and no creators"},
		{"bad segment", 20, start, end, "vip", nil, `segment "vip"`},
		{"bad creator", 20, start, end, "", []string{"a b"}, "only letters"},
		{"beyond 2200", 20, start, utc(2200, 1, 2, 0, 0), program.SegmentPower, nil, "between 1970 and 2200"},
	}
	for _, tt := range tests {
		b, err := NewBoost(tt.rate, tt.start, tt.end, tt.seg, tt.creators, now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if tt.creators != nil && strings.Join(b.Creators, ",") != "a,b" {
			t.Errorf("%s: creators %v", tt.name, b.Creators)
		}
	}
}

func TestBoostActiveEndsByItself(t *testing.T) {
	b, err := NewBoost(30, utc(2026, 6, 2, 0, 0), utc(2026, 6, 9, 0, 0), "", []string{"lena", "max"}, utc(2026, 6, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at     time.Time
		active bool
		ended  bool
		rate   float64
	}{
		{utc(2026, 6, 1, 23, 59), false, false, 10},
		{utc(2026, 6, 2, 0, 0), true, false, 30},
		{utc(2026, 6, 8, 23, 59), true, false, 30},
		{utc(2026, 6, 9, 0, 0), false, true, 10},
		{utc(2027, 1, 1, 0, 0), false, true, 10},
	}
	for _, tt := range tests {
		if b.Active(tt.at) != tt.active || b.Ended(tt.at) != tt.ended || b.RateAt(tt.at, 10) != tt.rate {
			t.Errorf("at %s: active %v ended %v rate %v", tt.at, b.Active(tt.at), b.Ended(tt.at), b.RateAt(tt.at, 10))
		}
	}
	if b.RateAt(utc(2026, 6, 3, 0, 0), 40) != 40 {
		t.Error("a boost lowered a higher base rate")
	}
	seg, _ := NewBoost(30, utc(2026, 6, 2, 0, 0), utc(2026, 6, 9, 0, 0), program.SegmentInactive, nil, utc(2026, 6, 1, 0, 0))
	covers := []struct {
		b       *Boost
		id      string
		seg     program.SegmentName
		flagged bool
		want    bool
	}{
		{b, "lena", program.SegmentPower, false, true},
		{b, "lena", program.SegmentPower, true, false},
		{b, "zed", program.SegmentPower, false, false},
		{seg, "zed", program.SegmentInactive, false, true},
		{seg, "zed", program.SegmentInactive, true, false},
		{seg, "zed", program.SegmentCasual, false, false},
	}
	for _, c := range covers {
		if got := c.b.Covers(c.id, c.seg, c.flagged); got != c.want {
			t.Errorf("covers %s/%s flagged %v = %v", c.id, c.seg, c.flagged, got)
		}
	}
	kept, left := ExcludeFlagged([]string{"a", "f1", "b", "f2"}, func(id string) bool { return strings.HasPrefix(id, "f") })
	if strings.Join(kept, ",") != "a,b" || strings.Join(left, ",") != "f1,f2" {
		t.Errorf("kept %v left %v", kept, left)
	}
}

func TestMakeCode(t *testing.T) {
	taken := func(codes ...string) func(string) bool {
		return func(c string) bool {
			for _, x := range codes {
				if x == c {
					return true
				}
			}
			return false
		}
	}
	tests := []struct {
		name, seller, handle string
		discount             int
		taken                func(string) bool
		want, wantErr        string
	}{
		{"the SPEC's example", "acme", "lena", 15, taken(), "ACME-LENA15", ""},
		{"handle punctuation dropped", "Acme Store", "lena.k_99", 10, taken(), "ACMESTORE-LENAK9910", ""},
		{"long names cut", "Superlongsellername Inc", "averyveryverylonghandle", 5, taken(), "SUPERLONGS-AVERYVERYVER5", ""},
		{"taken: -2", "acme", "lena", 15, taken("ACME-LENA15"), "ACME-LENA15-2", ""},
		{"taken twice: -3", "acme", "lena", 15, taken("ACME-LENA15", "ACME-LENA15-2"), "ACME-LENA15-3", ""},
		{"non-ASCII seller", "Ölwerk Ünd", "lena", 20, taken(), "LWERKND-LENA20", ""},
		{"no ASCII at all", "日本", "lena", 20, taken(), "CODE-LENA20", ""},
		{"discount 0", "acme", "lena", 0, taken(), "", "discount 0%"},
		{"discount 91", "acme", "lena", 91, taken(), "", "discount 91%"},
		{"everything taken", "acme", "lena", 15, func(string) bool { return true }, "", "variants are taken"},
	}
	for _, tt := range tests {
		got, err := MakeCode(tt.seller, tt.handle, tt.discount, tt.taken)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %q %v, want %q", tt.name, got, err, tt.want)
		}
		if err := ValidCode(got); err != nil {
			t.Errorf("%s: generated code invalid: %v", tt.name, err)
		}
	}
}

func TestNewCodeAndValid(t *testing.T) {
	now := utc(2026, 6, 1, 12, 0)
	until := utc(2026, 7, 1, 0, 0)
	existing := func(c string) bool { return c == "ACME-MAX10" }
	tests := []struct {
		name     string
		code     string
		discount int
		until    time.Time
		uses     int
		wantErr  string
		want     string
	}{
		{"ok, normalised", "  acme-lena15 ", 15, until, 0, "", "ACME-LENA15"},
		{"exists, any case", "acme-max10", 10, until, 0, "already exists", ""},
		{"bad characters", "ACME LENA", 15, until, 0, "A-Z, 0-9", ""},
		{"too short", "AB", 15, until, 0, "want 4 to 32", ""},
		{"too long", strings.Repeat("A", 33), 15, until, 0, "want 4 to 32", ""},
		{"leading dash", "-ACME", 15, until, 0, "inner '-'", ""},
		{"discount", "ACME-X", 95, until, 0, "discount 95%", ""},
		{"end passed", "ACME-X", 15, now, 0, "not after now", ""},
		{"negative uses", "ACME-X", 15, until, -1, "uses -1", ""},
		{"uses", "ACME-X", 15, until, 100, "", "ACME-X"},
	}
	for _, tt := range tests {
		c, err := NewCode(tt.code, "acme", "lena", tt.discount, tt.until, tt.uses, now, existing)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || c.Code != tt.want {
			t.Errorf("%s: %+v %v", tt.name, c, err)
		}
	}
	if _, err := NewCode("acme-max10", "acme", "x", 10, until, 0, now, existing); !errors.Is(err, ErrCodeTaken) {
		t.Errorf("taken code: %v, want ErrCodeTaken", err)
	}

	c, _ := NewCode("ACME-LENA15", "acme", "lena", 15, until, 3, now, existing)
	valid := []struct {
		at   time.Time
		uses int
		want error
	}{
		{now.Add(-time.Second), 0, ErrCodeNotYet},
		{now, 0, nil},
		{until.Add(-time.Nanosecond), 2, nil},
		{until, 0, ErrCodeExpired},
		{now.Add(time.Hour), 3, ErrCodeUsedUp},
	}
	for _, v := range valid {
		err := c.Check(v.at, v.uses)
		if v.want == nil && err != nil || v.want != nil && !errors.Is(err, v.want) || c.Valid(v.at, v.uses) != (v.want == nil) {
			t.Errorf("at %s uses %d: %v, want %v", v.at, v.uses, err, v.want)
		}
	}
	unlimited, _ := NewCode("ACME-ANY5", "acme", "lena", 5, until, 0, now, existing)
	if !unlimited.Valid(now, 1_000_000) {
		t.Error("unlimited code used up")
	}
}

func TestDayBounds(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	end, err := EndOfDay("2026-03-28", paris)
	if err != nil || !end.Equal(utc(2026, 3, 28, 23, 0)) {
		t.Errorf("end of 28 March in Paris = %s %v", end, err)
	}
	start, err := StartOfDay("2026-03-29", paris)
	if err != nil || !start.Equal(utc(2026, 3, 28, 23, 0)) {
		t.Errorf("start of 29 March = %s %v", start, err)
	}
	end, _ = EndOfDay("2026-03-29", paris) // a 23-hour day
	if !end.Equal(utc(2026, 3, 29, 22, 0)) {
		t.Errorf("end of 29 March = %s", end)
	}
	if _, err := EndOfDay("29/03/2026", paris); !errors.Is(err, model.ErrInvalid) {
		t.Error("bad day parsed")
	}
	if _, err := StartOfDay("2026-02-30", paris); !errors.Is(err, model.ErrInvalid) {
		t.Error("30 February parsed")
	}
}
