package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"outreach/model"
)

// View draws the frame: tabs, the quota gauge, the body (the active pane,
// its help, or a modal), the status line and the short help.
func (m *Model) View() string {
	w, h := m.s.Width, m.s.Height
	st := m.s.Styles
	if m.tooSmall() {
		return center(w, h, []string{
			st.Warn.S("Terminal too small"),
			fmt.Sprintf("need %dx%d, have %dx%d", MinWidth, MinHeight, w, h),
			st.Muted.S("enlarge the window, or press q to quit"),
		})
	}
	if m.fatal != nil {
		return center(w, h, []string{st.Bad.S(safeFit(errText(m.fatal), w-2)), st.Muted.S("press q to quit")})
	}
	if m.loading {
		n := "the"
		if m.total >= 0 {
			n = model.Thousands(int64(m.total))
		}
		return center(w, h, []string{st.Title.S("outreach"), "loading " + n + " creators…"})
	}
	var b strings.Builder
	b.Grow(w * h * 2)
	line := func(s string) {
		if ansi.StringWidth(s) > w {
			s = ansi.Truncate(s, w, "…")
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	line(m.tabsView())
	line(m.gaugeView())
	bh := m.bodyHeight()
	var body string
	switch {
	case m.showHelp:
		body = m.helpView()
	case m.overlay != nil:
		body = m.overlay.View()
	default:
		body = m.panes[m.active].View()
	}
	n := 0
	for l := range strings.SplitSeq(body, "\n") {
		if n == bh {
			break
		}
		line(l)
		n++
	}
	for ; n < bh; n++ {
		b.WriteByte('\n')
	}
	line(m.statusView())
	b.WriteString(m.shortHelpView())
	return b.String()
}

func center(w, h int, lines []string) string {
	var b strings.Builder
	top := max((h-len(lines))/2, 0)
	b.WriteString(strings.Repeat("\n", top))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "…")
			lw = w
		}
		b.WriteString(strings.Repeat(" ", max((w-lw)/2, 0)))
		b.WriteString(l)
	}
	return b.String()
}

func (m *Model) tabsView() string {
	st := m.s.Styles
	var b strings.Builder
	used := 0
	for i, n := range tabNames {
		label := fmt.Sprintf(" %d %s ", i+1, n)
		if i == m.active {
			b.WriteString(st.BarActive.S(label))
		} else {
			b.WriteString(st.Bar.S(label))
		}
		used += len(label)
	}
	right := " " + safe(m.d.seller.Name) + " "
	if rest := m.s.Width - used; rest > 0 {
		right = padLeft(fit(right, rest), rest)
		b.WriteString(st.BarMuted.S(right))
	}
	return b.String()
}

func (m *Model) statusView() string {
	st := m.s.Styles
	if m.status.text == "" {
		return st.Muted.S(fmt.Sprintf("%s · theme %s", m.s.Seller, m.s.Theme.Name))
	}
	t := safeFit(m.status.text, m.s.Width)
	if m.status.err {
		return st.Bad.S(t)
	}
	return st.Good.S(t)
}

// shortHelpView is the bottom line: the active screen's main keys and the
// global ones, from the same bindings that act.
func (m *Model) shortHelpView() string {
	k := m.s.Keys
	var bs []key.Binding
	switch {
	case m.showHelp:
		bs = []key.Binding{k.Help, k.Back, k.Quit}
	case m.overlay != nil:
		bs = m.overlay.ShortHelp()
	default:
		bs = append(bs, m.panes[m.active].ShortHelp()...)
		bs = append(bs, k.Help, k.Quit)
	}
	return m.help.ShortHelpView(bs)
}

// helpView is the full help of the current screen, generated from its bindings.
func (m *Model) helpView() string {
	st := m.s.Styles
	p := m.panes[m.active]
	groups := append(p.FullHelp(), m.s.Keys.globalHelp())
	title := st.Title.S("Help: " + tabNames[m.active] + " screen")
	return title + "\n\n" + m.packHelp(groups) + "\n\n" + st.Muted.S("? or esc closes this help")
}

// packHelp lays the help's columns out in as many rows as the width needs,
// so no binding is ever cut off.
func (m *Model) packHelp(groups [][]key.Binding) string {
	h := m.help
	h.Width = 0
	var rows []string
	var row [][]key.Binding
	for _, g := range groups {
		try := append(append([][]key.Binding(nil), row...), g)
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(try)) > m.s.Width {
			rows = append(rows, h.FullHelpView(row))
			row = [][]key.Binding{g}
			continue
		}
		row = try
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}
