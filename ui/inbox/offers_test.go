package inbox

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/uitest"
)

// offersFixture makes ava.beauty (c01) an affiliate of Acme (s1) with
// sales, and gives her a boost, a code, a contest she leads and a survey.
func offersFixture(tb testing.TB) *store.Store {
	tb.Helper()
	st := inboxFixture(tb)
	if err := st.ShowcaseAt("c01", "s1", t0.AddDate(0, -3, 0)); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: "c01", Day: program.DayOf(t0, uitest.FixedNow().Location()) - 2,
		GMV: 250_00, Orders: 3, Items: 3, Clicks: 40}, t0); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.RecomputeSegments("s1", t0); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AddBoost("s1", store.BoostSpec{Rate: 5, From: "2026-11-18", To: "2026-12-01", Creators: []string{"c01"}}, "s1", t0); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AddCode("s1", store.CodeSpec{Creator: "c01", Code: "AVA-GLOW-15", Discount: 15, Until: "2026-12-31"}, t0); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AddContest("s1", store.ContestSpec{Name: "November race", Metric: offer.ContestGMV, Threshold: 100_00,
		From: "2026-11-01", To: "2026-11-30", Prize: "A year of product", Seed: 7}, t0); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.SendSurvey("s1", store.SurveySpec{Creators: []string{"c01"}}, "s1", t0); err != nil {
		tb.Fatal(err)
	}
	return st
}

// TestInboxOffers renders the creator's Offers screen, with offers and
// without (testdata/TestInboxOffers/<name>.golden).
func TestInboxOffers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		creator string
		w, h    int
		want    []string
	}{
		{"offers", "c01", 100, 24, []string{"+5% commission", "AVA-GLOW-15", "you are #1 of 1 with $250", "not answered yet"}},
		{"offers_none", "c05", 80, 24, []string{"none right now"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newInboxDriver(t, offersFixture(t), tc.creator, tc.w, tc.h)
			d.Key("4")
			out := d.M.View()
			uitest.CheckFrame(t, out, tc.w, tc.h)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestInboxOffersFollowTheFeed: a boost for the seller's segment (a
// seller-wide change) shows in the creator's Offers once the feed says so;
// a change of a seller the creator has nothing to do with reloads nothing.
func TestInboxOffersFollowTheFeed(t *testing.T) {
	st := offersFixture(t)
	d := newInboxDriver(t, st, "c01", 100, 24)
	d.Key("4")
	a := d.M.App().(*app)
	if _, err := st.AddBoost("s1", store.BoostSpec{Rate: 7, From: "2026-11-18", To: "2026-11-25", Segment: program.SegmentPower}, "s1", t0); err != nil {
		t.Fatal(err)
	}
	d.Run(a.Changes([]store.Change{{Kind: store.ChangedOffers, Seller: "s9"}}))
	if v := d.M.View(); strings.Contains(v, "+7%") {
		t.Fatalf("reloaded on another seller's change:\n%s", v)
	}
	d.Run(a.Changes([]store.Change{{Kind: store.ChangedOffers, Seller: "s1"}}))
	if v := d.M.View(); !strings.Contains(v, "Commission boosts (2)") {
		t.Fatalf("after the change:\n%s", v)
	}
}
