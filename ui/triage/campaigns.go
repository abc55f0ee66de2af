package triage

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// campaignsPane lists the opened seller's campaigns with their states and
// counts, read only: agents neither start nor stop them.
type campaignsPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *campaignsPane) Init() tea.Cmd   { return nil }
func (p *campaignsPane) Capturing() bool { return false }
func (p *campaignsPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.nav.SetHeight(max(h-2, 1))
}
func (p *campaignsPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.s.Keys.Up, p.a.s.Keys.Down, p.a.keys.Grant, p.a.s.Keys.Back}
}
func (p *campaignsPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.a.s.Keys.ListHelp(), {p.a.s.Keys.Back}}
}

func (p *campaignsPane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if p.nav.Key(&p.a.s.Keys, k) {
		return nil
	}
	if key.Matches(k, p.a.s.Keys.Back) {
		return shell.SwitchTab(tabSellers)
	}
	return nil
}

func (p *campaignsPane) View() string {
	st, d := p.a.s.Styles, p.a.d
	if d.sel == "" {
		return st.Muted.S(noSellerOpen)
	}
	var b strings.Builder
	b.WriteString(st.Title.S(shell.SafeFit(fmt.Sprintf("Campaigns of %s (%d)", d.sellerName(d.sel), len(d.campaigns)), p.w)))
	switch {
	case d.campErr != nil:
		b.WriteString("\n" + st.Bad.S("  "+shell.SafeFit(shell.ErrText(d.campErr), p.w-2)))
		return b.String()
	case len(d.campaigns) == 0:
		b.WriteString("\n" + st.Muted.S("  no campaigns"))
		return b.String()
	}
	hdr := fmt.Sprintf("%-22s %-9s %5s %7s %7s %5s %7s  %s", "name", "state", "sent", "refused", "waiting", "left", "charged", "runs")
	b.WriteString("\n" + st.Muted.S(shell.Fit("  "+hdr, p.w)))
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		c := &d.campaigns[i]
		line := fmt.Sprintf("%-22s %-9s %5d %7d %7d %5d %7d  %d", shell.Pad(shell.SafeFit(c.Name, 22), 22), c.State,
			c.Counts.Sent, c.Counts.Refused, c.Counts.Waiting, c.Counts.Left, c.Counts.Charged, c.Runs)
		line = shell.Fit(model.SafeLine(line), p.w-2)
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, line, st.Text.S(line), p.w))
	}
	return b.String()
}
