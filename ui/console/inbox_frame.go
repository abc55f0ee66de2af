package console

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/store"
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

	chrome
	screens key.Binding

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
	f.applyHelpStyles(s.Styles)
	nums := make([]string, len(tabs))
	for i := range tabs {
		nums[i] = fmt.Sprint(i + 1)
	}
	f.screens = key.NewBinding(key.WithKeys(nums...), key.WithHelp(fmt.Sprintf("1-%d", len(tabs)), strings.Join(tabs, " ")))
	f.feed, f.unsub = s.Store.Subscribe()
	f.resize()
	return f
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

func (f *frame) resize() { f.chrome.resize(f.panes, f.s.Width, f.bodyHeight()) }

func (f *frame) tooSmall() bool { return f.s.Width < MinWidth || f.s.Height < MinHeight }

// Update routes like the seller console's root.
func (f *frame) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f.inner != nil {
		if cmd, ok := f.toInner(msg); ok {
			return f, cmd
		}
	}
	if cmd, ok := f.frameMsg(msg, f.s.Width, f.bodyHeight()); ok {
		return f, cmd
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
	case doneMsg:
		f.status = statusMsg{msg.text, msg.err}
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
func (f *frame) broadcast(msg tea.Msg) tea.Cmd { return f.chrome.broadcast(f.panes, msg) }

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
	if cmd, ok := f.blockedKey(msg, &f.s.Keys, f.tooSmall(), f.quit); ok {
		return cmd
	}
	return f.route(msg)
}

func (f *frame) route(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := f.focusKey(msg, f.panes); ok {
		return cmd
	}
	if f.global != nil {
		if cmd, ok := f.global(msg); ok {
			return cmd
		}
	}
	return f.globalKey(msg, f.s.Session, f.screens, len(f.panes), f.quit)
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
		return tooSmallView(st, w, h)
	}
	tabs, second := f.tabsView(), ""
	if f.summary != nil {
		second = f.summary()
	}
	return drawFrame(w, h, f.bodyHeight(), tabs, second, f.bodyView(f.panes, f.helpView), f.statusView(), f.shortHelpView())
}

func (f *frame) tabsView() string {
	right := ""
	if f.header != nil {
		right = " " + f.header() + " "
	}
	return tabsLine(f.s.Styles, f.tabs, f.active, f.s.Width, right)
}

func (f *frame) statusView() string {
	idle := safeFit(fmt.Sprintf("%s %s · theme %s", strings.ToLower(f.title), f.s.Account, f.s.Theme.Name), f.s.Width)
	return f.statusLine(f.s.Styles, f.s.Width, idle)
}

func (f *frame) shortHelpView() string { return f.shortHelpLine(f.s.Keys, f.panes) }

func (f *frame) globalHelp() []key.Binding {
	k := f.s.Keys
	return []key.Binding{k.NextTab, k.PrevTab, f.screens, k.Theme, k.Help, k.Quit}
}

func (f *frame) helpView() string {
	groups := f.panes[f.active].FullHelp()
	if len(f.globalKeys) > 0 {
		groups = append(groups, f.globalKeys)
	}
	groups = append(groups, f.globalHelp())
	return f.helpPage(f.s.Styles, f.s.Width, fmt.Sprintf("Help: %s, %s screen", f.title, f.tabs[f.active]), groups)
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

// formFields is the inputs of a small modal form (keyForm, grantForm) and
// the one with focus.
type formFields struct {
	inputs []textinput.Model
	focus  int
	err    string // the last validation or store error, shown under the form
	done   bool   // finished: the frame closes the form
}

func (ff *formFields) closed() bool { return ff.done }

// settle takes the store's answer to the form's write: an error stays in
// the form and the status line; success finishes the form, which the frame
// closes in the same update.
func (ff *formFields) settle(err error) tea.Cmd {
	if err != nil {
		ff.err = errText(err)
		return statusCmd(ff.err, true)
	}
	ff.done = true
	return nil
}

// cancel finishes the form without writing, saying so in the status line.
func (ff *formFields) cancel(status string) tea.Cmd {
	ff.done = true
	return statusCmd(status, false)
}

// setFocus moves the focus to field i, wrapping around.
func (ff *formFields) setFocus(i int) {
	ff.inputs[ff.focus].Blur()
	ff.focus = (i + len(ff.inputs)) % len(ff.inputs)
	ff.inputs[ff.focus].Focus()
}

// setWidth makes every input w cells wide (10 at the least).
func (ff *formFields) setWidth(w int) {
	for i := range ff.inputs {
		ff.inputs[i].Width = max(w, 10)
	}
}

// navKey moves between the fields: next, previous, or enter on any field
// but the last. It reports whether the key did.
func (ff *formFields) navKey(msg tea.KeyMsg, k *KeyMap, rk *RoleKeyMap) bool {
	switch {
	case key.Matches(msg, rk.FormNext):
		ff.setFocus(ff.focus + 1)
	case key.Matches(msg, rk.FormPrev):
		ff.setFocus(ff.focus - 1)
	case key.Matches(msg, k.Send) && ff.focus < len(ff.inputs)-1:
		ff.setFocus(ff.focus + 1)
	default:
		return false
	}
	return true
}

// typeKey hands a key to the focused input.
func (ff *formFields) typeKey(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	ff.inputs[ff.focus], cmd = ff.inputs[ff.focus].Update(msg)
	return cmd
}
