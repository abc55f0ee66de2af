package engage

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

func TestCampaignTransition(t *testing.T) {
	all := []CampaignState{CampaignDraft, CampaignScheduled, CampaignRunning, CampaignPaused, CampaignDone, CampaignCanceled}
	allowed := map[[2]CampaignState]bool{
		{CampaignDraft, CampaignScheduled}:    true,
		{CampaignDraft, CampaignRunning}:      true,
		{CampaignDraft, CampaignCanceled}:     true,
		{CampaignScheduled, CampaignRunning}:  true,
		{CampaignScheduled, CampaignPaused}:   true,
		{CampaignScheduled, CampaignCanceled}: true,
		{CampaignRunning, CampaignScheduled}:  true,
		{CampaignRunning, CampaignDone}:       true,
		{CampaignRunning, CampaignPaused}:     true,
		{CampaignRunning, CampaignCanceled}:   true,
		{CampaignPaused, CampaignScheduled}:   true,
		{CampaignPaused, CampaignRunning}:     true,
		{CampaignPaused, CampaignCanceled}:    true,
	}
	// Every pair: exactly the table above is allowed.
	for _, from := range all {
		for _, to := range all {
			err := CampaignTransition("spring", from, to)
			if want := allowed[[2]CampaignState{from, to}]; (err == nil) != want {
				t.Errorf("%s -> %s: err %v, want allowed %v", from, to, err, want)
			}
			if err != nil {
				var te *TransitionError
				if !errors.As(err, &te) || !errors.Is(err, model.ErrInvalid) || te.From != from || te.To != to {
					t.Errorf("%s -> %s: %#v", from, to, err)
				}
				if !strings.HasSuffix(err.Error(), ".") || !strings.Contains(err.Error(), `"spring"`) {
					t.Errorf("%s -> %s: not a sentence naming the campaign: %q", from, to, err)
				}
			}
		}
	}
	sentences := []struct {
		from, to CampaignState
		want     string
	}{
		{CampaignDone, CampaignRunning, "is done; create a new campaign"},
		{CampaignCanceled, CampaignScheduled, "was canceled"},
		{CampaignDraft, CampaignPaused, "only a scheduled or running campaign can be paused"},
		{CampaignPaused, CampaignPaused, "is already paused"},
		{CampaignScheduled, CampaignDone, "only a running campaign can finish"},
		{CampaignRunning, CampaignDraft, "can't go back to draft"},
	}
	for _, s := range sentences {
		if err := CampaignTransition("spring", s.from, s.to); err == nil || !strings.Contains(err.Error(), s.want) {
			t.Errorf("%s -> %s: %v, want %q", s.from, s.to, err, s.want)
		}
	}
	for _, st := range all {
		if got, err := ParseCampaignState(string(st)); err != nil || got != st {
			t.Errorf("ParseCampaignState(%s) = %v, %v", st, got, err)
		}
		if st.Final() != (st == CampaignDone || st == CampaignCanceled) {
			t.Errorf("%s final = %v", st, st.Final())
		}
	}
	if _, err := ParseCampaignState("sent"); err == nil {
		t.Error("unknown state parsed")
	}
}

func TestAudience(t *testing.T) {
	members := []AudienceMember{
		{Creator: "p1", Segment: program.SegmentPower},
		{Creator: "g1", Segment: program.SegmentGrowth, Goals: []string{"g-june"}},
		{Creator: "c1", Segment: program.SegmentCasual, Flagged: true},
		{Creator: "n1", Segment: program.SegmentInactive, Kind: program.KindNew},
		{Creator: "l1", Segment: program.SegmentInactive, Kind: program.KindLapsed, Dormant: true},
		{Creator: "v1", Segment: program.SegmentInactive, Kind: program.KindNeverActivated, Dormant: true, Flagged: true},
	}
	tests := []struct {
		name    string
		a       Audience
		want    string // selected creators, comma separated
		wantErr string
	}{
		{"empty", Audience{}, "", "audience is empty"},
		{"one segment", Audience{Segments: []program.SegmentName{program.SegmentPower}}, "p1", ""},
		{"segments add up", Audience{Segments: []program.SegmentName{program.SegmentGrowth, program.SegmentPower, program.SegmentPower}}, "p1,g1", ""},
		{"inactive segment", Audience{Segments: []program.SegmentName{program.SegmentInactive}}, "n1,l1,v1", ""},
		{"a kind", Audience{Kinds: []program.InactiveKind{program.KindLapsed}}, "l1", ""},
		{"segment or kind", Audience{Segments: []program.SegmentName{program.SegmentCasual}, Kinds: []program.InactiveKind{program.KindNew}}, "c1,n1", ""},
		{"dormant alone", Audience{Dormant: true}, "l1,v1", ""},
		{"dormant narrows", Audience{Segments: []program.SegmentName{program.SegmentInactive}, Dormant: true}, "l1,v1", ""},
		{"unflagged narrows", Audience{Segments: []program.SegmentName{program.SegmentInactive}, Dormant: true, Flagged: FlagExclude}, "l1", ""},
		{"flagged alone", Audience{Flagged: FlagOnly}, "c1,v1", ""},
		{"unflagged alone", Audience{Flagged: FlagExclude}, "p1,g1,n1,l1", ""},
		{"goal", Audience{Goal: "g-june"}, "g1", ""},
		{"hand-picked", Audience{Creators: []string{"l1", "p1", "p1"}}, "p1,l1", ""},
		{"hand-picked, not an affiliate", Audience{Creators: []string{"p1", "stranger"}}, "", `creator "stranger" is not an affiliate`},
		{"hand-picked with a segment", Audience{Creators: []string{"p1"}, Segments: []program.SegmentName{program.SegmentPower}}, "", "can't be combined"},
		{"hand-picked bad id", Audience{Creators: []string{"a b"}}, "", "only letters, digits"},
		{"matches nobody", Audience{Segments: []program.SegmentName{program.SegmentPower}, Dormant: true}, "", "matches no affiliate"},
		{"bad segment", Audience{Segments: []program.SegmentName{"vip"}}, "", `segment "vip"`},
		{"bad kind", Audience{Kinds: []program.InactiveKind{program.KindNone}}, "", `kind ""`},
		{"bad flag filter", Audience{Flagged: "maybe"}, "", "flag filter"},
		{"bad goal id", Audience{Goal: "a/b"}, "", "audience goal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			err := a.Validate()
			var got []string
			if err == nil {
				got, err = SelectAudience(&a, members)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != tt.want {
				t.Fatalf("got %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestSendKey(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name      string
		campaign  string
		run, step uint32
		recipient string
		want      string // exact, or prefix when ending in '*'
	}{
		{"plain", "spring-sale", 3, 0, "lena.k", "spring-sale/3/0/lena.k"},
		{"max numbers", "c", 4294967295, 4294967295, "r", "c/4294967295/4294967295/r"},
		{"long campaign hashed", long, 1, 2, "lena", "~*"},
		{"unicode campaign hashed", "été", 1, 2, "lena", "~*"},
		{"slash in campaign hashed", "a/b", 1, 2, "lena", "~*"},
		{"empty campaign hashed", "", 1, 2, "lena", "~*"},
		{"long recipient hashed", "c", 1, 2, long, "c/1/2/~*"},
		{"40-byte campaign kept", strings.Repeat("c", 40), 0, 0, "r", strings.Repeat("c", 40) + "/0/0/r"},
		{"41-byte campaign hashed", strings.Repeat("c", 41), 0, 0, "r", "~*"},
		{"64-byte recipient kept", "c", 0, 0, strings.Repeat("r", 64), "c/0/0/" + strings.Repeat("r", 64)},
	}
	for _, tt := range tests {
		k := SendKey(tt.campaign, tt.run, tt.step, tt.recipient)
		if p, ok := strings.CutSuffix(tt.want, "*"); ok {
			if !strings.HasPrefix(k, p) {
				t.Errorf("%s: %q, want prefix %q", tt.name, k, p)
			}
		} else if k != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, k, tt.want)
		}
		if len(k) > MaxSendKeyLen {
			t.Errorf("%s: %d bytes", tt.name, len(k))
		}
		for i := 0; i < len(k); i++ {
			if k[i] < 0x21 || k[i] > 0x7e {
				t.Errorf("%s: byte %d of %q not printable", tt.name, i, k)
			}
		}
		if strings.Count(k, "/") != 3 {
			t.Errorf("%s: %q has not four parts", tt.name, k)
		}
	}
	// The worst case fits, and distinct inputs give distinct keys.
	worst := SendKey(strings.Repeat("c", 40), 4294967295, 4294967295, strings.Repeat("r", 64))
	if len(worst) > MaxSendKeyLen {
		t.Fatalf("worst case %d bytes", len(worst))
	}
	seen := map[string]string{}
	for _, c := range []string{"a", "b", long, long + "y", "a/b", "a_b"} {
		for _, r := range []string{"lena", long, long + "z", "~" + "lena"} {
			for run := range uint32(3) {
				k := SendKey(c, run, 1, r)
				id := fmt.Sprint(c, run, r)
				if prev, ok := seen[k]; ok && prev != id {
					t.Fatalf("%q for both %q and %q", k, prev, id)
				}
				seen[k] = id
			}
		}
	}
}

func TestPlanRun(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	now := time.Date(2026, 3, 25, 15, 0, 0, 0, paris) // a Wednesday
	reset := time.Date(2026, 3, 29, 0, 0, 0, 0, paris)
	ok := model.Decision{Allowed: true, Reason: model.ReasonConnected}
	paid := model.Decision{Allowed: true, Reason: model.ReasonNewConnection, Charged: 1}
	exhausted := model.Decision{Reason: model.ReasonQuotaExhausted, Message: "limit reached"}
	blocked := model.Decision{Reason: model.ReasonBlockedByCreator, Message: "@x has blocked you"}
	capped := model.Decision{Reason: model.ReasonMessageCap}
	ids := []string{"a", "b", "c", "d", "e"}
	ds := []model.Decision{ok, paid, exhausted, blocked, capped}
	tests := []struct {
		name     string
		overflow Overflow
		outcomes string
		send     int
		waiting  int
		refused  int
		cost     int
		until    time.Time
	}{
		{"wait", OverflowWait, "sent,sent,waiting,refused,refused", 2, 1, 2, 1, reset},
		{"skip", OverflowSkip, "sent,sent,refused,refused,refused", 2, 0, 3, 1, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PlanRun(ids, ds, tt.overflow, now, paris)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, e := range p.Entries {
				got = append(got, string(e.Outcome))
				if e.Creator != ids[i] || e.Reason != ds[i].Reason {
					t.Errorf("entry %d = %+v", i, e)
				}
				wantAt := now
				if e.Outcome == OutcomeWaiting {
					wantAt = reset
				}
				if !e.At.Equal(wantAt) {
					t.Errorf("entry %d at %s, want %s", i, e.At, wantAt)
				}
			}
			if strings.Join(got, ",") != tt.outcomes || p.Send != tt.send || p.Waiting != tt.waiting || p.Refused != tt.refused || p.Cost != tt.cost || !p.WaitUntil.Equal(tt.until) {
				t.Fatalf("plan = %v send %d wait %d refused %d cost %d until %s", got, p.Send, p.Waiting, p.Refused, p.Cost, p.WaitUntil)
			}
		})
	}
	if _, err := PlanRun(ids, ds[:2], OverflowWait, now, paris); err == nil {
		t.Error("mismatched lengths planned")
	}
	if _, err := PlanRun(ids, ds, "later", now, paris); err == nil {
		t.Error("unknown overflow planned")
	}
}

// The plan from a real dry run: the quota runs out part-way and the rest wait.
func TestPlanRunWithChecker(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	p := model.DefaultPolicy()
	now := time.Date(2026, 11, 4, 10, 0, 0, 0, ny)
	ws := model.WeekStart(now, ny)
	q := model.Quota{Week: p.EvaluateWeek(ws, ny, 0)} // T1: 50 a week, no pack
	var subjects []model.Subject
	var ids []string
	for i := range 60 {
		id := fmt.Sprintf("c%02d", i)
		s := model.Subject{SellerKnown: true, CreatorKnown: true, SellerID: "s", CreatorID: id, Rel: model.Relation{Connected: i < 5}}
		if i == 7 {
			s.Rel.BlockedByCreator = true
		}
		subjects = append(subjects, s)
		ids = append(ids, id)
	}
	ds, cost := p.DryRun(q, subjects, model.Message)
	plan, err := PlanRun(ids, ds, OverflowWait, now, ny)
	if err != nil {
		t.Fatal(err)
	}
	// 5 connected free, 1 blocked, 50 paid, 4 wait.
	if plan.Send != 55 || plan.Refused != 1 || plan.Waiting != 4 || plan.Cost != 50 || cost != 50 {
		t.Fatalf("plan send %d refused %d waiting %d cost %d (dry-run cost %d)", plan.Send, plan.Refused, plan.Waiting, plan.Cost, cost)
	}
	if !plan.WaitUntil.Equal(time.Date(2026, 11, 8, 0, 0, 0, 0, ny)) {
		t.Fatalf("wait until %s", plan.WaitUntil)
	}
}

func TestParseOverflow(t *testing.T) {
	for in, want := range map[string]Overflow{"": OverflowWait, "wait": OverflowWait, "skip": OverflowSkip} {
		if got, err := ParseOverflow(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseOverflow("drop"); !errors.Is(err, model.ErrInvalid) {
		t.Error("drop parsed")
	}
}

func TestValidCampaignName(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{{"Spring sale", "Spring sale", true}, {" \x1b[1mX\x1b[0m ", "X", true}, {"", "", false}, {strings.Repeat("n", 61), "", false}} {
		got, err := ValidCampaignName(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%q: %q %v", tt.in, got, err)
		}
	}
}
