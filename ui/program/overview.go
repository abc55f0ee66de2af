package program

import (
	"fmt"
	"strings"

	"outreach/model"
	mprogram "outreach/model/program"
	"outreach/ui/shell"
)

// overviewLines is the segment overview: per segment its affiliates and
// GMV share drawn as bars with the moves into it, the kinds, dormant and
// flagged counts, and the program's weekly GMV as a column chart.
func (p *Pane) overviewLines(h int) []string {
	st := p.s.Styles
	var out []string
	run := p.run
	total := len(p.tab.Rows)
	var counts, up, down [5]int
	var gmv [5]model.Cents
	dormant, kinds := 0, [4]int{}
	title := "Segments"
	if run != nil {
		for _, s := range mprogram.Segments {
			counts[s], gmv[s], up[s], down[s] = run.Count[s], run.GMV[s], run.Up[s], run.Down[s]
		}
		dormant, kinds = run.Dormant, run.Kinds
		title += fmt.Sprintf(" at the evaluation of %s", run.AsOf)
		total = 0
		for _, s := range mprogram.Segments {
			total += counts[s]
		}
	} else {
		for i := range p.tab.Rows {
			r := &p.tab.Rows[i]
			if r.Dormant {
				dormant++
			}
		}
	}
	var gmvTotal model.Cents
	for _, g := range gmv {
		gmvTotal += g
	}
	out = append(out, st.Title.S(shell.Fit(title, p.w)))
	if run == nil {
		out = append(out, st.Warn.S(shell.Fit("  Not evaluated yet: segments are evaluated on the 1st of each month (or: outreach segments recompute).", p.w)))
	}

	const labelW, countW, pctW, movesW = 16, 11, 6, 10
	fixed := 2 + labelW + countW + 1 + 1 + 1 + pctW + 1 + movesW
	barW := min(max((p.w-fixed)/2, 4), 40)
	gmvHead := "GMV share"
	if run != nil {
		gmvHead = fmt.Sprintf("GMV share, %d days", run.Window.Days())
	}
	out = append(out, st.Muted.S("  "+shell.Pad("segment", labelW)+shell.PadLeft("affiliates", countW)+" "+shell.Pad("", barW)+" "+
		shell.Pad(gmvHead, barW+1+pctW)+" "+"moves"))
	for i, s := range mprogram.Segments {
		cf := frac(int64(counts[s]), int64(total))
		gf := frac(int64(gmv[s]), int64(gmvTotal))
		cbar := hbar(cf, barW)
		gbar := hbar(gf, barW)
		share := pct(mprogram.Ratio(int64(gmv[s]), int64(gmvTotal)))
		mv := fmt.Sprintf("↑%d ↓%d", up[s], down[s])
		if i == p.segCursor {
			line := "> " + shell.Pad(s.Label(), labelW) + shell.PadLeft(model.Thousands(int64(counts[s])), countW) + " " +
				shell.Pad(cbar, barW) + " " + shell.Pad(gbar, barW) + " " + shell.PadLeft(share, pctW) + " " + mv
			out = append(out, st.Selected.S(shell.Pad(line, p.w)))
			continue
		}
		line := "  " + st.Text.S(shell.Pad(s.Label(), labelW)) + st.Text.S(shell.PadLeft(model.Thousands(int64(counts[s])), countW)) + " " +
			st.GaugeOn.S(cbar) + strings.Repeat(" ", barW-shell.Width(cbar)) + " " +
			st.GaugeOn.S(gbar) + strings.Repeat(" ", barW-shell.Width(gbar)) + " " +
			st.Text.S(shell.PadLeft(share, pctW)) + " " + moveView(st, up[s], down[s])
		out = append(out, line)
	}
	out = append(out, "")
	out = append(out, "  "+st.Muted.S("new ")+st.Text.S(model.Thousands(int64(kinds[mprogram.KindNew])))+
		st.Muted.S(" · never activated ")+st.Text.S(model.Thousands(int64(kinds[mprogram.KindNeverActivated])))+
		st.Muted.S(" · lapsed ")+st.Text.S(model.Thousands(int64(kinds[mprogram.KindLapsed])))+
		st.Muted.S(" · dormant ")+st.Warn.S(model.Thousands(int64(dormant)))+
		st.Muted.S(" · flagged ")+flaggedView(st, p.flagged))
	if run != nil {
		out = append(out, "  "+st.Muted.S(fmt.Sprintf("since the previous evaluation: %d moved up, %d moved down", run.MovesUp(), run.MovesDown())))
	}
	// The chart takes what is left: a title, its rows, the month axis.
	room := h - len(out) - 3
	if room >= 2 {
		out = append(out, "")
		out = append(out, p.trendLines(p.weekly, "Program GMV by week", min(room, 8))...)
	}
	return out
}

// moveView is "↑3 ↓1", up in the good colour and down in the warning one.
func moveView(st *shell.Styles, up, down int) string {
	u, d := st.Muted, st.Muted
	if up > 0 {
		u = st.Good
	}
	if down > 0 {
		d = st.Warn
	}
	return u.S(fmt.Sprintf("↑%d", up)) + " " + d.S(fmt.Sprintf("↓%d", down))
}

func flaggedView(st *shell.Styles, n int) string {
	if n > 0 {
		return st.Bad.S(model.Thousands(int64(n)))
	}
	return st.Text.S("0")
}

// trendLines draws weekly GMV (TrendWeeks values, oldest first, ending
// with the week of today) as columns h rows high, with its title and a
// month axis under it.
func (p *Pane) trendLines(weekly []int64, title string, h int) []string {
	st := p.s.Styles
	var top int64
	for _, v := range weekly {
		top = max(top, v)
	}
	colw := 1
	if len(weekly)*2+8 <= p.w-2 {
		colw = 2
	}
	out := []string{st.Title.S(title) + st.Muted.S(fmt.Sprintf(", %d weeks · top %s", len(weekly), shell.Dollars(model.Cents(top))))}
	if top == 0 {
		out = append(out, st.Muted.S("  no sales in these weeks"))
		return out
	}
	for _, r := range columns(weekly, h, colw, 0, top) {
		out = append(out, "  "+st.GaugeOn.S(r))
	}
	out = append(out, "  "+st.Muted.S(monthAxis(p.tab.Today, len(weekly), colw)))
	return out
}

// monthAxis labels the weeks ending with today's week: a month's short
// name under the first week that starts in it, where it fits.
func monthAxis(today mprogram.Day, weeks, colw int) string {
	first := today.WeekStart() - mprogram.Day(7*(weeks-1))
	cells := []byte(strings.Repeat(" ", weeks*colw))
	prev := -1
	for i := range weeks {
		_, m, _ := (first + mprogram.Day(7*i)).Date()
		if int(m) == prev {
			continue
		}
		prev = int(m)
		name := m.String()[:3]
		at := i * colw
		if at+len(name) > len(cells) || (at > 0 && cells[at-1] != ' ') {
			continue
		}
		copy(cells[at:], name)
	}
	return string(cells)
}
