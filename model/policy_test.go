package model

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	wantTiers := []Tier{
		{"T1", 0, 50, 20_000},
		{"T2", 100_00, 200, 100_000},
		{"T3", 2_000_00, 500, 1_000_000},
		{"T4", 50_000_00, Unlimited, Unlimited},
	}
	if !reflect.DeepEqual(p.Tiers, wantTiers) {
		t.Errorf("tiers = %+v", p.Tiers)
	}
	if p.StarterPack != 1000 || p.MessageCap != 5 || p.IdempotencyDays != 7 {
		t.Errorf("starter pack %d, message cap %d, idempotency days %d", p.StarterPack, p.MessageCap, p.IdempotencyDays)
	}
	wantLevels := []LevelThreshold{
		{1, 1_00, 1, 1},
		{2, 100_00, 4, 2},
		{3, 500_00, 8, 3},
		{4, 2_000_00, 12, 5},
		{5, 10_000_00, 15, 8},
		{6, 50_000_00, 18, 10},
		{7, 200_000_00, 20, 15},
		{8, 1_000_000_00, 22, 20},
	}
	if !reflect.DeepEqual(p.Levels, wantLevels) {
		t.Errorf("levels = %+v", p.Levels)
	}
	// Each call is a fresh copy: changing one does not change the next.
	p.Tiers[0].WeeklyLimit = 1
	p.Levels[0].GMV = 5
	if q := DefaultPolicy(); q.Tiers[0].WeeklyLimit != 50 || q.Levels[0].GMV != 1_00 {
		t.Error("DefaultPolicy shares state between calls")
	}
}

func TestTierFor(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		gmv  string
		tier string
	}{
		{"0", "T1"}, {"0.01", "T1"}, {"99.99", "T1"},
		{"100", "T2"}, {"100.01", "T2"}, {"1999.99", "T2"},
		{"2000", "T3"}, {"49999.99", "T3"},
		{"50000", "T4"}, {"50000.01", "T4"}, {"9999999999999.99", "T4"},
		{"-5", "T1"}, // refunds can make GMV30 negative
	}
	for _, tc := range tests {
		c, err := ParseUSD(tc.gmv)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.TierFor(c); got.Name != tc.tier {
			t.Errorf("TierFor(%s) = %s, want %s", tc.gmv, got.Name, tc.tier)
		}
	}
}

// levelsJSON is a valid levels array, with row i replaced by override[i] when given.
func levelsJSON(override map[int]string) string {
	rows := make([]string, 8)
	for i := range rows {
		rows[i] = fmt.Sprintf(`{"level":"L%d","gmv":%d,"active_days":%d,"products":%d}`, i+1, (i+1)*10, i+1, i+1)
		if o, ok := override[i]; ok {
			rows[i] = o
		}
	}
	return "[" + strings.Join(rows, ",") + "]"
}

func TestLoadPolicy(t *testing.T) {
	t.Run("empty object is the default", func(t *testing.T) {
		for _, in := range []string{`{}`, " {}\n", `null`, `{"tiers":null,"levels":null}`} {
			p, err := LoadPolicy(strings.NewReader(in))
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			if !reflect.DeepEqual(p, DefaultPolicy()) {
				t.Errorf("%q: %+v, want the default", in, p)
			}
		}
	})
	t.Run("scalars override, the rest is default", func(t *testing.T) {
		p, err := LoadPolicy(strings.NewReader(`{"starter_pack": 10, "message_cap": 3, "idempotency_days": 30}`))
		if err != nil {
			t.Fatal(err)
		}
		want := DefaultPolicy()
		want.StarterPack, want.MessageCap, want.IdempotencyDays = 10, 3, 30
		if !reflect.DeepEqual(p, want) {
			t.Errorf("got %+v, want %+v", p, want)
		}
	})
	t.Run("bounds allowed", func(t *testing.T) {
		for _, in := range []string{
			`{"starter_pack": 0}`, `{"starter_pack": 1000000}`, `{"message_cap": 1}`, `{"message_cap": 1000}`,
			`{"idempotency_days": 7}`, `{"idempotency_days": 3650}`,
		} {
			if _, err := LoadPolicy(strings.NewReader(in)); err != nil {
				t.Errorf("%s: %v", in, err)
			}
		}
	})
	t.Run("tiers replace the table; null or missing limits are unlimited", func(t *testing.T) {
		in := `{"tiers": [
			{"name": "Free", "min_gmv30": 0, "weekly_limit": 0, "follower_cap": 0},
			{"name": "Mid", "min_gmv30": 10.5, "weekly_limit": 10, "follower_cap": null},
			{"name": "Top", "min_gmv30": 1000, "weekly_limit": null},
			{"name": "Max", "min_gmv30": 5000.25}
		]}`
		p, err := LoadPolicy(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		want := []Tier{
			{"Free", 0, 0, 0},
			{"Mid", 10_50, 10, Unlimited},
			{"Top", 1000_00, Unlimited, Unlimited},
			{"Max", 5000_25, Unlimited, Unlimited},
		}
		if !reflect.DeepEqual(p.Tiers, want) {
			t.Errorf("tiers = %+v, want %+v", p.Tiers, want)
		}
		if p.StarterPack != 1000 || !reflect.DeepEqual(p.Levels, DefaultPolicy().Levels) {
			t.Error("other fields lost their defaults")
		}
		for gmv, tier := range map[Cents]string{0: "Free", 10_49: "Free", 10_50: "Mid", 999_99: "Mid", 1000_00: "Top", 5000_25: "Max"} {
			if got := p.TierFor(gmv).Name; got != tier {
				t.Errorf("TierFor(%s) = %s, want %s", gmv, got, tier)
			}
		}
	})
	t.Run("levels replace the table", func(t *testing.T) {
		p, err := LoadPolicy(strings.NewReader(`{"levels": ` + levelsJSON(map[int]string{
			0: `{"level":"l1","gmv":0.5,"active_days":0,"products":0}`,
		}) + `}`))
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Levels) != 8 {
			t.Fatalf("%d levels", len(p.Levels))
		}
		if got := p.Levels[0]; got != (LevelThreshold{Level: 1, GMV: 50, ActiveDays: 0, Products: 0}) {
			t.Errorf("levels[0] = %+v", got)
		}
		if got := p.Levels[7]; got != (LevelThreshold{Level: 8, GMV: 80_00, ActiveDays: 8, Products: 8}) {
			t.Errorf("levels[7] = %+v", got)
		}
		if got := p.ComputeLevel(MonthPerf{GMV: 50}); got != 1 {
			t.Errorf("custom L1 at 0.50 USD: %s", got)
		}
	})
}

func TestLoadPolicyErrors(t *testing.T) {
	tier := func(name, min string) string { return fmt.Sprintf(`{"name":%q,"min_gmv30":%s}`, name, min) }
	seventeen := make([]string, 17)
	for i := range seventeen {
		seventeen[i] = tier(fmt.Sprintf("t%d", i), fmt.Sprint(i))
	}
	tests := []struct {
		name  string
		in    string
		field string // PolicyError.Field, exactly
		msg   string // a substring of the message
	}{
		{"not JSON", `starter_pack = 5`, "(file)", "not valid JSON"},
		{"truncated JSON", `{"starter_pack": 5`, "(file)", ""},
		{"empty file", ``, "(file)", ""},
		{"top level is an array", `[]`, "(file)", ""},
		{"top level is a number", `42`, "(file)", ""},
		{"data after the object", `{"starter_pack": 5} {"starter_pack": 6}`, "(file)", ""},
		{"garbage after the object", `{} x`, "(file)", ""},
		{"unknown field", `{"starter_pak": 5}`, "(file)", `"starter_pak"`},
		{"unknown field in a tier", `{"tiers":[{"name":"a","min_gmv30":0,"limit":5}]}`, "(file)", `"limit"`},
		{"too large", `{"starter_pack": 1` + strings.Repeat(" ", 1<<20) + `}`, "(file)", "1 MiB"},

		{"starter_pack negative", `{"starter_pack": -1}`, "starter_pack", "0..1000000"},
		{"starter_pack too big", `{"starter_pack": 1000001}`, "starter_pack", "0..1000000"},
		{"starter_pack a string", `{"starter_pack": "ten"}`, "starter_pack", "string"},
		{"starter_pack a fraction", `{"starter_pack": 1.5}`, "starter_pack", ""},
		{"message_cap 0", `{"message_cap": 0}`, "message_cap", "1..1000"},
		{"message_cap 1001", `{"message_cap": 1001}`, "message_cap", "1..1000"},
		{"idempotency_days 6", `{"idempotency_days": 6}`, "idempotency_days", "at least 7 days"},
		{"idempotency_days 3651", `{"idempotency_days": 3651}`, "idempotency_days", ""},

		{"tiers empty", `{"tiers": []}`, "tiers", "1 to 16"},
		{"tiers 17", `{"tiers": [` + strings.Join(seventeen, ",") + `]}`, "tiers", "1 to 16"},
		{"tiers not an array", `{"tiers": {}}`, "tiers", ""},
		{"first tier not at 0", `{"tiers":[` + tier("a", "5") + `]}`, "tiers[0].min_gmv30", "start at 0"},
		{"tier not ascending", `{"tiers":[` + tier("a", "0") + `,` + tier("b", "0") + `]}`, "tiers[1].min_gmv30", "above the tier before"},
		{"tier descending", `{"tiers":[` + tier("a", "0") + `,` + tier("b", "100") + `,` + tier("c", "99.99") + `]}`, "tiers[2].min_gmv30", "above"},
		{"tier min missing", `{"tiers":[` + tier("a", "0") + `,{"name":"b"}]}`, "tiers[1].min_gmv30", "required"},
		{"tier min negative", `{"tiers":[` + tier("a", "-1") + `]}`, "tiers[0].min_gmv30", "0 or more"},
		{"tier min three decimals", `{"tiers":[` + tier("a", "0") + `,` + tier("b", "1.005") + `]}`, "tiers[1].min_gmv30", "two decimals"},
		{"tier min too large", `{"tiers":[` + tier("a", "0") + `,` + tier("b", "1e14") + `]}`, "tiers[1].min_gmv30", ""},
		{"tier min a string", `{"tiers":[{"name":"a","min_gmv30":"0"}]}`, "tiers.min_gmv30", "string"},
		{"tier name empty", `{"tiers":[` + tier("", "0") + `]}`, "tiers[0].name", "1 to 16"},
		{"tier name missing", `{"tiers":[{"min_gmv30":0}]}`, "tiers[0].name", ""},
		{"tier name too long", `{"tiers":[` + tier("abcdefghijklmnopq", "0") + `]}`, "tiers[0].name", ""},
		{"tier name with an escape", `{"tiers":[{"name":"T\u001b[31m1","min_gmv30":0}]}`, "tiers[0].name", "printable"},
		{"tier name with a newline", `{"tiers":[{"name":"T\n1","min_gmv30":0}]}`, "tiers[0].name", ""},
		{"tier name twice", `{"tiers":[` + tier("a", "0") + `,` + tier("a", "1") + `]}`, "tiers[1].name", "twice"},
		{"weekly_limit negative", `{"tiers":[{"name":"a","min_gmv30":0,"weekly_limit":-1}]}`, "tiers[0].weekly_limit", "null for unlimited"},
		{"weekly_limit huge", `{"tiers":[{"name":"a","min_gmv30":0,"weekly_limit":100000001}]}`, "tiers[0].weekly_limit", ""},
		{"follower_cap negative", `{"tiers":[` + tier("a", "0") + `,{"name":"b","min_gmv30":1,"follower_cap":-5}]}`, "tiers[1].follower_cap", "null for no cap"},

		{"levels: 7 rows", `{"levels": [` + strings.Repeat(`{"level":"L1","gmv":1,"active_days":1,"products":1},`, 6) + `{"level":"L1","gmv":1,"active_days":1,"products":1}]}`, "levels", "exactly 8"},
		{"levels: empty", `{"levels": []}`, "levels", "exactly 8"},
		{"levels[0].level wrong", `{"levels": ` + levelsJSON(map[int]string{0: `{"level":"L2","gmv":1,"active_days":1,"products":1}`}) + `}`, "levels[0].level", "want L1"},
		{"levels[2].level not a level", `{"levels": ` + levelsJSON(map[int]string{2: `{"level":"gold","gmv":1,"active_days":1,"products":1}`}) + `}`, "levels[2].level", "want L3"},
		{"levels[7].level L9", `{"levels": ` + levelsJSON(map[int]string{7: `{"level":"L9","gmv":1,"active_days":1,"products":1}`}) + `}`, "levels[7].level", ""},
		{"levels[0] missing gmv", `{"levels": ` + levelsJSON(map[int]string{0: `{"level":"L1","active_days":1,"products":1}`}) + `}`, "levels[0]", "required"},
		{"levels[4] missing products", `{"levels": ` + levelsJSON(map[int]string{4: `{"level":"L5","gmv":1,"active_days":1}`}) + `}`, "levels[4]", "required"},
		{"levels[1].gmv negative", `{"levels": ` + levelsJSON(map[int]string{1: `{"level":"L2","gmv":-1,"active_days":1,"products":1}`}) + `}`, "levels[1].gmv", ""},
		{"levels[1].gmv three decimals", `{"levels": ` + levelsJSON(map[int]string{1: `{"level":"L2","gmv":0.001,"active_days":1,"products":1}`}) + `}`, "levels[1].gmv", "two decimals"},
		{"levels[0].active_days 32", `{"levels": ` + levelsJSON(map[int]string{0: `{"level":"L1","gmv":1,"active_days":32,"products":1}`}) + `}`, "levels[0].active_days", "0..31"},
		{"levels[3].active_days negative", `{"levels": ` + levelsJSON(map[int]string{3: `{"level":"L4","gmv":1,"active_days":-1,"products":1}`}) + `}`, "levels[3].active_days", ""},
		{"levels[0].products negative", `{"levels": ` + levelsJSON(map[int]string{0: `{"level":"L1","gmv":1,"active_days":1,"products":-1}`}) + `}`, "levels[0].products", "0 or more"},
		{"levels unknown field", `{"levels": ` + levelsJSON(map[int]string{0: `{"level":"L1","gmv":1,"active_days":1,"products":1,"views":3}`}) + `}`, "(file)", `"views"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := LoadPolicy(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("accepted: %+v", p)
			}
			if p != nil {
				t.Errorf("policy returned with an error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q is not ErrInvalid", err)
			}
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("error %q is not a *PolicyError", err)
			}
			if pe.Field != tc.field {
				t.Errorf("field %q, want %q (error %q)", pe.Field, tc.field, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "policy: "+tc.field+": ") {
				t.Errorf("error %q does not start with the field %q", msg, tc.field)
			}
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("error %q does not contain %q", msg, tc.msg)
			}
			if !IsSafe(msg) || strings.Contains(msg, "\n") || len(msg) > 300 {
				t.Errorf("error is not one short safe line: %q", Clip(msg, 80))
			}
		})
	}
}

func TestLoadPolicyReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	p, err := LoadPolicy(iotest.ErrReader(boom))
	if p != nil || !errors.Is(err, boom) {
		t.Errorf("LoadPolicy(failing reader) = %v, %v; want the read error", p, err)
	}
}

func TestPolicyErrorFormat(t *testing.T) {
	e := &PolicyError{Field: "tiers[1].min_gmv30", Msg: "is required"}
	if got := e.Error(); got != "policy: tiers[1].min_gmv30: is required" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(e, ErrInvalid) {
		t.Error("not ErrInvalid")
	}
}

func FuzzLoadPolicy(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"starter_pack": 10}`, `{"tiers":[{"name":"a","min_gmv30":0,"weekly_limit":null}]}`,
		`{"levels": ` + levelsJSON(nil) + `}`, `{"tiers":[{"name":"a","min_gmv30":0},{"name":"b","min_gmv30":0.015}]}`,
		`{"message_cap": 0}`, `{} x`, `{"tiers":[{"name":"\u001b]0;x\u0007","min_gmv30":0}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := LoadPolicy(strings.NewReader(s))
		if err != nil {
			if p != nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("LoadPolicy(%q) = %v, %v; want nil and an ErrInvalid", s, p, err)
			}
			if msg := err.Error(); !IsSafe(msg) || strings.Contains(msg, "\n") {
				t.Fatalf("LoadPolicy(%q): unsafe error %q", s, msg)
			}
			return
		}
		if len(p.Tiers) == 0 || p.Tiers[0].MinGMV30 != 0 {
			t.Fatalf("LoadPolicy(%q): tiers %+v", s, p.Tiers)
		}
		for i, tier := range p.Tiers {
			if i > 0 && tier.MinGMV30 <= p.Tiers[i-1].MinGMV30 {
				t.Fatalf("LoadPolicy(%q): tiers not ascending: %+v", s, p.Tiers)
			}
			if tier.Name == "" || !IsSafe(tier.Name) || tier.WeeklyLimit < Unlimited || tier.FollowerCap < Unlimited {
				t.Fatalf("LoadPolicy(%q): bad tier %+v", s, tier)
			}
		}
		if len(p.Levels) != 8 || p.MessageCap < 1 || p.StarterPack < 0 || p.IdempotencyDays < 7 {
			t.Fatalf("LoadPolicy(%q): %+v", s, p)
		}
		for i, l := range p.Levels {
			if l.Level != Level(i+1) {
				t.Fatalf("LoadPolicy(%q): levels out of order: %+v", s, p.Levels)
			}
		}
	})
}
