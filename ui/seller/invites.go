package console

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// invitesMsg is the seller's invitations, newest first.
type invitesMsg struct {
	invs []model.Invitation
	err  error
}

func invitesCmd(st *store.Store, seller string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		invs, err := st.InvitesOfSeller(seller, now, 1000)
		return invitesMsg{invs, err}
	}
}

func cancelInviteCmd(st *store.Store, seller string, id uint64, who string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		if err := st.CancelInvite(seller, id, now); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		return doneMsg{text: fmt.Sprintf("Canceled the invitation to %s.", who)}
	}
}

// invitesPane lists the invitations sent, with their states; a pending one
// can be canceled.
type invitesPane struct {
	s    *Session
	d    *data
	w, h int
	invs []model.Invitation
	err  error
	nav  listNav
}

func newInvitesPane(s *Session, d *data) *invitesPane { return &invitesPane{s: s, d: d} }

func (p *invitesPane) Init() tea.Cmd {
	return invitesCmd(p.s.Store, p.s.Seller, p.s.Now())
}
func (p *invitesPane) Capturing() bool  { return false }
func (p *invitesPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 2) }

func (p *invitesPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Up, k.Down, k.Open, k.Cancel}
}

func (p *invitesPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{k.listHelp(), {k.Open, k.Cancel}}
}

func (p *invitesPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case invitesMsg:
		p.invs, p.err = msg.invs, msg.err
		p.nav.setLen(len(p.invs))
	case feedMsg:
		for _, c := range msg.cs {
			if c.Kind == store.ChangedInvites || c == store.Resync {
				return p, p.Init()
			}
		}
	case sentMsg:
		return p, p.Init()
	case tea.KeyMsg:
		k := &p.s.Keys
		if p.nav.key(k, msg) || len(p.invs) == 0 {
			return p, nil
		}
		inv := p.invs[p.nav.cursor]
		switch {
		case key.Matches(msg, k.Open):
			return p, openDetail(inv.CreatorID)
		case key.Matches(msg, k.Cancel):
			if inv.State != model.Pending {
				return p, func() tea.Msg {
					return statusMsg{text: fmt.Sprintf("That invitation is %s; only a pending one can be canceled.", inv.State), err: true}
				}
			}
			who := p.d.who(inv.CreatorID)
			return p, openConfirm(p.s, "Cancel the invitation to "+who+"?", cancelInviteCmd(p.s.Store, p.s.Seller, inv.ID, who, p.s.Now()))
		}
	}
	return p, nil
}

func (p *invitesPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	pending := 0
	for _, inv := range p.invs {
		if inv.State == model.Pending {
			pending++
		}
	}
	b.WriteString(st.Title.S(fmt.Sprintf("Invitations sent (%d, %d pending)", len(p.invs), pending)))
	if p.err != nil {
		b.WriteString("\n" + st.Bad.S(safeFit(errText(p.err), p.w)))
	}
	if len(p.invs) == 0 {
		b.WriteString("\n" + st.Muted.S("  none yet; press i on a creator (or mark several with space) to invite"))
		return b.String()
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("creator", 22)+" "+pad("state", 9)+" "+pad("sent", 12)+" collaboration"))
	lo, hi := p.nav.visible()
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
		who := pad(safeFit(p.d.who(inv.CreatorID), 22), 22)
		at := inv.At.In(p.d.seller.Location()).Format("2 Jan 15:04")
		rest := safeFit(what, max(p.w-50, 4))
		if i == p.nav.cursor {
			b.WriteString("\n" + st.Selected.S(pad("> "+who+" "+pad(inv.State.String(), 9)+" "+pad(at, 12)+" "+rest, p.w)))
		} else {
			b.WriteString("\n  " + st.Handle.S(who) + " " + stp.S(pad(inv.State.String(), 9)) + " " + st.Muted.S(pad(at, 12)) + " " + st.Text.S(rest))
		}
	}
	return b.String()
}
