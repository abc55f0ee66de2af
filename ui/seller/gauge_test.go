package seller

import (
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/themes"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// TestQuotaGauge: what the gauge says at each width, past the limit and
// with a batch, table-driven.
func TestQuotaGauge(t *testing.T) {
	st := shell.NewStyles(uitest.ASCIIRenderer(), mustTheme(t))
	q := func(used, limit, left, pack, granted, grantedLeft int) model.QuotaStatus {
		return model.QuotaStatus{Tier: "T1", Limit: &limit, Remaining: &left, Used: used, StarterPack: pack,
			Granted: granted, GrantedLeft: grantedLeft, NextReset: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
	}
	for _, tc := range []struct {
		name      string
		q         model.QuotaStatus
		w, cost   int
		want, not []string
	}{
		{"under the limit", q(2, 50, 48, 1000, 0, 0), 80, -1, []string{"counted 2/50", "left 48", "resets Sun 00:00"}, []string{"batch"}},
		{"a pack credit is not an overrun", q(51, 50, 0, 999, 0, 0), 80, -1, []string{"counted 50/50 +1 pack"}, []string{"51/50"}},
		{"grants then pack", q(54, 50, 0, 998, 2, 0), 120, -1, []string{"counted 50/50 +2 granted +2 pack"}, []string{"54/50"}},
		{"reset spelled at 80", q(2, 50, 48, 1000, 20, 20), 80, -1, []string{"resets Sun 00:00", "grants 20", "pack 1,000"}, []string{"+20 ·"}},
		{"batch at 80", q(2, 50, 48, 1000, 0, 0), 80, 3, []string{"resets Sun 00:00", "batch costs 3", "pack 1,000"}, nil},
		{"wide says the date", q(2, 50, 48, 1000, 0, 0), 140, -1, []string{"Starter Pack 1,000", "resets Sun 22 Nov 00:00 UTC"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := quotaGauge(st, tc.q, tc.w, tc.cost, 0)
			if shell.WidthANSI(got) > tc.w {
				t.Errorf("%d cells wide, more than %d: %q", shell.WidthANSI(got), tc.w, got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("%q says %q", got, n)
				}
			}
		})
	}
}

func mustTheme(t *testing.T) themes.Palette {
	t.Helper()
	p, err := themes.ByName("")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
