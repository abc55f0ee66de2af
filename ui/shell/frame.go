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

// ReadOnlyMark is what the tab bar says in a read-only session.
const ReadOnlyMark = "[read-only]"

// tabsLine draws the tab bar: the numbered names, the active one
// highlighted, the read-only mark, and right (safe text) flush right in
// what is left of w.
func tabsLine(st *Styles, names []string, active, w int, readOnly bool, right string) string {
	var b strings.Builder
	used := 0
	if readOnly {
		m := " " + ReadOnlyMark + " "
		b.WriteString(st.BarActive.S(m))
		used += Width(m)
	}
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

// statusLines draws the status in w columns: the last status, or idle
// (muted) when there is none. A sentence wider than w wraps onto a second
// line (which then stands in for the short help); one longer than two
// lines ends with a pointer to the help page, which shows it whole. A
// refusal is never cut without a way to read it.
func statusLines(st *Styles, status Status, w int, idle string) (first, second string) {
	if status.Text == "" {
		return st.Muted.S(idle), ""
	}
	p := st.Good
	if status.Err {
		p = st.Bad
	}
	t := Safe(status.Text)
	if Width(t) <= w {
		return p.S(t), ""
	}
	lines := SafeWrap(t, w)
	if len(lines) <= 2 {
		return p.S(lines[0]), p.S(lines[1])
	}
	const more = " (? shows it whole)"
	rest := strings.Join(lines[1:], " ")
	return p.S(lines[0]), p.S(Fit(rest, max(w-Width(more), 1)) + st.Muted.S(more))
}

// helpPage is the full help page: the title, the last status sentence in
// full (the status line may have had to cut it), the groups packed to the
// width and how to close it.
func helpPage(h help.Model, st *Styles, w int, title string, last Status, groups [][]key.Binding) string {
	var b strings.Builder
	b.WriteString(st.Title.S(title) + "\n\n")
	if last.Text != "" {
		p := st.Good
		if last.Err {
			p = st.Bad
		}
		for i, l := range SafeWrap("Last message: "+last.Text, w) {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p.S(l))
		}
		b.WriteString("\n\n")
	}
	b.WriteString(packHelp(h, w, groups) + "\n\n" + st.Muted.S("? or esc closes this help"))
	return b.String()
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
