// Package admin is the admin's screens: SSH keys (list, add, remove,
// audited) and accounts; t opens the triage view, A comes back. It reaches
// the store only through the admin's backend handle, seen through the
// small interfaces below.
package admin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/triage"
)

// Handle is what the admin screens need of the admin's backend handle
// (*backend.Admin).
type Handle interface {
	Now() time.Time
	Actor() string
	Keys() ([]store.Key, error)
	AddKey(k store.Key) error
	RemoveKey(fingerprint string) error
	Sellers() ([]model.Seller, error)
}

// Directory counts the creators (*backend.Directory).
type Directory interface{ Count() int }

// KeyMap is the admin's bindings on top of shell.KeyMap; each session gets
// its own copy.
type KeyMap struct {
	AddKey, RemoveKey, Triage, BackToAdmin key.Binding
}

// DefaultKeyMap returns a fresh copy of the admin's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		AddKey:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add key")),
		RemoveKey:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "remove key")),
		Triage:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "triage view")),
		BackToAdmin: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "back to admin")),
	}
}

// Admin screens, in tab order.
var tabs = []string{"Keys", "Accounts"}

// New builds the admin screens for one session of principal p (an admin).
// opts.Account names the admin on screen; "" is p's own name.
func New(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) (*shell.Root, error) {
	h, err := p.Admin()
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	dir, err := p.Directory()
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	name := opts.Account
	if id := p.Identity(); name == "" {
		name = id.Account
		if name == "" {
			name = id.Name
		}
	}
	return NewWith(ctx, h, dir, name, triageView{p, name}, b, opts)
}

// Run runs the admin screens in the local terminal until the user quits or
// ctx ends.
func Run(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) error {
	r, err := New(ctx, b, p, shell.LocalOptions(opts))
	if err != nil {
		return err
	}
	return shell.Run(ctx, r)
}

// Nester builds the triage view on the admin's session.
type Nester interface {
	Triage(s *shell.Session) (shell.App, shell.Frame, error)
}

// triageView is the triage of the admin's principal.
type triageView struct {
	p    *backend.Principal
	name string
}

func (t triageView) Triage(s *shell.Session) (shell.App, shell.Frame, error) {
	return triage.Nested(s, t.p, t.name)
}

// NewWith builds the admin screens over a handle (tests pass fakes); nest
// (nil: none) builds the triage view.
func NewWith(ctx context.Context, h Handle, dir Directory, name string, nest Nester, feed shell.Feed, opts shell.Options) (*shell.Root, error) {
	s, err := shell.NewSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	s.Keys.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top"))
	a := &app{s: s, h: h, dir: dir, name: name, nest: nest, keys: DefaultKeyMap(), d: &data{}}
	a.keysPane = &keysPane{a: a}
	a.accounts = &accountsPane{a: a}
	return shell.NewRoot(s, a, shell.Frame{
		Title: "Admin", Name: "admin " + name, Tabs: tabs,
		Panes:      []shell.Pane{a.keysPane, a.accounts},
		GlobalKeys: []key.Binding{a.keys.Triage},
	}, feed), nil
}

// data is what an admin's session knows, filled on the event loop.
type data struct {
	keys     []store.Key
	keysErr  error
	sellers  []model.Seller
	creators int
	accErr   error
	loaded   bool
}

// app is the admin screens' shared state and loads.
type app struct {
	s    *shell.Session
	h    Handle
	dir  Directory
	name string
	nest Nester
	keys KeyMap
	d    *data

	keysPane *keysPane
	accounts *accountsPane
}

type (
	keysMsg struct {
		keys []store.Key
		err  error
	}
	accountsMsg struct {
		sellers  []model.Seller
		creators int
		err      error
	}
	// doneMsg reports a finished write.
	doneMsg struct {
		text string
		err  bool
	}
)

func (a *app) keysCmd() tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		ks, err := h.Keys()
		return keysMsg{ks, err}
	})
}

func (a *app) accountsCmd() tea.Cmd {
	h, dir := a.h, a.dir
	return shell.To(a, func() tea.Msg {
		ss, err := h.Sellers()
		return accountsMsg{ss, dir.Count(), err}
	})
}

// removeKeyCmd removes a key, audited; the app reports it.
func (a *app) removeKeyCmd(fp string) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		if err := h.RemoveKey(fp); err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		return doneMsg{text: "Removed key " + fp + "."}
	})
}

// keyAdded reports an added key and reloads the list.
func (a *app) keyAdded(k store.Key) tea.Cmd {
	return tea.Batch(shell.StatusCmd(fmt.Sprintf("Added key %s for %s.", k.Fingerprint, keyOwner(&k)), false), a.keysCmd())
}

// Init loads the keys and the accounts.
func (a *app) Init() tea.Cmd { return tea.Batch(a.keysCmd(), a.accountsCmd()) }

// Update takes the admin's loads and the answers to its writes.
func (a *app) Update(msg tea.Msg) tea.Cmd {
	d := a.d
	switch msg := msg.(type) {
	case keysMsg:
		d.keys, d.keysErr, d.loaded = msg.keys, msg.err, true
		a.keysPane.refresh()
	case accountsMsg:
		d.sellers, d.creators, d.accErr = msg.sellers, msg.creators, msg.err
		a.accounts.refresh()
	case doneMsg:
		return tea.Batch(shell.StatusCmd(msg.text, msg.err), a.keysCmd())
	}
	return nil
}

// Changes reloads the keys and the accounts when they change.
func (a *app) Changes(cs []store.Change) tea.Cmd {
	keys, acc := false, false
	for _, c := range cs {
		switch {
		case c == store.Resync:
			keys, acc = true, true
		case c.Kind == store.ChangedAudit || c.Kind == store.ChangedKeys:
			keys = true
		case c.Kind == store.ChangedSeller || c.Kind == store.ChangedCreator && c.Seller == "" && c.Creator == "":
			acc = true
		}
	}
	var cmds []tea.Cmd
	if keys {
		cmds = append(cmds, a.keysCmd())
	}
	if acc {
		cmds = append(cmds, a.accountsCmd())
	}
	return tea.Batch(cmds...)
}

// Key is t, the triage view, on every screen.
func (a *app) Key(msg tea.KeyMsg, _ int) (tea.Cmd, bool) {
	if !key.Matches(msg, a.keys.Triage) || a.nest == nil {
		return nil, false
	}
	in, frame, err := a.nest.Triage(a.s)
	if err != nil {
		return shell.StatusCmd(shell.ErrText(err), true), true
	}
	frame.GlobalKeys = append(frame.GlobalKeys, a.keys.BackToAdmin)
	return tea.Sequence(shell.Nest(in, frame, a.keys.BackToAdmin), shell.StatusCmd("Triage view; A goes back to admin.", false)), true
}

// Header is the admin's name.
func (a *app) Header() string { return shell.Safe(a.name) }

// Summary counts the keys by role, the sellers and the creators.
func (a *app) Summary() string {
	st, d := a.s.Styles, a.d
	if !d.loaded {
		return st.Muted.S("loading…")
	}
	roles := map[string]int{}
	for _, k := range d.keys {
		roles[k.Role]++
	}
	var parts []string
	parts = append(parts, st.Text.S(fmt.Sprintf("%d keys", len(d.keys))))
	for _, r := range store.Roles {
		parts = append(parts, st.Muted.S(fmt.Sprintf("%d %s", roles[r], r)))
	}
	parts = append(parts, st.Text.S(fmt.Sprintf("%d sellers · %s creators", len(d.sellers), model.Thousands(int64(d.creators)))))
	return strings.Join(parts, st.Muted.S(" · "))
}

func keyOwner(k *store.Key) string {
	if k.Account == "" {
		return k.Role
	}
	return k.Role + " " + k.Account
}
