package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// triageAuditPane is the global audit log: every agent and admin action,
// newest first.
type triageAuditPane struct {
	s    *roleSession
	d    *triageData
	w, h int
	nav  listNav
}

func newTriageAuditPane(s *roleSession, d *triageData) *triageAuditPane {
	return &triageAuditPane{s: s, d: d}
}

func (p *triageAuditPane) Init() tea.Cmd    { return nil }
func (p *triageAuditPane) Capturing() bool  { return false }
func (p *triageAuditPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 5) }

func (p *triageAuditPane) ShortHelp() []key.Binding {
	return []key.Binding{p.s.Keys.Up, p.s.Keys.Down, p.s.RK.Grant}
}

func (p *triageAuditPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.s.Keys.listHelp()}
}

func (p *triageAuditPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case triageAuditMsg:
		p.nav.setLen(len(p.d.audit))
	case tea.KeyMsg:
		p.nav.key(&p.s.Keys, msg)
	}
	return p, nil
}

func (p *triageAuditPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Audit log (%d, newest first)", len(p.d.audit))))
	if p.d.auditErr != nil {
		b.WriteString("\n" + st.Bad.S(safeFit(errText(p.d.auditErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("time", 12)+" "+pad("actor", 18)+" "+pad("action", 11)+" "+pad("seller", 10)+" detail"))
	if len(p.d.audit) == 0 {
		b.WriteString("\n" + st.Muted.S("  nothing audited yet"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		e := p.d.audit[i]
		row := pad(when(e.At), 12) + " " + pad(safeFit(e.Actor, 18), 18) + " " + pad(safeFit(e.Action, 11), 11) + " " + pad(safeFit(e.SellerID, 10), 10) + " "
		rest := safeFit(e.Detail, max(p.w-58, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, row+rest, st.Muted.S(row)+st.Text.S(rest), p.w))
	}
	if p.nav.cursor < len(p.d.audit) {
		e := p.d.audit[p.nav.cursor]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		b.WriteString("\n" + auditLine(st, &e, p.w))
		if e.Reason != "" {
			b.WriteString("\n" + st.Text.S(safeFit("reason: "+e.Reason, p.w)))
		}
	}
	return b.String()
}

// auditLine is one audit entry in full on one line.
func auditLine(st *Styles, e *model.AuditEntry, w int) string {
	s := e.At.UTC().Format("2006-01-02 15:04") + " " + e.Actor + " " + e.Action
	if e.SellerID != "" {
		s += " " + e.SellerID
	}
	return st.Text.S(safeFit(s+": "+e.Detail, w))
}
