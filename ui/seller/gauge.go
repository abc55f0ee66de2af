package seller

import (
	"fmt"
	"strings"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// countedText is what the week has counted against its limit: "counted
// 12/50", and past the limit what paid for the rest, "counted 50/50 +3
// granted +1 pack", so a Starter Pack credit never reads as an overrun.
func countedText(q model.QuotaStatus) string {
	if q.Limit == nil {
		return fmt.Sprintf("counted %d", q.Used)
	}
	limit := *q.Limit
	weekly := min(q.Used, limit)
	extra := q.Used - weekly
	granted := min(max(q.Granted-q.GrantedLeft, 0), extra)
	s := fmt.Sprintf("counted %d/%s", weekly, model.Thousands(int64(limit)))
	if granted > 0 {
		s += fmt.Sprintf(" +%d granted", granted)
	}
	if pack := extra - granted; pack > 0 {
		s += fmt.Sprintf(" +%d pack", pack)
	}
	return s
}

// quotaGauge is the seller's one-line quota gauge: tier, a bar, counted,
// left, Starter Pack, grants, when the week resets, and (cost >= 0) what
// the batch being previewed costs and (marks > 0) how many creators are
// marked. It picks the longest form that fits w; every form spells the
// reset out ("resets Sun 00:00").
func quotaGauge(st *shell.Styles, q model.QuotaStatus, w, cost, marks int) string {
	left := "∞"
	frac := 0.0
	if q.Limit != nil {
		left = model.Thousands(int64(*q.Remaining))
		if *q.Limit > 0 {
			frac = float64(min(q.Used, *q.Limit)) / float64(*q.Limit)
		}
	}
	counted := countedText(q)
	resetLong := "resets " + q.NextReset.Format("Mon 2 Jan 15:04 MST")
	reset := "resets " + q.NextReset.Format("Mon 15:04")
	var tail []string
	if cost >= 0 {
		tail = append(tail, fmt.Sprintf("batch costs %d", cost))
	}
	if marks > 0 {
		tail = append(tail, fmt.Sprintf("%d marked", marks))
	}
	grants := fmt.Sprintf("grants %d", q.Granted)
	pack := "pack " + model.Thousands(int64(q.StarterPack))
	type variant struct {
		bar   int
		parts []string
	}
	var short []string // the narrow forms leave out grants when there are none
	if q.Granted > 0 {
		short = []string{counted, "left " + left, pack, fmt.Sprintf("+%d granted", q.Granted), reset}
	} else {
		short = []string{counted, "left " + left, pack, reset}
	}
	variants := []variant{
		{12, append([]string{counted, "left " + left, "Starter Pack " + model.Thousands(int64(q.StarterPack)), grants, resetLong}, tail...)},
		{10, append([]string{counted, "left " + left, pack, grants, reset}, tail...)},
		{6, append(append([]string(nil), short...), tail...)},
		{0, append(append([]string(nil), short...), tail...)},
	}
	if len(tail) == 2 { // the marks are on the screen anyway: they go first
		variants = append(variants, variant{0, append(append([]string(nil), short...), tail[0])})
	}
	variants = append(variants, variant{0, append([]string{counted, "left " + left, reset}, tail...)})
	for i, v := range variants {
		text := strings.Join(v.parts, " · ")
		plain := q.Tier + " " + strings.Repeat("x", v.bar) + " " + text
		if v.bar == 0 {
			plain = q.Tier + " " + text
		}
		if shell.Width(plain) > w && i < len(variants)-1 {
			continue
		}
		out := st.Title.S(q.Tier) + " "
		if v.bar > 0 {
			out += components.Bar(st, v.bar, frac) + " "
		}
		return out + st.Text.S(shell.Fit(text, max(w-shell.Width(plain)+shell.Width(text), 1)))
	}
	return ""
}
