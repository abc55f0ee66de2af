package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// checkNow is a Wednesday; its UTC week runs Sun 2026-03-01 .. Sun 2026-03-08.
var checkNow = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

func checkWeek() (ws time.Time, wsU, prevU int64) {
	ws = WeekStart(checkNow, time.UTC)
	return ws, ws.Unix(), ws.AddDate(0, 0, -7).Unix()
}

// gmvFor returns a GMV30 in the named default tier.
func gmvFor(tier string) Cents {
	switch tier {
	case "T2":
		return 100_00
	case "T3":
		return 2_000_00
	case "T4":
		return 50_000_00
	}
	return 0
}

func TestCheckRules(t *testing.T) {
	p := DefaultPolicy()
	ws, wsU, prevU := checkWeek()
	if got := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); !ws.Equal(got) {
		t.Fatalf("test setup: week start %v, want %v", ws, got)
	}

	type qstate struct{ weekly, granted, grantedUsed, packUsed, packLeft int }
	tests := []struct {
		name          string
		kind          ActionKind
		tier          string // default T1
		sellerUnknown bool
		creatorUnkn   bool
		followers     int64
		rel           Relation
		q             qstate
		// expectations
		reason  Reason
		allowed bool
		charged int
		credit  string
		wantQ   qstate
		wantRel Relation
	}{
		// Rule 1: unknown seller / creator.
		{name: "unknown seller", sellerUnknown: true, reason: ReasonUnknownSeller},
		{name: "unknown seller beats unknown creator", sellerUnknown: true, creatorUnkn: true, reason: ReasonUnknownSeller},
		{name: "unknown creator", creatorUnkn: true, reason: ReasonUnknownCreator},
		{name: "unknown creator beats blocked", creatorUnkn: true, rel: Relation{BlockedByCreator: true, BlockedBySeller: true},
			reason: ReasonUnknownCreator, wantRel: Relation{BlockedByCreator: true, BlockedBySeller: true}},
		{name: "unknown seller message changes nothing", kind: Message, sellerUnknown: true, q: qstate{packLeft: 10},
			reason: ReasonUnknownSeller, wantQ: qstate{packLeft: 10}},

		// Rule 2: blocked by creator.
		{name: "blocked by creator", rel: Relation{BlockedByCreator: true}, reason: ReasonBlockedByCreator,
			wantRel: Relation{BlockedByCreator: true}},
		{name: "blocked by creator beats blocked by seller", rel: Relation{BlockedByCreator: true, BlockedBySeller: true},
			reason: ReasonBlockedByCreator, wantRel: Relation{BlockedByCreator: true, BlockedBySeller: true}},
		{name: "blocked by creator beats connected", kind: Message, rel: Relation{BlockedByCreator: true, Connected: true},
			reason: ReasonBlockedByCreator, wantRel: Relation{BlockedByCreator: true, Connected: true}},

		// Rule 3: blocked by seller.
		{name: "blocked by seller", rel: Relation{BlockedBySeller: true}, reason: ReasonBlockedBySeller,
			wantRel: Relation{BlockedBySeller: true}},
		{name: "blocked by seller beats connected", rel: Relation{BlockedBySeller: true, Connected: true},
			reason: ReasonBlockedBySeller, wantRel: Relation{BlockedBySeller: true, Connected: true}},
		{name: "blocked by seller message, no count", kind: Message, rel: Relation{BlockedBySeller: true, MsgWeek: wsU, MsgCount: 2},
			reason: ReasonBlockedBySeller, wantRel: Relation{BlockedBySeller: true, MsgWeek: wsU, MsgCount: 2}},

		// Rule 4: connected.
		{name: "connected invite, no charge even when exhausted", rel: Relation{Connected: true}, q: qstate{weekly: 50},
			reason: ReasonConnected, allowed: true, wantQ: qstate{weekly: 50}, wantRel: Relation{Connected: true}},
		{name: "connected message is not counted", kind: Message, rel: Relation{Connected: true},
			reason: ReasonConnected, allowed: true, wantRel: Relation{Connected: true}},
		{name: "connected beats message cap", kind: Message, rel: Relation{Connected: true, MsgWeek: wsU, MsgCount: 5},
			reason: ReasonConnected, allowed: true, wantRel: Relation{Connected: true, MsgWeek: wsU, MsgCount: 5}},
		{name: "connected beats follower cap", followers: 5_000_000, rel: Relation{Connected: true},
			reason: ReasonConnected, allowed: true, wantRel: Relation{Connected: true}},

		// Rule 5: message cap.
		{name: "message cap: 5 unanswered this week", kind: Message, rel: Relation{MsgWeek: wsU, MsgCount: 5, CountedWeek: wsU},
			reason: ReasonMessageCap, wantRel: Relation{MsgWeek: wsU, MsgCount: 5, CountedWeek: wsU}},
		{name: "message cap beats counted and new", kind: Message, rel: Relation{MsgWeek: wsU, MsgCount: 7},
			reason: ReasonMessageCap, wantRel: Relation{MsgWeek: wsU, MsgCount: 7}},
		{name: "4 unanswered: fifth message allowed", kind: Message, rel: Relation{MsgWeek: wsU, MsgCount: 4, CountedWeek: wsU},
			reason: ReasonCounted, allowed: true, wantRel: Relation{MsgWeek: wsU, MsgCount: 5, CountedWeek: wsU}},
		{name: "message cap does not apply to invites", rel: Relation{MsgWeek: wsU, MsgCount: 5, CountedWeek: wsU},
			reason: ReasonCounted, allowed: true, wantRel: Relation{MsgWeek: wsU, MsgCount: 5, CountedWeek: wsU}},
		{name: "last week's messages reset at a new week", kind: Message, rel: Relation{MsgWeek: prevU, MsgCount: 5, CountedWeek: prevU},
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 1}, wantRel: Relation{MsgWeek: wsU, MsgCount: 1, CountedWeek: wsU}},

		// Rule 6: follower cap (invite only).
		{name: "follower cap: one over T1", followers: 20_001, reason: ReasonFollowerCap},
		{name: "follower cap: exactly at T1 cap", followers: 20_000, reason: ReasonNewConnection, allowed: true, charged: 1,
			credit: "weekly", wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU}},
		{name: "follower cap: one over T2", tier: "T2", followers: 100_001, reason: ReasonFollowerCap},
		{name: "follower cap: exactly at T2 cap", tier: "T2", followers: 100_000, reason: ReasonNewConnection, allowed: true,
			charged: 1, credit: "weekly", wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU}},
		{name: "follower cap: one over T3", tier: "T3", followers: 1_000_001, reason: ReasonFollowerCap},
		{name: "follower cap: exactly at T3 cap", tier: "T3", followers: 1_000_000, reason: ReasonNewConnection, allowed: true,
			charged: 1, credit: "weekly", wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU}},
		{name: "T4 has no follower cap", tier: "T4", followers: MaxFollowers, reason: ReasonNewConnection, allowed: true,
			charged: 1, credit: "weekly", wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU}},
		{name: "message above the follower cap is not refused by it", kind: Message, followers: 5_000_000,
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU, MsgWeek: wsU, MsgCount: 1}},
		{name: "follower cap beats counted", followers: 20_001, rel: Relation{CountedWeek: wsU},
			reason: ReasonFollowerCap, wantRel: Relation{CountedWeek: wsU}},

		// Rule 7: counted this week.
		{name: "counted this week: invite again free", rel: Relation{CountedWeek: wsU}, q: qstate{weekly: 3},
			reason: ReasonCounted, allowed: true, wantQ: qstate{weekly: 3}, wantRel: Relation{CountedWeek: wsU}},
		{name: "counted beats exhausted", rel: Relation{CountedWeek: wsU}, q: qstate{weekly: 50},
			reason: ReasonCounted, allowed: true, wantQ: qstate{weekly: 50}, wantRel: Relation{CountedWeek: wsU}},
		{name: "counted message increments unanswered", kind: Message, rel: Relation{CountedWeek: wsU, MsgWeek: wsU, MsgCount: 1},
			reason: ReasonCounted, allowed: true, wantRel: Relation{CountedWeek: wsU, MsgWeek: wsU, MsgCount: 2}},
		{name: "counted last week costs again", rel: Relation{CountedWeek: prevU}, q: qstate{weekly: 7},
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 8}, wantRel: Relation{CountedWeek: wsU}},

		// Rule 8: weekly credits.
		{name: "new connection", reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU}},
		{name: "new connection: last weekly credit", q: qstate{weekly: 49, granted: 2, packLeft: 5},
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 50, granted: 2, packLeft: 5}, wantRel: Relation{CountedWeek: wsU}},
		{name: "new connection by message", kind: Message, reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 1}, wantRel: Relation{CountedWeek: wsU, MsgWeek: wsU, MsgCount: 1}},
		{name: "T4 unlimited never exhausts", tier: "T4", q: qstate{weekly: 1_000_000},
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 1_000_001}, wantRel: Relation{CountedWeek: wsU}},
		{name: "T4 unlimited spends weekly before grants and pack", tier: "T4", q: qstate{weekly: 10, granted: 3, packLeft: 9},
			reason: ReasonNewConnection, allowed: true, charged: 1, credit: "weekly",
			wantQ: qstate{weekly: 11, granted: 3, packLeft: 9}, wantRel: Relation{CountedWeek: wsU}},

		// Rule 9: granted.
		{name: "granted is spent before starter pack", q: qstate{weekly: 50, granted: 3, packLeft: 1000},
			reason: ReasonGranted, allowed: true, charged: 1, credit: "granted",
			wantQ: qstate{weekly: 50, granted: 3, grantedUsed: 1, packLeft: 1000}, wantRel: Relation{CountedWeek: wsU}},
		{name: "granted: last one", q: qstate{weekly: 50, granted: 3, grantedUsed: 2},
			reason: ReasonGranted, allowed: true, charged: 1, credit: "granted",
			wantQ: qstate{weekly: 50, granted: 3, grantedUsed: 3}, wantRel: Relation{CountedWeek: wsU}},

		// Rule 10: starter pack.
		{name: "starter pack after weekly and granted", q: qstate{weekly: 50, granted: 3, grantedUsed: 3, packLeft: 1000},
			reason: ReasonStarterPack, allowed: true, charged: 1, credit: "starter-pack",
			wantQ: qstate{weekly: 50, granted: 3, grantedUsed: 3, packUsed: 1, packLeft: 999}, wantRel: Relation{CountedWeek: wsU}},
		{name: "starter pack: last credit", q: qstate{weekly: 50, packUsed: 4, packLeft: 1},
			reason: ReasonStarterPack, allowed: true, charged: 1, credit: "starter-pack",
			wantQ: qstate{weekly: 50, packUsed: 5, packLeft: 0}, wantRel: Relation{CountedWeek: wsU}},

		// Rule 11: exhausted.
		{name: "quota exhausted", q: qstate{weekly: 50, granted: 2, grantedUsed: 2, packUsed: 3},
			reason: ReasonQuotaExhausted, wantQ: qstate{weekly: 50, granted: 2, grantedUsed: 2, packUsed: 3}},
		{name: "quota exhausted message changes nothing", kind: Message, q: qstate{weekly: 50},
			rel:    Relation{MsgWeek: prevU, MsgCount: 3, CountedWeek: prevU},
			reason: ReasonQuotaExhausted, wantQ: qstate{weekly: 50}, wantRel: Relation{MsgWeek: prevU, MsgCount: 3, CountedWeek: prevU}},
		{name: "quota exhausted at T2", tier: "T2", q: qstate{weekly: 200}, reason: ReasonQuotaExhausted, wantQ: qstate{weekly: 200}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tier := tc.tier
			if tier == "" {
				tier = "T1"
			}
			week := p.EvaluateWeek(ws, time.UTC, gmvFor(tier))
			if week.Tier != tier {
				t.Fatalf("setup: tier %s, want %s", week.Tier, tier)
			}
			week.WeeklyUsed, week.Granted, week.GrantedUsed, week.PackUsed = tc.q.weekly, tc.q.granted, tc.q.grantedUsed, tc.q.packUsed
			q := Quota{Week: week, PackLeft: tc.q.packLeft}
			s := Subject{
				SellerKnown: !tc.sellerUnknown, CreatorKnown: !tc.creatorUnkn,
				SellerID: "s1", CreatorID: "c1", Handle: "alice", Followers: tc.followers, Rel: tc.rel,
			}

			d := p.Check(&q, &s, tc.kind)

			if d.Reason != tc.reason || d.Allowed != tc.allowed || d.Charged != tc.charged || d.Credit != tc.credit {
				t.Errorf("decision = {allowed %v, reason %s, charged %d, credit %q}, want {allowed %v, reason %s, charged %d, credit %q}",
					d.Allowed, d.Reason, d.Charged, d.Credit, tc.allowed, tc.reason, tc.charged, tc.credit)
			}
			if d.Message == "" || !IsSafe(d.Message) || strings.Contains(d.Message, "\n") {
				t.Errorf("message %q: want one non-empty safe line", d.Message)
			}
			got := qstate{q.Week.WeeklyUsed, q.Week.Granted, q.Week.GrantedUsed, q.Week.PackUsed, q.PackLeft}
			if got != tc.wantQ {
				t.Errorf("quota after = %+v, want %+v", got, tc.wantQ)
			}
			if s.Rel != tc.wantRel {
				t.Errorf("relation after = %+v, want %+v", s.Rel, tc.wantRel)
			}
			if !reflect.DeepEqual(d.Quota, q.Status()) {
				t.Errorf("decision quota = %+v, want the status after the decision %+v", d.Quota, q.Status())
			}
			// The frozen parts of the week never move.
			if q.Week.Tier != tier || !q.Week.Start.Equal(ws) || q.Week.Limit != week.Limit || q.Week.FollowerCap != week.FollowerCap {
				t.Errorf("week changed: %+v", q.Week)
			}
		})
	}
}

// A refused decision changes nothing at all, for every refusing rule.
func TestCheckRefusedChangesNothing(t *testing.T) {
	p := DefaultPolicy()
	ws, wsU, _ := checkWeek()
	base := func() (Quota, Subject) {
		w := p.EvaluateWeek(ws, time.UTC, 0)
		w.WeeklyUsed, w.Granted, w.GrantedUsed = 50, 1, 1
		return Quota{Week: w, PackLeft: 0}, Subject{SellerKnown: true, CreatorKnown: true, SellerID: "s", CreatorID: "c", Followers: 10,
			Rel: Relation{MsgWeek: wsU, MsgCount: 2, Messages: 4, Invites: 1}}
	}
	tests := []struct {
		name   string
		kind   ActionKind
		mut    func(*Subject)
		reason Reason
	}{
		{"unknown-seller", Invite, func(s *Subject) { s.SellerKnown = false }, ReasonUnknownSeller},
		{"unknown-creator", Message, func(s *Subject) { s.CreatorKnown = false }, ReasonUnknownCreator},
		{"blocked-by-creator", Message, func(s *Subject) { s.Rel.BlockedByCreator = true }, ReasonBlockedByCreator},
		{"blocked-by-seller", Message, func(s *Subject) { s.Rel.BlockedBySeller = true }, ReasonBlockedBySeller},
		{"message-cap", Message, func(s *Subject) { s.Rel.MsgCount = 5 }, ReasonMessageCap},
		{"follower-cap", Invite, func(s *Subject) { s.Followers = 20_001 }, ReasonFollowerCap},
		{"quota-exhausted invite", Invite, func(*Subject) {}, ReasonQuotaExhausted},
		{"quota-exhausted message", Message, func(*Subject) {}, ReasonQuotaExhausted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, s := base()
			tc.mut(&s)
			q0, s0 := q, s
			d := p.Check(&q, &s, tc.kind)
			if d.Allowed || d.Reason != tc.reason || d.Charged != 0 || d.Credit != "" {
				t.Fatalf("got %+v, want refused %s with no charge", d, tc.reason)
			}
			if q != q0 {
				t.Errorf("quota changed: %+v -> %+v", q0, q)
			}
			if s != s0 {
				t.Errorf("subject changed: %+v -> %+v", s0, s)
			}
		})
	}
}

func TestCheckMessages(t *testing.T) {
	p := DefaultPolicy()
	ws, wsU, _ := checkWeek()
	week := func(tier string) Week { return p.EvaluateWeek(ws, time.UTC, gmvFor(tier)) }
	tests := []struct {
		name   string
		kind   ActionKind
		q      Quota
		s      Subject
		want   []string // substrings of the message
		reason Reason
	}{
		{"unknown seller names it, safely", Invite, Quota{Week: week("T1")},
			Subject{SellerID: "bad\x1b[31mid", CreatorKnown: true},
			[]string{`There is no seller "badid".`}, ReasonUnknownSeller},
		{"unknown creator", Invite, Quota{Week: week("T1")},
			Subject{SellerKnown: true, CreatorID: "ghost"},
			[]string{`There is no creator "ghost".`}, ReasonUnknownCreator},
		{"handle used", Invite, Quota{Week: week("T1")},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c9", Handle: "bob", Rel: Relation{BlockedByCreator: true}},
			[]string{"@bob has blocked you"}, ReasonBlockedByCreator},
		{"id used without handle", Invite, Quota{Week: week("T1")},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c9", Rel: Relation{BlockedBySeller: true}},
			[]string{"You blocked creator c9; unblock them"}, ReasonBlockedBySeller},
		{"follower cap numbers", Invite, Quota{Week: week("T1")},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c", Handle: "big", Followers: 1_234_567},
			[]string{"@big has 1,234,567 followers", "T1 invitation cap of 20,000"}, ReasonFollowerCap},
		{"message cap names the reset", Message, Quota{Week: week("T1")},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c", Handle: "x1", Rel: Relation{MsgWeek: wsU, MsgCount: 5}},
			[]string{"sent @x1 5 messages this week", "Sun 8 Mar 00:00 UTC"}, ReasonMessageCap},
		{"weekly left", Invite, Quota{Week: func() Week { w := week("T1"); w.WeeklyUsed = 10; return w }()},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"},
			[]string{"1 weekly credit used, 39 of 50 left"}, ReasonNewConnection},
		{"unlimited", Invite, Quota{Week: week("T4")},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"},
			[]string{"unlimited T4 quota"}, ReasonNewConnection},
		{"granted left", Invite, Quota{Week: func() Week { w := week("T1"); w.WeeklyUsed, w.Granted = 50, 4; return w }()},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"},
			[]string{"support-granted credit used, 3 left"}, ReasonGranted},
		{"pack left", Invite, Quota{Week: func() Week { w := week("T1"); w.WeeklyUsed = 50; return w }(), PackLeft: 1000},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"},
			[]string{"Starter Pack credit used, 999 left"}, ReasonStarterPack},
		{"exhausted", Invite, Quota{Week: func() Week { w := week("T2"); w.WeeklyUsed = 200; return w }()},
			Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"},
			[]string{"limit of 200 new creators (T2)", "resets on Sun 8 Mar 00:00 UTC"}, ReasonQuotaExhausted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Check(&tc.q, &tc.s, tc.kind)
			if d.Reason != tc.reason {
				t.Fatalf("reason %s, want %s (%q)", d.Reason, tc.reason, d.Message)
			}
			for _, w := range tc.want {
				if !strings.Contains(d.Message, w) {
					t.Errorf("message %q does not contain %q", d.Message, w)
				}
			}
			if strings.ContainsRune(d.Message, 0x1b) {
				t.Errorf("message %q contains ESC", d.Message)
			}
		})
	}
}

func intp(n int) *int       { return &n }
func int64p(n int64) *int64 { return &n }

func TestCheckDecisionQuota(t *testing.T) {
	p := DefaultPolicy()
	ws, _, _ := checkWeek()
	end := time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)
	newSub := func(id string) *Subject {
		return &Subject{SellerKnown: true, CreatorKnown: true, SellerID: "s", CreatorID: id}
	}
	tests := []struct {
		name  string
		gmv   Cents
		setup func(*Quota)
		want  QuotaStatus
	}{
		{"T1 first charge", 12_34, func(q *Quota) {},
			QuotaStatus{Tier: "T1", Limit: intp(50), Used: 1, Remaining: intp(49), StarterPack: 0, FollowerCap: int64p(20_000), GMV30: 12.34}},
		{"T1 with pack and grants left", 0, func(q *Quota) { q.PackLeft = 1000; q.Week.Granted = 5; q.Week.WeeklyUsed = 3 },
			QuotaStatus{Tier: "T1", Limit: intp(50), Used: 4, Remaining: intp(46 + 5), StarterPack: 1000, Granted: 5, GrantedLeft: 5, FollowerCap: int64p(20_000)}},
		{"granted charge counts in used, remaining is granted left", 0, func(q *Quota) { q.Week.WeeklyUsed = 50; q.Week.Granted = 3 },
			QuotaStatus{Tier: "T1", Limit: intp(50), Used: 51, Remaining: intp(2), Granted: 3, GrantedLeft: 2, FollowerCap: int64p(20_000)}},
		{"pack charge counts in used, not in remaining", 0, func(q *Quota) { q.Week.WeeklyUsed = 50; q.PackLeft = 10 },
			QuotaStatus{Tier: "T1", Limit: intp(50), Used: 51, Remaining: intp(0), StarterPack: 9, FollowerCap: int64p(20_000)}},
		{"T3", 2_500_00, func(q *Quota) {},
			QuotaStatus{Tier: "T3", Limit: intp(500), Used: 1, Remaining: intp(499), FollowerCap: int64p(1_000_000), GMV30: 2500}},
		{"T4 unlimited: limit, remaining and cap nil", 75_000_00, func(q *Quota) { q.Week.WeeklyUsed = 99 },
			QuotaStatus{Tier: "T4", Limit: nil, Used: 100, Remaining: nil, FollowerCap: nil, GMV30: 75000}},
		{"T4 with grants", 50_000_00, func(q *Quota) { q.Week.Granted = 2 },
			QuotaStatus{Tier: "T4", Used: 1, Granted: 2, GrantedLeft: 2, GMV30: 50000}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := Quota{Week: p.EvaluateWeek(ws, time.UTC, tc.gmv)}
			tc.setup(&q)
			d := p.Check(&q, newSub("c"), Invite)
			if !d.Allowed || d.Charged != 1 {
				t.Fatalf("setup: want an allowed charge, got %+v", d)
			}
			tc.want.WeekStart, tc.want.NextReset = ws, end
			if !reflect.DeepEqual(d.Quota, tc.want) {
				t.Errorf("quota\n got %s\nwant %s", fmtStatus(d.Quota), fmtStatus(tc.want))
			}
		})
	}

	t.Run("refused decision still reports the quota", func(t *testing.T) {
		q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0), PackLeft: 0}
		q.Week.WeeklyUsed = 50
		d := p.Check(&q, newSub("c"), Invite)
		if d.Allowed || d.Reason != ReasonQuotaExhausted {
			t.Fatalf("got %+v", d)
		}
		want := QuotaStatus{Tier: "T1", Limit: intp(50), Used: 50, Remaining: intp(0), FollowerCap: int64p(20_000), WeekStart: ws, NextReset: end}
		if !reflect.DeepEqual(d.Quota, want) {
			t.Errorf("quota\n got %s\nwant %s", fmtStatus(d.Quota), fmtStatus(want))
		}
	})

	t.Run("JSON shape", func(t *testing.T) {
		for _, tc := range []struct {
			gmv           Cents
			wantLimit     string
			wantRemaining string
		}{{0, "50", "49"}, {50_000_00, "null", "null"}} {
			q := Quota{Week: p.EvaluateWeek(ws, time.UTC, tc.gmv), PackLeft: 7}
			d := p.Check(&q, newSub("c"), Invite)
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for k, want := range map[string]string{"allowed": "true", "reason": `"new-connection"`, "charged": "1", "credit": `"weekly"`} {
				if string(m[k]) != want {
					t.Errorf("%s = %s, want %s", k, m[k], want)
				}
			}
			if _, ok := m["message"]; !ok {
				t.Error("no message")
			}
			var qm map[string]json.RawMessage
			if err := json.Unmarshal(m["quota"], &qm); err != nil {
				t.Fatal(err)
			}
			for k, want := range map[string]string{
				"limit": tc.wantLimit, "remaining": tc.wantRemaining, "used": "1", "starter_pack": "7", "granted": "0",
				"week_start": `"2026-03-01T00:00:00Z"`, "next_reset": `"2026-03-08T00:00:00Z"`,
			} {
				if string(qm[k]) != want {
					t.Errorf("gmv %v: quota.%s = %s, want %s", tc.gmv, k, qm[k], want)
				}
			}
			if _, ok := qm["tier"]; !ok {
				t.Error("no quota.tier")
			}
		}
	})

	t.Run("refused decision JSON has charged 0 and no credit", func(t *testing.T) {
		q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0)}
		s := newSub("c")
		s.Rel.BlockedBySeller = true
		b, _ := json.Marshal(p.Check(&q, s, Invite))
		js := string(b)
		for _, want := range []string{`"allowed":false`, `"reason":"blocked-by-seller"`, `"charged":0`} {
			if !strings.Contains(js, want) {
				t.Errorf("%s does not contain %s", js, want)
			}
		}
		if strings.Contains(js, `"credit"`) {
			t.Errorf("%s has a credit", js)
		}
	})
}

func fmtStatus(s QuotaStatus) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A week of outreach through Check: the credits are spent in SPEC order.
func TestCheckSequence(t *testing.T) {
	p := DefaultPolicy()
	ws, _, _ := checkWeek()
	q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0), PackLeft: 2}
	q.Week.Limit = 2 // a small week
	q.Week.Granted = 1
	want := []struct {
		reason Reason
		credit string
	}{
		{ReasonNewConnection, "weekly"}, {ReasonNewConnection, "weekly"},
		{ReasonGranted, "granted"},
		{ReasonStarterPack, "starter-pack"}, {ReasonStarterPack, "starter-pack"},
		{ReasonQuotaExhausted, ""}, {ReasonQuotaExhausted, ""},
	}
	rels := make([]Relation, len(want))
	for i, w := range want {
		s := Subject{SellerKnown: true, CreatorKnown: true, CreatorID: string(rune('a' + i)), Rel: rels[i]}
		d := p.Check(&q, &s, Invite)
		rels[i] = s.Rel
		if d.Reason != w.reason || d.Credit != w.credit {
			t.Fatalf("#%d: %s/%q, want %s/%q", i, d.Reason, d.Credit, w.reason, w.credit)
		}
	}
	if q.Week.WeeklyUsed != 2 || q.Week.GrantedUsed != 1 || q.Week.PackUsed != 2 || q.PackLeft != 0 {
		t.Errorf("quota after = %+v", q)
	}
	if st := q.Status(); st.Used != 5 || *st.Remaining != 0 || st.StarterPack != 0 {
		t.Errorf("status after = %s", fmtStatus(st))
	}
	// Contacting the first creators again this week is free, even now.
	for i := range 5 {
		s := Subject{SellerKnown: true, CreatorKnown: true, CreatorID: string(rune('a' + i)), Rel: rels[i]}
		if d := p.Check(&q, &s, Message); d.Reason != ReasonCounted || d.Charged != 0 {
			t.Errorf("creator %d again: %s charged %d", i, d.Reason, d.Charged)
		}
	}
	// Next week, a fresh quota: the same creator costs again.
	next := p.EvaluateWeek(q.Week.End, time.UTC, 0)
	q2 := Quota{Week: next, PackLeft: q.PackLeft}
	s := Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "a", Rel: rels[0]}
	if d := p.Check(&q2, &s, Invite); d.Reason != ReasonNewConnection || d.Charged != 1 {
		t.Errorf("next week: %s charged %d", d.Reason, d.Charged)
	}
	if s.Rel.CountedWeek != next.Start.Unix() {
		t.Errorf("counted week %d, want %d", s.Rel.CountedWeek, next.Start.Unix())
	}
}

func TestMessageCapSequence(t *testing.T) {
	p := DefaultPolicy()
	ws, wsU, _ := checkWeek()
	q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0)}
	s := Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "c"}
	wantReasons := []Reason{ReasonNewConnection, ReasonCounted, ReasonCounted, ReasonCounted, ReasonCounted, ReasonMessageCap, ReasonMessageCap}
	for i, want := range wantReasons {
		d := p.Check(&q, &s, Message)
		if d.Reason != want {
			t.Fatalf("message %d: %s, want %s", i+1, d.Reason, want)
		}
	}
	if s.Rel.MsgCount != 5 || s.Rel.MsgWeek != wsU || q.Week.WeeklyUsed != 1 {
		t.Fatalf("after the cap: rel %+v, weekly used %d", s.Rel, q.Week.WeeklyUsed)
	}
	// An invite is not a message: still allowed, free.
	if d := p.Check(&q, &s, Invite); d.Reason != ReasonCounted {
		t.Errorf("invite at the message cap: %s", d.Reason)
	}
	// A reply connects: messages flow again without a charge or a count.
	s.Rel.Connect()
	for range 10 {
		if d := p.Check(&q, &s, Message); d.Reason != ReasonConnected {
			t.Fatalf("after reply: %s", d.Reason)
		}
	}
	if s.Rel.MsgCount != 0 {
		t.Errorf("connected messages counted: %d", s.Rel.MsgCount)
	}
	// A custom cap.
	p2 := DefaultPolicy()
	p2.MessageCap = 2
	s2 := Subject{SellerKnown: true, CreatorKnown: true, CreatorID: "d"}
	got := []Reason{}
	for range 3 {
		got = append(got, p2.Check(&q, &s2, Message).Reason)
	}
	if want := []Reason{ReasonNewConnection, ReasonCounted, ReasonMessageCap}; !reflect.DeepEqual(got, want) {
		t.Errorf("cap 2: %v, want %v", got, want)
	}
}

func TestDryRun(t *testing.T) {
	p := DefaultPolicy()
	ws, wsU, _ := checkWeek()
	q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0), PackLeft: 2}
	q.Week.WeeklyUsed = 48
	sub := func(id string, followers int64, rel Relation) Subject {
		return Subject{SellerKnown: true, CreatorKnown: true, SellerID: "s", CreatorID: id, Handle: id, Followers: followers, Rel: rel}
	}
	subjects := []Subject{
		sub("a", 10, Relation{}),                      // weekly 49
		sub("b", 10, Relation{}),                      // weekly 50
		sub("c", 10, Relation{}),                      // pack, 1 left
		sub("a", 10, Relation{}),                      // the same creator again: counted
		sub("d", 10, Relation{Connected: true}),       // connected
		sub("e", 10, Relation{BlockedBySeller: true}), // refused
		sub("f", 30_000, Relation{}),                  // follower cap
		sub("g", 10, Relation{CountedWeek: wsU}),      // counted already
		sub("h", 10, Relation{}),                      // pack, 0 left
		sub("i", 10, Relation{}),                      // exhausted
		sub("c", 10, Relation{}),                      // counted by #2
	}
	q0 := q
	subs0 := make([]Subject, len(subjects))
	copy(subs0, subjects)

	ds, cost := p.DryRun(q, subjects, Invite)

	want := []Reason{ReasonNewConnection, ReasonNewConnection, ReasonStarterPack, ReasonCounted, ReasonConnected,
		ReasonBlockedBySeller, ReasonFollowerCap, ReasonCounted, ReasonStarterPack, ReasonQuotaExhausted, ReasonCounted}
	if len(ds) != len(want) {
		t.Fatalf("%d decisions, want %d", len(ds), len(want))
	}
	for i, w := range want {
		if ds[i].Reason != w {
			t.Errorf("#%d (%s): %s, want %s", i, subjects[i].CreatorID, ds[i].Reason, w)
		}
	}
	if cost != 4 {
		t.Errorf("cost %d, want 4", cost)
	}
	if q != q0 {
		t.Errorf("DryRun changed the quota: %+v -> %+v", q0, q)
	}
	if !reflect.DeepEqual(subjects, subs0) {
		t.Errorf("DryRun changed the subjects")
	}
	// Charges are threaded: the quota each decision reports reflects earlier ones.
	if got := ds[1].Quota; got.Used != 50 || *got.Remaining != 0 || got.StarterPack != 2 {
		t.Errorf("after #1: %s", fmtStatus(got))
	}
	if got := ds[2].Quota; got.Used != 51 || got.StarterPack != 1 {
		t.Errorf("after #2: %s", fmtStatus(got))
	}
	if got := ds[len(ds)-1].Quota; got.Used != 52 || got.StarterPack != 0 {
		t.Errorf("at the end: %s", fmtStatus(got))
	}

	t.Run("same creator twice costs 1", func(t *testing.T) {
		q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0)}
		ds, cost := p.DryRun(q, []Subject{sub("x", 1, Relation{}), sub("x", 1, Relation{})}, Invite)
		if cost != 1 || ds[0].Reason != ReasonNewConnection || ds[1].Reason != ReasonCounted {
			t.Errorf("cost %d, reasons %s, %s", cost, ds[0].Reason, ds[1].Reason)
		}
	})
	t.Run("messages thread the unanswered count", func(t *testing.T) {
		q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 0)}
		batch := make([]Subject, 7)
		for i := range batch {
			batch[i] = sub("m", 1, Relation{MsgWeek: wsU, MsgCount: 1})
		}
		ds, cost := p.DryRun(q, batch, Message)
		got := make([]Reason, len(ds))
		for i := range ds {
			got[i] = ds[i].Reason
		}
		want := []Reason{ReasonNewConnection, ReasonCounted, ReasonCounted, ReasonCounted, ReasonMessageCap, ReasonMessageCap, ReasonMessageCap}
		if cost != 1 || !reflect.DeepEqual(got, want) {
			t.Errorf("cost %d, reasons %v, want 1, %v", cost, got, want)
		}
		if batch[0].Rel.MsgCount != 1 {
			t.Errorf("caller's relation touched: %+v", batch[0].Rel)
		}
	})
	t.Run("empty batch", func(t *testing.T) {
		ds, cost := p.DryRun(q, nil, Invite)
		if len(ds) != 0 || cost != 0 {
			t.Errorf("%v %d", ds, cost)
		}
	})
	t.Run("T4 batch never exhausts", func(t *testing.T) {
		q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 60_000_00)}
		batch := make([]Subject, 60)
		for i := range batch {
			batch[i] = sub(Thousands(int64(i)), 50_000_000, Relation{})
		}
		ds, cost := p.DryRun(q, batch, Invite)
		if cost != 60 {
			t.Errorf("cost %d, want 60", cost)
		}
		if last := ds[59].Quota; last.Used != 60 || last.Remaining != nil || last.Limit != nil {
			t.Errorf("last quota %s", fmtStatus(last))
		}
	})
}

func TestEvaluateWeek(t *testing.T) {
	p := DefaultPolicy()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 8, 0, 0, 0, 0, ny)
	tests := []struct {
		gmv   Cents
		tier  string
		limit int
		cap   int64
	}{
		{0, "T1", 50, 20_000},
		{99_99, "T1", 50, 20_000},
		{100_00, "T2", 200, 100_000},
		{1_999_99, "T2", 200, 100_000},
		{2_000_00, "T3", 500, 1_000_000},
		{49_999_99, "T3", 500, 1_000_000},
		{50_000_00, "T4", Unlimited, Unlimited},
	}
	for _, tc := range tests {
		w := p.EvaluateWeek(start, ny, tc.gmv)
		if !w.Start.Equal(start) || !w.End.Equal(time.Date(2026, 3, 15, 0, 0, 0, 0, ny)) {
			t.Errorf("gmv %s: week %v .. %v", tc.gmv, w.Start, w.End)
		}
		if h := w.End.Sub(w.Start).Hours(); h != 167 {
			t.Errorf("week across DST is %vh, want 167", h)
		}
		w.Start, w.End = time.Time{}, time.Time{}
		want := Week{GMV30: tc.gmv, Tier: tc.tier, Limit: tc.limit, FollowerCap: tc.cap}
		if w != want {
			t.Errorf("gmv %s:\n got %+v\nwant %+v", tc.gmv, w, want)
		}
	}
}

func TestQuotaLeft(t *testing.T) {
	tests := []struct {
		limit, used, granted, grantedUsed int
		weeklyLeft, grantedLeft           int
	}{
		{50, 0, 0, 0, 50, 0},
		{50, 49, 2, 1, 1, 1},
		{50, 50, 2, 2, 0, 0},
		{50, 60, 1, 3, 0, 0}, // never negative
		{Unlimited, 1000, 0, 0, Unlimited, 0},
		{0, 0, 4, 0, 0, 4},
	}
	for _, tc := range tests {
		q := Quota{Week: Week{Limit: tc.limit, WeeklyUsed: tc.used, Granted: tc.granted, GrantedUsed: tc.grantedUsed}}
		if got := q.WeeklyLeft(); got != tc.weeklyLeft {
			t.Errorf("%+v: WeeklyLeft %d, want %d", tc, got, tc.weeklyLeft)
		}
		if got := q.GrantedLeft(); got != tc.grantedLeft {
			t.Errorf("%+v: GrantedLeft %d, want %d", tc, got, tc.grantedLeft)
		}
	}
}

func TestRelation(t *testing.T) {
	ws := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	prev := ws.AddDate(0, 0, -7)
	r := Relation{CountedWeek: ws.Unix(), MsgWeek: prev.Unix(), MsgCount: 4}
	if !r.CountedIn(ws) || r.CountedIn(prev) {
		t.Error("CountedIn")
	}
	if (&Relation{}).CountedIn(ws) {
		t.Error("zero relation counted")
	}
	if got := r.MessagesThisWeek(ws); got != 0 {
		t.Errorf("MessagesThisWeek(this week) = %d, want 0 (counted last week)", got)
	}
	if got := r.MessagesThisWeek(prev); got != 4 {
		t.Errorf("MessagesThisWeek(prev) = %d, want 4", got)
	}
	r.Connect()
	if !r.Connected || r.MsgCount != 0 {
		t.Errorf("Connect: %+v", r)
	}
	r.Connect() // once connected, always
	if !r.Connected {
		t.Error("Connect twice")
	}
	for _, tc := range []struct {
		r    Relation
		want bool
	}{
		{Relation{}, false},
		{Relation{LastFromSeller: true}, false},
		{Relation{Messages: 3, LastFromSeller: true}, true},
		{Relation{Messages: 3}, false},
	} {
		if got := tc.r.Unreplied(); got != tc.want {
			t.Errorf("%+v Unreplied = %v", tc.r, got)
		}
	}
}

func TestActionKindString(t *testing.T) {
	if Invite.String() != "invite" || Message.String() != "message" {
		t.Errorf("%s %s", Invite, Message)
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {20_000, "20,000"}, {100_000, "100,000"},
		{1_000_000, "1,000,000"}, {1_234_567, "1,234,567"}, {-1, "-1"}, {-1000, "-1,000"}, {-123_456, "-123,456"},
		{9_223_372_036_854_775_807, "9,223,372,036,854,775,807"},
		{-9_223_372_036_854_775_808, "-9,223,372,036,854,775,808"},
	}
	for _, tc := range tests {
		if got := Thousands(tc.n); got != tc.want {
			t.Errorf("Thousands(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
