package seller

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// invitesMsg is the seller's invitations, newest first.
type invitesMsg struct {
	invs []model.Invitation
	err  error
}

func invitesCmd(h Handle) tea.Cmd {
	return func() tea.Msg {
		invs, err := h.Invites(1000)
		return invitesMsg{invs, err}
	}
}

// cancelInviteCmd cancels a pending invitation; the app reports it.
func (a *app) cancelInviteCmd(id uint64, who string) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		if err := h.CancelInvite(id); err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		return doneMsg{text: fmt.Sprintf("Canceled the invitation to %s.", who)}
	})
}

// invitesPane lists the invitations sent, with their states; a pending one
// can be canceled.
type invitesPane struct {
	a    *app
	w, h int
	invs []model.Invitation
	err  error
	nav  components.ListNav
}

func (p *invitesPane) Init() tea.Cmd { return p.reload() }

// reload reads the invitations again.
func (p *invitesPane) reload() tea.Cmd { return shell.To(p, invitesCmd(p.a.h)) }

// changed reloads on a change to invitations.
func (p *invitesPane) changed(cs []store.Change) tea.Cmd {
	for _, c := range cs {
		if c.Kind == store.ChangedInvites || c == store.Resync {
			return p.reload()
		}
	}
	return nil
}
func (p *invitesPane) Capturing() bool  { return false }
func (p *invitesPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 2) }

func (p *invitesPane) ShortHelp() []key.Binding {
	k := p.a.s.Keys
	return []key.Binding{k.Up, k.Down, k.Open, p.a.keys.Cancel}
}

func (p *invitesPane) FullHelp() [][]key.Binding {
	k := p.a.s.Keys
	return [][]key.Binding{k.ListHelp(), {k.Open, p.a.keys.Cancel}}
}

func (p *invitesPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case invitesMsg:
		p.invs, p.err = msg.invs, msg.err
		p.nav.SetLen(len(p.invs))
	case tea.KeyMsg:
		k := &p.a.s.Keys
		if p.nav.Key(k, msg) || len(p.invs) == 0 {
			return nil
		}
		inv := p.invs[p.nav.Cursor]
		switch {
		case key.Matches(msg, k.Open):
			return p.a.openDetail(inv.CreatorID)
		case key.Matches(msg, p.a.keys.Cancel):
			if inv.State != model.Pending {
				return shell.StatusCmd(fmt.Sprintf("That invitation is %s; only a pending one can be canceled.", inv.State), true)
			}
			who := p.a.d.who(inv.CreatorID)
			return components.OpenConfirm(p.a.s, "Cancel the invitation to "+who+"?", p.a.cancelInviteCmd(inv.ID, who))
		}
	}
	return nil
}

func (p *invitesPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	pending := 0
	for _, inv := range p.invs {
		if inv.State == model.Pending {
			pending++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Invitations sent (%d, %d pending)", len(p.invs), pending)))
	if p.err != nil {
		b.WriteString("\n" + st.Bad.S(shell.SafeFit(shell.ErrText(p.err), p.w)))
	}
	if len(p.invs) == 0 {
		b.WriteString("\n" + st.Muted.S("  none yet; press i on a creator (or mark several with space) to invite"))
		return b.String()
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("creator", 22)+" "+shell.Pad("state", 9)+" "+shell.Pad("sent", 12)+" collaboration"))
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		inv := p.invs[i]
		what := inv.Message
		if inv.Collab != nil {
			what = inv.Collab.Name + fmt.Sprintf(" (%d products, ends %s)", len(inv.Collab.Products), inv.Collab.EndDate.Format(model.DayLayout))
		}
		stp := st.Muted
		switch inv.State {
		case model.Pending:
			stp = st.Warn
		case model.Accepted:
			stp = st.Good
		case model.Declined:
			stp = st.Bad
		}
		who := shell.Pad(shell.SafeFit(p.a.d.who(inv.CreatorID), 22), 22)
		at := inv.At.In(p.a.d.seller.Location()).Format("2 Jan 15:04")
		rest := shell.SafeFit(what, max(p.w-50, 4))
		if i == p.nav.Cursor {
			b.WriteString("\n" + st.Selected.S(shell.Pad("> "+who+" "+shell.Pad(inv.State.String(), 9)+" "+shell.Pad(at, 12)+" "+rest, p.w)))
		} else {
			b.WriteString("\n  " + st.Handle.S(who) + " " + stp.S(shell.Pad(inv.State.String(), 9)) + " " + st.Muted.S(shell.Pad(at, 12)) + " " + st.Text.S(rest))
		}
	}
	return b.String()
}
