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

// auditPane is the global audit log: every agent and admin action,
// newest first.
type auditPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *auditPane) Init() tea.Cmd    { return nil }
func (p *auditPane) Capturing() bool  { return false }
func (p *auditPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 5) }

func (p *auditPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.s.Keys.Up, p.a.s.Keys.Down, p.a.keys.Grant}
}

func (p *auditPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.a.s.Keys.ListHelp()}
}

// refresh follows a reload of the audit log.
func (p *auditPane) refresh() { p.nav.SetLen(len(p.a.d.audit)) }

func (p *auditPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		p.nav.Key(&p.a.s.Keys, msg)
	}
	return nil
}

func (p *auditPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Audit log (%d, newest first)", len(p.a.d.audit))))
	if p.a.d.auditErr != nil {
		b.WriteString("\n" + st.Bad.S(shell.SafeFit(shell.ErrText(p.a.d.auditErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("time", 12)+" "+shell.Pad("actor", 18)+" "+shell.Pad("action", 11)+" "+shell.Pad("seller", 10)+" detail"))
	if len(p.a.d.audit) == 0 {
		b.WriteString("\n" + st.Muted.S("  nothing audited yet"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		e := p.a.d.audit[i]
		row := shell.Pad(shell.When(e.At), 12) + " " + shell.Pad(shell.SafeFit(e.Actor, 18), 18) + " " + shell.Pad(shell.SafeFit(e.Action, 11), 11) + " " + shell.Pad(shell.SafeFit(e.SellerID, 10), 10) + " "
		rest := shell.SafeFit(e.Detail, max(p.w-58, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, row+rest, st.Muted.S(row)+st.Text.S(rest), p.w))
	}
	if p.nav.Cursor < len(p.a.d.audit) {
		e := p.a.d.audit[p.nav.Cursor]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		b.WriteString("\n" + auditLine(st, &e, p.w))
		if e.Reason != "" {
			b.WriteString("\n" + st.Text.S(shell.SafeFit("reason: "+e.Reason, p.w)))
		}
	}
	return b.String()
}

// auditLine is one audit entry in full on one line.
func auditLine(st *shell.Styles, e *model.AuditEntry, w int) string {
	s := e.At.UTC().Format("2006-01-02 15:04") + " " + e.Actor + " " + e.Action
	if e.SellerID != "" {
		s += " " + e.SellerID
	}
	return st.Text.S(shell.SafeFit(s+": "+e.Detail, w))
}
