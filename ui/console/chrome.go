package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"outreach/themes"
)

// chrome is the state the seller console's root and the role frames keep
// around their panes: the active screen, the modal, the help and the status
// line. Both embed it; its methods take the panes, which each side holds.
type chrome struct {
	active   int
	overlay  pane // a modal (batch preview, confirmation) over the body, or nil
	showHelp bool
	help     help.Model
	status   statusMsg
}

// applyHelpStyles gives the help model the theme's styles.
func (c *chrome) applyHelpStyles(st *Styles) {
	c.help.Styles.ShortKey, c.help.Styles.FullKey = st.HelpKey, st.HelpKey
	c.help.Styles.ShortDesc, c.help.Styles.FullDesc = st.HelpDesc, st.HelpDesc
	c.help.Styles.ShortSeparator, c.help.Styles.FullSeparator = st.HelpSep, st.HelpSep
	c.help.Styles.Ellipsis = st.HelpSep
}

// resize sizes the panes, the modal and the help to a w×h body.
func (c *chrome) resize(panes []pane, w, h int) {
	for _, p := range panes {
		p.SetSize(w, h)
	}
	if c.overlay != nil {
		c.overlay.SetSize(w, h)
	}
	c.help.Width = w
}

// broadcast hands a message to every pane and the modal: results are small
// and each pane ignores what is not its own.
func (c *chrome) broadcast(panes []pane, msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, p := range panes {
		np, cmd := p.Update(msg)
		panes[i] = np.(pane)
		cmds = append(cmds, cmd)
	}
	if c.overlay != nil {
		np, cmd := c.overlay.Update(msg)
		c.overlay = np.(pane)
		c.dropClosed()
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// frameMsg handles the messages about the frame itself: a status, a modal
// opening (sized to w×bh) or closing. ok is false for any other message.
func (c *chrome) frameMsg(msg tea.Msg, w, bh int) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case statusMsg:
		c.status = msg
		return nil, true
	case openOverlayMsg:
		c.overlay = msg.p
		c.overlay.SetSize(w, bh)
		return c.overlay.Init(), true
	case closeOverlayMsg:
		c.overlay = nil
		return nil, true
	}
	return nil, false
}

// blockedKey handles a key while nothing but the help or quitting may act:
// force quit always, the help's own keys while it is open, quit while
// blocked (too small, loading). ok is false when the key goes on.
func (c *chrome) blockedKey(msg tea.KeyMsg, k *KeyMap, blocked bool, quit func() tea.Cmd) (tea.Cmd, bool) {
	if key.Matches(msg, k.ForceQuit) {
		return quit(), true
	}
	if c.showHelp {
		switch {
		case key.Matches(msg, k.Help, k.Back):
			c.showHelp = false
		case key.Matches(msg, k.Quit):
			return quit(), true
		}
		return nil, true
	}
	if blocked {
		if key.Matches(msg, k.Quit) {
			return quit(), true
		}
		return nil, true
	}
	return nil, false
}

// focusKey hands a key to the modal, or else to the active pane when it
// takes text or binds the key. ok is false when neither took it.
func (c *chrome) focusKey(msg tea.KeyMsg, panes []pane) (tea.Cmd, bool) {
	if c.overlay != nil {
		np, cmd := c.overlay.Update(msg)
		c.overlay = np.(pane)
		c.dropClosed()
		return cmd, true
	}
	p := panes[c.active]
	if p.Capturing() || matchesAny(msg, p.FullHelp()) {
		np, cmd := p.Update(msg)
		panes[c.active] = np.(pane)
		return cmd, true
	}
	return nil, false
}

// globalKey acts on the bindings every root screen shares: quit, help, the
// tabs (n of them, screens picks one by number) and the theme.
func (c *chrome) globalKey(msg tea.KeyMsg, s *Session, screens key.Binding, n int, quit func() tea.Cmd) tea.Cmd {
	k := &s.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return quit()
	case key.Matches(msg, k.Help):
		c.showHelp = true
	case key.Matches(msg, k.NextTab):
		c.active = (c.active + 1) % n
	case key.Matches(msg, k.PrevTab):
		c.active = (c.active + n - 1) % n
	case key.Matches(msg, k.Theme):
		s.SetTheme(themes.Next(s.Theme.Name))
		c.applyHelpStyles(s.Styles)
		c.status = statusMsg{text: "Theme: " + s.Theme.Name}
	case key.Matches(msg, screens):
		c.active = int(msg.Runes[0] - '1')
	}
	return nil
}

// bodyView is what the body shows: the help, else the modal, else the
// active pane.
func (c *chrome) bodyView(panes []pane, helpView func() string) string {
	switch {
	case c.showHelp:
		return helpView()
	case c.overlay != nil:
		return c.overlay.View()
	default:
		return panes[c.active].View()
	}
}

// tooSmallView is the whole screen of a w×h terminal below the minimum size.
func tooSmallView(st *Styles, w, h int) string {
	return center(w, h, []string{
		st.Warn.S("Terminal too small"),
		fmt.Sprintf("need %dx%d, have %dx%d", MinWidth, MinHeight, w, h),
		st.Muted.S("enlarge the window, or press q to quit"),
	})
}

// drawFrame lays a root screen out in a w×h terminal: the tabs line, the
// second line, the body cut or padded to bh lines, the status line and the
// short help; every line but the last is truncated to w.
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
		used += width(label)
	}
	if rest := w - used; rest > 0 {
		b.WriteString(st.BarMuted.S(padLeft(fit(right, rest), rest)))
	}
	return b.String()
}

// statusLine draws the status line fitted to w: the last status, or idle
// (muted) when there is none.
func (c *chrome) statusLine(st *Styles, w int, idle string) string {
	if c.status.text == "" {
		return st.Muted.S(idle)
	}
	t := safeFit(c.status.text, w)
	if c.status.err {
		return st.Bad.S(t)
	}
	return st.Good.S(t)
}

// shortHelpLine is the bottom line: the keys of the help, the modal or the
// active pane, and the global ones, from the same bindings that act.
func (c *chrome) shortHelpLine(k KeyMap, panes []pane) string {
	var bs []key.Binding
	switch {
	case c.showHelp:
		bs = []key.Binding{k.Help, k.Back, k.Quit}
	case c.overlay != nil:
		bs = c.overlay.ShortHelp()
	default:
		bs = append(bs, panes[c.active].ShortHelp()...)
		bs = append(bs, k.Help, k.Quit)
	}
	return c.help.ShortHelpView(bs)
}

// helpPage is the full help page: the title, the groups packed to the width
// and how to close it.
func (c *chrome) helpPage(st *Styles, w int, title string, groups [][]key.Binding) string {
	return st.Title.S(title) + "\n\n" + packHelp(c.help, w, groups) + "\n\n" + st.Muted.S("? or esc closes this help")
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

// closer is a modal that can finish by itself: on a key, or on a store
// result (a form whose write succeeded). The frame drops it in the same
// update, so the next key goes to the screen beneath, never to a finished
// modal.
type closer interface{ closed() bool }

// dropClosed closes the modal when it has finished.
func (c *chrome) dropClosed() {
	if cl, ok := c.overlay.(closer); ok && cl.closed() {
		c.overlay = nil
	}
}
