package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// inboxInvitesPane lists the invitations a creator received, newest first:
// accept, decline (with a confirmation), write to the seller, block them.
type inboxInvitesPane struct {
	s    *roleSession
	d    *inboxData
	w, h int
	nav  listNav
}

func newInboxInvitesPane(s *roleSession, d *inboxData) *inboxInvitesPane {
	return &inboxInvitesPane{s: s, d: d}
}

func (p *inboxInvitesPane) Init() tea.Cmd   { return nil }
func (p *inboxInvitesPane) Capturing() bool { return false }
func (p *inboxInvitesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.setHeight(p.listHeight())
}

// listHeight leaves room for the selected invitation's details.
func (p *inboxInvitesPane) listHeight() int { return max(p.h-10, 3) }

func (p *inboxInvitesPane) ShortHelp() []key.Binding {
	k, rk := p.s.Keys, p.s.RK
	return []key.Binding{k.Up, k.Down, rk.Accept, rk.Decline, rk.Reply, rk.Block}
}

func (p *inboxInvitesPane) FullHelp() [][]key.Binding {
	k, rk := p.s.Keys, p.s.RK
	return [][]key.Binding{k.listHelp(), {rk.Accept, rk.Decline, rk.Reply}, {rk.Block, rk.Unblock}}
}

func (p *inboxInvitesPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case inboxMsg:
		p.nav.setLen(len(p.d.invites))
	case tea.KeyMsg:
		return p, p.key(msg)
	}
	return p, nil
}

func (p *inboxInvitesPane) key(msg tea.KeyMsg) tea.Cmd {
	if p.nav.key(&p.s.Keys, msg) {
		return nil
	}
	if p.nav.cursor >= len(p.d.invites) {
		return nil
	}
	inv := p.d.invites[p.nav.cursor]
	who := p.d.name(inv.SellerID)
	rk := &p.s.RK
	switch {
	case key.Matches(msg, rk.Accept, rk.Decline):
		if inv.State != model.Pending {
			return statusCmd(fmt.Sprintf("That invitation is %s; only a pending one can be answered.", inv.State), true)
		}
		if key.Matches(msg, rk.Accept) {
			return respondCmd(p.s.Store, p.s.Account, inv.ID, true, who, p.s.Session)
		}
		return openConfirm(p.s.Session, "Decline the invitation from "+who+"?",
			respondCmd(p.s.Store, p.s.Account, inv.ID, false, who, p.s.Session))
	case key.Matches(msg, rk.Reply):
		seller := inv.SellerID
		return func() tea.Msg { return inboxOpenChatMsg{seller} }
	}
	cmd, _ := blockAction(p.s, p.d, msg, inv.SellerID)
	return cmd
}

// inviteWhat is one line on what an invitation offers (untrusted).
func inviteWhat(inv *model.Invitation) string {
	c := inv.Collab
	if c == nil {
		if inv.Message == "" {
			return "(invitation without a note)"
		}
		return inv.Message
	}
	lo, hi := 0.0, 0.0
	for i, pr := range c.Products {
		if i == 0 || pr.Commission < lo {
			lo = pr.Commission
		}
		if pr.Commission > hi {
			hi = pr.Commission
		}
	}
	comm := pct(lo)
	if hi != lo {
		comm = pct(lo) + "–" + pct(hi)
	}
	n := "products"
	if len(c.Products) == 1 {
		n = "product"
	}
	return fmt.Sprintf("%s · %d %s · %s commission · ends %s", c.Name, len(c.Products), n, comm, c.EndDate.Format(model.DayLayout))
}

func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + "%" }

func (p *inboxInvitesPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	pending := 0
	for _, inv := range p.d.invites {
		if inv.State == model.Pending {
			pending++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Invitations received (%d, %d pending)", len(p.d.invites), pending)))
	if !p.d.loaded {
		return b.String() + "\n" + st.Muted.S("  loading…")
	}
	if len(p.d.invites) == 0 {
		return b.String() + "\n" + st.Muted.S("  none yet; sellers' invitations appear here as they arrive")
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("seller", 22)+" "+pad("state", 9)+" "+pad("received", 12)+" offer"))
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		inv := p.d.invites[i]
		who := pad(safeFit(p.d.name(inv.SellerID), 22), 22)
		state := pad(inv.State.String(), 9)
		at := pad(when(inv.At), 12)
		what := safeFit(inviteWhat(&inv), max(p.w-50, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, who+" "+state+" "+at+" "+what,
			st.Handle.S(who)+" "+statePaint(st, inv.State).S(state)+" "+st.Muted.S(at)+" "+st.Text.S(what), p.w))
	}
	for i := hi - lo; i < p.listHeight(); i++ {
		b.WriteString("\n")
	}
	b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
	if p.nav.cursor < len(p.d.invites) {
		b.WriteString("\n" + p.detail(&p.d.invites[p.nav.cursor]))
	}
	return b.String()
}

func statePaint(st *Styles, s model.InviteState) Paint {
	switch s {
	case model.Pending:
		return st.Warn
	case model.Accepted:
		return st.Good
	case model.Declined:
		return st.Bad
	}
	return st.Muted
}

// detail is the selected invitation in full: the seller, the offer, the note.
func (p *inboxInvitesPane) detail(inv *model.Invitation) string {
	st := p.s.Styles
	r := p.d.rel(inv.SellerID)
	head := st.Handle.S(safeFit(p.d.name(inv.SellerID), 30)) + st.Muted.S(" ("+safeFit(inv.SellerID, 20)+")") +
		" · " + statePaint(st, inv.State).S(inv.State.String())
	if r.Connected {
		head += " · " + st.Good.S("connected")
	}
	if r.BlockedByCreator {
		head += " · " + st.Bad.S("blocked by you")
	}
	lines := []string{head}
	note := inv.Message
	if c := inv.Collab; c != nil {
		var ps []string
		for _, pr := range c.Products {
			ps = append(ps, pr.ID+" "+pct(pr.Commission))
		}
		sample := "no free sample"
		if c.FreeSample {
			sample = "free sample"
		}
		lines = append(lines, st.Text.S(safeFit("Collaboration "+c.Name+" · ends "+c.EndDate.Format(model.DayLayout)+" · "+sample+" · contact "+c.Email, p.w)))
		lines = append(lines, st.Muted.S(safeFit("Products: "+strings.Join(ps, ", "), p.w)))
		note = c.Message
	}
	if strings.TrimSpace(note) == "" {
		lines = append(lines, "  "+st.Muted.S("(no note)"))
	}
	room := max(p.h-p.listHeight()-3-len(lines)-1, 1)
	for i, l := range safeWrap(note, p.w-2) {
		if i == room {
			break
		}
		lines = append(lines, "  "+st.Text.S(l))
	}
	if inv.State == model.Pending {
		lines = append(lines, st.Muted.S("a accept · d decline · r write to the seller · b block"))
	}
	return strings.Join(lines, "\n")
}
