package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"outreach/model"
)

// View draws the frame: tabs, the quota gauge, the body (the active pane,
// its help, or a modal), the status line and the short help.
func (m *Model) View() string {
	w, h := m.s.Width, m.s.Height
	st := m.s.Styles
	if m.tooSmall() {
		return tooSmallView(st, w, h)
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
	return drawFrame(w, h, m.bodyHeight(), m.tabsView(), m.gaugeView(), m.bodyView(m.panes[:], m.helpView), m.statusView(), m.shortHelpView())
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
	return tabsLine(m.s.Styles, tabNames[:], m.active, m.s.Width, " "+safe(m.d.seller.Name)+" ")
}

func (m *Model) statusView() string {
	return m.statusLine(m.s.Styles, m.s.Width, fmt.Sprintf("%s · theme %s", m.s.Seller, m.s.Theme.Name))
}

// shortHelpView is the bottom line: the active screen's main keys and the
// global ones, from the same bindings that act.
func (m *Model) shortHelpView() string { return m.shortHelpLine(m.s.Keys, m.panes[:]) }

// helpView is the full help of the current screen, generated from its bindings.
func (m *Model) helpView() string {
	groups := append(m.panes[m.active].FullHelp(), m.s.Keys.globalHelp())
	return m.helpPage(m.s.Styles, m.s.Width, "Help: "+tabNames[m.active]+" screen", groups)
}
