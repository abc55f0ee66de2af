package console

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// The seller screens of the triage: one seller's decision log,
// conversations (read-only), blocks and grants. Esc goes back to the list.

const noSellerOpen = "No seller open: pick one on the Sellers screen (1) and press enter."

// sellerBack is esc on a seller screen: back to the Sellers list.
func sellerBack() tea.Cmd { return func() tea.Msg { return switchTabMsg{triSellers} } }

// triageDecisionsPane is the decision log: allowed and refused, newest
// first, with the rule's reason code and the checker's sentence.
type triageDecisionsPane struct {
	s           *roleSession
	d           *triageData
	w, h        int
	refusedOnly bool
	rows        []int // indexes into d.decisions
	nav         listNav
}

func newTriageDecisionsPane(s *roleSession, d *triageData) *triageDecisionsPane {
	return &triageDecisionsPane{s: s, d: d}
}

func (p *triageDecisionsPane) Init() tea.Cmd   { return nil }
func (p *triageDecisionsPane) Capturing() bool { return false }
func (p *triageDecisionsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.setHeight(p.listHeight())
}

// listHeight leaves room for the selected decision in full.
func (p *triageDecisionsPane) listHeight() int { return max(p.h-8, 3) }

func (p *triageDecisionsPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Up, k.Down, p.s.RK.RefusedOnly, p.s.RK.Grant, k.Back}
}

func (p *triageDecisionsPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{k.listHelp(), {p.s.RK.RefusedOnly, k.Back}}
}

func (p *triageDecisionsPane) refresh() {
	p.rows = p.rows[:0]
	for i, x := range p.d.decisions {
		if p.refusedOnly && x.Allowed {
			continue
		}
		p.rows = append(p.rows, i)
	}
	p.nav.setLen(len(p.rows))
}

func (p *triageDecisionsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case triageSellerMsg, triageOpenMsg:
		p.refresh()
	case tea.KeyMsg:
		k := &p.s.Keys
		switch {
		case p.nav.key(k, msg):
		case key.Matches(msg, p.s.RK.RefusedOnly):
			p.refusedOnly = !p.refusedOnly
			p.nav.cursor = 0
			p.refresh()
		case key.Matches(msg, k.Back):
			return p, sellerBack()
		}
	}
	return p, nil
}

func verdict(x *model.DecisionRecord) string {
	if x.Allowed {
		return "allowed"
	}
	return "REFUSED"
}

func (p *triageDecisionsPane) View() string {
	st := p.s.Styles
	if p.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	var b strings.Builder
	refused := 0
	for _, x := range p.d.decisions {
		if !x.Allowed {
			refused++
		}
	}
	filter := "all"
	if p.refusedOnly {
		filter = "refused only"
	}
	b.WriteString(st.Title.S(safeFit(fmt.Sprintf("Decision log of %s: %d, %d refused", p.d.sellerName(p.d.sel), len(p.d.decisions), refused), p.w-30)))
	b.WriteString(st.Muted.S(" · showing " + filter + " (f)"))
	if p.d.detailErr != nil {
		b.WriteString("\n" + st.Bad.S(safeFit(errText(p.d.detailErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("time", 12)+" "+pad("kind", 7)+" "+pad("creator", 16)+" "+pad("result", 7)+" "+pad("reason", 16)+" sentence"))
	if len(p.rows) == 0 {
		b.WriteString("\n" + st.Muted.S("  no decisions here"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		x := &p.d.decisions[p.rows[i]]
		reason := string(x.Reason)
		if reason == "" {
			reason = "-"
		}
		vp := st.Good
		if !x.Allowed {
			vp = st.Bad
		}
		head := pad(when(x.At), 12) + " " + pad(safeFit(x.Kind, 7), 7) + " " + pad(safeFit(p.d.who(x.CreatorID), 16), 16) + " "
		v := pad(verdict(x), 7)
		r := " " + pad(safeFit(reason, 16), 16) + " "
		sentence := safeFit(x.Message, max(p.w-66, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, head+v+r+sentence,
			st.Muted.S(head)+vp.S(v)+st.Text.S(r)+st.Text.S(sentence), p.w))
	}
	for i := hi - lo; i < p.listHeight(); i++ {
		b.WriteString("\n")
	}
	if p.nav.cursor < len(p.rows) {
		x := &p.d.decisions[p.rows[p.nav.cursor]]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		vp := st.Good
		if !x.Allowed {
			vp = st.Bad
		}
		line := vp.S(verdict(x)) + st.Text.S(safeFit(fmt.Sprintf(" · %s to %s (%s) at %s · reason %s · charged %d",
			x.Kind, p.d.who(x.CreatorID), x.CreatorID, x.At.UTC().Format("2006-01-02 15:04"), x.Reason, x.Charged), p.w-8))
		b.WriteString("\n" + line)
		extra := []string{}
		if x.Credit != "" {
			extra = append(extra, "credit "+x.Credit)
		}
		if x.Actor != "" {
			extra = append(extra, "by "+x.Actor)
		}
		if len(extra) > 0 {
			b.WriteString("\n" + st.Muted.S(safeFit(strings.Join(extra, " · "), p.w)))
		}
		for i, l := range safeWrap(x.Message, p.w-2) {
			if i == 3 {
				break
			}
			b.WriteString("\n  " + st.Text.S(l))
		}
	}
	return b.String()
}

// triageConvsPane lists the seller's conversations; enter shows one,
// read-only: agents cannot write as a seller.
type triageConvsPane struct {
	s    *roleSession
	d    *triageData
	w, h int
	nav  listNav

	chat    string
	msgs    []model.ChatMessage
	chatErr error
}

func newTriageConvsPane(s *roleSession, d *triageData) *triageConvsPane {
	return &triageConvsPane{s: s, d: d}
}

func (p *triageConvsPane) Init() tea.Cmd    { return nil }
func (p *triageConvsPane) Capturing() bool  { return false }
func (p *triageConvsPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 2) }

func (p *triageConvsPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	if p.chat != "" {
		return []key.Binding{k.Back, p.s.RK.Grant}
	}
	return []key.Binding{k.Up, k.Down, k.Open, p.s.RK.Grant, k.Back}
}

func (p *triageConvsPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	if p.chat != "" {
		return [][]key.Binding{{k.Back}}
	}
	return [][]key.Binding{k.listHelp(), {k.Open, k.Back}}
}

func (p *triageConvsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case triageSellerMsg:
		p.nav.setLen(len(p.d.convs))
	case triageOpenMsg:
		p.chat, p.msgs = "", nil
		p.nav.cursor = 0
		p.nav.setLen(len(p.d.convs))
	case triageChatMsg:
		if msg.seller == p.d.sel && msg.creator == p.chat {
			p.msgs, p.chatErr = msg.msgs, msg.err
		}
	case tea.KeyMsg:
		k := &p.s.Keys
		if p.chat != "" {
			if key.Matches(msg, k.Back) {
				p.chat, p.msgs = "", nil
			}
			return p, nil
		}
		switch {
		case p.nav.key(k, msg):
		case key.Matches(msg, k.Back):
			return p, sellerBack()
		case key.Matches(msg, k.Open) && p.nav.cursor < len(p.d.convs):
			p.chat, p.msgs, p.chatErr = p.d.convs[p.nav.cursor].ID, nil, nil
			return p, triageChatCmd(p.s.Store, p.d.sel, p.chat)
		}
	}
	return p, nil
}

func (p *triageConvsPane) View() string {
	st := p.s.Styles
	if p.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	if p.chat != "" {
		return p.chatView()
	}
	var b strings.Builder
	b.WriteString(st.Title.S(safeFit(fmt.Sprintf("Conversations of %s (%d)", p.d.sellerName(p.d.sel), len(p.d.convs)), p.w)))
	b.WriteString("\n" + st.Muted.S("  "+pad("creator", 22)+" "+padLeft("msgs", 5)+" "+pad("state", 13)+" "+pad("last", 12)+" "+pad("latest", 7)+" unread s/c"))
	if len(p.d.convs) == 0 {
		b.WriteString("\n" + st.Muted.S("  no conversations"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		c := p.d.convs[i]
		r := c.Rel
		state := "not connected"
		if r.Connected {
			state = "connected"
		}
		latest := "creator"
		if r.LastFromSeller {
			latest = "seller"
		}
		who := pad(safeFit(p.d.who(c.ID), 22), 22)
		rest := " " + padLeft(fmt.Sprint(r.Messages), 5) + " " + pad(state, 13) + " " + pad(time.UnixMilli(r.LastAt).UTC().Format("2 Jan 15:04"), 12) + " " +
			pad(latest, 7) + " " + fmt.Sprintf("%d/%d", r.SellerUnread, r.CreatorUnread)
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, who+rest, st.Handle.S(who)+st.Text.S(rest), p.w))
	}
	return b.String()
}

func (p *triageConvsPane) chatView() string {
	st := p.s.Styles
	r := p.d.rels[p.chat]
	head := st.Title.S(safeFit(p.d.sellerName(p.d.sel), 30)) + st.Muted.S(" ↔ ") + st.Handle.S(safeFit(p.d.who(p.chat), 26))
	if r.Connected {
		head += " · " + st.Good.S("connected")
	} else {
		head += " · " + st.Warn.S("not connected")
	}
	lines := []string{head, st.Muted.S(strings.Repeat("─", p.w))}
	var body []string
	if p.chatErr != nil {
		body = append(body, st.Bad.S(safeFit(errText(p.chatErr), p.w)))
	}
	body = append(body, chatLines(st, p.msgs, time.UTC, p.w, safe(p.d.sellerName(p.d.sel)), safe(p.d.who(p.chat)))...)
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

// triageBlocksPane shows who the seller blocked and who blocked the seller.
type triageBlocksPane struct {
	s    *roleSession
	d    *triageData
	w, h int
}

func newTriageBlocksPane(s *roleSession, d *triageData) *triageBlocksPane {
	return &triageBlocksPane{s: s, d: d}
}

func (p *triageBlocksPane) Init() tea.Cmd    { return nil }
func (p *triageBlocksPane) Capturing() bool  { return false }
func (p *triageBlocksPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *triageBlocksPane) ShortHelp() []key.Binding {
	return []key.Binding{p.s.RK.Grant, p.s.Keys.Back}
}
func (p *triageBlocksPane) FullHelp() [][]key.Binding { return [][]key.Binding{{p.s.Keys.Back}} }

func (p *triageBlocksPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, p.s.Keys.Back) {
		return p, sellerBack()
	}
	return p, nil
}

func (p *triageBlocksPane) View() string {
	st := p.s.Styles
	if p.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	var mine, them []string
	for id, r := range p.d.rels {
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
	section := func(title string, ids []string, paint Paint) {
		b.WriteString(st.Title.S(safeFit(fmt.Sprintf(title, len(ids)), p.w)))
		if len(ids) == 0 {
			b.WriteString("\n" + st.Muted.S("  nobody"))
		}
		for i, id := range ids {
			if i == room-1 && len(ids) > room {
				b.WriteString("\n" + st.Muted.S(fmt.Sprintf("  … and %d more", len(ids)-i)))
				break
			}
			b.WriteString("\n  " + paint.S(pad(safeFit(p.d.who(id), 26), 26)) + " " + st.Muted.S(safeFit(id, max(p.w-30, 4))))
		}
	}
	section("Blocked by "+strings.ReplaceAll(safe(p.d.sellerName(p.d.sel)), "%", "%%")+" (%d)", mine, st.Text)
	b.WriteString("\n\n")
	section("Blocked the seller (%d)", them, st.Bad)
	return b.String()
}

// triageGrantsPane lists the audited grants to the seller, newest first.
type triageGrantsPane struct {
	s    *roleSession
	d    *triageData
	w, h int
}

func newTriageGrantsPane(s *roleSession, d *triageData) *triageGrantsPane {
	return &triageGrantsPane{s: s, d: d}
}

func (p *triageGrantsPane) Init() tea.Cmd    { return nil }
func (p *triageGrantsPane) Capturing() bool  { return false }
func (p *triageGrantsPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *triageGrantsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.s.RK.Grant, p.s.Keys.Back}
}
func (p *triageGrantsPane) FullHelp() [][]key.Binding { return [][]key.Binding{{p.s.Keys.Back}} }

func (p *triageGrantsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, p.s.Keys.Back) {
		return p, sellerBack()
	}
	return p, nil
}

func (p *triageGrantsPane) View() string {
	st := p.s.Styles
	if p.d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	gs := p.d.grants()
	var b strings.Builder
	b.WriteString(st.Title.S(safeFit(fmt.Sprintf("Grants to %s (%d)", p.d.sellerName(p.d.sel), len(gs)), p.w)))
	if q, ok := p.d.quotas[p.d.sel]; ok {
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
		b.WriteString("\n  " + st.Muted.S(when(e.At)) + " " + st.Handle.S(safeFit(e.Actor, 24)) + " " + st.Text.S(safeFit(e.Detail, max(p.w-42, 4))))
		b.WriteString("\n    " + st.Text.S(safeFit("reason: "+e.Reason, p.w-4)))
		n += 2
	}
	return b.String()
}
