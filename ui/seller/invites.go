package seller

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/seller/collab"
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

// invitesPane lists the invitations sent, with their states; enter opens
// one to re-read the offer sent, a pending one can be canceled, and a key
// opens the creator.
type invitesPane struct {
	a    *app
	w, h int
	invs []model.Invitation
	err  error
	nav  components.ListNav

	open   uint64 // the invitation shown whole, 0 for the list
	scroll int
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
	k, sk := p.a.s.Keys, p.a.keys
	if p.open != 0 {
		return []key.Binding{k.Back, sk.OpenCreator, sk.Cancel}
	}
	return []key.Binding{k.Up, k.Down, sk.OpenInvite, sk.OpenCreator, sk.Cancel}
}

func (p *invitesPane) FullHelp() [][]key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	if p.open != 0 {
		return [][]key.Binding{{k.Back, k.Up, k.Down}, {sk.OpenCreator, sk.Cancel}}
	}
	return [][]key.Binding{k.ListHelp(), {sk.OpenInvite, sk.OpenCreator, sk.Cancel}}
}

// current is the invitation shown whole, or under the cursor.
func (p *invitesPane) current() (model.Invitation, bool) {
	if p.open != 0 {
		for _, inv := range p.invs {
			if inv.ID == p.open {
				return inv, true
			}
		}
		return model.Invitation{}, false
	}
	if p.nav.Cursor < len(p.invs) {
		return p.invs[p.nav.Cursor], true
	}
	return model.Invitation{}, false
}

func (p *invitesPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case invitesMsg:
		p.invs, p.err = msg.invs, msg.err
		p.nav.SetLen(len(p.invs))
	case tea.KeyMsg:
		k, sk := &p.a.s.Keys, &p.a.keys
		if p.open != 0 {
			switch {
			case key.Matches(msg, k.Back):
				p.open = 0
				return nil
			case key.Matches(msg, k.Up):
				p.scroll = max(p.scroll-1, 0)
				return nil
			case key.Matches(msg, k.Down):
				p.scroll++
				return nil
			}
		} else if p.nav.Key(k, msg) {
			return nil
		}
		inv, ok := p.current()
		if !ok {
			return nil
		}
		switch {
		case p.open == 0 && key.Matches(msg, sk.OpenInvite):
			p.open, p.scroll = inv.ID, 0
		case key.Matches(msg, sk.OpenCreator):
			return p.a.openDetail(inv.CreatorID, tabInvites)
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
	if inv, ok := p.current(); ok && p.open != 0 {
		return p.inviteView(inv)
	}
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

// stateStyle paints an invitation state.
func (p *invitesPane) stateStyle(s model.InviteState) shell.Paint {
	st := p.a.s.Styles
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

// inviteView is one invitation whole: the offer as it was sent (products
// and commissions, free sample, end date, contact, message), its dates
// and its state.
func (p *invitesPane) inviteView(inv model.Invitation) string {
	st := p.a.s.Styles
	loc := p.a.d.seller.Location()
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	field := func(label, v string) { add(st.Muted.S(shell.Pad(label, 15)) + v) }
	add(st.Title.S("Invitation to ") + st.Handle.S(shell.SafeFit(p.a.d.who(inv.CreatorID), 30)) + " · " + p.stateStyle(inv.State).S(inv.State.String()))
	add("")
	field("Sent", inv.At.In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
	if !inv.Updated.IsZero() && !inv.Updated.Equal(inv.At) {
		field("Last change", inv.Updated.In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
	}
	msg := inv.Message
	if c := inv.Collab; c != nil {
		field("Collaboration", shell.SafeFit(c.Name, p.w-15))
		for i, l := range wrapTo(collab.ProductsText(c.Products), p.w-15) {
			if i == 0 {
				field("Products", l)
			} else {
				add(strings.Repeat(" ", 15) + l)
			}
		}
		field("Free sample", yesNo(c.FreeSample))
		field("Ends", c.EndDate.In(loc).Format("Mon 2 Jan 2006"))
		field("Contact", shell.SafeFit(c.Email, p.w-15))
		msg = c.Message
	} else {
		field("Kind", "a plain invitation (no collaboration terms)")
	}
	add("")
	add(st.Title.S("Message"))
	body := shell.SafeWrap(msg, p.w-2)
	if len(body) == 0 {
		add(st.Muted.S("  no message"))
	}
	for _, l := range body {
		add("  " + l)
	}
	p.scroll = min(p.scroll, max(len(lines)-p.h, 0))
	return strings.Join(lines[p.scroll:min(len(lines), p.scroll+p.h)], "\n")
}

// wrapTo wraps safe plain text to w cells, at least one line.
func wrapTo(s string, w int) []string {
	ls := shell.SafeWrap(s, max(w, 10))
	if len(ls) == 0 {
		return []string{""}
	}
	return ls
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
