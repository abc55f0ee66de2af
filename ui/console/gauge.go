package console

import (
	"fmt"
	"strings"

	"outreach/model"
)

// gaugeView is the one-line quota gauge shown on every screen: tier, limit,
// counted, left, Starter Pack, grants, reset time; with a batch preview open
// it shows what the batch will cost. It picks the longest form that fits.
func (m *Model) gaugeView() string {
	st := m.s.Styles
	d := m.d
	if !d.quotaOK {
		return st.Muted.S("quota: loading…")
	}
	q := d.quota
	cost := -1
	if b, ok := m.overlay.(*batchModel); ok && b.previewed {
		cost = b.cost
	}
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
	marks := ""
	if n := len(d.marks); n > 0 {
		marks = fmt.Sprintf(" · %d marked", n)
	}
	batch := ""
	if cost >= 0 {
		batch = fmt.Sprintf(" · batch costs %d", cost)
	}
	tier := st.Title.S(q.Tier)
	variants := []struct{ plain, styled string }{}
	add := func(barW int, parts ...string) {
		plain := q.Tier + " " + strings.Repeat("x", barW) + strings.Join(parts, "")
		styled := tier + " " + bar(st, barW, frac) + st.Text.S(strings.Join(parts, ""))
		variants = append(variants, struct{ plain, styled string }{plain, styled})
	}
	counted := fmt.Sprintf(" counted %d/%s", q.Used, limit)
	add(12, counted, " · left "+left, fmt.Sprintf(" · Starter Pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · grants %d", q.Granted), " · resets "+reset, batch, marks)
	add(10, counted, " · left "+left, fmt.Sprintf(" · pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · grants %d", q.Granted), " · resets "+resetShort, batch, marks)
	add(6, counted, " · left "+left, fmt.Sprintf(" · pack %s", model.Thousands(int64(q.StarterPack))),
		fmt.Sprintf(" · +%d", q.Granted), " · "+resetShort, batch, marks)
	for _, v := range variants {
		if width(v.plain) <= m.s.Width {
			return v.styled
		}
	}
	return variants[len(variants)-1].styled
}

func bar(st *Styles, w int, frac float64) string {
	on := int(frac*float64(w) + 0.5)
	on = min(max(on, 0), w)
	return st.GaugeOn.S(strings.Repeat("█", on)) + st.GaugeOff.S(strings.Repeat("░", w-on))
}
