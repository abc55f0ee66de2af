package console

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// Inbox screens, in tab order.
const (
	inboxInvites = iota
	inboxConvs
	inboxBlocked
)

var inboxTabs = []string{"Invitations", "Conversations", "Blocked"}

// inboxData is what the creator's session knows: filled by inboxMsg on the
// event loop, read by the panes when they render.
type inboxData struct {
	creator model.Creator
	invites []model.Invitation
	cps     []store.Counterpart // every seller with a relation, latest first
	sellers map[string]model.Seller
	loaded  bool
	err     error
}

// name is a seller's display name (untrusted: render through safe).
func (d *inboxData) name(id string) string {
	if s, ok := d.sellers[id]; ok && s.Name != "" {
		return s.Name
	}
	return id
}

// rel is the relation with a seller.
func (d *inboxData) rel(seller string) model.Relation {
	for _, c := range d.cps {
		if c.ID == seller {
			return c.Rel
		}
	}
	return model.Relation{}
}

// inboxMsg is the creator's state as read from the store.
type inboxMsg struct {
	creator model.Creator
	invites []model.Invitation
	cps     []store.Counterpart
	sellers map[string]model.Seller
	err     error
}

// loadInbox reads everything the inbox shows: creators have few sellers,
// so one read reloads it all.
func loadInbox(st *store.Store, creator string, s *Session) tea.Cmd {
	now := s.Now()
	return func() tea.Msg {
		var m inboxMsg
		var err error
		if m.creator, err = st.Creator(creator); err != nil {
			return inboxMsg{err: fmt.Errorf("creator %s: %w", creator, err)}
		}
		if m.invites, err = st.InvitesOfCreator(creator, now); err != nil {
			return inboxMsg{err: err}
		}
		if m.cps, err = st.CreatorRelations(creator); err != nil {
			return inboxMsg{err: err}
		}
		m.sellers = map[string]model.Seller{}
		need := func(id string) {
			if _, ok := m.sellers[id]; ok {
				return
			}
			if sl, err := st.Seller(id); err == nil {
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
		return m
	}
}

// inboxChatMsg is one conversation read for the creator.
type inboxChatMsg struct {
	seller string
	msgs   []model.ChatMessage
	err    error
	marked bool // the unread count was cleared: the summary reloads
}

func inboxChatCmd(st *store.Store, seller, creator string, markRead bool) tea.Cmd {
	return func() tea.Msg {
		if markRead {
			if err := st.MarkRead(seller, creator, store.ByCreator); err != nil {
				return inboxChatMsg{seller: seller, err: err}
			}
		}
		ms, err := st.Messages(seller, creator, 200)
		return inboxChatMsg{seller, ms, err, markRead}
	}
}

// inboxSentMsg is the store's answer to a reply.
type inboxSentMsg struct {
	seller string
	err    error
}

func inboxReplyCmd(st *store.Store, creator, seller, text string, s *Session) tea.Cmd {
	now := s.Now()
	return func() tea.Msg {
		_, err := st.Reply(creator, seller, text, now)
		return inboxSentMsg{seller, err}
	}
}

// inboxOpenChatMsg asks the Conversations pane to open one seller's chat.
type inboxOpenChatMsg struct{ seller string }

func respondCmd(st *store.Store, creator string, id uint64, accept bool, who string, s *Session) tea.Cmd {
	now := s.Now()
	return func() tea.Msg {
		if _, err := st.RespondInvite(creator, id, accept, now); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		if accept {
			return doneMsg{text: "Accepted the invitation from " + who + "; you are connected."}
		}
		return doneMsg{text: "Declined the invitation from " + who + "."}
	}
}

func creatorBlockCmd(st *store.Store, seller, creator, who string, on bool) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetBlocked(seller, creator, store.ByCreator, on); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		if on {
			return doneMsg{text: "Blocked " + who + "."}
		}
		return doneMsg{text: "Unblocked " + who + "."}
	}
}

// blockAction is b/u on a seller in any inbox pane, with a confirmation.
func blockAction(s *roleSession, d *inboxData, msg tea.KeyMsg, seller string) (tea.Cmd, bool) {
	who := d.name(seller)
	r := d.rel(seller)
	switch {
	case key.Matches(msg, s.RK.Block):
		if r.BlockedByCreator {
			return statusCmd(who+" is already blocked; u unblocks.", true), true
		}
		return openConfirm(s.Session, "Block "+who+"? They can no longer invite or message you.",
			creatorBlockCmd(s.Store, seller, s.Account, who, true)), true
	case key.Matches(msg, s.RK.Unblock):
		if !r.BlockedByCreator {
			return statusCmd(who+" is not blocked.", true), true
		}
		return openConfirm(s.Session, "Unblock "+who+"? They can invite and message you again.",
			creatorBlockCmd(s.Store, seller, s.Account, who, false)), true
	}
	return nil, false
}

func statusCmd(text string, err bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: err} }
}

// NewInbox builds the creator inbox for one session: invitations (accept,
// decline), conversations (reply) and the sellers the creator blocked.
func NewInbox(opts Options, creator string) (tea.Model, error) {
	if creator == "" {
		return nil, errors.New("inbox: no creator")
	}
	s, err := newRoleSession(opts, creator)
	if err != nil {
		return nil, err
	}
	if _, err := opts.Store.Creator(creator); err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	d := &inboxData{sellers: map[string]model.Seller{}}
	convs := newInboxConvsPane(s, d)
	f := newFrame(s, "Inbox", inboxTabs, []pane{newInboxInvitesPane(s, d), convs, newInboxBlockedPane(s, d)})
	f.init = func() []tea.Cmd { return []tea.Cmd{loadInbox(s.Store, creator, s.Session)} }
	f.onMsg = func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case inboxMsg:
			if msg.err != nil {
				d.err = msg.err
				return nil
			}
			d.creator, d.invites, d.cps, d.sellers, d.loaded, d.err = msg.creator, msg.invites, msg.cps, msg.sellers, true, nil
		case doneMsg, inboxSentMsg:
			return loadInbox(s.Store, creator, s.Session)
		case inboxChatMsg:
			if msg.marked {
				return loadInbox(s.Store, creator, s.Session)
			}
		case inboxOpenChatMsg:
			f.active = inboxConvs
		}
		return nil
	}
	f.changes = func(cs []store.Change) tea.Cmd {
		reload, chat := false, false
		for _, c := range cs {
			switch {
			case c == store.Resync:
				reload, chat = true, true
			case c.Creator == creator:
				reload = true
				if c.Kind == store.ChangedMessages && c.Seller == convs.chat {
					chat = true
				}
			case c.Kind == store.ChangedCreator && c.Creator == "":
				reload = true
			}
		}
		var cmds []tea.Cmd
		if reload {
			cmds = append(cmds, loadInbox(s.Store, creator, s.Session))
		}
		if chat && convs.chat != "" {
			// Live: the open chat reloads (and stays read) without a key press.
			cmds = append(cmds, inboxChatCmd(s.Store, convs.chat, creator, true))
		}
		return tea.Batch(cmds...)
	}
	f.header = func() string {
		if !d.loaded {
			return creator
		}
		return safe("@"+d.creator.Handle) + " · " + d.creator.Level.String()
	}
	f.summary = func() string { return inboxSummary(s, d) }
	return f, nil
}

func inboxSummary(s *roleSession, d *inboxData) string {
	st := s.Styles
	if d.err != nil {
		return st.Bad.S(safeFit(errText(d.err), s.Width))
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
	who := st.Handle.S(safeFit("@"+c.Handle, 30)) + " " + st.Text.S(safeFit(c.Name, 24))
	counts := []string{
		countOf(pending, "pending invitation", "pending invitations", st.Warn, st.Muted),
		countOf(unread, "unread", "unread", st.Warn, st.Muted),
		countOf(blocked, "blocked", "blocked", st.Text, st.Muted),
	}
	sep := st.Muted.S(" · ")
	// The longest form that fits: with the followers, then without.
	for _, parts := range [][]string{
		append([]string{who, st.Title.S(lvl), st.Text.S(short(c.Followers) + " followers")}, counts...),
		append([]string{who, st.Title.S(lvl)}, counts...),
	} {
		if out := strings.Join(parts, sep); widthANSI(out) <= s.Width {
			return out
		}
	}
	return strings.Join(append([]string{st.Title.S(lvl)}, counts...), sep)
}

func countOf(n int, one, many string, on, off Paint) string {
	w := many
	if n == 1 {
		w = one
	}
	p := off
	if n > 0 {
		p = on
	}
	return p.S(fmt.Sprintf("%d %s", n, w))
}

// RunInbox runs the creator inbox in the local terminal.
func RunInbox(opts Options, creator string) error {
	return runFrame(NewInbox(localOpts(opts), creator))
}
