package shell

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// NewHelp is a help model with the session's styles.
func NewHelp(st *Styles) help.Model {
	h := help.New()
	applyHelpStyles(&h, st)
	return h
}

func applyHelpStyles(h *help.Model, st *Styles) {
	h.Styles.ShortKey, h.Styles.FullKey = st.HelpKey, st.HelpKey
	h.Styles.ShortDesc, h.Styles.FullDesc = st.HelpDesc, st.HelpDesc
	h.Styles.ShortSeparator, h.Styles.FullSeparator = st.HelpSep, st.HelpSep
	h.Styles.Ellipsis = st.HelpSep
}

// tooSmallView is the whole screen of a w×h terminal below the minimum size.
func tooSmallView(st *Styles, w, h int) string {
	return Center(w, h, []string{
		st.Warn.S("Terminal too small"),
		fmt.Sprintf("need %dx%d, have %dx%d", MinWidth, MinHeight, w, h),
		st.Muted.S("enlarge the window, or press q to quit"),
	})
}

// drawFrame lays a screen out in a w×h terminal: the tabs line, the second
// line, the body cut or padded to bh lines, the status line and the short
// help; every line but the last is truncated to w.
func drawFrame(w, h, bh int, tabs, second, body, status, shortHelp string) string {
	var b strings.Builder
	b.Grow(w * h * 2)
	line := func(s string) {
		if ansi.StringWidth(s) > w {
			s = ansi.Truncate(s, w, "…")
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	line(tabs)
	line(second)
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
	line(status)
	b.WriteString(shortHelp)
	return b.String()
}

// tabsLine draws the tab bar: the numbered names, the active one
// highlighted, and right (safe text) flush right in what is left of w.
func tabsLine(st *Styles, names []string, active, w int, right string) string {
	var b strings.Builder
	used := 0
	for i, n := range names {
		label := fmt.Sprintf(" %d %s ", i+1, n)
		if i == active {
			b.WriteString(st.BarActive.S(label))
		} else {
			b.WriteString(st.Bar.S(label))
		}
		used += Width(label)
	}
	if rest := w - used; rest > 0 {
		b.WriteString(st.BarMuted.S(PadLeft(Fit(right, rest), rest)))
	}
	return b.String()
}

// statusLine draws the status line fitted to w: the last status, or idle
// (muted) when there is none.
func statusLine(st *Styles, status Status, w int, idle string) string {
	if status.Text == "" {
		return st.Muted.S(idle)
	}
	t := SafeFit(status.Text, w)
	if status.Err {
		return st.Bad.S(t)
	}
	return st.Good.S(t)
}

// helpPage is the full help page: the title, the groups packed to the width
// and how to close it.
func helpPage(h help.Model, st *Styles, w int, title string, groups [][]key.Binding) string {
	return st.Title.S(title) + "\n\n" + packHelp(h, w, groups) + "\n\n" + st.Muted.S("? or esc closes this help")
}

// packHelp lays the help's columns out in as many rows as the width w
// needs, so no binding is ever cut off.
func packHelp(h help.Model, w int, groups [][]key.Binding) string {
	h.Width = 0
	var rows []string
	var row [][]key.Binding
	for _, g := range groups {
		try := append(append([][]key.Binding(nil), row...), g)
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(try)) > w {
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

// ListLine draws one row of a list: the cursor row selected across the width.
func ListLine(st *Styles, selected bool, plain string, styled string, w int) string {
	if selected {
		return st.Selected.S(Pad("> "+plain, w))
	}
	return "  " + styled
}
