package triage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// The seller screens of the triage: one seller's decision log,
// conversations (read-only), blocks and grants. Esc goes back to the list.

const noSellerOpen = "No seller open: pick one on the Sellers screen (1) and press enter."

// decisionsPane is the decision log: allowed and refused, newest
// first, with the rule's reason code and the checker's sentence.
type decisionsPane struct {
	a           *app
	w, h        int
	refusedOnly bool
	rows        []int // indexes into d.decisions
	nav         components.ListNav
}

func (p *decisionsPane) Init() tea.Cmd   { return nil }
func (p *decisionsPane) Capturing() bool { return false }
func (p *decisionsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.SetHeight(p.listHeight())
}

// listHeight leaves room for the selected decision in full.
func (p *decisionsPane) listHeight() int { return max(p.h-8, 3) }

func (p *decisionsPane) ShortHelp() []key.Binding {
	k := p.a.s.Keys
	return []key.Binding{k.Up, k.Down, p.a.keys.RefusedOnly, p.a.keys.Grant, k.Back}
}

func (p *decisionsPane) FullHelp() [][]key.Binding {
	k := p.a.s.Keys
	return [][]key.Binding{k.ListHelp(), {p.a.keys.RefusedOnly, k.Back}}
}

func (p *decisionsPane) refresh() {
	p.rows = p.rows[:0]
	for i, x := range p.a.d.decisions {
		if p.refusedOnly && x.Allowed {
			continue
		}
		p.rows = append(p.rows, i)
	}
	p.nav.SetLen(len(p.rows))
}

func (p *decisionsPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		k := &p.a.s.Keys
		switch {
		case p.nav.Key(k, msg):
		case key.Matches(msg, p.a.keys.RefusedOnly):
			p.refusedOnly = !p.refusedOnly
			p.nav.Cursor = 0
			p.refresh()
		case key.Matches(msg, k.Back):
			return shell.SwitchTab(tabSellers)
		}
	}
	return nil
}

func verdict(x *model.DecisionRecord) string {
	if x.Allowed {
		return "allowed"
	}
	return "REFUSED"
}

func (p *decisionsPane) View() string {
	st := p.a.s.Styles
	if p.a.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	var b strings.Builder
	refused := 0
	for _, x := range p.a.d.decisions {
		if !x.Allowed {
			refused++
		}
	}
	filter := "all"
	if p.refusedOnly {
		filter = "refused only"
	}
	b.WriteString(st.Title.S(shell.SafeFit(fmt.Sprintf("Decision log of %s: %d, %d refused", p.a.d.sellerName(p.a.d.sel), len(p.a.d.decisions), refused), p.w-30)))
	b.WriteString(st.Muted.S(" · showing " + filter + " (f)"))
	if p.a.d.detailErr != nil {
		b.WriteString("\n" + st.Bad.S(shell.SafeFit(shell.ErrText(p.a.d.detailErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("time", 12)+" "+shell.Pad("kind", 7)+" "+shell.Pad("creator", 16)+" "+shell.Pad("result", 7)+" "+shell.Pad("reason", 16)+" sentence"))
	if len(p.rows) == 0 {
		b.WriteString("\n" + st.Muted.S("  no decisions here"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		x := &p.a.d.decisions[p.rows[i]]
		reason := string(x.Reason)
		if reason == "" {
			reason = "-"
		}
		vp := st.Good
		if !x.Allowed {
			vp = st.Bad
		}
		head := shell.Pad(shell.When(x.At), 12) + " " + shell.Pad(shell.SafeFit(x.Kind, 7), 7) + " " + shell.Pad(shell.SafeFit(p.a.d.who(x.CreatorID), 16), 16) + " "
		v := shell.Pad(verdict(x), 7)
		r := " " + shell.Pad(shell.SafeFit(reason, 16), 16) + " "
		sentence := shell.SafeFit(x.Message, max(p.w-66, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, head+v+r+sentence,
			st.Muted.S(head)+vp.S(v)+st.Text.S(r)+st.Text.S(sentence), p.w))
	}
	for i := hi - lo; i < p.listHeight(); i++ {
		b.WriteString("\n")
	}
	if p.nav.Cursor < len(p.rows) {
		x := &p.a.d.decisions[p.rows[p.nav.Cursor]]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		vp := st.Good
		if !x.Allowed {
			vp = st.Bad
		}
		line := vp.S(verdict(x)) + st.Text.S(shell.SafeFit(fmt.Sprintf(" · %s to %s (%s) at %s · reason %s · charged %d",
			x.Kind, p.a.d.who(x.CreatorID), x.CreatorID, x.At.UTC().Format("2006-01-02 15:04"), x.Reason, x.Charged), p.w-8))
		b.WriteString("\n" + line)
		extra := []string{}
		if x.Credit != "" {
			extra = append(extra, "credit "+x.Credit)
		}
		if x.Actor != "" {
			extra = append(extra, "by "+x.Actor)
		}
		if len(extra) > 0 {
			b.WriteString("\n" + st.Muted.S(shell.SafeFit(strings.Join(extra, " · "), p.w)))
		}
		for i, l := range shell.SafeWrap(x.Message, p.w-2) {
			if i == 3 {
				break
			}
			b.WriteString("\n  " + st.Text.S(l))
		}
	}
	return b.String()
}

// convsPane lists the seller's conversations; enter shows one,
// read-only: agents cannot write as a seller.
type convsPane struct {
	a    *app
	w, h int
	nav  components.ListNav

	chat    string
	msgs    []model.ChatMessage
	chatErr error
}

func (p *convsPane) Init() tea.Cmd    { return nil }
func (p *convsPane) Capturing() bool  { return false }
func (p *convsPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 2) }

func (p *convsPane) ShortHelp() []key.Binding {
	k := p.a.s.Keys
	if p.chat != "" {
		return []key.Binding{k.Back, p.a.keys.Grant}
	}
	return []key.Binding{k.Up, k.Down, k.Open, p.a.keys.Grant, k.Back}
}

func (p *convsPane) FullHelp() [][]key.Binding {
	k := p.a.s.Keys
	if p.chat != "" {
		return [][]key.Binding{{k.Back}}
	}
	return [][]key.Binding{k.ListHelp(), {k.Open, k.Back}}
}

// refresh follows a reload of the opened seller.
func (p *convsPane) refresh() { p.nav.SetLen(len(p.a.d.convs)) }

// reset empties the pane for a newly opened seller.
func (p *convsPane) reset() {
	p.chat, p.msgs = "", nil
	p.nav.Cursor = 0
	p.nav.SetLen(len(p.a.d.convs))
}

// chatCmd reads the open chat.
func (p *convsPane) chatCmd() tea.Cmd {
	v, creator := p.a.ag.View(p.a.d.sel), p.chat
	seller := p.a.d.sel
	return shell.To(p, func() tea.Msg {
		ms, err := v.Messages(creator, 200)
		return chatMsg{seller, creator, ms, err}
	})
}

func (p *convsPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case chatMsg:
		if msg.seller == p.a.d.sel && msg.creator == p.chat {
			p.msgs, p.chatErr = msg.msgs, msg.err
		}
	case tea.KeyMsg:
		k := &p.a.s.Keys
		if p.chat != "" {
			if key.Matches(msg, k.Back) {
				p.chat, p.msgs = "", nil
			}
			return nil
		}
		switch {
		case p.nav.Key(k, msg):
		case key.Matches(msg, k.Back):
			return shell.SwitchTab(tabSellers)
		case key.Matches(msg, k.Open) && p.nav.Cursor < len(p.a.d.convs):
			p.chat, p.msgs, p.chatErr = p.a.d.convs[p.nav.Cursor].ID, nil, nil
			return p.chatCmd()
		}
	}
	return nil
}

func (p *convsPane) View() string {
	st := p.a.s.Styles
	if p.a.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	if p.chat != "" {
		return p.chatView()
	}
	var b strings.Builder
	b.WriteString(st.Title.S(shell.SafeFit(fmt.Sprintf("Conversations of %s (%d)", p.a.d.sellerName(p.a.d.sel), len(p.a.d.convs)), p.w)))
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("creator", 22)+" "+shell.PadLeft("msgs", 5)+" "+shell.Pad("state", 13)+" "+shell.Pad("last", 12)+" "+shell.Pad("latest", 7)+" unread s/c"))
	if len(p.a.d.convs) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		c := p.a.d.convs[i]
		r := c.Rel
		state := "not connected"
		if r.Connected {
			state = "connected"
		}
		latest := "creator"
		if r.LastFromSeller {
			latest = "seller"
		}
		who := shell.Pad(shell.SafeFit(p.a.d.who(c.ID), 22), 22)
		rest := " " + shell.PadLeft(fmt.Sprint(r.Messages), 5) + " " + shell.Pad(state, 13) + " " + shell.Pad(time.UnixMilli(r.LastAt).UTC().Format("2 Jan 15:04"), 12) + " " +
			shell.Pad(latest, 7) + " " + fmt.Sprintf("%d/%d", r.SellerUnread, r.CreatorUnread)
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, who+rest, st.Handle.S(who)+st.Text.S(rest), p.w))
	}
	return b.String()
}

func (p *convsPane) chatView() string {
	st := p.a.s.Styles
	r := p.a.d.rels[p.chat]
	head := st.Title.S(shell.SafeFit(p.a.d.sellerName(p.a.d.sel), 30)) + st.Muted.S(" ↔ ") + st.Handle.S(shell.SafeFit(p.a.d.who(p.chat), 26))
	if r.Connected {
		head += " · " + st.Good.S("connected")
	} else {
		head += " · " + st.Warn.S("not connected")
	}
	lines := []string{head, st.Muted.S(strings.Repeat("─", p.w))}
	var body []string
	if p.chatErr != nil {
		body = append(body, st.Bad.S(shell.SafeFit(shell.ErrText(p.chatErr), p.w)))
	}
	body = append(body, components.ChatLines(st, p.msgs, time.UTC, p.w, shell.Safe(p.a.d.sellerName(p.a.d.sel)), shell.Safe(p.a.d.who(p.chat)))...)
	if len(p.msgs) == 0 && p.chatErr == nil {
		body = append(body, st.Muted.S("no messages"))
	}
	if room := p.h - 3; len(body) > room {
		body = body[len(body)-room:]
	}
	lines = append(lines, body...)
	for len(lines) < p.h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Muted.S("read-only: agents cannot write as a seller · esc back"))
	return strings.Join(lines, "\n")
}

// blocksPane shows who the seller blocked and who blocked the seller.
type blocksPane struct {
	a    *app
	w, h int
}

func (p *blocksPane) Init() tea.Cmd    { return nil }
func (p *blocksPane) Capturing() bool  { return false }
func (p *blocksPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *blocksPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.keys.Grant, p.a.s.Keys.Back}
}
func (p *blocksPane) FullHelp() [][]key.Binding { return [][]key.Binding{{p.a.s.Keys.Back}} }

func (p *blocksPane) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, p.a.s.Keys.Back) {
		return shell.SwitchTab(tabSellers)
	}
	return nil
}

func (p *blocksPane) View() string {
	st := p.a.s.Styles
	if p.a.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	var mine, them []string
	for id, r := range p.a.d.rels {
		if r.BlockedBySeller {
			mine = append(mine, id)
		}
		if r.BlockedByCreator {
			them = append(them, id)
		}
	}
	slices.Sort(mine)
	slices.Sort(them)
	room := max((p.h-4)/2, 1)
	var b strings.Builder
	section := func(title string, ids []string, paint shell.Paint) {
		b.WriteString(st.Title.S(shell.SafeFit(fmt.Sprintf(title, len(ids)), p.w)))
		if len(ids) == 0 {
			b.WriteString("\n" + st.Muted.S("  nobody"))
		}
		for i, id := range ids {
			if i == room-1 && len(ids) > room {
				b.WriteString("\n" + st.Muted.S(fmt.Sprintf("  … and %d more", len(ids)-i)))
				break
			}
			b.WriteString("\n  " + paint.S(shell.Pad(shell.SafeFit(p.a.d.who(id), 26), 26)) + " " + st.Muted.S(shell.SafeFit(id, max(p.w-30, 4))))
		}
	}
	section("Blocked by "+strings.ReplaceAll(shell.Safe(p.a.d.sellerName(p.a.d.sel)), "%", "%%")+" (%d)", mine, st.Text)
	b.WriteString("\n\n")
	section("Blocked the seller (%d)", them, st.Bad)
	return b.String()
}

// grantsPane lists the audited grants to the seller, newest first.
type grantsPane struct {
	a    *app
	w, h int
}

func (p *grantsPane) Init() tea.Cmd    { return nil }
func (p *grantsPane) Capturing() bool  { return false }
func (p *grantsPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *grantsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.keys.Grant, p.a.s.Keys.Back}
}
func (p *grantsPane) FullHelp() [][]key.Binding { return [][]key.Binding{{p.a.s.Keys.Back}} }

func (p *grantsPane) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, p.a.s.Keys.Back) {
		return shell.SwitchTab(tabSellers)
	}
	return nil
}

func (p *grantsPane) View() string {
	st := p.a.s.Styles
	if p.a.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	gs := p.a.d.grants()
	var b strings.Builder
	b.WriteString(st.Title.S(shell.SafeFit(fmt.Sprintf("Grants to %s (%d)", p.a.d.sellerName(p.a.d.sel), len(gs)), p.w)))
	if q, ok := p.a.d.quotas[p.a.d.sel]; ok {
		b.WriteString("\n" + st.Text.S(fmt.Sprintf("This week: %d granted, %d of them left · g grants more", q.Granted, q.GrantedLeft)))
	}
	if len(gs) == 0 {
		b.WriteString("\n" + st.Muted.S("  no grants yet"))
	}
	n := 0
	for _, e := range gs {
		if n+2 > p.h-2 {
			b.WriteString("\n" + st.Muted.S(fmt.Sprintf("  … and %d older", len(gs)-n/2)))
			break
		}
		b.WriteString("\n  " + st.Muted.S(shell.When(e.At)) + " " + st.Handle.S(shell.SafeFit(e.Actor, 24)) + " " + st.Text.S(shell.SafeFit(e.Detail, max(p.w-42, 4))))
		b.WriteString("\n    " + st.Text.S(shell.SafeFit("reason: "+e.Reason, p.w-4)))
		n += 2
	}
	return b.String()
}
