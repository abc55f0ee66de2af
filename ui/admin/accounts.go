package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// adminAccountsPane lists the seller accounts with zone and categories,
// and how many creators the store holds.
type adminAccountsPane struct {
	s    *roleSession
	d    *adminData
	w, h int
	nav  listNav
}

func newAdminAccountsPane(s *roleSession, d *adminData) *adminAccountsPane {
	return &adminAccountsPane{s: s, d: d}
}

func (p *adminAccountsPane) Init() tea.Cmd    { return nil }
func (p *adminAccountsPane) Capturing() bool  { return false }
func (p *adminAccountsPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 4) }

func (p *adminAccountsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.s.Keys.Up, p.s.Keys.Down, p.s.RK.Triage}
}

func (p *adminAccountsPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.s.Keys.listHelp()}
}

func (p *adminAccountsPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case adminAccountsMsg:
		p.nav.setLen(len(p.d.sellers))
	case tea.KeyMsg:
		p.nav.key(&p.s.Keys, msg)
	}
	return p, nil
}

func (p *adminAccountsPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers (%d)", len(p.d.sellers))) + st.Muted.S(" · creators in the store: ") + st.Text.S(model.Thousands(int64(p.d.creators))))
	if p.d.accErr != nil {
		b.WriteString("\n" + st.Bad.S(safeFit(errText(p.d.accErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("id", 12)+" "+pad("name", 22)+" "+pad("zone", 18)+" "+pad("created", 11)+" categories"))
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		s := p.d.sellers[i]
		tz := s.TZ
		if tz == "" {
			tz = "UTC"
		}
		row := pad(safeFit(s.ID, 12), 12) + " " + pad(safeFit(s.Name, 22), 22) + " " + pad(safeFit(tz, 18), 18) + " " + pad(s.Created.UTC().Format(model.DayLayout), 11) + " "
		cats := safeFit(strings.Join(s.Categories, ", "), max(p.w-70, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, row+cats, st.Text.S(row)+st.Muted.S(cats), p.w))
	}
	return b.String()
}
