// Package inbox is the creator's screens: invitations (accept, decline),
// conversations (reply) and the sellers the creator blocked. It reaches
// the store only through the creator's backend handles, seen through the
// small interface below.
package inbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Handle is what the inbox needs of the creator's backend handles
// (*backend.CreatorView for the reads, *backend.Creator for the writes).
type Handle interface {
	ID() string
	Profile() (model.Creator, error)
	Sellers() ([]store.Counterpart, error)
	Seller(id string) (model.Seller, error)
	Messages(seller string, limit int) ([]model.ChatMessage, error)
	Invites() ([]model.Invitation, error)
	Reply(seller, text string) (uint64, error)
	Respond(invite uint64, accept bool) (model.Invitation, error)
	Block(seller string) error
	Unblock(seller string) error
	MarkRead(seller string) error
	Offers() (store.CreatorOffers, error)
}

// handle joins the creator's read and write handles.
type handle struct {
	*backend.CreatorView
	*backend.Creator
}

// KeyMap is the inbox's bindings on top of shell.KeyMap; each session
// gets its own copy.
type KeyMap struct {
	Accept, Decline, Reply, Block, Unblock key.Binding
}

// DefaultKeyMap returns a fresh copy of the inbox's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Accept:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept")),
		Decline: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "decline")),
		Reply:   key.NewBinding(key.WithKeys("r", "enter"), key.WithHelp("r/enter", "reply")),
		Block:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "block seller")),
		Unblock: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unblock seller")),
	}
}

// Inbox screens, in tab order.
const (
	tabInvites = iota
	tabConvs
	tabBlocked
	tabOffers
)

var tabs = []string{"Invitations", "Conversations", "Blocked", "Offers"}

// New builds the inbox for one session of principal p: the creator is
// opts.Account, else p's own account. The session's work ends with ctx.
func New(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) (*shell.Root, error) {
	creator := opts.Account
	if creator == "" {
		creator = p.Identity().Account
	}
	if creator == "" {
		return nil, fmt.Errorf("inbox: no creator")
	}
	v, err := p.CreatorView(creator)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	c, err := p.Creator(creator)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	opts.ReadOnly = opts.ReadOnly || p.IsReadOnly()
	return NewWith(ctx, handle{v, c}, b, opts)
}

// Run runs the inbox in the local terminal until the user quits or ctx ends.
func Run(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) error {
	r, err := New(ctx, b, p, shell.LocalOptions(opts))
	if err != nil {
		return err
	}
	return shell.Run(ctx, r)
}

// NewWith builds the inbox over a handle and a feed (nil: none).
func NewWith(ctx context.Context, h Handle, feed shell.Feed, opts shell.Options) (*shell.Root, error) {
	if _, err := h.Profile(); err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	s, err := shell.NewSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	s.Keys.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top"))
	a := &app{s: s, h: h, keys: DefaultKeyMap(), d: &data{sellers: map[string]model.Seller{}}}
	if err := s.ApplyKeys("inbox", shell.NamedBindings(&a.keys)); err != nil {
		return nil, err
	}
	a.invites = &invitesPane{a: a}
	a.convs = &convsPane{a: a, Chat: components.Chat{Input: components.NewInput(s, "> ", "write a reply (enter sends, esc stops)", model.MaxMessageRunes)}}
	a.blocked = &blockedPane{a: a}
	a.offers = &offersPane{a: a}
	return shell.NewRoot(s, a, shell.Frame{
		Title: "Inbox", Name: "inbox " + h.ID(), Tabs: tabs,
		Panes: []shell.Pane{a.invites, a.convs, a.blocked, a.offers},
	}, feed), nil
}

// data is what the creator's session knows: filled by dataMsg on the
// event loop, read by the panes when they render.
type data struct {
	creator model.Creator
	invites []model.Invitation
	cps     []store.Counterpart // every seller with a relation, latest first
	sellers map[string]model.Seller
	offers  store.CreatorOffers
	// offersErr is the offers' read error: the rest of the inbox still shows.
	offersErr error
	loaded    bool
	err       error
}

// name is a seller's display name (untrusted: render through shell.Safe).
func (d *data) name(id string) string {
	if s, ok := d.sellers[id]; ok && s.Name != "" {
		return s.Name
	}
	return id
}

// rel is the relation with a seller.
func (d *data) rel(seller string) model.Relation {
	for _, c := range d.cps {
		if c.ID == seller {
			return c.Rel
		}
	}
	return model.Relation{}
}

// app is the inbox's shared state and loads.
type app struct {
	s    *shell.Session
	h    Handle
	keys KeyMap
	d    *data

	invites *invitesPane
	convs   *convsPane
	blocked *blockedPane
	offers  *offersPane
}

type (
	// dataMsg is the creator's state as read from the store.
	dataMsg struct {
		creator model.Creator
		invites []model.Invitation
		cps     []store.Counterpart
		sellers map[string]model.Seller
		offers  store.CreatorOffers
		offErr  error
		err     error
	}
	// doneMsg reports a finished write.
	doneMsg struct {
		text string
		err  bool
	}
)

// load reads everything the inbox shows: creators have few sellers, so
// one read reloads it all.
func (a *app) load() tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		var m dataMsg
		var err error
		if m.creator, err = h.Profile(); err != nil {
			return dataMsg{err: fmt.Errorf("creator %s: %w", h.ID(), err)}
		}
		if m.invites, err = h.Invites(); err != nil {
			return dataMsg{err: err}
		}
		if m.cps, err = h.Sellers(); err != nil {
			return dataMsg{err: err}
		}
		m.sellers = map[string]model.Seller{}
		need := func(id string) {
			if _, ok := m.sellers[id]; ok {
				return
			}
			if sl, err := h.Seller(id); err == nil {
				m.sellers[id] = sl
			} else {
				m.sellers[id] = model.Seller{ID: id}
			}
		}
		for _, c := range m.cps {
			need(c.ID)
		}
		for _, inv := range m.invites {
			need(inv.SellerID)
		}
		m.offers, m.offErr = h.Offers()
		for _, b := range m.offers.Boosts {
			need(b.Seller)
		}
		for _, c := range m.offers.Codes {
			need(c.Seller)
		}
		for _, c := range m.offers.Contests {
			need(c.Seller)
		}
		for _, s := range m.offers.Surveys {
			need(s.Seller)
		}
		return m
	})
}

// Init loads the inbox.
func (a *app) Init() tea.Cmd { return a.load() }

// Update takes the inbox's loads and the answers to its writes.
func (a *app) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dataMsg:
		if msg.err != nil {
			a.d.err = msg.err
			return nil
		}
		d := a.d
		d.creator, d.invites, d.cps, d.sellers, d.loaded, d.err = msg.creator, msg.invites, msg.cps, msg.sellers, true, nil
		d.offers, d.offersErr = msg.offers, msg.offErr
		a.invites.refresh()
		a.convs.refresh()
		a.blocked.refresh()
	case doneMsg:
		return tea.Batch(shell.StatusCmd(msg.text, msg.err), a.load())
	}
	return nil
}

// Changes reloads on changes to this creator; the open chat reloads live.
func (a *app) Changes(cs []store.Change) tea.Cmd {
	creator := a.h.ID()
	reload, chat := false, false
	for _, c := range cs {
		switch {
		case c == store.Resync:
			reload, chat = true, true
		case c.Creator == creator:
			reload = true
			if c.Kind == store.ChangedMessages && c.Seller == a.convs.With {
				chat = true
			}
		case c.Kind == store.ChangedCreator && c.Creator == "":
			reload = true
		case a.offersChanged(c):
			reload = true
		}
	}
	var cmds []tea.Cmd
	if reload {
		cmds = append(cmds, a.load())
	}
	if chat && a.convs.With != "" {
		// Live: the open chat reloads (and stays read) without a key press.
		cmds = append(cmds, a.convs.chatCmd(a.convs.With, true))
	}
	return tea.Batch(cmds...)
}

// Header is the creator's handle and level.
func (a *app) Header() string {
	if !a.d.loaded {
		return a.h.ID()
	}
	return shell.Safe("@"+a.d.creator.Handle) + " · " + a.d.creator.Level.String()
}

// Summary is the creator with the counts of what waits.
func (a *app) Summary() string {
	s, d := a.s, a.d
	st := s.Styles
	if d.err != nil {
		return st.Bad.S(shell.SafeFit(shell.ErrText(d.err), s.Width))
	}
	if !d.loaded {
		return st.Muted.S("loading…")
	}
	c := &d.creator
	pending, unread, blocked := 0, 0, 0
	for _, inv := range d.invites {
		if inv.State == model.Pending {
			pending++
		}
	}
	for _, cp := range d.cps {
		unread += cp.Rel.CreatorUnread
		if cp.Rel.BlockedByCreator {
			blocked++
		}
	}
	lvl := c.Level.String()
	if c.Falling() {
		lvl += "↓"
	}
	who := st.Handle.S(shell.SafeFit("@"+c.Handle, 30)) + " " + st.Text.S(shell.SafeFit(c.Name, 24))
	counts := []string{
		shell.CountOf(pending, "pending invitation", "pending invitations", st.Warn, st.Muted),
		shell.CountOf(unread, "unread", "unread", st.Warn, st.Muted),
		shell.CountOf(blocked, "blocked", "blocked", st.Text, st.Muted),
	}
	sep := st.Muted.S(" · ")
	// The longest form that fits: with the followers, then without.
	for _, parts := range [][]string{
		append([]string{who, st.Title.S(lvl), st.Text.S(shell.Short(c.Followers) + " followers")}, counts...),
		append([]string{who, st.Title.S(lvl)}, counts...),
	} {
		if out := strings.Join(parts, sep); shell.WidthANSI(out) <= s.Width {
			return out
		}
	}
	return strings.Join(append([]string{st.Title.S(lvl)}, counts...), sep)
}

// respondCmd accepts or declines an invitation; the app reports it.
func (a *app) respondCmd(id uint64, accept bool, who string) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		if _, err := h.Respond(id, accept); err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		if accept {
			return doneMsg{text: "Accepted the invitation from " + who + "; you are connected."}
		}
		return doneMsg{text: "Declined the invitation from " + who + "."}
	})
}

// blockCmd blocks or unblocks a seller; the app reports it.
func (a *app) blockCmd(seller, who string, on bool) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		var err error
		if on {
			err = h.Block(seller)
		} else {
			err = h.Unblock(seller)
		}
		if err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		if on {
			return doneMsg{text: "Blocked " + who + "."}
		}
		return doneMsg{text: "Unblocked " + who + "."}
	})
}

// blockAction is b/u on a seller in any inbox pane, with a confirmation.
func (a *app) blockAction(msg tea.KeyMsg, seller string) tea.Cmd {
	who := a.d.name(seller)
	r := a.d.rel(seller)
	switch {
	case key.Matches(msg, a.keys.Block):
		if r.BlockedByCreator {
			return shell.StatusCmd(who+" is already blocked; u unblocks.", true)
		}
		return components.OpenConfirm(a.s, "Block "+who+"? They can no longer invite or message you.", a.blockCmd(seller, who, true))
	case key.Matches(msg, a.keys.Unblock):
		if !r.BlockedByCreator {
			return shell.StatusCmd(who+" is not blocked.", true)
		}
		return components.OpenConfirm(a.s, "Unblock "+who+"? They can invite and message you again.", a.blockCmd(seller, who, false))
	}
	return nil
}

// openChat shows the conversation with a seller.
func (a *app) openChat(seller string) tea.Cmd {
	return tea.Batch(shell.SwitchTab(tabConvs), a.convs.open(seller))
}
