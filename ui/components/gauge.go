package components

import (
	"fmt"
	"strings"

	"outreach/model"
	"outreach/ui/shell"
)

// QuotaGauge is the one-line quota gauge: tier, limit, counted, left,
// Starter Pack, grants, reset time, and (when cost >= 0) what a batch will
// cost and (when marks > 0) how many creators are marked. It picks the
// longest form that fits w.
func QuotaGauge(st *shell.Styles, q model.QuotaStatus, w, cost, marks int) string {
	limit, left := "unlimited", "∞"
	frac := 0.0
	if q.Limit != nil {
		limit = model.Thousands(int64(*q.Limit))
		left = model.Thousands(int64(*q.Remaining))
		if *q.Limit > 0 {
			frac = float64(min(q.Used, *q.Limit)) / float64(*q.Limit)
		}
	}
	reset := q.NextReset.Format("Mon 2 Jan 15:04 MST")
	resetShort := q.NextReset.Format("Mon 15:04")
	marked := ""
	if marks > 0 {
		marked = fmt.Sprintf(" · %d marked", marks)
	}
	batch := ""
	if cost >= 0 {
		batch = fmt.Sprintf(" · batch costs %d", cost)
	}
	tier := st.Title.S(q.Tier)
	type variant struct{ plain, styled string }
	var variants []variant
	add := func(barW int, parts ...string) {
		plain := q.Tier + " " + strings.Repeat("x", barW) + strings.Join(parts, "")
		styled := tier + " " + Bar(st, barW, frac) + st.Text.S(strings.Join(parts, ""))
		variants = append(variants, variant{plain, styled})
	}
	counted := fmt.Sprintf(" counted %d/%s", q.Used, limit)
	add(12, counted, " · left "+left, fmt.Sprintf(" · Starter Pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · grants %d", q.Granted), " · resets "+reset, batch, marked)
	add(10, counted, " · left "+left, fmt.Sprintf(" · pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · grants %d", q.Granted), " · resets "+resetShort, batch, marked)
	add(6, counted, " · left "+left, fmt.Sprintf(" · pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · +%d", q.Granted), " · "+resetShort, batch, marked)
	for _, v := range variants {
		if shell.Width(v.plain) <= w {
			return v.styled
		}
	}
	return variants[len(variants)-1].styled
}

// Bar is a w-cell gauge filled to frac.
func Bar(st *shell.Styles, w int, frac float64) string {
	on := int(frac*float64(w) + 0.5)
	on = min(max(on, 0), w)
	return st.GaugeOn.S(strings.Repeat("█", on)) + st.GaugeOff.S(strings.Repeat("░", w-on))
}
