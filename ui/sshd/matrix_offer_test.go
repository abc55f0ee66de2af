package sshd

import (
	"fmt"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"
)

// offerRows are the role-matrix rows of the affiliate program's part 2:
// templates, campaigns and offers. Arguments that must be fresh (a new
// name, a campaign in the right state) are made by the store each run.
func offerRows(t testing.TB) []row {
	affiliates := func(f *fixture) {
		for _, c := range []string{"c5", "c6"} {
			if err := f.st.ShowcaseAt(c, "s1", t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	name := func(p string) string { return fmt.Sprintf("%s%d", p, keySeq.Add(1)) }
	campaign := func(f *fixture, start bool) string {
		affiliates(f)
		n := name("mx")
		if _, err := f.st.CreateCampaign("s1", store.CampaignSpec{Name: n, Template: "casual-quick-wins",
			Audience: engage.Audience{Creators: []string{"c5"}}, At: t0.Add(24 * time.Hour)}, t0); err != nil {
			t.Fatal(err)
		}
		if start {
			if _, err := f.st.StartCampaign("s1", n, t0); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	contest := func(f *fixture, ended bool) string {
		n := name("cx")
		at, from, to := t0, "2026-12-01", "2026-12-31"
		if ended {
			at, from, to = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "2026-01-01", "2026-01-31"
		}
		if _, err := f.st.AddContest("s1", store.ContestSpec{Name: n, Metric: offer.ContestOrders, Threshold: 3, From: from, To: to, Prize: "fee", Seed: 7}, at); err != nil {
			t.Fatal(err)
		}
		return n
	}
	rule := engage.MilestoneRule{Trigger: engage.TriggerFirstSale, Template: "casual-quick-wins", Mode: engage.MilestoneDraft}
	draft := func(f *fixture) string { // a fresh affiliate's first sale, drafted
		if _, err := f.st.SetMilestone("s1", rule, t0); err != nil {
			t.Fatal(err)
		}
		id := name("md")
		if _, err := f.st.ImportCreators([]model.Creator{{ID: id, Handle: id, Followers: 10}}, t0); err != nil {
			t.Fatal(err)
		}
		d, _ := program.ParseDay("2026-11-10")
		if _, err := f.st.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: id, Day: d, Orders: 1, GMV: 10_00}, t0); err != nil {
			t.Fatal(err)
		}
		sent, err := f.st.CheckSellerMilestones("s1", t0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range sent {
			if m.Creator == id && m.Draft != "" {
				return m.Draft
			}
		}
		t.Fatalf("no draft for %s: %+v", id, sent)
		return ""
	}
	sellerW, sellerR := "seller admin operator", "seller agent admin operator"
	return []row{
		{path: "template add", args: func(*fixture, string) []string { return []string{"s1", name("t"), "--text", "Hi {{name}}"} }, write: true, allow: sellerW},
		{path: "template list", args: words("s1"), allow: sellerR},
		{path: "template show", args: words("s1 casual-quick-wins"), allow: sellerR},
		{path: "template remove", args: func(f *fixture, _ string) []string {
			n := name("t")
			if _, err := f.st.AddTemplate("s1", &engage.Template{Name: n, Text: "Hi"}, false, t0); err != nil {
				t.Fatal(err)
			}
			return []string{"s1", n}
		}, write: true, allow: sellerW},
		{path: "campaign create", args: func(f *fixture, _ string) []string {
			affiliates(f)
			return []string{"s1", name("mx"), "--template", "casual-quick-wins", "--creators", "c5,c6"}
		}, write: true, allow: sellerW},
		{path: "campaign preview", args: func(f *fixture, _ string) []string { return []string{"s1", campaign(f, false)} }, allow: sellerR},
		{path: "campaign start", args: func(f *fixture, _ string) []string { return []string{"s1", campaign(f, false)} }, write: true, allow: sellerW},
		{path: "campaign pause", args: func(f *fixture, _ string) []string { return []string{"s1", campaign(f, true)} }, write: true, allow: sellerW},
		{path: "campaign cancel", args: func(f *fixture, _ string) []string { return []string{"s1", campaign(f, false)} }, write: true, allow: sellerW},
		{path: "campaign show", args: func(f *fixture, _ string) []string { return []string{"s1", campaign(f, false)} }, allow: sellerR},
		{path: "campaign list", args: words("s1"), allow: sellerR},
		{path: "campaign run-due", args: words(""), write: true, allow: "admin operator"},
		{path: "boost add", args: func(f *fixture, _ string) []string {
			affiliates(f)
			return []string{"s1", "--rate", "20", "--from", "2030-01-01", "--to", "2030-01-05", "--creators", "c5"}
		}, write: true, allow: sellerW},
		{path: "boost list", args: words("s1"), allow: sellerR},
		{path: "code add", args: func(f *fixture, _ string) []string {
			affiliates(f)
			return []string{"s1", "c5", "--discount", "10", "--until", "2030-01-01", "--code", name("MX-")}
		}, write: true, allow: sellerW},
		{path: "code list", args: words("s1"), allow: sellerR},
		{path: "contest add", args: func(*fixture, string) []string {
			return []string{"s1", name("cx"), "--metric", "orders", "--threshold", "3", "--from", "2030-01-01", "--to", "2030-01-31", "--prize", "fee"}
		}, write: true, allow: sellerW},
		{path: "contest list", args: words("s1"), allow: sellerR},
		{path: "contest leaderboard", args: func(f *fixture, _ string) []string { return []string{"s1", contest(f, false)} }, allow: sellerR},
		{path: "contest draw", args: func(f *fixture, _ string) []string { return []string{"s1", contest(f, true)} }, write: true, allow: sellerW},
		{path: "survey send", args: func(f *fixture, _ string) []string { affiliates(f); return []string{"s1", "--creators", "c5"} }, write: true, allow: sellerW},
		{path: "survey results", args: words("s1"), allow: sellerR},
		{path: "kit add", args: func(*fixture, string) []string {
			return []string{"s1", name("k"), "--segment", "inactive", "--text", "A banner"}
		}, write: true, allow: sellerW},
		{path: "kit list", args: words("s1"), allow: sellerR},
		{path: "offers", args: words("c0"), allow: "creator admin operator"},
		{path: "milestone set", args: words("s1 --trigger orders:5 --template casual-quick-wins --mode now"), write: true, allow: sellerW},
		{path: "milestone remove", args: func(f *fixture, _ string) []string {
			if _, err := f.st.SetMilestone("s1", engage.MilestoneRule{Trigger: engage.TriggerLevelUp, Template: "casual-quick-wins", Mode: engage.MilestoneDraft}, t0); err != nil {
				t.Fatal(err)
			}
			return []string{"s1", "--trigger", "level-up"}
		}, write: true, allow: sellerW},
		{path: "milestone list", args: words("s1"), allow: sellerR},
		{path: "milestone check", args: words("s1"), write: true, allow: sellerW},
		{path: "drafts list", args: words("s1"), allow: sellerR},
		{path: "drafts approve", args: func(f *fixture, _ string) []string { return []string{"s1", draft(f)} }, write: true, allow: sellerW},
		{path: "drafts discard", args: func(f *fixture, _ string) []string { return []string{"s1", draft(f)} }, write: true, allow: sellerW},
	}
}
