package console

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// inboxConvsPane is the creator's conversations: sellers with unread
// counts, and one chat at a time with a reply input.
type inboxConvsPane struct {
	s    *roleSession
	d    *inboxData
	w, h int

	list []string // seller ids with a conversation or an invitation, latest first
	nav  listNav

	chatState
}

func newInboxConvsPane(s *roleSession, d *inboxData) *inboxConvsPane {
	return &inboxConvsPane{s: s, d: d, chatState: chatState{input: newInput(s.Session, "> ", "write a reply (enter sends, esc stops)", model.MaxMessageRunes)}}
}

func (p *inboxConvsPane) Init() tea.Cmd { return nil }
func (p *inboxConvsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.setHeight(h - 2)
	p.input.Width = max(w-4, 10)
}

func (p *inboxConvsPane) ShortHelp() []key.Binding {
	k, rk := p.s.Keys, p.s.RK
	switch {
	case p.Capturing():
		return []key.Binding{k.Send, k.Back}
	case p.chat != "":
		return []key.Binding{rk.Reply, k.Back, rk.Block, rk.Unblock}
	}
	return []key.Binding{k.Up, k.Down, k.Open, rk.Block, rk.Unblock}
}

func (p *inboxConvsPane) FullHelp() [][]key.Binding {
	k, rk := p.s.Keys, p.s.RK
	switch {
	case p.Capturing():
		return [][]key.Binding{{k.Send, k.Back}}
	case p.chat != "":
		return [][]key.Binding{{rk.Reply, k.Back}, {rk.Block, rk.Unblock}}
	}
	return [][]key.Binding{k.listHelp(), {k.Open}, {rk.Block, rk.Unblock}}
}

func (p *inboxConvsPane) refresh() {
	cur := ""
	if p.nav.cursor < len(p.list) {
		cur = p.list[p.nav.cursor]
	}
	p.list = p.list[:0]
	cps := slices.Clone(p.d.cps)
	slices.SortStableFunc(cps, func(a, b store.Counterpart) int {
		if a.Rel.LastAt != b.Rel.LastAt {
			return cmp.Compare(b.Rel.LastAt, a.Rel.LastAt)
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, c := range cps {
		if c.Rel.Messages > 0 || c.Rel.Invites > 0 {
			p.list = append(p.list, c.ID)
		}
	}
	p.nav.setLen(len(p.list))
	for i, id := range p.list {
		if id == cur {
			p.nav.cursor = i
			p.nav.clamp()
		}
	}
}

func (p *inboxConvsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case inboxMsg:
		p.refresh()
	case inboxChatMsg:
		if msg.seller == p.chat {
			p.msgs, p.chatErr = msg.msgs, msg.err
		}
	case inboxOpenChatMsg:
		return p, p.open(msg.seller)
	case inboxSentMsg:
		if msg.err != nil {
			return p, func() tea.Msg { return errStatus(msg.err) }
		}
		if msg.seller == p.chat {
			p.input.SetValue("")
		}
		text := "Sent to " + p.d.name(msg.seller) + "."
		return p, tea.Batch(inboxChatCmd(p.s.Store, msg.seller, p.s.Account, false), statusCmd(text, false))
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *inboxConvsPane) key(msg tea.KeyMsg) tea.Cmd {
	k, rk := &p.s.Keys, &p.s.RK
	if p.chat != "" {
		if p.input.Focused() {
			return p.inputKey(msg, k, func(text string) tea.Cmd {
				return inboxReplyCmd(p.s.Store, p.s.Account, p.chat, text, p.s.Session)
			})
		}
		switch {
		case key.Matches(msg, k.Back):
			p.chat, p.msgs = "", nil
			p.refresh()
		case key.Matches(msg, rk.Reply):
			p.input.Focus()
		default:
			cmd, _ := blockAction(p.s, p.d, msg, p.chat)
			return cmd
		}
		return nil
	}
	if p.nav.key(k, msg) {
		return nil
	}
	if p.nav.cursor >= len(p.list) {
		return nil
	}
	id := p.list[p.nav.cursor]
	if key.Matches(msg, k.Open) {
		return p.open(id)
	}
	cmd, _ := blockAction(p.s, p.d, msg, id)
	return cmd
}

// open shows a chat, marks it read and puts the cursor on its row.
func (p *inboxConvsPane) open(seller string) tea.Cmd {
	p.chat, p.msgs, p.chatErr = seller, nil, nil
	p.input.SetValue("")
	p.input.Blur()
	for i, id := range p.list {
		if id == seller {
			p.nav.cursor = i
			p.nav.clamp()
		}
	}
	return inboxChatCmd(p.s.Store, seller, p.s.Account, p.d.rel(seller).CreatorUnread > 0)
}

func (p *inboxConvsPane) View() string {
	if p.chat != "" {
		return p.chatView()
	}
	st := p.s.Styles
	var b strings.Builder
	unread := 0
	for _, id := range p.list {
		if p.d.rel(id).CreatorUnread > 0 {
			unread++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Conversations (%d, %d unread)", len(p.list), unread)))
	b.WriteString("\n" + st.Muted.S("  "+pad("seller", 24)+" "+padLeft("unread", 6)+" "+pad("state", 13)+" "+pad("last", 12)+" latest"))
	if len(p.list) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations yet; sellers' messages appear here as they arrive"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		id := p.list[i]
		r := p.d.rel(id)
		un := ""
		if r.CreatorUnread > 0 {
			un = fmt.Sprint(r.CreatorUnread)
		}
		state, sp := "not connected", st.Muted
		switch {
		case r.BlockedByCreator:
			state, sp = "blocked", st.Bad
		case r.BlockedBySeller:
			state, sp = "blocked you", st.Bad
		case r.Connected:
			state, sp = "connected", st.Good
		}
		last, latest := "-", ""
		if r.Messages > 0 {
			last = time.UnixMilli(r.LastAt).UTC().Format("2 Jan 15:04")
			latest = "you"
			if r.LastFromSeller {
				latest = "them"
			}
		}
		who := pad(safeFit(p.d.name(id), 24), 24)
		plain := who + " " + padLeft(un, 6) + " " + pad(state, 13) + " " + pad(last, 12) + " " + latest
		styled := st.Handle.S(who) + " " + st.Warn.S(padLeft(un, 6)) + " " + sp.S(pad(state, 13)) + " " + st.Muted.S(pad(last, 12)) + " " + st.Muted.S(latest)
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, plain, styled, p.w))
	}
	return b.String()
}

func (p *inboxConvsPane) chatView() string {
	st := p.s.Styles
	id := p.chat
	r := p.d.rel(id)
	head := st.Handle.S(safeFit(p.d.name(id), 30)) + st.Muted.S(" ("+safeFit(id, 20)+")")
	if r.Connected {
		head += " · " + st.Good.S("connected")
	} else {
		head += " · " + st.Warn.S("not connected; a reply connects you")
	}
	if r.BlockedByCreator {
		head += " · " + st.Bad.S("blocked by you")
	}
	if r.BlockedBySeller {
		head += " · " + st.Bad.S("blocked you")
	}
	return p.chatPage(st, p.w, p.h, head, chatLines(st, p.msgs, time.UTC, p.w, safe(p.d.name(id)), "you"), "no messages yet; r to write the first one", "r to reply · b block · esc back to the list")
}
