package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
)

// programStore is a store with seller s1 (GMV, so tier T1: 50 new creators
// a week and no Starter Pack), `connected` affiliates k0.. that showcased
// its products (connected, cost nothing) and `cold` affiliates u0.. that
// joined by performance only (unconnected: each first message costs a
// credit).
func programStore(t testing.TB, connected, cold int, sync bool) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path, Options{NoSync: !sync})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutSeller(model.Seller{ID: "s1", Name: "Acme"}, t0.AddDate(0, -2, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddGMV("s1", "2026-10-01", 50_00); err != nil {
		t.Fatal(err)
	}
	var cs []model.Creator
	for i := range connected {
		cs = append(cs, model.Creator{ID: fmt.Sprintf("k%d", i), Handle: fmt.Sprintf("k%d", i), Name: fmt.Sprintf("Kay %d", i), Followers: 100})
	}
	for i := range cold {
		cs = append(cs, model.Creator{ID: fmt.Sprintf("u%d", i), Handle: fmt.Sprintf("u%d", i), Followers: 100})
	}
	if _, err := s.ImportCreators(cs, t0.AddDate(0, -2, 0)); err != nil {
		t.Fatal(err)
	}
	for i := range connected {
		if err := s.ShowcaseAt(fmt.Sprintf("k%d", i), "s1", t0.AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range cold {
		d, _ := program.ParseDay("2026-10-05")
		// An all-zero day makes an affiliate that never featured the seller:
		// not connected, so messages to it cost credits.
		if _, err := s.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: fmt.Sprintf("u%d", i), Day: d}, t0.AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	return s, path
}

func ids(p string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", p, i)
	}
	return out
}

func TestTemplatesStarterAndChecks(t *testing.T) {
	s, _ := programStore(t, 1, 0, false)
	defer s.Close()
	ts, err := s.Templates("s1")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != len(engage.StarterTemplates()) {
		t.Fatalf("starter library: %d templates, want %d", len(ts), len(engage.StarterTemplates()))
	}
	bad := []struct{ name, text, want string }{
		{"unknown", "Hi {{nmae}}", "nmae"},
		{"long", "{{name}} " + string(make([]byte, 480)), "message"},
		{"empty", "", "empty"},
		{"starter", "Hi", "exists"},
	}
	bad[1].text = "{{name}} {{seller}} {{top_product}} " + fmt.Sprintf("%0200d", 0)
	bad[3].name = "casual-quick-wins"
	for _, c := range bad {
		_, err := s.AddTemplate("s1", &engage.Template{Name: c.name, Text: c.text}, false, t0)
		if !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: err %v, want bad input", c.name, err)
		}
	}
	if after, _ := s.Templates("s1"); len(after) != len(ts) {
		t.Fatalf("a refused template was written: %d templates", len(after))
	}
	if _, err := s.AddTemplate("s1", &engage.Template{Name: "hello", Text: "Hi {{name}}", Segment: program.SegmentPower}, false, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveTemplate("s1", "casual-quick-wins", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Template("s1", "casual-quick-wins"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("removed starter template: %v", err)
	}
	if got, _ := s.Templates("s1"); len(got) != len(ts) {
		t.Fatalf("after one add and one remove: %d, want %d", len(got), len(ts))
	}
}

func messagesTo(t testing.TB, s *Store, creators []string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range creators {
		ms, err := s.Messages("s1", c, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.FromSeller {
				out[c]++
			}
		}
	}
	return out
}

func TestCampaignQuotaWaitsForTheWeek(t *testing.T) {
	s, _ := programStore(t, 5, 60, false)
	defer s.Close()
	if _, err := s.AddTemplate("s1", &engage.Template{Name: "hi", Text: "Hi {{name}}, from {{seller}}"}, false, t0); err != nil {
		t.Fatal(err)
	}
	all := append(ids("k", 5), ids("u", 60)...)
	c, err := s.CreateCampaign("s1", CampaignSpec{Name: "news", Template: "hi", Audience: engage.Audience{Creators: all}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != engage.CampaignDraft || c.Audience != 65 {
		t.Fatalf("created: %+v", c)
	}
	p, err := s.PreviewCampaign("s1", "news", t0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Send != 55 || p.Waiting != 10 || p.Cost != 50 || p.Recipients[0].Text != "Hi Kay 0, from Acme" {
		t.Fatalf("preview: send %d waiting %d cost %d first %+v", p.Send, p.Waiting, p.Cost, p.Recipients[0])
	}
	if q, _ := s.Quota("s1", t0); q.Used != 0 {
		t.Fatalf("preview charged: %+v", q)
	}
	if _, err := s.StartCampaign("s1", "news", t0); err != nil {
		t.Fatal(err)
	}
	reps, err := s.RunDue(t0)
	if err != nil || len(reps) != 1 || reps[0].Counts.Sent != 55 || reps[0].Counts.Waiting != 10 {
		t.Fatalf("run: %+v %v", reps, err)
	}
	if reps, _ := s.RunDue(t0.Add(time.Hour)); len(reps) != 0 {
		t.Fatalf("nothing is due, yet: %+v", reps)
	}
	d, _ := s.Campaign("s1", "news")
	if d.State != engage.CampaignScheduled || d.WaitUntil.IsZero() {
		t.Fatalf("after the run: %s wait %v", d.State, d.WaitUntil)
	}
	reps, err = s.RunDue(d.WaitUntil)
	if err != nil || len(reps) != 1 || reps[0].Counts.Sent != 10 {
		t.Fatalf("next week: %+v %v", reps, err)
	}
	d, _ = s.Campaign("s1", "news")
	if d.State != engage.CampaignDone || d.Counts.Sent != 65 || d.Counts.Waiting != 0 {
		t.Fatalf("done: %s %+v", d.State, d.Counts)
	}
	for c, n := range messagesTo(t, s, all) {
		if n != 1 {
			t.Fatalf("%s got %d messages", c, n)
		}
	}
	// A repeated run changes nothing.
	if _, err := s.runCampaign("s1", d.ID, d.WaitUntil, 7); err != nil {
		t.Fatal(err)
	}
	if got := messagesTo(t, s, all); len(got) != 65 {
		t.Fatalf("%d recipients", len(got))
	}
}

func TestCampaignBadInputWritesNothing(t *testing.T) {
	s, _ := programStore(t, 3, 0, false)
	defer s.Close()
	cases := []struct {
		name string
		sp   CampaignSpec
	}{
		{"no audience", CampaignSpec{Name: "a", Template: "casual-quick-wins"}},
		{"empty audience", CampaignSpec{Name: "b", Template: "casual-quick-wins", Audience: engage.Audience{Segments: []program.SegmentName{program.SegmentPower}}}},
		{"not an affiliate", CampaignSpec{Name: "c", Template: "casual-quick-wins", Audience: engage.Audience{Creators: []string{"zz"}}}},
		{"past", CampaignSpec{Name: "d", Template: "casual-quick-wins", Audience: engage.Audience{Creators: []string{"k0"}}, At: t0.Add(-time.Hour)}},
		{"unknown template", CampaignSpec{Name: "e", Template: "nope", Audience: engage.Audience{Creators: []string{"k0"}}}},
		{"bad name", CampaignSpec{Name: "", Template: "casual-quick-wins", Audience: engage.Audience{Creators: []string{"k0"}}}},
	}
	for _, c := range cases {
		if _, err := s.CreateCampaign("s1", c.sp, t0); !errors.Is(err, model.ErrInvalid) && !errors.Is(err, model.ErrNotFound) {
			t.Errorf("%s: %v, want bad input", c.name, err)
		}
	}
	if cs, _ := s.Campaigns("s1"); len(cs) != 0 {
		t.Fatalf("written: %+v", cs)
	}
	sp := CampaignSpec{Name: "ok", Template: "casual-quick-wins", Audience: engage.Audience{Creators: []string{"k0"}}}
	if _, err := s.CreateCampaign("s1", sp, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCampaign("s1", sp, t0); !errors.Is(err, ErrCampaignExists) {
		t.Fatalf("same name: %v", err)
	}
	if _, err := s.PauseCampaign("s1", "ok", t0); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("pause a draft: %v", err)
	}
}

func TestSequenceLeavesOnReply(t *testing.T) {
	s, _ := programStore(t, 3, 0, false)
	defer s.Close()
	seq := engage.WelcomeSeries()
	if _, err := s.CreateCampaign("s1", CampaignSpec{Name: "welcome", Sequence: &seq, Audience: engage.Audience{Creators: ids("k", 3)}}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartCampaign("s1", "welcome", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunDue(t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reply("k1", "s1", "thanks!", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for d := 1; d <= 15; d++ {
		if _, err := s.RunDue(t0.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
	}
	got := messagesTo(t, s, ids("k", 3))
	if got["k0"] != 5 || got["k2"] != 5 || got["k1"] != 1 {
		t.Fatalf("messages: %v", got)
	}
	d, _ := s.Campaign("s1", "welcome")
	if d.Counts.Left != 1 || d.State != engage.CampaignDone {
		t.Fatalf("campaign: %s %+v", d.State, d.Counts)
	}
}
