package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// inboxBlockedPane lists the sellers the creator blocked (unblock, with a
// confirmation) and the sellers who blocked the creator.
type inboxBlockedPane struct {
	s    *roleSession
	d    *inboxData
	w, h int
	mine []string
	them []string
	nav  listNav
}

func newInboxBlockedPane(s *roleSession, d *inboxData) *inboxBlockedPane {
	return &inboxBlockedPane{s: s, d: d}
}

func (p *inboxBlockedPane) Init() tea.Cmd    { return nil }
func (p *inboxBlockedPane) Capturing() bool  { return false }
func (p *inboxBlockedPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(max((h-4)*2/3, 1)) }

func (p *inboxBlockedPane) ShortHelp() []key.Binding {
	return []key.Binding{p.s.Keys.Up, p.s.Keys.Down, p.s.RK.Unblock}
}

func (p *inboxBlockedPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.s.Keys.listHelp(), {p.s.RK.Unblock}}
}

func (p *inboxBlockedPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case inboxMsg:
		p.mine, p.them = p.mine[:0], p.them[:0]
		for _, c := range p.d.cps {
			if c.Rel.BlockedByCreator {
				p.mine = append(p.mine, c.ID)
			}
			if c.Rel.BlockedBySeller {
				p.them = append(p.them, c.ID)
			}
		}
		p.nav.setLen(len(p.mine))
	case tea.KeyMsg:
		if p.nav.key(&p.s.Keys, msg) {
			return p, nil
		}
		if key.Matches(msg, p.s.RK.Unblock) && p.nav.cursor < len(p.mine) {
			cmd, _ := blockAction(p.s, p.d, msg, p.mine[p.nav.cursor])
			return p, cmd
		}
	}
	return p, nil
}

func (p *inboxBlockedPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers you blocked (%d)", len(p.mine))))
	if len(p.mine) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody; press b on an invitation or a conversation to block its seller"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		id := p.mine[i]
		name := pad(safeFit(p.d.name(id), 30), 30)
		sid := safeFit(id, max(p.w-36, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, name+" "+sid, st.Handle.S(name)+" "+st.Muted.S(sid), p.w))
	}
	writeBlockedYou(&b, st, "Sellers who blocked you", p.them, max(p.h-(hi-lo)-4, 1), func(id string) string {
		return st.Bad.S(pad(safeFit(p.d.name(id), 30), 30)) + " " + st.Muted.S(safeFit(id, max(p.w-36, 4)))
	})
	return b.String()
}
