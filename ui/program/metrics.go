package program

import (
	"fmt"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	"outreach/ui/shell"
)

// groupCol is a column of the metrics table.
type groupCol struct {
	title string
	w     int
	cell  func(g *engage.GroupMetrics) string
}

// groupCols are the metrics columns, the first kept when narrow.
var groupCols = [...]groupCol{
	{"affiliates", 10, func(g *engage.GroupMetrics) string { return model.Thousands(int64(g.Affiliates)) }},
	{"active", 7, func(g *engage.GroupMetrics) string { return model.Thousands(int64(g.Active)) }},
	{"active %", 8, func(g *engage.GroupMetrics) string { return pct(g.ActiveShare) }},
	{"GMV", 11, func(g *engage.GroupMetrics) string { return shell.Dollars(g.GMV) }},
	{"GMV %", 6, func(g *engage.GroupMetrics) string { return pct(g.GMVShare) }},
	{"orders", 7, func(g *engage.GroupMetrics) string { return model.Thousands(g.Orders) }},
	{"clicks", 8, func(g *engage.GroupMetrics) string { return model.Thousands(g.Clicks) }},
	{"posts", 6, func(g *engage.GroupMetrics) string { return model.Thousands(g.Posts) }},
	{"commission", 11, func(g *engage.GroupMetrics) string { return shell.Dollars(g.Commission) }},
	{"moves", 9, func(g *engage.GroupMetrics) string { return fmt.Sprintf("↑%d ↓%d", g.MovesUp, g.MovesDown) }},
}

// metricsLines is the program's and each segment's KPIs over the period,
// and the active and GMV shares drawn per segment.
func (p *Pane) metricsLines(h int) []string {
	st := p.s.Styles
	w := p.tab.Period
	out := []string{st.Title.S("Program metrics") + st.Muted.S(shell.Fit(fmt.Sprintf(", last %d days: %s to %s · p changes the period", p.days, w.From, w.To), p.w-15))}
	const nameW = 16
	room := p.w - nameW
	var cols []groupCol
	for _, c := range groupCols {
		if c.w+1 > room {
			break
		}
		cols = append(cols, c)
		room -= c.w + 1
	}
	var hb strings.Builder
	hb.WriteString(shell.Pad("", nameW))
	for _, c := range cols {
		hb.WriteString(" " + shell.PadLeft(c.title, c.w))
	}
	out = append(out, st.Muted.S(hb.String()))
	row := func(name string, g *engage.GroupMetrics, paint shell.Paint) string {
		var b strings.Builder
		b.WriteString(shell.Pad(name, nameW))
		for _, c := range cols {
			b.WriteString(" " + shell.PadLeft(c.cell(g), c.w))
		}
		return paint.S(b.String())
	}
	out = append(out, row("Program", &p.program, st.Title))
	for i := range p.groups {
		out = append(out, row(p.groups[i].Segment.Label(), &p.groups[i], st.Text))
	}
	// Shares drawn: a bar per segment for its active share and GMV share.
	if h-len(out) >= 2+len(p.groups) {
		barW := min(max((p.w-nameW-2-2*7)/2, 4), 40)
		out = append(out, "")
		out = append(out, st.Muted.S(shell.Pad("", nameW)+" "+shell.Pad("active share", barW+7)+" "+"GMV share"))
		for i := range p.groups {
			g := &p.groups[i]
			a := hbar(float64(g.ActiveShare)/100_00, barW)
			s := hbar(float64(g.GMVShare)/100_00, barW)
			out = append(out, st.Text.S(shell.Pad(g.Segment.Label(), nameW))+" "+
				st.GaugeOn.S(a)+strings.Repeat(" ", barW-shell.Width(a))+" "+st.Text.S(shell.PadLeft(pct(g.ActiveShare), 6))+" "+
				st.GaugeOn.S(s)+strings.Repeat(" ", barW-shell.Width(s))+" "+st.Text.S(shell.PadLeft(pct(g.GMVShare), 6)))
		}
	}
	return out
}
