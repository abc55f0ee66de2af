package inbox

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// invitesPane lists the invitations a creator received, newest first:
// accept, decline (with a confirmation), write to the seller, block them.
type invitesPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *invitesPane) Init() tea.Cmd   { return nil }
func (p *invitesPane) Capturing() bool { return false }
func (p *invitesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.SetHeight(p.listHeight())
}

// listHeight leaves room for the selected invitation's details.
func (p *invitesPane) listHeight() int { return max(p.h-10, 3) }

func (p *invitesPane) ShortHelp() []key.Binding {
	k, rk := p.a.s.Keys, p.a.keys
	return []key.Binding{k.Up, k.Down, rk.Accept, rk.Decline, rk.Reply, rk.Block}
}

func (p *invitesPane) FullHelp() [][]key.Binding {
	k, rk := p.a.s.Keys, p.a.keys
	return [][]key.Binding{k.ListHelp(), {rk.Accept, rk.Decline, rk.Reply}, {rk.Block, rk.Unblock}}
}

// refresh follows a reload of the invitations.
func (p *invitesPane) refresh() { p.nav.SetLen(len(p.a.d.invites)) }

func (p *invitesPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		return p.key(msg)
	}
	return nil
}

func (p *invitesPane) key(msg tea.KeyMsg) tea.Cmd {
	d := p.a.d
	if p.nav.Key(&p.a.s.Keys, msg) {
		return nil
	}
	if p.nav.Cursor >= len(d.invites) {
		return nil
	}
	inv := d.invites[p.nav.Cursor]
	who := d.name(inv.SellerID)
	rk := &p.a.keys
	switch {
	case key.Matches(msg, rk.Accept, rk.Decline):
		if inv.State != model.Pending {
			return shell.StatusCmd(fmt.Sprintf("That invitation is %s; only a pending one can be answered.", inv.State), true)
		}
		if key.Matches(msg, rk.Accept) {
			return p.a.respondCmd(inv.ID, true, who)
		}
		return components.OpenConfirm(p.a.s, "Decline the invitation from "+who+"?", p.a.respondCmd(inv.ID, false, who))
	case key.Matches(msg, rk.Reply):
		return p.a.openChat(inv.SellerID)
	}
	return p.a.blockAction(msg, inv.SellerID)
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

func (p *invitesPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	pending := 0
	for _, inv := range p.a.d.invites {
		if inv.State == model.Pending {
			pending++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Invitations received (%d, %d pending)", len(p.a.d.invites), pending)))
	if !p.a.d.loaded {
		return b.String() + "\n" + st.Muted.S("  loading…")
	}
	if len(p.a.d.invites) == 0 {
		return b.String() + "\n" + st.Muted.S("  none yet; sellers' invitations appear here as they arrive")
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("seller", 22)+" "+shell.Pad("state", 9)+" "+shell.Pad("received", 12)+" offer"))
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		inv := p.a.d.invites[i]
		who := shell.Pad(shell.SafeFit(p.a.d.name(inv.SellerID), 22), 22)
		state := shell.Pad(inv.State.String(), 9)
		at := shell.Pad(shell.When(inv.At), 12)
		what := shell.SafeFit(inviteWhat(&inv), max(p.w-50, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, who+" "+state+" "+at+" "+what,
			st.Handle.S(who)+" "+statePaint(st, inv.State).S(state)+" "+st.Muted.S(at)+" "+st.Text.S(what), p.w))
	}
	for i := hi - lo; i < p.listHeight(); i++ {
		b.WriteString("\n")
	}
	b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
	if p.nav.Cursor < len(p.a.d.invites) {
		b.WriteString("\n" + p.detail(&p.a.d.invites[p.nav.Cursor]))
	}
	return b.String()
}

func statePaint(st *shell.Styles, s model.InviteState) shell.Paint {
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
func (p *invitesPane) detail(inv *model.Invitation) string {
	st := p.a.s.Styles
	r := p.a.d.rel(inv.SellerID)
	head := st.Handle.S(shell.SafeFit(p.a.d.name(inv.SellerID), 30)) + st.Muted.S(" ("+shell.SafeFit(inv.SellerID, 20)+")") +
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
		lines = append(lines, st.Text.S(shell.SafeFit("Collaboration "+c.Name+" · ends "+c.EndDate.Format(model.DayLayout)+" · "+sample+" · contact "+c.Email, p.w)))
		lines = append(lines, st.Muted.S(shell.SafeFit("Products: "+strings.Join(ps, ", "), p.w)))
		note = c.Message
	}
	if strings.TrimSpace(note) == "" {
		lines = append(lines, "  "+st.Muted.S("(no note)"))
	}
	room := max(p.h-p.listHeight()-3-len(lines)-1, 1)
	for i, l := range shell.SafeWrap(note, p.w-2) {
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
