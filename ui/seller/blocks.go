package console

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// blocksPane is the Block list: creators you blocked (unblock, with a
// confirmation) and creators who blocked you.
type blocksPane struct {
	s    *Session
	d    *data
	w, h int
	mine []string // blocked by the seller: the cursor moves over these
	them []string // blocked the seller
	nav  listNav
}

func newBlocksPane(s *Session, d *data) *blocksPane { return &blocksPane{s: s, d: d} }

func (p *blocksPane) Init() tea.Cmd    { return nil }
func (p *blocksPane) Capturing() bool  { return false }
func (p *blocksPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(p.listHeight()) }

func (p *blocksPane) listHeight() int { return max((p.h-4)*2/3, 1) }

func (p *blocksPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Up, k.Down, k.Unblock}
}

func (p *blocksPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{k.listHelp(), {k.Unblock}}
}

func (p *blocksPane) refresh() {
	p.mine, p.them = p.mine[:0], p.them[:0]
	for id, r := range p.d.rels {
		if r.BlockedBySeller {
			p.mine = append(p.mine, id)
		}
		if r.BlockedByCreator {
			p.them = append(p.them, id)
		}
	}
	byWho := func(a, b string) int { return strings.Compare(p.d.who(a), p.d.who(b)) }
	slices.SortFunc(p.mine, byWho)
	slices.SortFunc(p.them, byWho)
	p.nav.setLen(len(p.mine))
}

func (p *blocksPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case relsMsg, relMsg, catalogMsg:
		p.refresh()
	case tea.KeyMsg:
		k := &p.s.Keys
		if p.nav.key(k, msg) {
			return p, nil
		}
		if key.Matches(msg, k.Unblock) && p.nav.cursor < len(p.mine) {
			id := p.mine[p.nav.cursor]
			who := p.d.who(id)
			return p, openConfirm(p.s, "Unblock "+who+"? They can be invited and messaged again.", setBlockedCmd(p.s.Store, p.s.Seller, id, who, false))
		}
	}
	return p, nil
}

func (p *blocksPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Blocked by you (%d)", len(p.mine))))
	if len(p.mine) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody; press b on a creator to block them"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		line := markText(i == p.nav.cursor, false) + pad(safeFit(p.d.who(p.mine[i]), 26), 26) + " " + safeFit(p.name(p.mine[i]), p.w-32)
		if i == p.nav.cursor {
			b.WriteString("\n" + st.Selected.S(pad(line, p.w)))
		} else {
			b.WriteString("\n" + st.Text.S(line))
		}
	}
	writeBlockedYou(&b, st, "Blocked you", p.them, max(p.h-(hi-lo)-4, 1), func(id string) string {
		return st.Bad.S(pad(safeFit(p.d.who(id), 26), 26)) + " " + st.Muted.S(safeFit(p.name(id), p.w-32))
	})
	return b.String()
}

// writeBlockedYou writes the list of who blocked the viewer: a title with
// the count, then one row (drawn by row, indented) per id, at most room of
// them and a count of the rest.
func writeBlockedYou(b *strings.Builder, st *Styles, title string, them []string, room int, row func(id string) string) {
	b.WriteString("\n\n" + st.Title.S(fmt.Sprintf("%s (%d)", title, len(them))))
	if len(them) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody"))
	}
	for i, id := range them {
		if i == room {
			b.WriteString("\n" + st.Muted.S(fmt.Sprintf("  … and %d more", len(them)-room)))
			break
		}
		b.WriteString("\n  " + row(id))
	}
}

func (p *blocksPane) name(id string) string {
	if r := p.d.row(id); r != nil {
		return r.Name
	}
	return ""
}
