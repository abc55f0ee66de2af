package seller

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/store"
)

// inactiveAffiliates adds to affiliates two creators who joined months ago
// and never sold: the Inactive segment (never activated).
func inactiveAffiliates(t *testing.T, st *store.Store) {
	t.Helper()
	for _, c := range []string{"c07", "c09"} {
		if err := st.ShowcaseAt(c, "s1", t0.AddDate(0, -3, 0)); err != nil {
			t.Fatal(err)
		}
	}
	affiliates(t, st)
}

// TestCampaignFlow drives the Program screen over the store: a campaign to
// the Inactive segment is created with the form, its preview shows what it
// costs before anything is sent, start sends it, and the results show the
// sends; the list then counts them.
func TestCampaignFlow(t *testing.T) {
	st := fixtureStore(t)
	inactiveAffiliates(t, st)
	d := newSyncModel(t, st, 100, 30)
	d.key("7", "c")
	if v := d.M.View(); !strings.Contains(v, "No campaigns yet") {
		t.Fatalf("campaigns before any: %q", v)
	}
	d.key("n")
	for _, r := range "Winback" {
		d.key(string(r))
	}
	d.key("ctrl+s")
	v := d.M.View()
	for _, want := range []string{"Preview: Winback", "draft · send 2 · waiting 0 · refused 0 · cost 0 credits", "Message to @"} {
		if !strings.Contains(v, want) {
			t.Fatalf("preview lacks %q:\n%s", want, v)
		}
	}
	golden.RequireEqual(t, []byte(v))
	cs, err := st.Campaigns("s1")
	if err != nil || len(cs) != 1 || cs[0].Counts.Sent != 0 {
		t.Fatalf("the preview sent something: %+v %v", cs, err)
	}
	d.key("s")
	v = d.M.View()
	if !strings.Contains(v, "Results: Winback") || !strings.Contains(v, "sent 2 · refused 0") {
		t.Fatalf("results after start:\n%s", v)
	}
	d.key("esc")
	if v := d.M.View(); !strings.Contains(v, "Winback") || !strings.Contains(v, "done") {
		t.Fatalf("list after start:\n%s", v)
	}
}

// TestCampaignScreens renders the Campaigns view's screens with the ASCII
// profile (testdata/TestCampaignScreens/<name>.golden).
func TestCampaignScreens(t *testing.T) {
	winback := []string{"7", "c", "n", "W", "i", "n", "b", "a", "c", "k"}
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"list_empty", 80, 24, []string{"7", "c"}},
		{"form", 80, 24, append(winback[:len(winback):len(winback)], "tab", "right", "tab", "right")},
		// Every error at once under its field: no name, a time that is not one.
		{"form_errors", 80, 24, []string{"7", "c", "n", "tab", "tab", "tab", "right", "right", "tab", "x", "ctrl+s"}},
		{"form_past", 80, 24, append(winback[:len(winback):len(winback)], "tab", "tab", "tab", "right", "tab",
			"2", "0", "2", "0", "-", "0", "1", "-", "0", "1", " ", "1", "0", ":", "0", "0", "ctrl+s")},
		{"preview", 80, 24, append(winback[:len(winback):len(winback)], "ctrl+s")},
		{"preview_second", 80, 24, append(winback[:len(winback):len(winback)], "ctrl+s", "down")},
		{"results", 80, 24, append(winback[:len(winback):len(winback)], "ctrl+s", "s")},
		{"list", 80, 24, append(winback[:len(winback):len(winback)], "ctrl+s", "s", "esc")},
		{"list_wide", 120, 30, append(winback[:len(winback):len(winback)], "ctrl+s", "esc")},
		{"help", 80, 24, []string{"7", "?"}},
		// A weekly campaign started before its first run: scheduled, with the next run said.
		{"results_scheduled", 80, 24, append(winback[:len(winback):len(winback)], "tab", "tab", "tab", "right", "right", "tab",
			"2", "0", "2", "6", "-", "1", "1", "-", "2", "5", " ", "0", "9", ":", "0", "0", "ctrl+s", "s")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fixtureStore(t)
			inactiveAffiliates(t, st)
			d := newSyncModel(t, st, tc.w, tc.h)
			d.key(tc.keys...)
			out := d.M.View()
			checkFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestCampaignResultsFollowTheFeed: the results of a campaign shown while
// it is started elsewhere (the CLI, another session) come in with the
// change the feed carries, and a change of another seller reloads nothing.
func TestCampaignResultsFollowTheFeed(t *testing.T) {
	st := fixtureStore(t)
	inactiveAffiliates(t, st)
	d := newSyncModel(t, st, 100, 30)
	d.key("7", "c", "n", "W", "ctrl+s", "esc", "enter")
	if v := d.M.View(); !strings.Contains(v, "Results: W") || !strings.Contains(v, "Nothing sent yet") {
		t.Fatalf("results of the draft:\n%s", v)
	}
	if _, err := st.StartCampaign("s1", "W", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RunCampaign("s1", "W", t0); err != nil {
		t.Fatal(err)
	}
	d.run(d.app().Changes([]store.Change{{Kind: store.ChangedCampaigns, Seller: "s2"}}))
	if v := d.M.View(); !strings.Contains(v, "Nothing sent yet") {
		t.Fatalf("another seller's change reloaded:\n%s", v)
	}
	d.run(d.app().Changes([]store.Change{{Kind: store.ChangedCampaigns, Seller: "s1"}}))
	if v := d.M.View(); !strings.Contains(v, "sent 2 · refused 0") || !strings.Contains(v, "@gia.makeup") {
		t.Fatalf("results after the change:\n%s", v)
	}
}

// TestComebackWithBoost is the demo from the Program screen: a
// boost for the Inactive segment added on the Offers view, then a campaign
// to the Inactive segment with the comeback template, whose preview shows
// the cost and the boost in each message before anything is sent, then
// started, with the results coming in.
func TestComebackWithBoost(t *testing.T) {
	st := fixtureStore(t)
	inactiveAffiliates(t, st)
	for _, c := range []string{"c07", "c09"} { // the comeback template names their code
		if _, err := st.AddCode("s1", store.CodeSpec{Creator: c, Discount: 10, Until: "2026-12-31"}, t0); err != nil {
			t.Fatal(err)
		}
	}
	tpls, err := st.Templates("s1")
	if err != nil {
		t.Fatal(err)
	}
	idx := -1
	for i, tp := range tpls {
		if tp.Name == "inactive-comeback-offer" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatal("no comeback template in the starter library")
	}
	d := newSyncModel(t, st, 120, 30)
	d.key(seq([]string{"7", "b", "a"}, typed("12"), []string{"tab"}, typed("2026-11-18"), []string{"tab"}, typed("2026-12-15"), []string{"ctrl+s", "esc"})...)
	d.key(seq([]string{"c", "n"}, typed("Come back"), []string{"tab"})...)
	for range idx {
		d.key("right")
	}
	d.key("ctrl+s")
	v := d.M.View()
	for _, want := range []string{"Preview: Come back", "send 2 · waiting 0 · refused 0 · cost 0 credits", "your commission is 12%"} {
		if !strings.Contains(v, want) {
			t.Fatalf("preview lacks %q:\n%s", want, v)
		}
	}
	d.key("s")
	if v := d.M.View(); !strings.Contains(v, "sent 2 · refused 0") {
		t.Fatalf("results:\n%s", v)
	}
}

// TestPreviewWithNothingToSendDoesNotStart: the comeback offer needs a
// boost; without one every recipient is refused (missing value) in the
// preview, and `s` there says so instead of starting a campaign that
// sends nothing.
func TestPreviewWithNothingToSendDoesNotStart(t *testing.T) {
	st := fixtureStore(t)
	inactiveAffiliates(t, st)
	d := newSyncModel(t, st, 100, 30)
	d.key("7", "c", "n")
	for _, r := range "Winback" {
		d.key(string(r))
	}
	d.key("tab")
	for range 20 {
		if strings.Contains(d.M.View(), "inactive-comeback-offer") {
			break
		}
		d.key("right")
	}
	d.key("ctrl+s")
	if v := d.M.View(); !strings.Contains(v, "send 0 · waiting 0 · refused 2") {
		t.Fatalf("preview:\n%s", v)
	}
	d.key("s")
	if v := d.M.View(); !strings.Contains(v, "Nothing to send: all 2 recipients are refused") {
		t.Fatalf("after s:\n%s", v)
	}
	if cs, err := st.Campaigns("s1"); err != nil || len(cs) != 1 || cs[0].State != "draft" {
		t.Fatalf("the campaign started: %+v %v", cs, err)
	}
}
