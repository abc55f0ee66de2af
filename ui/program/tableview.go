package program

import (
	"fmt"
	"strconv"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/ui/shell"
)

// column is a metric column of the affiliate table.
type column struct {
	key   engage.MetricKey
	title string
	w     int
}

// metricCols are the metric columns, the first kept when the table is narrow.
var metricCols = [...]column{
	{engage.ByGMV, "GMV", 10}, {engage.ByOrders, "orders", 8}, {engage.ByAOV, "AOV", 7}, {engage.ByClicks, "clicks", 8},
	{engage.ByConversion, "conv", 6}, {engage.ByRefundRate, "refund", 8}, {engage.ByCommission, "commission", 12},
	{engage.ByPosts, "posts", 7}, {engage.ByLastSale, "last sale", 11}, {engage.ByDaysInactive, "idle", 6},
	{engage.ByItems, "items", 7},
}

// Fixed parts of a table row.
const (
	handleMin = 16
	handleMax = 25
	segW      = 17 // "never-activated ↑"
	stateMin  = 7  // "flagged"
)

// layout is which columns a table row shows at a width.
type layout struct {
	handle, state int
	cols          []column
}

// fitColumns keeps the metric columns that fit in w, always the sorted one.
func fitColumns(w int, sortBy engage.MetricKey) layout {
	l := layout{handle: handleMin, state: stateMin}
	room := w - 2 - handleMin - 1 - segW - 1 - stateMin
	for _, c := range metricCols {
		if c.w+1 > room {
			break
		}
		l.cols = append(l.cols, c)
		room -= c.w + 1
	}
	if sortBy != engage.BySegment && sortBy != engage.ByHandle && !l.hasKey(sortBy) {
		// The sorted column replaces the last ones until it fits.
		for _, c := range metricCols {
			if c.key != sortBy {
				continue
			}
			for len(l.cols) > 0 && room < c.w+1 {
				room += l.cols[len(l.cols)-1].w + 1
				l.cols = l.cols[:len(l.cols)-1]
			}
			if room >= c.w+1 {
				l.cols = append(l.cols, c)
				room -= c.w + 1
			}
		}
	}
	grow := min(max(room, 0), handleMax-handleMin)
	l.handle += grow
	l.state += max(room-grow, 0)
	return l
}

func (l layout) hasKey(k engage.MetricKey) bool {
	for _, c := range l.cols {
		if c.key == k {
			return true
		}
	}
	return false
}

// cellText is a metric's cell.
func cellText(m *engage.AffiliateMetrics, k engage.MetricKey) string {
	switch k {
	case engage.ByGMV:
		return shell.Dollars(m.GMV)
	case engage.ByOrders:
		return model.Thousands(m.Orders)
	case engage.ByItems:
		return model.Thousands(m.Items)
	case engage.ByAOV:
		return shell.Dollars(m.AOV)
	case engage.ByClicks:
		return model.Thousands(m.Clicks)
	case engage.ByConversion:
		return pct(m.Conversion)
	case engage.ByRefundRate:
		return pct(m.RefundRate)
	case engage.ByCommission:
		return shell.Dollars(m.Commission)
	case engage.ByPosts:
		return model.Thousands(m.Posts)
	case engage.ByLastSale:
		return dayText(m.LastSale)
	case engage.ByDaysInactive:
		return strconv.Itoa(m.DaysInactive)
	}
	return ""
}

// stateText is the flags and dormancy of a row.
func stateText(m *engage.AffiliateMetrics) string {
	var parts []string
	if n := len(m.Flags); n == 1 {
		parts = append(parts, "flagged")
	} else if n > 1 {
		parts = append(parts, fmt.Sprintf("%d flags", n))
	}
	if m.Dormant {
		parts = append(parts, "dormant")
	}
	return strings.Join(parts, " ")
}

// sortName is the column the table is sorted by, with its direction.
func (p *Pane) sortName() string {
	name := p.sortBy.String()
	for _, c := range metricCols {
		if c.key == p.sortBy {
			name = c.title
		}
	}
	switch p.sortBy {
	case engage.BySegment:
		name = "segment"
	case engage.ByHandle:
		name = "handle"
	}
	if p.asc {
		return name + " ↑"
	}
	return name + " ↓"
}

// filterText is the filters in words.
func (p *Pane) filterText() string {
	f := p.filter
	seg := "all segments"
	if f.Segment != mprogram.SegNone {
		seg = f.Segment.Label()
	}
	parts := []string{seg}
	if f.Kind != mprogram.KindNone {
		parts = append(parts, f.Kind.String())
	}
	if f.Dormant {
		parts = append(parts, "dormant")
	}
	if f.Flagged {
		parts = append(parts, "flagged")
	}
	return strings.Join(parts, " · ")
}

// tableLines is the search and filters, the sort, the header and the
// visible rows only: the table never lays out rows it does not show.
func (p *Pane) tableLines(h int) []string {
	st := p.s.Styles
	out := make([]string, 0, h)
	count := fmt.Sprintf("%s of %s", model.Thousands(int64(len(p.shown))), model.Thousands(int64(len(p.shownSet.rows))))
	if p.searching {
		count = "searching… " + count
	}
	in := p.input.View()
	if !p.input.Focused() && p.input.Value() == "" {
		in = st.Muted.S("/ search handle")
	}
	left := in + "  " + st.Text.S(p.filterText())
	gap := p.w - shell.WidthANSI(left) - shell.Width(count)
	if gap < 1 {
		left = in
		gap = max(p.w-shell.WidthANSI(left)-shell.Width(count), 1)
	}
	out = append(out, left+strings.Repeat(" ", gap)+st.Muted.S(count))
	out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("sort %s · o/O sort · f segment · n kind · d dormant · F flagged · / search", p.sortName()), p.w)))
	l := fitColumns(p.w, p.sortBy)
	var hb strings.Builder
	hb.WriteString("  " + shell.Pad("handle", l.handle) + " " + shell.Pad("segment", segW))
	for _, c := range l.cols {
		t := c.title
		if c.key == p.sortBy {
			t = p.sortName()
		}
		hb.WriteString(" " + shell.PadLeft(t, c.w))
	}
	hb.WriteString(" " + shell.Pad("state", l.state))
	out = append(out, st.Title.S(shell.Fit(hb.String(), p.w)))
	if len(p.shown) == 0 && !p.searching {
		out = append(out, st.Muted.S(shell.Fit("  no affiliates match; esc clears the search, ctrl+r the filters", p.w)))
		return out
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		j := p.shown[i]
		out = append(out, p.rowView(l, &p.shownSet.rows[j], p.shownSet.handles[j], i == p.nav.Cursor))
	}
	return out
}

// rowView draws one affiliate's row.
func (p *Pane) rowView(l layout, m *engage.AffiliateMetrics, handle string, selected bool) string {
	st := p.s.Styles
	hd := shell.Pad(shell.Fit("@"+handle, l.handle), l.handle)
	seg := shell.Pad(segmentText(m), segW)
	state := shell.Pad(stateText(m), l.state)
	if selected {
		var b strings.Builder
		b.WriteString("> " + hd + " " + seg)
		for _, c := range l.cols {
			b.WriteString(" " + shell.PadLeft(cellText(m, c.key), c.w))
		}
		b.WriteString(" " + state)
		return st.Selected.S(shell.Pad(shell.Fit(b.String(), p.w), p.w))
	}
	var b strings.Builder
	b.WriteString("  " + st.Handle.S(hd) + " ")
	sp := st.Text
	switch m.Move {
	case mprogram.MoveUp:
		sp = st.Good
	case mprogram.MoveDown:
		sp = st.Warn
	}
	b.WriteString(sp.S(seg))
	var nums strings.Builder
	for _, c := range l.cols {
		nums.WriteString(" " + shell.PadLeft(cellText(m, c.key), c.w))
	}
	b.WriteString(st.Text.S(nums.String()))
	b.WriteString(" ")
	if len(m.Flags) > 0 {
		b.WriteString(st.Bad.S(state))
	} else {
		b.WriteString(st.Muted.S(state))
	}
	return b.String()
}
