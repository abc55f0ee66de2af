package admin

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// accountsPane lists the seller accounts with zone and categories,
// and how many creators the store holds.
type accountsPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *accountsPane) Init() tea.Cmd    { return nil }
func (p *accountsPane) Capturing() bool  { return false }
func (p *accountsPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 4) }

func (p *accountsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.s.Keys.Up, p.a.s.Keys.Down, p.a.keys.Triage}
}

func (p *accountsPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.a.s.Keys.ListHelp()}
}

// refresh follows a reload of the accounts.
func (p *accountsPane) refresh() { p.nav.SetLen(len(p.a.d.sellers)) }

func (p *accountsPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		p.nav.Key(&p.a.s.Keys, msg)
	}
	return nil
}

func (p *accountsPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers (%d)", len(p.a.d.sellers))) + st.Muted.S(" · creators in the store: ") + st.Text.S(model.Thousands(int64(p.a.d.creators))))
	if p.a.d.accErr != nil {
		b.WriteString("\n" + st.Bad.S(shell.SafeFit(shell.ErrText(p.a.d.accErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("id", 12)+" "+shell.Pad("name", 22)+" "+shell.Pad("zone", 18)+" "+shell.Pad("created", 11)+" categories"))
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		s := p.a.d.sellers[i]
		tz := s.TZ
		if tz == "" {
			tz = "UTC"
		}
		row := shell.Pad(shell.SafeFit(s.ID, 12), 12) + " " + shell.Pad(shell.SafeFit(s.Name, 22), 22) + " " + shell.Pad(shell.SafeFit(tz, 18), 18) + " " + shell.Pad(s.Created.UTC().Format(model.DayLayout), 11) + " "
		cats := shell.SafeFit(strings.Join(s.Categories, ", "), max(p.w-70, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, row+cats, st.Text.S(row)+st.Muted.S(cats), p.w))
	}
	return b.String()
}
