package program

import (
	"fmt"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/ui/shell"
)

// detail is one affiliate's detail over the table: its row comes from the
// loaded table, its history and flags from their own loads.
type detail struct {
	id      string
	set     *rowSet // the load row was found in
	row     int32   // the affiliate's row in set, -1 when gone
	steps   []Step
	histErr error
	histOK  bool
	flags   []mprogram.FlagState
	flagErr error
	flagOK  bool
}

// detailView draws the affiliate's metrics, its 26-week GMV trend, goal,
// segment history and flags.
func (p *Pane) detailView() string {
	st := p.s.Styles
	d := p.detail
	var m *engage.AffiliateMetrics
	if p.loaded != nil {
		if d.set != p.set { // a new load: find the row again
			d.set, d.row = p.set, -1
			if i, ok := p.set.find(d.id); ok {
				d.row = i
			}
		}
		if d.row >= 0 {
			m = &p.set.rows[d.row]
		}
	}
	if m == nil {
		return st.Muted.S(shell.Fit("  "+shell.Safe(d.id)+" is no longer in the program · esc back", p.w))
	}
	var out []string
	head := st.Handle.S(shell.SafeFit("@"+m.Handle, handleMax)) + st.Muted.S(" · ") + st.Title.S(segmentName(m))
	switch m.Move {
	case mprogram.MoveUp:
		head += st.Good.S(" ↑ from " + m.Previous.Label())
	case mprogram.MoveDown:
		head += st.Warn.S(" ↓ from " + m.Previous.Label())
	}
	if m.Move != mprogram.MoveNone && m.MoveMonth != "" {
		head += st.Muted.S(" (" + m.MoveMonth + ")")
	}
	if m.Dormant {
		head += st.Muted.S(" · ") + st.Warn.S("dormant")
	}
	if n := len(m.Flags); n > 0 {
		head += st.Muted.S(" · ") + st.Bad.S(fmt.Sprintf("%d open flag%s", n, shell.Plural(n)))
	}
	out = append(out, head)
	out = append(out, p.figureLines([][2]string{
		{fmt.Sprintf("last %d days: GMV", p.tab.Period.Days()), shell.Money(m.GMV)}, {"orders", model.Thousands(m.Orders)},
		{"items", model.Thousands(m.Items)}, {"AOV", shell.Money(m.AOV)}, {"clicks", model.Thousands(m.Clicks)},
		{"conversion", pct(m.Conversion)}, {"refund rate", pct(m.RefundRate)}, {"commission", shell.Money(m.Commission)},
		{"posts", model.Thousands(m.Posts)}, {"last sale", dayText(m.LastSale)},
		{"inactive", fmt.Sprintf("%d day%s", m.DaysInactive, shell.Plural(m.DaysInactive))},
	})...)
	if g := m.Goal; g != nil {
		gw := 20
		bar := hbar(float64(min(g.Percent, 100))/100, gw)
		paint := st.GaugeOn
		if g.Reached {
			paint = st.Good
		}
		out = append(out, st.Muted.S("goal for "+g.Month+": ")+paint.S(bar)+st.GaugeOff.S(strings.Repeat("·", gw-shell.Width(bar)))+" "+st.Text.S(g.String()))
	} else {
		out = append(out, st.Muted.S("no goal this month"))
	}
	hist := p.historyLine(d)
	flags := p.flagLines(d, m)
	// The chart gets what the rest leaves, 3 to 8 rows.
	room := p.h - len(out) - 1 - 2 - 1 - len(flags) - 1
	trend := make([]int64, len(m.Trend))
	for i, c := range m.Trend {
		trend[i] = int64(c)
	}
	if room >= 3 && len(trend) > 0 {
		out = append(out, "")
		out = append(out, p.trendLines(trend, "GMV by week", min(room, 8))...)
	}
	out = append(out, hist)
	out = append(out, flags...)
	for len(out) < p.h-1 {
		out = append(out, "")
	}
	out = out[:max(p.h-1, 1)]
	out = append(out, st.Muted.S(shell.Fit("m conversation · c the creator's profile · esc back to the table", p.w)))
	for i, l := range out {
		if shell.WidthANSI(l) > p.w {
			out[i] = shell.SafeFit(l, p.w) // only plain lines are this long
		}
	}
	return strings.Join(out, "\n")
}

// figureLines lays out name-value pairs in as few lines of the pane's
// width as they take, a pair never split.
func (p *Pane) figureLines(kvs [][2]string) []string {
	st := p.s.Styles
	sep := "  "
	var out []string
	var b strings.Builder
	used := 0
	for _, kv := range kvs {
		w := shell.Width(kv[0]) + 1 + shell.Width(kv[1])
		if used > 0 && used+len(sep)+w > p.w {
			out = append(out, b.String())
			b.Reset()
			used = 0
		}
		if used > 0 {
			b.WriteString(sep)
			used += len(sep)
		}
		b.WriteString(st.Muted.S(kv[0]+" ") + st.Text.S(kv[1]))
		used += w
	}
	if used > 0 {
		out = append(out, b.String())
	}
	return out
}

// segmentName is the segment in words, with the kind for New or inactive.
func segmentName(m *engage.AffiliateMetrics) string {
	if m.Segment == mprogram.SegInactive && m.Kind != mprogram.KindNone {
		return "Inactive: " + m.Kind.String()
	}
	if m.Segment == mprogram.SegNone {
		return "not evaluated yet"
	}
	return m.Segment.Label()
}

// historyLine is the affiliate's segments, newest last, as many as fit.
func (p *Pane) historyLine(d *detail) string {
	st := p.s.Styles
	label := "segment history: "
	switch {
	case d.histErr != nil:
		return st.Muted.S(label) + st.Bad.S(shell.SafeFit(shell.ErrText(d.histErr), p.w-len(label)))
	case !d.histOK:
		return st.Muted.S(label + "loading…")
	case len(d.steps) == 0:
		return st.Muted.S(label + "no evaluation yet")
	}
	var parts []string
	for _, s := range d.steps {
		t := s.AsOf.String() + " " + s.Segment.Label()
		switch s.Move {
		case mprogram.MoveUp:
			t += " ↑"
		case mprogram.MoveDown:
			t += " ↓"
		}
		parts = append(parts, t)
	}
	room := p.w - len(label)
	for len(parts) > 1 && shell.Width(strings.Join(parts, " → ")) > room-2 {
		parts = parts[1:]
	}
	text := strings.Join(parts, " → ")
	if len(parts) < len(d.steps) {
		text = "… " + text
	}
	return st.Muted.S(label) + st.Text.S(shell.Fit(text, room))
}

// flagLines is the affiliate's flags with their sentences: the open ones,
// then the cleared ones with who cleared them and why.
func (p *Pane) flagLines(d *detail, m *engage.AffiliateMetrics) []string {
	st := p.s.Styles
	switch {
	case d.flagErr != nil:
		return []string{st.Bad.S(shell.SafeFit("flags: "+shell.ErrText(d.flagErr), p.w))}
	case !d.flagOK && len(m.Flags) > 0:
		return []string{st.Muted.S("flags: loading…")}
	case len(d.flags) == 0:
		return []string{st.Muted.S("no flags")}
	}
	out := []string{st.Title.S("Flags")}
	for _, f := range d.flags {
		if f.Cleared {
			continue
		}
		for i, l := range shell.SafeWrap(string(f.Rule)+": "+f.Message, p.w-4) {
			pre := "  ! "
			if i > 0 {
				pre = "    "
			}
			out = append(out, st.Bad.S(pre+l))
		}
	}
	for _, f := range d.flags {
		if !f.Cleared {
			continue
		}
		text := fmt.Sprintf("%s cleared %s by %s: %s", f.Rule, shell.When(f.ClearedAt), f.ClearedBy, f.Reason)
		out = append(out, st.Muted.S("  ✓ "+shell.SafeFit(text, p.w-4)))
	}
	return out
}
