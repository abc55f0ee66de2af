package campaigns

import (
	"fmt"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	"outreach/ui/shell"
)

// View draws the view.
func (c *View) View() string {
	st := c.env.S.Styles
	var out []string
	switch c.mode {
	case modeForm:
		out = c.formLines()
	case modePreview:
		out = c.previewLines()
	case modeResults:
		out = c.resultsLines()
	default:
		out = append(out, st.Title.S("Campaigns")+st.Muted.S(shell.Fit(" · n new · enter results · p preview · s start · z pause · x cancel · esc back", c.w-9)))
		switch {
		case !c.loaded && c.err != nil:
			out = append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.err), c.w-2)))
		case !c.loaded:
			out = append(out, st.Muted.S("  loading the campaigns…"))
		case len(c.list) == 0:
			out = append(out, st.Muted.S(shell.Fit("  No campaigns yet: n writes one.", c.w)))
		default:
			hdr := fmt.Sprintf("%-22s %-9s %5s %7s %7s %5s %7s  %s", "name", "state", "sent", "refused", "waiting", "left", "charged", "audience")
			out = append(out, st.Muted.S(shell.Fit("  "+hdr, c.w)))
			lo, hi := c.nav.Visible()
			for i := lo; i < hi; i++ {
				ci := &c.list[i]
				line := fmt.Sprintf("%-22s %-9s %5d %7d %7d %5d %7d  %s", shell.Pad(shell.SafeFit(ci.Name, 22), 22), ci.State,
					ci.Counts.Sent, ci.Counts.Refused, ci.Counts.Waiting, ci.Counts.Left, ci.Counts.Charged, audienceText(&ci.Campaign.Audience))
				line = shell.Fit(line, c.w-2)
				out = append(out, shell.ListLine(st, i == c.nav.Cursor, line, st.Text.S(line), c.w))
			}
		}
	}
	return strings.Join(clip(out, c.h), "\n")
}

// formLines is the create form, each field with its error under it.
func (c *View) formLines() []string {
	st := c.env.S.Styles
	f := c.form
	out := []string{st.Title.S("New campaign") + st.Muted.S(shell.Fit(" · tab next field · ←/→ choose · ctrl+s save as draft · esc cancel", c.w-12))}
	tplName := "(none)"
	if len(c.tpls) > 0 {
		t := c.tpls[f.Picks[fTemplate]%len(c.tpls)]
		tplName = t.Name
		if t.Starter {
			tplName += " (starter)"
		}
	}
	when := whenChoices[f.Picks[fWhen]]
	out = append(out, f.Lines(st, c.w, 10, func(i int) string {
		switch i {
		case fAt:
			if !when.at {
				return st.Muted.S("(not used: the campaign starts when you start it)")
			}
		case fTemplate:
			return "‹ " + shell.SafeFit(tplName, c.w-20) + " ›"
		case fAudience:
			return "‹ " + audienceChoices[f.Picks[fAudience]].label + " ›"
		case fWhen:
			return "‹ " + when.label + " ›"
		case fOverflow:
			return "‹ " + string(overflowChoices[f.Picks[fOverflow]]) + " ›"
		}
		in := f.Inputs[i]
		return in.View()
	})...)
	if f.Busy {
		out = append(out, st.Muted.S("  saving…"))
	}
	return out
}

// previewLines is what the campaign's next run would do: each recipient's
// outcome, the message of the selected one and the total cost.
func (c *View) previewLines() []string {
	st := c.env.S.Styles
	out := []string{st.Title.S("Preview: ") + st.Text.S(shell.SafeFit(c.name, c.w-30)) + st.Muted.S(" · s start · esc back")}
	switch {
	case c.subErr != nil:
		return append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.subErr), c.w-2)))
	case c.preview == nil:
		return append(out, st.Muted.S("  previewing…"))
	}
	pv := c.preview
	sum := fmt.Sprintf("  %s · send %d · waiting %d · refused %d · cost %d credits", pv.State, pv.Send, pv.Waiting, pv.Refused, pv.Cost)
	out = append(out, st.Title.S(shell.Fit(sum, c.w)))
	if pv.Waiting > 0 && !pv.WaitUntil.IsZero() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  %d wait for this week's quota: they go at the reset, %s UTC", pv.Waiting, pv.WaitUntil.UTC().Format(atLayout)), c.w)))
	}
	lo, hi := c.subNav.Visible()
	for i := lo; i < hi; i++ {
		e := &pv.Recipients[i]
		line := fmt.Sprintf("%-24s %-8s %3d  %s", shell.Pad(shell.SafeFit("@"+e.Handle, 24), 24), e.Outcome, e.Charged, model.SafeLine(e.Message))
		line = shell.Fit(line, c.w-2)
		out = append(out, shell.ListLine(st, i == c.subNav.Cursor, line, st.Text.S(line), c.w))
	}
	if c.subNav.Cursor < len(pv.Recipients) {
		e := &pv.Recipients[c.subNav.Cursor]
		out = append(out, "", st.Muted.S(shell.Fit("  Message to @"+model.SafeLine(e.Handle)+":", c.w)))
		for _, l := range shell.SafeWrap(e.Text, max(c.w-4, 10)) {
			out = append(out, "    "+st.Text.S(l))
		}
	}
	return out
}

// resultsLines is the campaign's results per recipient, as they come in.
func (c *View) resultsLines() []string {
	st := c.env.S.Styles
	out := []string{st.Title.S("Results: ") + st.Text.S(shell.SafeFit(c.name, c.w-40)) + st.Muted.S(" · p preview · z pause · x cancel · esc back")}
	switch {
	case c.subErr != nil:
		return append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.subErr), c.w-2)))
	case c.detail == nil:
		return append(out, st.Muted.S("  loading the results…"))
	}
	d := c.detail
	n := d.Counts
	out = append(out, st.Title.S(shell.Fit(fmt.Sprintf("  %s · runs %d · sent %d · refused %d · waiting %d · left %d · charged %d",
		d.State, d.Runs, n.Sent, n.Refused, n.Waiting, n.Left, n.Charged), c.w)))
	if !d.Due.IsZero() && !d.State.Final() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  next run %s UTC", d.Due.UTC().Format(atLayout)), c.w)))
	}
	if n.Waiting > 0 && !d.WaitUntil.IsZero() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  the waiting ones go at the reset, %s UTC", d.WaitUntil.UTC().Format(atLayout)), c.w)))
	}
	if len(d.Results) == 0 {
		return append(out, st.Muted.S(shell.Fit("  Nothing sent yet.", c.w)))
	}
	lo, hi := c.subNav.Visible()
	for i := lo; i < hi; i++ {
		r := &d.Results[i]
		at := ""
		if !r.At.IsZero() {
			at = r.At.UTC().Format(atLayout)
		}
		line := fmt.Sprintf("%-20s run %-2d step %-2d %-8s %-16s %s", shell.Pad(shell.SafeFit(c.env.Handle(r.Creator), 20), 20), r.Run+1, r.Step+1, r.Outcome, at, model.SafeLine(r.Message))
		line = shell.Fit(line, c.w-2)
		out = append(out, shell.ListLine(st, i == c.subNav.Cursor, line, st.Text.S(line), c.w))
	}
	return out
}

// audienceText names an audience: its segments and inactive kinds.
func audienceText(a *engage.Audience) string {
	var parts []string
	for _, s := range a.Segments {
		parts = append(parts, string(s))
	}
	for _, k := range a.Kinds {
		parts = append(parts, "inactive: "+k.String())
	}
	if len(a.Creators) > 0 {
		parts = append(parts, fmt.Sprintf("%d creators", len(a.Creators)))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
