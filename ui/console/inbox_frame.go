package console

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"outreach/store"
	"outreach/themes"
)

// This file is the frame the creator inbox, the agent triage and the admin
// screens share: tabs with a header, a summary line, the body (the active
// pane, its help or a modal), the status line and the short help. Each role
// builds a frame with its panes and a few hooks; the frame routes like the
// seller console's root: keys to the modal, then the focused pane, then the
// global bindings.

// RoleKeyMap is the bindings of the role screens on top of KeyMap. Each
// session gets its own copy (DefaultRoleKeyMap).
type RoleKeyMap struct {
	// Creator inbox.
	Accept, Decline, Reply, Block, Unblock key.Binding
	// Triage.
	RefusedOnly, Grant key.Binding
	// Admin.
	AddKey, RemoveKey, Triage, BackToAdmin key.Binding
	// Forms.
	FormNext, FormPrev, FormSubmit key.Binding
}

// DefaultRoleKeyMap returns a fresh copy of the role screens' bindings.
func DefaultRoleKeyMap() RoleKeyMap {
	return RoleKeyMap{
		Accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept")),
		Decline: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "decline")),
		Reply:   key.NewBinding(key.WithKeys("r", "enter"), key.WithHelp("r/enter", "reply")),
		Block:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "block seller")),
		Unblock: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unblock seller")),

		RefusedOnly: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "refused only/all")),
		Grant:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "grant credits")),

		AddKey:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add key")),
		RemoveKey:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove key")),
		Triage:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "triage view")),
		BackToAdmin: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "back to admin")),

		FormNext:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FormPrev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FormSubmit: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "submit")),
	}
}

// roleSession is a Session plus the role's own key map and acting account.
type roleSession struct {
	*Session
	RK      RoleKeyMap
	Account string // the creator, agent or admin id
}

// newRoleSession builds the per-session state from opts, like New does for
// the seller console. In the role screens "g" is grant, so top of list is
// home only.
func newRoleSession(opts Options, account string) (*roleSession, error) {
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	s.Keys.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top"))
	return &roleSession{Session: s, RK: DefaultRoleKeyMap(), Account: account}, nil
}

// roleFeedMsg is the change feed of one frame (a frame ignores another's).
type roleFeedMsg struct {
	ch     <-chan store.Change
	cs     []store.Change
	closed bool
}

func roleWaitCmd(ch <-chan store.Change) tea.Cmd {
	w := waitChangeCmd(ch)
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		m := w().(changesMsg)
		return roleFeedMsg{ch: ch, cs: m.cs, closed: m.closed}
	}
}

// frame is the root model of a role screen.
type frame struct {
	s     *roleSession
	title string // "Inbox", "Triage", "Admin": the help title
	tabs  []string
	panes []pane

	active   int
	overlay  pane
	showHelp bool
	help     help.Model
	status   statusMsg
	screens  key.Binding

	feed  <-chan store.Change
	unsub func()

	// Hooks.
	header     func() string                        // right of the tabs; safe text
	summary    func() string                        // the second line; styled, safe
	init       func() []tea.Cmd                     // initial loads
	onMsg      func(msg tea.Msg) tea.Cmd            // results, before the panes see them
	changes    func(cs []store.Change) tea.Cmd      // feed changes (already re-armed)
	global     func(msg tea.KeyMsg) (tea.Cmd, bool) // role-wide keys, after the pane's
	globalKeys []key.Binding                        // their help

	// inner is a nested role screen that takes over the body (the admin's
	// triage view); parent is the frame that holds this one.
	inner, parent *frame
	leave         key.Binding // the key that closes inner
}

func newFrame(s *roleSession, title string, tabs []string, panes []pane) *frame {
	f := &frame{s: s, title: title, tabs: tabs, panes: panes}
	f.help = help.New()
	f.applyHelpStyles()
	nums := make([]string, len(tabs))
	for i := range tabs {
		nums[i] = fmt.Sprint(i + 1)
	}
	f.screens = key.NewBinding(key.WithKeys(nums...), key.WithHelp(fmt.Sprintf("1-%d", len(tabs)), strings.Join(tabs, " ")))
	f.feed, f.unsub = s.Store.Subscribe()
	f.resize()
	return f
}

func (f *frame) applyHelpStyles() {
	st := f.s.Styles
	f.help.Styles.ShortKey, f.help.Styles.FullKey = st.HelpKey, st.HelpKey
	f.help.Styles.ShortDesc, f.help.Styles.FullDesc = st.HelpDesc, st.HelpDesc
	f.help.Styles.ShortSeparator, f.help.Styles.FullSeparator = st.HelpSep, st.HelpSep
	f.help.Styles.Ellipsis = st.HelpSep
}

// close stops the feed subscriptions (this frame's and a nested one's).
func (f *frame) close() {
	if f.inner != nil {
		f.inner.close()
	}
	if f.unsub != nil {
		f.unsub()
		f.unsub = nil
	}
}

// Close releases the session's change feed; the SSH door calls it when a
// session ends without the user quitting.
func (f *frame) Close() { f.close() }

// runFrame runs a role screen in the local terminal until the user quits.
func runFrame(m tea.Model, err error) error {
	if err != nil {
		return err
	}
	if c, ok := m.(interface{ close() }); ok {
		defer c.close()
	}
	_, err = tea.NewProgram(m, tea.WithAltScreen()).Run()
	return err
}

func localOpts(opts Options) Options {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	return opts
}

// Init loads the role's state and listens to the feed.
func (f *frame) Init() tea.Cmd {
	var cmds []tea.Cmd
	if f.init != nil {
		cmds = f.init()
	}
	for _, p := range f.panes {
		cmds = append(cmds, p.Init())
	}
	cmds = append(cmds, roleWaitCmd(f.feed))
	return tea.Batch(cmds...)
}

func (f *frame) bodyHeight() int { return max(f.s.Height-4, 1) }

func (f *frame) resize() {
	w, h := f.s.Width, f.bodyHeight()
	for _, p := range f.panes {
		p.SetSize(w, h)
	}
	if f.overlay != nil {
		f.overlay.SetSize(w, h)
	}
	f.help.Width = w
}

func (f *frame) tooSmall() bool { return f.s.Width < MinWidth || f.s.Height < MinHeight }

// Update routes like the seller console's root.
func (f *frame) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f.inner != nil {
		if cmd, ok := f.toInner(msg); ok {
			return f, cmd
		}
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.s.Width, f.s.Height = msg.Width, msg.Height
		f.resize()
		return f, nil
	case tea.KeyMsg:
		return f, f.key(msg)
	case roleFeedMsg:
		if msg.ch != f.feed || msg.closed {
			return f, nil
		}
		var cmd tea.Cmd
		if f.changes != nil {
			cmd = f.changes(msg.cs)
		}
		return f, tea.Batch(cmd, roleWaitCmd(f.feed))
	case statusMsg:
		f.status = msg
		return f, nil
	case doneMsg:
		f.status = statusMsg{msg.text, msg.err}
	case openOverlayMsg:
		f.overlay = msg.p
		f.overlay.SetSize(f.s.Width, f.bodyHeight())
		return f, f.overlay.Init()
	case closeOverlayMsg:
		f.overlay = nil
		return f, nil
	case switchTabMsg:
		f.active = min(max(msg.tab, 0), len(f.panes)-1)
		return f, nil
	}
	var cmd tea.Cmd
	if f.onMsg != nil {
		cmd = f.onMsg(msg)
	}
	return f, tea.Batch(cmd, f.broadcast(msg))
}

// toInner routes to the nested screen everything but this frame's own
// feed; the leave key (when the inner screen takes no text) closes it.
func (f *frame) toInner(msg tea.Msg) (tea.Cmd, bool) {
	in := f.inner
	switch msg := msg.(type) {
	case roleFeedMsg:
		if msg.ch == f.feed {
			return nil, false
		}
	case tea.WindowSizeMsg:
		_, cmd := in.Update(msg)
		f.resize()
		return cmd, true
	case tea.KeyMsg:
		if key.Matches(msg, f.leave) && in.overlay == nil && !in.showHelp && !in.panes[in.active].Capturing() {
			in.close()
			f.inner = nil
			f.status = statusMsg{text: "Back to " + f.title + "."}
			return nil, true
		}
	}
	_, cmd := in.Update(msg)
	return cmd, true
}

// broadcast hands a message to every pane and the modal.
func (f *frame) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, p := range f.panes {
		np, cmd := p.Update(msg)
		f.panes[i] = np.(pane)
		cmds = append(cmds, cmd)
	}
	if f.overlay != nil {
		np, cmd := f.overlay.Update(msg)
		f.overlay = np.(pane)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (f *frame) key(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		if f.overlay != nil && f.overlay.Capturing() || f.panes[f.active].Capturing() {
			// Typed text goes to the input whole.
			return f.route(msg)
		}
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, f.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	k := &f.s.Keys
	if key.Matches(msg, k.ForceQuit) {
		return f.quit()
	}
	if f.showHelp {
		switch {
		case key.Matches(msg, k.Help, k.Back):
			f.showHelp = false
		case key.Matches(msg, k.Quit):
			return f.quit()
		}
		return nil
	}
	if f.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return f.quit()
		}
		return nil
	}
	return f.route(msg)
}

func (f *frame) route(msg tea.KeyMsg) tea.Cmd {
	k := &f.s.Keys
	if f.overlay != nil {
		np, cmd := f.overlay.Update(msg)
		f.overlay = np.(pane)
		if c, ok := f.overlay.(interface{ closed() bool }); ok && c.closed() {
			f.overlay = nil
		}
		return cmd
	}
	p := f.panes[f.active]
	if p.Capturing() || matchesAny(msg, p.FullHelp()) {
		np, cmd := p.Update(msg)
		f.panes[f.active] = np.(pane)
		return cmd
	}
	if f.global != nil {
		if cmd, ok := f.global(msg); ok {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return f.quit()
	case key.Matches(msg, k.Help):
		f.showHelp = true
	case key.Matches(msg, k.NextTab):
		f.active = (f.active + 1) % len(f.panes)
	case key.Matches(msg, k.PrevTab):
		f.active = (f.active + len(f.panes) - 1) % len(f.panes)
	case key.Matches(msg, k.Theme):
		f.s.SetTheme(themes.Next(f.s.Theme.Name))
		f.applyHelpStyles()
		f.status = statusMsg{text: "Theme: " + f.s.Theme.Name}
	case key.Matches(msg, f.screens):
		f.active = int(msg.Runes[0] - '1')
	}
	return nil
}

func (f *frame) quit() tea.Cmd {
	f.close()
	if f.parent != nil {
		f.parent.close()
	}
	return tea.Quit
}

// View draws the frame.
func (f *frame) View() string {
	if f.inner != nil {
		return f.inner.View()
	}
	w, h := f.s.Width, f.s.Height
	st := f.s.Styles
	if f.tooSmall() {
		return center(w, h, []string{
			st.Warn.S("Terminal too small"),
			fmt.Sprintf("need %dx%d, have %dx%d", MinWidth, MinHeight, w, h),
			st.Muted.S("enlarge the window, or press q to quit"),
		})
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
	line(f.tabsView())
	if f.summary != nil {
		line(f.summary())
	} else {
		line("")
	}
	bh := f.bodyHeight()
	var body string
	switch {
	case f.showHelp:
		body = f.helpView()
	case f.overlay != nil:
		body = f.overlay.View()
	default:
		body = f.panes[f.active].View()
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
	line(f.statusView())
	b.WriteString(f.shortHelpView())
	return b.String()
}

func (f *frame) tabsView() string {
	st := f.s.Styles
	var b strings.Builder
	used := 0
	for i, n := range f.tabs {
		label := fmt.Sprintf(" %d %s ", i+1, n)
		if i == f.active {
			b.WriteString(st.BarActive.S(label))
		} else {
			b.WriteString(st.Bar.S(label))
		}
		used += width(label)
	}
	right := ""
	if f.header != nil {
		right = " " + f.header() + " "
	}
	if rest := f.s.Width - used; rest > 0 {
		b.WriteString(st.BarMuted.S(padLeft(fit(right, rest), rest)))
	}
	return b.String()
}

func (f *frame) statusView() string {
	st := f.s.Styles
	if f.status.text == "" {
		return st.Muted.S(safeFit(fmt.Sprintf("%s %s · theme %s", strings.ToLower(f.title), f.s.Account, f.s.Theme.Name), f.s.Width))
	}
	t := safeFit(f.status.text, f.s.Width)
	if f.status.err {
		return st.Bad.S(t)
	}
	return st.Good.S(t)
}

func (f *frame) shortHelpView() string {
	k := f.s.Keys
	var bs []key.Binding
	switch {
	case f.showHelp:
		bs = []key.Binding{k.Help, k.Back, k.Quit}
	case f.overlay != nil:
		bs = f.overlay.ShortHelp()
	default:
		bs = append(bs, f.panes[f.active].ShortHelp()...)
		bs = append(bs, k.Help, k.Quit)
	}
	return f.help.ShortHelpView(bs)
}

func (f *frame) globalHelp() []key.Binding {
	k := f.s.Keys
	return []key.Binding{k.NextTab, k.PrevTab, f.screens, k.Theme, k.Help, k.Quit}
}

func (f *frame) helpView() string {
	st := f.s.Styles
	p := f.panes[f.active]
	groups := p.FullHelp()
	if len(f.globalKeys) > 0 {
		groups = append(groups, f.globalKeys)
	}
	groups = append(groups, f.globalHelp())
	title := st.Title.S(fmt.Sprintf("Help: %s, %s screen", f.title, f.tabs[f.active]))
	m := &Model{s: f.s.Session, help: f.help}
	return title + "\n\n" + m.packHelp(groups) + "\n\n" + st.Muted.S("? or esc closes this help")
}

// listLine draws one row of a list: the cursor row selected across the width.
func listLine(st *Styles, selected bool, plain string, styled string, w int) string {
	if selected {
		return st.Selected.S(pad("> "+plain, w))
	}
	return "  " + styled
}

// when formats an instant for the role screens.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2 Jan 15:04")
}
