package seller

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/components"
	"outreach/ui/shell"
)

// blocksPane is the Block list: creators you blocked (unblock, with a
// confirmation) and creators who blocked you.
type blocksPane struct {
	a    *app
	w, h int
	mine []string // blocked by the seller: the cursor moves over these
	them []string // blocked the seller
	nav  components.ListNav
}

func (p *blocksPane) Init() tea.Cmd    { return nil }
func (p *blocksPane) Capturing() bool  { return false }
func (p *blocksPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(p.listHeight()) }

func (p *blocksPane) listHeight() int { return max((p.h-4)*2/3, 1) }

func (p *blocksPane) ShortHelp() []key.Binding {
	k := p.a.s.Keys
	return []key.Binding{k.Up, k.Down, p.a.keys.Unblock}
}

func (p *blocksPane) FullHelp() [][]key.Binding {
	k := p.a.s.Keys
	return [][]key.Binding{k.ListHelp(), {p.a.keys.Unblock}}
}

func (p *blocksPane) refresh() {
	p.mine, p.them = p.mine[:0], p.them[:0]
	for id, r := range p.a.d.rels {
		if r.BlockedBySeller {
			p.mine = append(p.mine, id)
		}
		if r.BlockedByCreator {
			p.them = append(p.them, id)
		}
	}
	byWho := func(a, b string) int { return strings.Compare(p.a.d.who(a), p.a.d.who(b)) }
	slices.SortFunc(p.mine, byWho)
	slices.SortFunc(p.them, byWho)
	p.nav.SetLen(len(p.mine))
}

func (p *blocksPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		if p.nav.Key(&p.a.s.Keys, msg) {
			return nil
		}
		if key.Matches(msg, p.a.keys.Unblock) && p.nav.Cursor < len(p.mine) {
			id := p.mine[p.nav.Cursor]
			who := p.a.d.who(id)
			return components.OpenConfirm(p.a.s, "Unblock "+who+"? They can be invited and messaged again.", p.a.setBlockedCmd(id, who, false))
		}
	}
	return nil
}

func (p *blocksPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Blocked by you (%d)", len(p.mine))))
	if len(p.mine) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody; press b on a creator to block them"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		line := components.MarkText(i == p.nav.Cursor, false) + shell.Pad(shell.SafeFit(p.a.d.who(p.mine[i]), 26), 26) + " " + shell.SafeFit(p.name(p.mine[i]), p.w-32)
		if i == p.nav.Cursor {
			b.WriteString("\n" + st.Selected.S(shell.Pad(line, p.w)))
		} else {
			b.WriteString("\n" + st.Text.S(line))
		}
	}
	components.WriteBlockedYou(&b, st, "Blocked you", p.them, max(p.h-(hi-lo)-4, 1), func(id string) string {
		return st.Bad.S(shell.Pad(shell.SafeFit(p.a.d.who(id), 26), 26)) + " " + st.Muted.S(shell.SafeFit(p.name(id), p.w-32))
	})
	return b.String()
}

func (p *blocksPane) name(id string) string {
	if r := p.a.d.row(id); r != nil {
		return r.Name
	}
	return ""
}
