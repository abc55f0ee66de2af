package seller

import (
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

// chatMsg is one conversation read from the store.
type chatMsg struct {
	id   string
	msgs []model.ChatMessage
	err  error
}

// openChatMsg asks Messages to show the conversation with a creator
// (from another screen: the Program screen's affiliates).
type openChatMsg struct{ id string }

// chatSentMsg is the checker's answer to one message from the chat.
type chatSentMsg struct {
	id  string
	out store.Outcome
	err error
}

func chatCmd(h Handle, creator string, markRead bool) tea.Cmd {
	return func() tea.Msg {
		if markRead {
			if err := h.MarkRead(creator); err != nil {
				return chatMsg{id: creator, err: err}
			}
		}
		ms, err := h.Messages(creator, 200)
		return chatMsg{creator, ms, err}
	}
}

func chatSendCmd(h Handle, creator, text string) tea.Cmd {
	return func() tea.Msg {
		out, err := h.Message(creator, text, "")
		return chatSentMsg{creator, out, err}
	}
}

// Message folders.
const (
	folderAll = iota
	folderUnread
	folderUnreplied
)

var folderNames = [...]string{"All", "Unread", "Unreplied"}

// awaitsSeller reports a conversation waiting on the seller: the creator
// wrote last. That is what the Unreplied folder holds (the seller has not
// replied yet), read or not.
func awaitsSeller(r *model.Relation) bool { return r.Messages > 0 && !r.LastFromSeller }

// messagesPane is IM: the conversation list with folders and unread counts,
// and one chat at a time.
type messagesPane struct {
	a    *app
	w, h int

	folder int
	convs  []string // creator ids in the current folder, latest first
	nav    components.ListNav

	components.Chat
}

func newMessagesPane(a *app) *messagesPane {
	return &messagesPane{a: a, Chat: components.Chat{Input: components.NewInput(a.s, "> ", "write a message (enter sends, esc stops)", model.MaxMessageRunes)}}
}

func (p *messagesPane) Init() tea.Cmd { return nil }
func (p *messagesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.SetHeight(h - 2)
	p.Input.Width = max(w-4, 10)
}

func (p *messagesPane) ShortHelp() []key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	return p.HelpKeys(&k, []key.Binding{sk.Compose, k.Back, sk.Save, sk.Block}, []key.Binding{k.Up, k.Down, k.Open, sk.Folder, sk.NextUnread})
}

func (p *messagesPane) FullHelp() [][]key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	return p.HelpGroups(&k, [][]key.Binding{{sk.Compose, k.Back, sk.Export}, {sk.Save, sk.Block}}, [][]key.Binding{k.ListHelp(), {k.Open, sk.Folder, sk.NextUnread}})
}

// refresh rebuilds the conversation list from the relations' summaries.
func (p *messagesPane) refresh() {
	cur := ""
	if p.nav.Cursor < len(p.convs) {
		cur = p.convs[p.nav.Cursor]
	}
	p.convs = p.convs[:0]
	for id, r := range p.a.d.rels {
		if r.Messages == 0 {
			continue
		}
		switch {
		case p.folder == folderUnread && r.SellerUnread == 0:
			continue
		case p.folder == folderUnreplied && !awaitsSeller(&r):
			continue
		}
		p.convs = append(p.convs, id)
	}
	slices.SortFunc(p.convs, func(a, b string) int {
		ra, rb := p.a.d.rels[a], p.a.d.rels[b]
		if ra.LastAt != rb.LastAt {
			if ra.LastAt > rb.LastAt {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	p.nav.SetLen(len(p.convs))
	if i := slices.Index(p.convs, cur); i >= 0 {
		p.nav.Cursor = i
		p.nav.Clamp()
	}
}

// changed reloads the open chat when its messages changed: live, it
// reloads (and stays read) without a key press.
func (p *messagesPane) changed(cs []store.Change) tea.Cmd {
	if p.With == "" {
		return nil
	}
	for _, c := range cs {
		if c == store.Resync || c.Kind == store.ChangedMessages && c.Creator == p.With {
			return shell.To(p, chatCmd(p.a.h, p.With, true))
		}
	}
	return nil
}

func (p *messagesPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case chatMsg:
		if msg.id == p.With {
			p.Msgs, p.Err = msg.msgs, msg.err
		}
	case chatSentMsg:
		a := p.a
		reload := tea.Batch(a.quotaCmd(), a.relCmd(msg.id))
		if msg.err != nil {
			return tea.Batch(reload, shell.StatusCmd(shell.ErrText(msg.err), true))
		}
		if !msg.out.Allowed {
			return tea.Batch(reload, shell.StatusCmd(msg.out.Decision.Message, true))
		}
		if msg.id == p.With {
			p.Input.SetValue("")
		}
		text := "Sent to " + a.d.who(msg.id) + ". " + msg.out.Decision.Message
		return tea.Batch(reload, shell.To(p, chatCmd(a.h, msg.id, false)), shell.StatusCmd(text, false))
	case openChatMsg:
		return p.open(msg.id)
	case tea.KeyMsg:
		return p.key(msg)
	}
	return nil
}

func (p *messagesPane) key(msg tea.KeyMsg) tea.Cmd {
	k, sk := &p.a.s.Keys, &p.a.keys
	d := p.a.d
	if p.With != "" {
		if p.Input.Focused() {
			text, cmd := p.InputKey(msg, k)
			if text != "" {
				return shell.To(p, chatSendCmd(p.a.h, p.With, text))
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Back):
			p.With, p.Msgs = "", nil
			p.refresh()
		case key.Matches(msg, sk.Compose):
			p.Input.Focus()
		case key.Matches(msg, sk.Export):
			return p.a.exportChat(p.With)
		default:
			return p.a.Act(msg, p.With)
		}
		return nil
	}
	if p.nav.Key(k, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, sk.Folder):
		p.folder = (p.folder + 1) % len(folderNames)
		p.nav.Cursor = 0
		p.refresh()
	case key.Matches(msg, sk.NextUnread):
		n := len(p.convs)
		for i := 1; i <= n; i++ {
			j := (p.nav.Cursor + i) % n
			if d.rels[p.convs[j]].SellerUnread > 0 {
				p.nav.Cursor = j
				p.nav.Clamp()
				return nil
			}
		}
		return shell.StatusCmd("No unread conversations.", false)
	case key.Matches(msg, k.Open):
		if p.nav.Cursor < len(p.convs) {
			return p.open(p.convs[p.nav.Cursor])
		}
	}
	return nil
}

// open shows a chat and marks it read.
func (p *messagesPane) open(id string) tea.Cmd {
	p.With, p.Msgs, p.Err = id, nil, nil
	p.Input.SetValue("")
	return shell.To(p, chatCmd(p.a.h, id, p.a.d.rels[id].SellerUnread > 0))
}

// capLeft is "3/5": messages left before the cap on an unconnected creator.
func (p *messagesPane) capLeft(r *model.Relation) string {
	if r.Connected || !p.a.d.quotaOK {
		return ""
	}
	c := p.a.d.policy.MessageCap
	return fmt.Sprintf("%d/%d", max(c-r.MessagesThisWeek(p.a.d.quota.WeekStart), 0), c)
}

func (p *messagesPane) View() string {
	if p.With != "" {
		return p.chatView()
	}
	st := p.a.s.Styles
	var b strings.Builder
	unread := 0
	for _, r := range p.a.d.rels {
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
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("creator", 22)+" "+shell.Pad("lvl", 4)+" "+shell.PadLeft("unread", 6)+" "+shell.Pad("cap left", 8)+" "+shell.Pad("last", 12)+" latest"))
	if len(p.convs) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations here"))
	}
	lo, hi := p.nav.Visible()
	loc := p.a.d.seller.Location()
	for i := lo; i < hi; i++ {
		id := p.convs[i]
		r := p.a.d.rels[id]
		lvl := ""
		if row := p.a.d.row(id); row != nil {
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
		who := shell.Pad(shell.SafeFit(p.a.d.who(id), 22), 22)
		latest := "them"
		if r.LastFromSeller {
			latest = "you"
		}
		if i == p.nav.Cursor {
			b.WriteString("\n" + st.Selected.S(shell.Pad("> "+who+" "+shell.Pad(lvl, 4)+" "+shell.PadLeft(un, 6)+" "+shell.Pad(p.capLeft(&r), 8)+" "+shell.Pad(last, 12)+" "+latest, p.w)))
			continue
		}
		b.WriteString("\n  " + st.Handle.S(who) + " " + st.Text.S(shell.Pad(lvl, 4)) + " " + st.Warn.S(shell.PadLeft(un, 6)) + " " +
			st.Muted.S(shell.Pad(p.capLeft(&r), 8)) + " " + st.Muted.S(shell.Pad(last, 12)) + " " + st.Muted.S(latest))
	}
	return b.String()
}

func (p *messagesPane) chatView() string {
	st := p.a.s.Styles
	id := p.With
	r := p.a.d.rels[id]
	var head strings.Builder
	head.WriteString(st.Handle.S(shell.SafeFit(p.a.d.who(id), 26)))
	if row := p.a.d.row(id); row != nil {
		head.WriteString(" " + st.Text.S(shell.SafeFit(row.Name, 24)))
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
		head.WriteString(" · " + components.BadgeView(st, &r, p.a.d.week()))
	}
	return p.Page(st, p.w, p.h, head.String(), components.ChatLines(st, p.Msgs, p.a.d.seller.Location(), p.w, "you", shell.Safe(p.a.d.who(id))), "no messages yet", "m to write · esc back to the list")
}
