package console

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// chatMsg is one conversation read from the store.
type chatMsg struct {
	id   string
	msgs []model.ChatMessage
	err  error
}

// chatSentMsg is the checker's answer to one message from the chat.
type chatSentMsg struct {
	id  string
	out store.Outcome
	err error
}

func chatCmd(st *store.Store, seller, creator string, markRead bool) tea.Cmd {
	return func() tea.Msg {
		if markRead {
			if err := st.MarkRead(seller, creator, store.BySeller); err != nil {
				return chatMsg{id: creator, err: err}
			}
		}
		ms, err := st.Messages(seller, creator, 200)
		return chatMsg{creator, ms, err}
	}
}

func chatSendCmd(st *store.Store, r store.Request) tea.Cmd {
	return func() tea.Msg {
		out, err := st.Outreach(r)
		return chatSentMsg{r.Creator, out, err}
	}
}

// Message folders.
const (
	folderAll = iota
	folderUnread
	folderUnreplied
)

var folderNames = [...]string{"All", "Unread", "Unreplied"}

// messagesPane is IM: the conversation list with folders and unread counts,
// and one chat at a time.
type messagesPane struct {
	s    *Session
	d    *data
	w, h int

	folder int
	convs  []string // creator ids in the current folder, latest first
	nav    listNav

	chatState
}

func newMessagesPane(s *Session, d *data) *messagesPane {
	return &messagesPane{s: s, d: d, chatState: chatState{input: newInput(s, "> ", "write a message (enter sends, esc stops)", model.MaxMessageRunes)}}
}

func (p *messagesPane) Init() tea.Cmd { return nil }
func (p *messagesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.setHeight(h - 2)
	p.input.Width = max(w-4, 10)
}

func (p *messagesPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	switch {
	case p.Capturing():
		return []key.Binding{k.Send, k.Back}
	case p.chat != "":
		return []key.Binding{k.Compose, k.Back, k.Save, k.Block}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.Folder, k.NextUnread}
}

func (p *messagesPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	switch {
	case p.Capturing():
		return [][]key.Binding{{k.Send, k.Back}}
	case p.chat != "":
		return [][]key.Binding{{k.Compose, k.Back}, {k.Save, k.Block}}
	}
	return [][]key.Binding{k.listHelp(), {k.Open, k.Folder, k.NextUnread}}
}

// refresh rebuilds the conversation list from the relations' summaries.
func (p *messagesPane) refresh() {
	cur := ""
	if p.nav.cursor < len(p.convs) {
		cur = p.convs[p.nav.cursor]
	}
	p.convs = p.convs[:0]
	for id, r := range p.d.rels {
		if r.Messages == 0 {
			continue
		}
		switch {
		case p.folder == folderUnread && r.SellerUnread == 0:
			continue
		case p.folder == folderUnreplied && !r.Unreplied():
			continue
		}
		p.convs = append(p.convs, id)
	}
	slices.SortFunc(p.convs, func(a, b string) int {
		ra, rb := p.d.rels[a], p.d.rels[b]
		if ra.LastAt != rb.LastAt {
			if ra.LastAt > rb.LastAt {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	p.nav.setLen(len(p.convs))
	if i := slices.Index(p.convs, cur); i >= 0 {
		p.nav.cursor = i
		p.nav.clamp()
	}
}

func (p *messagesPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case relsMsg, relMsg, catalogMsg:
		p.refresh()
	case chatMsg:
		if msg.id == p.chat {
			p.msgs, p.chatErr = msg.msgs, msg.err
		}
	case feedMsg:
		if p.chat == "" {
			return p, nil
		}
		for _, c := range msg.cs {
			if c == store.Resync || c.Kind == store.ChangedMessages && c.Creator == p.chat {
				// Live: the open chat reloads (and stays read) without a key press.
				return p, chatCmd(p.s.Store, p.s.Seller, p.chat, true)
			}
		}
	case chatSentMsg:
		if msg.err != nil {
			return p, func() tea.Msg { return errStatus(msg.err) }
		}
		if !msg.out.Allowed {
			return p, func() tea.Msg { return statusMsg{text: msg.out.Decision.Message, err: true} }
		}
		if msg.id == p.chat {
			p.input.SetValue("")
		}
		text := "Sent to " + p.d.who(msg.id) + ". " + msg.out.Decision.Message
		return p, tea.Batch(chatCmd(p.s.Store, p.s.Seller, msg.id, false), func() tea.Msg { return statusMsg{text: text} })
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *messagesPane) key(msg tea.KeyMsg) tea.Cmd {
	k := &p.s.Keys
	if p.chat != "" {
		if p.input.Focused() {
			return p.inputKey(msg, k, func(text string) tea.Cmd {
				return chatSendCmd(p.s.Store, store.Request{Kind: model.Message, Seller: p.s.Seller, Creator: p.chat, Text: text, Now: p.s.Now(), Actor: p.s.Seller})
			})
		}
		switch {
		case key.Matches(msg, k.Back):
			p.chat, p.msgs = "", nil
			p.refresh()
		case key.Matches(msg, k.Compose):
			p.input.Focus()
		default:
			return creatorAction(p.s, p.d, msg, p.chat)
		}
		return nil
	}
	if p.nav.key(k, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Folder):
		p.folder = (p.folder + 1) % len(folderNames)
		p.nav.cursor = 0
		p.refresh()
	case key.Matches(msg, k.NextUnread):
		n := len(p.convs)
		for i := 1; i <= n; i++ {
			j := (p.nav.cursor + i) % n
			if p.d.rels[p.convs[j]].SellerUnread > 0 {
				p.nav.cursor = j
				p.nav.clamp()
				return nil
			}
		}
		return func() tea.Msg { return statusMsg{text: "No unread conversations."} }
	case key.Matches(msg, k.Open):
		if p.nav.cursor < len(p.convs) {
			return p.open(p.convs[p.nav.cursor])
		}
	}
	return nil
}

// open shows a chat and marks it read.
func (p *messagesPane) open(id string) tea.Cmd {
	p.chat, p.msgs, p.chatErr = id, nil, nil
	p.input.SetValue("")
	return chatCmd(p.s.Store, p.s.Seller, id, p.d.rels[id].SellerUnread > 0)
}

// capLeft is "3/5": messages left before the cap on an unconnected creator.
func (p *messagesPane) capLeft(r *model.Relation) string {
	if r.Connected || !p.d.quotaOK {
		return ""
	}
	c := p.d.policy.MessageCap
	return fmt.Sprintf("%d/%d", max(c-r.MessagesThisWeek(p.d.quota.WeekStart), 0), c)
}

func (p *messagesPane) View() string {
	if p.chat != "" {
		return p.chatView()
	}
	st := p.s.Styles
	var b strings.Builder
	unread := 0
	for _, r := range p.d.rels {
		if r.SellerUnread > 0 {
			unread++
		}
	}
	for i, n := range folderNames {
		label := " " + n + " "
		if i == folderUnread && unread > 0 {
			label = fmt.Sprintf(" %s (%d) ", n, unread)
		}
		if i == p.folder {
			b.WriteString(st.BarActive.S(label))
		} else {
			b.WriteString(st.Muted.S(label))
		}
	}
	b.WriteString(st.Muted.S("   f folder · n next unread"))
	b.WriteString("\n" + st.Muted.S("  "+pad("creator", 22)+" "+pad("lvl", 4)+" "+padLeft("unread", 6)+" "+pad("cap", 5)+" "+pad("last", 12)+" latest"))
	if len(p.convs) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations here"))
	}
	lo, hi := p.nav.visible()
	loc := p.d.seller.Location()
	for i := lo; i < hi; i++ {
		id := p.convs[i]
		r := p.d.rels[id]
		lvl := ""
		if row := p.d.row(id); row != nil {
			lvl = row.Level.String()
			if row.Falling {
				lvl += "↓"
			}
		}
		un := ""
		if r.SellerUnread > 0 {
			un = fmt.Sprint(r.SellerUnread)
		}
		last := time.UnixMilli(r.LastAt).In(loc).Format("2 Jan 15:04")
		who := pad(safeFit(p.d.who(id), 22), 22)
		latest := "them"
		if r.LastFromSeller {
			latest = "you"
		}
		if i == p.nav.cursor {
			b.WriteString("\n" + st.Selected.S(pad("> "+who+" "+pad(lvl, 4)+" "+padLeft(un, 6)+" "+pad(p.capLeft(&r), 5)+" "+pad(last, 12)+" "+latest, p.w)))
			continue
		}
		b.WriteString("\n  " + st.Handle.S(who) + " " + st.Text.S(pad(lvl, 4)) + " " + st.Warn.S(padLeft(un, 6)) + " " +
			st.Muted.S(pad(p.capLeft(&r), 5)) + " " + st.Muted.S(pad(last, 12)) + " " + st.Muted.S(latest))
	}
	return b.String()
}

func (p *messagesPane) chatView() string {
	st := p.s.Styles
	id := p.chat
	r := p.d.rels[id]
	var head strings.Builder
	head.WriteString(st.Handle.S(safeFit(p.d.who(id), 26)))
	if row := p.d.row(id); row != nil {
		head.WriteString(" " + st.Text.S(safeFit(row.Name, 24)))
		lvl := row.Level.String()
		if row.Falling {
			head.WriteString(" · " + st.Warn.S(lvl+" ↓ falling"))
		} else {
			head.WriteString(" · " + st.Text.S(lvl))
		}
	}
	if r.Connected {
		head.WriteString(" · " + st.Good.S("connected"))
	} else {
		head.WriteString(" · " + st.Warn.S("unconnected, "+p.capLeft(&r)+" messages left this week"))
	}
	if r.BlockedBySeller || r.BlockedByCreator {
		head.WriteString(" · " + badgeView(st, &r, p.d))
	}
	return p.chatPage(st, p.w, p.h, head.String(), chatLines(st, p.msgs, p.d.seller.Location(), p.w, "you", safe(p.d.who(id))), "no messages yet", "m to write · esc back to the list")
}
