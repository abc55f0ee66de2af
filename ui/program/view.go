package program

import (
	"fmt"
	"strings"

	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/ui/shell"
)

// View draws the view bar and the view shown, or an affiliate's detail.
func (p *Pane) View() string {
	if p.camp != nil {
		return p.camp.View()
	}
	if p.off != nil {
		return p.off.View()
	}
	if p.detail != nil {
		return p.detailView()
	}
	var b strings.Builder
	b.WriteString(p.barView())
	lines := p.h - 1
	var body []string
	switch {
	case p.src == nil:
		body = []string{p.s.Styles.Muted.S("  The affiliate program cannot be read in this session.")}
	case p.loaded == nil && p.err != nil:
		body = []string{p.s.Styles.Bad.S("  " + shell.SafeFit(shell.ErrText(p.err), p.w-2))}
	case p.loaded == nil:
		body = []string{p.s.Styles.Muted.S("  loading the program…")}
	case len(p.tab.Rows) == 0 && p.view != viewMetrics:
		body = []string{p.s.Styles.Muted.S(shell.Fit("  No affiliates yet: a creator joins the program by accepting an invitation", p.w)),
			p.s.Styles.Muted.S(shell.Fit("  or showcasing one of your products.", p.w))}
	case p.view == viewOverview:
		body = p.overviewLines(lines)
	case p.view == viewTable:
		body = p.tableLines(lines)
	default:
		body = p.metricsLines(lines)
	}
	for i, l := range body {
		if i >= lines {
			break
		}
		b.WriteByte('\n')
		b.WriteString(l)
	}
	return b.String()
}

// barView is the views, the active one lit, and the period on the right.
func (p *Pane) barView() string {
	st := p.s.Styles
	var b strings.Builder
	used := 0
	for i, n := range viewNames {
		label := " " + n + " "
		used += shell.Width(label)
		if view(i) == p.view {
			b.WriteString(st.BarActive.S(label))
		} else {
			b.WriteString(st.Muted.S(label))
		}
	}
	right := fmt.Sprintf("last %d days", p.days)
	if p.loaded != nil {
		right += " · as of " + p.tab.Today.String()
	}
	if p.loading {
		right = "loading… " + right
	}
	gap := p.w - used - shell.Width(right)
	if gap < 1 {
		return b.String()
	}
	return b.String() + strings.Repeat(" ", gap) + st.Muted.S(right)
}

// pct is a share with one decimal: "12.5%".
func pct(b mprogram.BasisPoints) string { return fmt.Sprintf("%.1f%%", float64(b)/100) }

// frac is a/b as a float, 0 when b is 0.
func frac(a, b int64) float64 {
	if b <= 0 || a <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// dayText is a day, or "-" for none.
func dayText(d mprogram.Day) string {
	if d == 0 {
		return "-"
	}
	return d.String()
}

// segmentText is an affiliate's segment in a table cell: its name, or the
// kind for New or inactive, with the last move.
func segmentText(m *engage.AffiliateMetrics) string {
	s := ""
	switch {
	case m.Segment == mprogram.SegInactive && m.Kind != mprogram.KindNone:
		s = m.Kind.String()
	case m.Segment == mprogram.SegNone:
		s = "-"
	default:
		s = m.Segment.Label()
	}
	switch m.Move {
	case mprogram.MoveUp:
		s += " ↑"
	case mprogram.MoveDown:
		s += " ↓"
	}
	return s
}
