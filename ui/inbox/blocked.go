package inbox

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/components"
	"outreach/ui/shell"
)

// blockedPane lists the sellers the creator blocked (unblock, with a
// confirmation) and the sellers who blocked the creator.
type blockedPane struct {
	a    *app
	w, h int
	mine []string
	them []string
	nav  components.ListNav
}

func (p *blockedPane) Init() tea.Cmd    { return nil }
func (p *blockedPane) Capturing() bool  { return false }
func (p *blockedPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(max((h-4)*2/3, 1)) }

func (p *blockedPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.s.Keys.Up, p.a.s.Keys.Down, p.a.keys.Unblock}
}

func (p *blockedPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.a.s.Keys.ListHelp(), {p.a.keys.Unblock}}
}

// refresh rebuilds the lists after a reload.
func (p *blockedPane) refresh() {
	p.mine, p.them = p.mine[:0], p.them[:0]
	for _, c := range p.a.d.cps {
		if c.Rel.BlockedByCreator {
			p.mine = append(p.mine, c.ID)
		}
		if c.Rel.BlockedBySeller {
			p.them = append(p.them, c.ID)
		}
	}
	p.nav.SetLen(len(p.mine))
}

func (p *blockedPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		if p.nav.Key(&p.a.s.Keys, msg) {
			return nil
		}
		if key.Matches(msg, p.a.keys.Unblock) && p.nav.Cursor < len(p.mine) {
			return p.a.blockAction(msg, p.mine[p.nav.Cursor])
		}
	}
	return nil
}

func (p *blockedPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers you blocked (%d)", len(p.mine))))
	if len(p.mine) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody; press b on an invitation or a conversation to block its seller"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		id := p.mine[i]
		name := shell.Pad(shell.SafeFit(p.a.d.name(id), 30), 30)
		sid := shell.SafeFit(id, max(p.w-36, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, name+" "+sid, st.Handle.S(name)+" "+st.Muted.S(sid), p.w))
	}
	components.WriteBlockedYou(&b, st, "Sellers who blocked you", p.them, max(p.h-(hi-lo)-4, 1), func(id string) string {
		return st.Bad.S(shell.Pad(shell.SafeFit(p.a.d.name(id), 30), 30)) + " " + st.Muted.S(shell.SafeFit(id, max(p.w-36, 4)))
	})
	return b.String()
}
