package campaigns

import (
	"fmt"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/offer"
	"outreach/ui/shell"
)

// View draws the view.
func (o *Offers) View() string {
	st := o.env.S.Styles
	var out []string
	if f := o.form; f != nil {
		out = append(out, st.Title.S("New boost")+st.Muted.S(shell.Fit(" · tab next field · ←/→ segment · ctrl+s add · esc cancel", o.w-9)))
		out = append(out, f.Lines(st, o.w, 8, func(i int) string {
			if i == bSegment {
				return "‹ " + string(boostSegments[f.Picks[bSegment]]) + " ›"
			}
			in := f.Inputs[i]
			return in.View()
		})...)
		return strings.Join(clip(out, o.h), "\n")
	}
	out = append(out, st.Title.S("Offers")+st.Muted.S(shell.Fit(" · a add a boost · ↑/↓ contest · esc back", o.w-6)))
	switch {
	case o.data == nil && o.err != nil:
		out = append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(o.err), o.w-2)))
		return strings.Join(out, "\n")
	case o.data == nil:
		out = append(out, st.Muted.S("  loading the offers…"))
		return strings.Join(out, "\n")
	}
	d := o.data
	line := func(s string) string { return st.Text.S(shell.Fit("  "+s, o.w)) }
	out = append(out, st.Title.S("Boosts"))
	if len(d.boosts) == 0 {
		out = append(out, st.Muted.S("  none: a adds one"))
	}
	for _, b := range d.boosts {
		state := "upcoming"
		switch {
		case b.Active:
			state = "active"
		case b.Ended:
			state = "ended"
		}
		who := b.Segment
		if who == "" {
			who = fmt.Sprintf("%d creators", len(b.Creators))
		}
		out = append(out, line(fmt.Sprintf("+%g%%  %s to %s  %-8s %-14s reached %d · left out %d", b.Rate,
			dayOf(b.Start), lastDay(b.End), state, model.SafeLine(who), len(b.Reached), len(b.LeftOut))))
	}
	out = append(out, st.Title.S("Codes"))
	if len(d.codes) == 0 {
		out = append(out, st.Muted.S("  none"))
	}
	for _, c := range d.codes {
		valid := "valid"
		if !c.Valid {
			valid = "expired"
		}
		out = append(out, line(fmt.Sprintf("%-16s %-20s %3d%% off through %s  %s", model.SafeLine(c.Code.Code), o.env.Handle(c.Creator),
			c.Discount, lastDay(c.Until), valid)))
	}
	out = append(out, st.Title.S("Contests"))
	if len(d.contests) == 0 {
		out = append(out, st.Muted.S("  none"))
	}
	for i, c := range d.contests {
		state := "ended"
		if c.Running {
			state = "running"
		}
		if c.Result != nil && c.Result.Winner != "" {
			state = "won by " + o.env.Handle(c.Result.Winner)
		}
		text := fmt.Sprintf("%-20s %s ≥ %s  %s to %s  %s", shell.SafeFit(c.Name, 20), c.Metric, thresholdText(&c.Contest),
			dayOf(c.Start), lastDay(c.End), state)
		text = shell.Fit(text, o.w-2)
		out = append(out, shell.ListLine(st, i == o.contest, text, st.Text.S(text), o.w))
	}
	if o.contest < len(d.contests) {
		c := &d.contests[o.contest]
		if len(c.Leaderboard) == 0 {
			out = append(out, st.Muted.S("    no entries yet"))
		}
		for j, r := range c.Leaderboard {
			if j == 5 {
				out = append(out, st.Muted.S(fmt.Sprintf("    … %d more", len(c.Leaderboard)-5)))
				break
			}
			q := ""
			if r.Qualified {
				q = "qualified"
			}
			out = append(out, st.Text.S(shell.Fit(fmt.Sprintf("    %2d. %-20s %12s  %s", r.Rank, o.env.Handle(r.Creator), totalText(&c.Contest, r.Total), q), o.w)))
		}
	}
	s := d.surveys
	out = append(out, st.Title.S("Why-inactive surveys")+st.Muted.S(fmt.Sprintf("  sent %d · answered %d", s.Sent, s.Answered)))
	for _, c := range s.Counts {
		out = append(out, line(fmt.Sprintf("%4d  %s", c.Count, model.SafeLine(c.Label))))
	}
	return strings.Join(clip(out, o.h), "\n")
}

// thresholdText is a contest's threshold: dollars for GMV, a count else.
func thresholdText(c *offer.Contest) string { return totalText(c, c.Threshold) }

func totalText(c *offer.Contest, v int64) string {
	if c.Metric == offer.ContestGMV {
		return shell.Dollars(model.Cents(v))
	}
	return model.Thousands(v)
}

// clip keeps the first h lines.
func clip(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:h]
	}
	return lines
}

// dayOf is an instant's day (UTC).
func dayOf(t time.Time) string { return t.UTC().Format("2006-01-02") }

// lastDay is the last day before an exclusive end.
func lastDay(end time.Time) string { return dayOf(end.Add(-time.Nanosecond)) }
