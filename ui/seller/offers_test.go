package seller

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"
)

// withOffers adds to inactiveAffiliates a code for ava.beauty, a GMV
// contest running this month and a why-inactive survey.
func withOffers(t *testing.T, st *store.Store) {
	t.Helper()
	inactiveAffiliates(t, st)
	if _, err := st.AddCode("s1", store.CodeSpec{Creator: "c01", Code: "AVA-GLOW-15", Discount: 15, Until: "2026-12-31"}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddContest("s1", store.ContestSpec{Name: "November race", Metric: offer.ContestGMV, Threshold: 100_00,
		From: "2026-11-01", To: "2026-11-30", Prize: "A year of product", Seed: 7}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SendSurvey("s1", store.SurveySpec{Segment: program.SegmentInactive}, "s1", t0); err != nil {
		t.Fatal(err)
	}
}

// typed is the keys that type s.
func typed(s string) []string {
	out := make([]string, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func seq(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestOfferScreens renders the Offers view (testdata/TestOfferScreens).
func TestOfferScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"offers_empty", 80, 24, []string{"7", "b"}},
		{"offers", 100, 30, []string{"7", "b"}},
		{"boost_form", 80, 24, seq([]string{"7", "b", "a"}, typed("5"), []string{"tab"}, typed("2026-11-20"), []string{"tab", "tab", "right"})},
		// Every error at once under its field.
		{"boost_errors", 80, 24, seq([]string{"7", "b", "a"}, typed("90"), []string{"tab"}, typed("x"), []string{"ctrl+s"})},
		{"boost_end_before_start", 80, 24, seq([]string{"7", "b", "a"}, typed("5"), []string{"tab"}, typed("2026-12-20"), []string{"tab"}, typed("2026-12-01"), []string{"ctrl+s"})},
		{"boost_added", 100, 30, seq([]string{"7", "b", "a"}, typed("5"), []string{"tab"}, typed("2026-11-18"), []string{"tab"}, typed("2026-12-01"), []string{"ctrl+s"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fixtureStore(t)
			if tc.name == "offers_empty" {
				inactiveAffiliates(t, st)
			} else {
				withOffers(t, st)
			}
			d := newSyncModel(t, st, tc.w, tc.h)
			d.key(tc.keys...)
			out := d.M.View()
			checkFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestBoostFromTheScreen: a boost added with the form is stored, for the
// segment chosen, and the list shows it active.
func TestBoostFromTheScreen(t *testing.T) {
	st := fixtureStore(t)
	withOffers(t, st)
	d := newSyncModel(t, st, 100, 30)
	d.key(seq([]string{"7", "b", "a"}, typed("5"), []string{"tab"}, typed("2026-11-18"), []string{"tab"}, typed("2026-12-01"), []string{"ctrl+s"})...)
	bs, err := st.Boosts("s1", t0)
	if err != nil || len(bs) != 1 || bs[0].Rate != 5 || bs[0].Segment != string(program.SegmentInactive) {
		t.Fatalf("boosts: %+v %v", bs, err)
	}
	if v := d.M.View(); !strings.Contains(v, "+5%") || !strings.Contains(v, "active") {
		t.Fatalf("offers after the boost:\n%s", v)
	}
}

// TestOffersFollowTheFeed: a code added elsewhere shows with the change.
func TestOffersFollowTheFeed(t *testing.T) {
	st := fixtureStore(t)
	inactiveAffiliates(t, st)
	d := newSyncModel(t, st, 100, 30)
	d.key("7", "b")
	if _, err := st.AddCode("s1", store.CodeSpec{Creator: "c05", Code: "EVE-10", Discount: 10, Until: "2026-12-31"}, t0); err != nil {
		t.Fatal(err)
	}
	if v := d.M.View(); strings.Contains(v, "EVE-10") {
		t.Fatalf("shown before the change:\n%s", v)
	}
	d.run(d.app().Changes([]store.Change{{Kind: store.ChangedOffers, Seller: "s1", Creator: "c05"}}))
	if v := d.M.View(); !strings.Contains(v, "EVE-10") || !strings.Contains(v, "@eve.style") {
		t.Fatalf("after the change:\n%s", v)
	}
}
