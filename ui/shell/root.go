package shell

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/store"
	"outreach/themes"
)

// Frame is how one role's screens sit in the root: the help title, the
// idle status line, the tabs with their panes and the role-wide bindings.
type Frame struct {
	// Title names the role in the help ("Inbox"); "" for the seller console.
	Title string
	// Name starts the idle status line: "s1", "inbox c05".
	Name string
	// Tabs and Panes are the screens, in tab order.
	Tabs  []string
	Panes []Pane
	// GlobalKeys are the role-wide bindings, for the help.
	GlobalKeys []key.Binding
}

// App is one role's screens as the root sees them: the loads and state
// they share, the feed changes that concern them, and the two header lines.
type App interface {
	// Init starts the role's first loads.
	Init() tea.Cmd
	// Update takes a message addressed to the app (the answer to one of
	// its loads) or one nobody claimed.
	Update(msg tea.Msg) tea.Cmd
	// Changes turns feed changes into reloads.
	Changes(cs []store.Change) tea.Cmd
	// Header is safe text right of the tabs.
	Header() string
	// Summary is the second line, styled and safe.
	Summary() string
}

// KeyHandler is an App with role-wide keys, tried after the focused pane's.
type KeyHandler interface {
	Key(msg tea.KeyMsg, active int) (tea.Cmd, bool)
}

// Gate is an App that can stand in front of its screens (loading, a fatal
// error): while Gate returns lines, they are all the screen shows and only
// quitting acts.
type Gate interface{ Gate() []string }

// Feed is the change feed (backend.Backend).
type Feed interface {
	Subscribe() (<-chan store.Change, func())
}

// Root is the one root model of every role's screens. It routes and draws
// the frame, and little else: keys go to the modal or the focused pane,
// then to the role's keys, then to the global bindings; results go to the
// receiver they are addressed to; feed changes go to the app.
type Root struct {
	s     *Session
	app   App
	frame Frame

	screens  key.Binding
	active   int
	overlay  Pane
	showHelp bool
	help     help.Model
	status   Status

	feed  <-chan store.Change
	unsub func()
	stop  context.CancelFunc

	inner *Root       // a nested app (the admin's triage) that takes over
	leave key.Binding // the key that closes inner
}

// NewRoot builds the root of one session over app. It follows feed (nil:
// no feed) until the session's context ends or Close; ctx is s.Ctx, which
// the root takes over: Close and quitting cancel it.
func NewRoot(s *Session, app App, f Frame, feed Feed) *Root {
	ctx, cancel := context.WithCancel(s.Ctx)
	s.Ctx = ctx
	r := newRoot(s, app, f)
	r.stop = cancel
	if feed != nil {
		r.feed, r.unsub = feed.Subscribe()
		context.AfterFunc(ctx, r.unsub)
	}
	return r
}

func newRoot(s *Session, app App, f Frame) *Root {
	r := &Root{s: s, app: app, frame: f, help: NewHelp(s.Styles)}
	nums := make([]string, len(f.Tabs))
	for i := range f.Tabs {
		nums[i] = fmt.Sprint(i + 1)
	}
	r.screens = key.NewBinding(key.WithKeys(nums...), key.WithHelp(fmt.Sprintf("1-%d", len(f.Tabs)), strings.Join(f.Tabs, " ")))
	r.resize()
	return r
}

// Session is the root's session.
func (r *Root) Session() *Session { return r.s }

// App is the role's app.
func (r *Root) App() App { return r.app }

// Active is the index of the screen shown.
func (r *Root) Active() int { return r.active }

// Overlay is the open modal, or nil.
func (r *Root) Overlay() Pane { return r.overlay }

// Inner is the nested root, or nil.
func (r *Root) Inner() *Root { return r.inner }

// Close ends the session's background work: the feed subscription and
// every load, search or wait running under the session's context. The SSH
// door calls it when a session ends without the user quitting.
func (r *Root) Close() {
	if r.stop != nil {
		r.stop()
	}
}

// StopFeed ends the feed subscription only (for drivers that run commands
// synchronously, where waiting on the feed would block).
func (r *Root) StopFeed() {
	if r.unsub != nil {
		r.unsub()
	}
}

func (r *Root) quit() tea.Cmd {
	r.Close()
	return tea.Quit
}

// Init starts the app's loads and the panes', and listens to the feed.
func (r *Root) Init() tea.Cmd {
	cmds := []tea.Cmd{r.app.Init()}
	for _, p := range r.frame.Panes {
		cmds = append(cmds, p.Init())
	}
	cmds = append(cmds, waitChanges(r.s.Ctx, r.feed))
	return tea.Batch(cmds...)
}

func (r *Root) bodyHeight() int { return max(r.s.Height-4, 1) }

func (r *Root) resize() {
	w, h := r.s.Width, r.bodyHeight()
	for _, p := range r.frame.Panes {
		p.SetSize(w, h)
	}
	if r.overlay != nil {
		r.overlay.SetSize(w, h)
	}
	r.help.Width = w
	if r.inner != nil {
		r.inner.resize()
	}
}

// Update routes one message.
func (r *Root) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return r, r.update(msg) }

func (r *Root) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		r.s.Width, r.s.Height = msg.Width, msg.Height
		r.resize()
		return nil
	case changesMsg:
		if msg.closed {
			return nil
		}
		cmds := []tea.Cmd{r.app.Changes(msg.cs)}
		if r.inner != nil {
			cmds = append(cmds, r.inner.app.Changes(msg.cs))
		}
		return tea.Batch(append(cmds, waitChanges(r.s.Ctx, r.feed))...)
	case Addressed:
		cmd, _ := r.deliver(msg)
		return cmd
	}
	if r.inner != nil {
		return r.toInner(msg)
	}
	switch msg := msg.(type) {
	case Status:
		r.status = msg
	case openMsg:
		r.overlay = msg.p
		r.overlay.SetSize(r.s.Width, r.bodyHeight())
		return r.overlay.Init()
	case switchTabMsg:
		r.active = min(max(msg.tab, 0), len(r.frame.Panes)-1)
	case nestMsg:
		in := newRoot(r.s, msg.app, msg.frame)
		r.inner, r.leave = in, msg.leave
		return in.Init()
	case tea.KeyMsg:
		return r.key(msg)
	default:
		return r.app.Update(msg)
	}
	return nil
}

// deliver hands an addressed message to its receiver; ok is false when the
// receiver is gone.
func (r *Root) deliver(a Addressed) (tea.Cmd, bool) {
	if r.inner != nil {
		if cmd, ok := r.inner.deliver(a); ok {
			return cmd, true
		}
	}
	if a.To == any(r.app) {
		return r.app.Update(a.Msg), true
	}
	if r.overlay != nil && a.To == any(r.overlay) {
		cmd := r.overlay.Update(a.Msg)
		r.dropClosed()
		return cmd, true
	}
	for _, p := range r.frame.Panes {
		if a.To == any(p) {
			return p.Update(a.Msg), true
		}
	}
	return nil, false
}

// toInner routes to the nested app; the leave key (when the nested screen
// takes no text) closes it.
func (r *Root) toInner(msg tea.Msg) tea.Cmd {
	in := r.inner
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, r.leave) && in.overlay == nil && !in.showHelp && !in.frame.Panes[in.active].Capturing() {
		r.inner = nil
		r.status = Status{Text: "Back to " + r.frame.Title + "."}
		return nil
	}
	return in.update(msg)
}

func (r *Root) capturing() bool {
	if r.overlay != nil {
		return r.overlay.Capturing()
	}
	return r.frame.Panes[r.active].Capturing()
}

func (r *Root) key(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !r.capturing() {
		// Fast typing arrives as one message of several runes: route them
		// one by one, so "1/maria" switches screen, focuses search, types.
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, c := range msg.Runes {
			cmds = append(cmds, r.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	k := &r.s.Keys
	if key.Matches(msg, k.ForceQuit) {
		return r.quit()
	}
	if r.showHelp {
		switch {
		case key.Matches(msg, k.Help, k.Back):
			r.showHelp = false
		case key.Matches(msg, k.Quit):
			return r.quit()
		}
		return nil
	}
	if r.gated() != nil || r.s.TooSmall() {
		if key.Matches(msg, k.Quit) {
			return r.quit()
		}
		return nil
	}
	if r.overlay != nil {
		cmd := r.overlay.Update(msg)
		r.dropClosed()
		return cmd
	}
	if p := r.frame.Panes[r.active]; p.Capturing() || matchesAny(msg, p.FullHelp()) {
		return p.Update(msg)
	}
	if kh, ok := r.app.(KeyHandler); ok {
		if cmd, ok := kh.Key(msg, r.active); ok {
			return cmd
		}
	}
	return r.globalKey(msg)
}

// globalKey acts on the bindings every screen shares: quit, help, the
// tabs and the theme.
func (r *Root) globalKey(msg tea.KeyMsg) tea.Cmd {
	k := &r.s.Keys
	n := len(r.frame.Panes)
	switch {
	case key.Matches(msg, k.Quit):
		return r.quit()
	case key.Matches(msg, k.Help):
		r.showHelp = true
	case key.Matches(msg, k.NextTab):
		r.active = (r.active + 1) % n
	case key.Matches(msg, k.PrevTab):
		r.active = (r.active + n - 1) % n
	case key.Matches(msg, k.Theme):
		r.s.SetTheme(themes.Next(r.s.Theme.Name))
		r.status = Status{Text: "Theme: " + r.s.Theme.Name}
	case key.Matches(msg, r.screens):
		r.active = int(msg.Runes[0] - '1')
	}
	return nil
}

func matchesAny(msg tea.KeyMsg, groups [][]key.Binding) bool {
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && key.Matches(msg, b) {
				return true
			}
		}
	}
	return false
}

// dropClosed closes the modal when it has finished.
func (r *Root) dropClosed() {
	if cl, ok := r.overlay.(Closer); ok && cl.Closed() {
		r.overlay = nil
	}
}

func (r *Root) gated() []string {
	if g, ok := r.app.(Gate); ok {
		return g.Gate()
	}
	return nil
}

// View draws the frame: tabs, the summary, the body (the active pane, its
// help, or a modal), the status line and the short help.
func (r *Root) View() string {
	if r.inner != nil {
		return r.inner.View()
	}
	w, h := r.s.Width, r.s.Height
	st := r.s.Styles
	if r.s.TooSmall() {
		return tooSmallView(st, w, h)
	}
	if lines := r.gated(); lines != nil {
		return Center(w, h, lines)
	}
	applyHelpStyles(&r.help, st) // the theme may have changed
	tabs := tabsLine(st, r.frame.Tabs, r.active, w, " "+r.app.Header()+" ")
	idle := SafeFit(fmt.Sprintf("%s · theme %s", r.frame.Name, r.s.Theme.Name), w)
	return drawFrame(w, h, r.bodyHeight(), tabs, r.app.Summary(), r.bodyView(), statusLine(st, r.status, w, idle), r.shortHelpView())
}

func (r *Root) bodyView() string {
	switch {
	case r.showHelp:
		return r.helpView()
	case r.overlay != nil:
		return r.overlay.View()
	default:
		return r.frame.Panes[r.active].View()
	}
}

// shortHelpView is the bottom line: the keys of the help, the modal or the
// active pane, and the global ones, from the same bindings that act.
func (r *Root) shortHelpView() string {
	k := r.s.Keys
	var bs []key.Binding
	switch {
	case r.showHelp:
		bs = []key.Binding{k.Help, k.Back, k.Quit}
	case r.overlay != nil:
		bs = r.overlay.ShortHelp()
	default:
		bs = append(bs, r.frame.Panes[r.active].ShortHelp()...)
		bs = append(bs, k.Help, k.Quit)
	}
	return r.help.ShortHelpView(bs)
}

// helpView is the full help of the current screen, generated from its bindings.
func (r *Root) helpView() string {
	k := r.s.Keys
	groups := r.frame.Panes[r.active].FullHelp()
	if len(r.frame.GlobalKeys) > 0 {
		groups = append(groups, r.frame.GlobalKeys)
	}
	groups = append(groups, []key.Binding{k.NextTab, k.PrevTab, r.screens, k.Theme, k.Help, k.Quit})
	title := "Help: " + r.frame.Tabs[r.active] + " screen"
	if r.frame.Title != "" {
		title = fmt.Sprintf("Help: %s, %s screen", r.frame.Title, r.frame.Tabs[r.active])
	}
	return helpPage(r.help, r.s.Styles, r.s.Width, title, groups)
}

// Run runs a root in the local terminal (alt screen) until the user quits
// or ctx ends; the session's background work ends with it.
func Run(ctx context.Context, r *Root) error {
	defer r.Close()
	_, err := tea.NewProgram(r, tea.WithAltScreen(), tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// LocalOptions is opts for this terminal: NO_COLOR in the environment asks
// for no colour.
func LocalOptions(opts Options) Options {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	return opts
}
