package triage

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/uitest"
)

// withCampaign gives Acme (s1) two affiliates who never sold and a
// campaign to the Inactive segment, started and sent, and a draft.
func withCampaign(t *testing.T, st *store.Store) {
	t.Helper()
	for _, c := range []string{"c09", "c10"} {
		if err := st.ShowcaseAt(c, "s1", t0.AddDate(0, -3, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RecomputeSegments("s1", t0); err != nil {
		t.Fatal(err)
	}
	tpls, err := st.Templates("s1")
	if err != nil || len(tpls) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, name := range []string{"Winback", "Later"} {
		sp := store.CampaignSpec{Name: name, Template: tpls[0].Name, Audience: engage.Audience{Segments: []program.SegmentName{program.SegmentInactive}}}
		if _, err := st.CreateCampaign("s1", sp, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.StartCampaign("s1", "Winback", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RunCampaign("s1", "Winback", t0); err != nil {
		t.Fatal(err)
	}
}

// TestTriageCampaigns: the agent sees the opened seller's campaigns with
// their states and counts, and can act on none of them.
func TestTriageCampaigns(t *testing.T) {
	for _, tc := range []struct {
		name string
		prep bool
		keys []string
		want []string
	}{
		{"campaigns", true, []string{"enter", "7"}, []string{"Campaigns of Acme Beauty (s1) (2)", "Winback", "done", "Later", "draft"}},
		{"campaigns_none", false, []string{"enter", "7"}, []string{"no campaigns"}},
		{"campaigns_no_seller", false, []string{"7"}, []string{"No seller open"}},
		// s, p, x start, pause and cancel in the seller's console: here
		// they do nothing.
		{"campaigns_keys_inert", true, []string{"enter", "7", "down", "s", "p", "x"}, []string{"Later", "draft"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := triageFixture(t)
			if tc.prep {
				withCampaign(t, st)
			}
			d := newTriageDriver(t, st, 100, 24)
			d.Key(tc.keys...)
			out := d.M.View()
			uitest.CheckFrame(t, out, 100, 24)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}
