package inbox

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
	"outreach/ui/components"
	"outreach/ui/shell"
)

// chatMsg is one conversation read for the creator.
type chatMsg struct {
	seller string
	msgs   []model.ChatMessage
	err    error
	marked bool // the unread count was cleared: the summary reloads
}

// sentMsg is the store's answer to a reply.
type sentMsg struct {
	seller string
	err    error
}

// convsPane is the creator's conversations: sellers with unread counts,
// and one chat at a time with a reply input.
type convsPane struct {
	a    *app
	w, h int

	list []string // seller ids with a conversation or an invitation, latest first
	nav  components.ListNav

	components.Chat
}

// chatCmd reads one conversation, marking it read first when asked.
func (p *convsPane) chatCmd(seller string, markRead bool) tea.Cmd {
	h := p.a.h
	return shell.To(p, func() tea.Msg {
		if markRead {
			if err := h.MarkRead(seller); err != nil {
				return chatMsg{seller: seller, err: err}
			}
		}
		ms, err := h.Messages(seller, 200)
		return chatMsg{seller, ms, err, markRead}
	})
}

func (p *convsPane) replyCmd(seller, text string) tea.Cmd {
	h := p.a.h
	return shell.To(p, func() tea.Msg {
		_, err := h.Reply(seller, text)
		return sentMsg{seller, err}
	})
}

func (p *convsPane) Init() tea.Cmd { return nil }
func (p *convsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.SetHeight(h - 2)
	p.Input.Width = max(w-4, 10)
}

func (p *convsPane) ShortHelp() []key.Binding {
	k, rk := p.a.s.Keys, p.a.keys
	return p.HelpKeys(&k, []key.Binding{rk.Reply, k.Back, rk.Block, rk.Unblock}, []key.Binding{k.Up, k.Down, k.Open, rk.Block, rk.Unblock})
}

func (p *convsPane) FullHelp() [][]key.Binding {
	k, rk := p.a.s.Keys, p.a.keys
	return p.HelpGroups(&k, [][]key.Binding{{rk.Reply, k.Back}, {rk.Block, rk.Unblock}}, [][]key.Binding{k.ListHelp(), {k.Open}, {rk.Block, rk.Unblock}})
}

func (p *convsPane) refresh() {
	cur := ""
	if p.nav.Cursor < len(p.list) {
		cur = p.list[p.nav.Cursor]
	}
	p.list = p.list[:0]
	cps := slices.Clone(p.a.d.cps)
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
	p.nav.SetLen(len(p.list))
	for i, id := range p.list {
		if id == cur {
			p.nav.Cursor = i
			p.nav.Clamp()
		}
	}
}

func (p *convsPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case chatMsg:
		if msg.seller == p.With {
			p.Msgs, p.Err = msg.msgs, msg.err
		}
		if msg.marked {
			return p.a.load()
		}
	case sentMsg:
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true)
		}
		if msg.seller == p.With {
			p.Input.SetValue("")
		}
		text := "Sent to " + p.a.d.name(msg.seller) + "."
		return tea.Batch(p.a.load(), p.chatCmd(msg.seller, false), shell.StatusCmd(text, false))
	case tea.KeyMsg:
		return p.key(msg)
	}
	return nil
}

func (p *convsPane) key(msg tea.KeyMsg) tea.Cmd {
	k, rk := &p.a.s.Keys, &p.a.keys
	if p.With != "" {
		if p.Input.Focused() {
			text, cmd := p.InputKey(msg, k)
			if text != "" {
				return p.replyCmd(p.With, text)
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Back):
			p.With, p.Msgs = "", nil
			p.refresh()
		case key.Matches(msg, rk.Reply):
			p.Input.Focus()
		default:
			return p.a.blockAction(msg, p.With)
		}
		return nil
	}
	if p.nav.Key(k, msg) {
		return nil
	}
	if p.nav.Cursor >= len(p.list) {
		return nil
	}
	id := p.list[p.nav.Cursor]
	if key.Matches(msg, k.Open) {
		return p.open(id)
	}
	return p.a.blockAction(msg, id)
}

// open shows a chat, marks it read and puts the cursor on its row.
func (p *convsPane) open(seller string) tea.Cmd {
	p.With, p.Msgs, p.Err = seller, nil, nil
	p.Input.SetValue("")
	p.Input.Blur()
	for i, id := range p.list {
		if id == seller {
			p.nav.Cursor = i
			p.nav.Clamp()
		}
	}
	return p.chatCmd(seller, p.a.d.rel(seller).CreatorUnread > 0)
}

func (p *convsPane) View() string {
	if p.With != "" {
		return p.chatView()
	}
	st := p.a.s.Styles
	var b strings.Builder
	unread := 0
	for _, id := range p.list {
		if p.a.d.rel(id).CreatorUnread > 0 {
			unread++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Conversations (%d, %d unread)", len(p.list), unread)))
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("seller", 24)+" "+shell.PadLeft("unread", 6)+" "+shell.Pad("state", 13)+" "+shell.Pad("last", 12)+" latest"))
	if len(p.list) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations yet; sellers' messages appear here as they arrive"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		id := p.list[i]
		r := p.a.d.rel(id)
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
		who := shell.Pad(shell.SafeFit(p.a.d.name(id), 24), 24)
		plain := who + " " + shell.PadLeft(un, 6) + " " + shell.Pad(state, 13) + " " + shell.Pad(last, 12) + " " + latest
		styled := st.Handle.S(who) + " " + st.Warn.S(shell.PadLeft(un, 6)) + " " + sp.S(shell.Pad(state, 13)) + " " + st.Muted.S(shell.Pad(last, 12)) + " " + st.Muted.S(latest)
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, plain, styled, p.w))
	}
	return b.String()
}

func (p *convsPane) chatView() string {
	st := p.a.s.Styles
	id := p.With
	r := p.a.d.rel(id)
	head := st.Handle.S(shell.SafeFit(p.a.d.name(id), 30)) + st.Muted.S(" ("+shell.SafeFit(id, 20)+")")
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
	return p.Page(st, p.w, p.h, head, components.ChatLines(st, p.Msgs, time.UTC, p.w, shell.Safe(p.a.d.name(id)), "you"), "no messages yet; r to write the first one", "r to reply · b block · esc back to the list")
}
