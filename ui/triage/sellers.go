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

// sellersPane is every seller with tier and quota at a glance.
type sellersPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *sellersPane) Init() tea.Cmd    { return nil }
func (p *sellersPane) Capturing() bool  { return false }
func (p *sellersPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 2) }

func (p *sellersPane) ShortHelp() []key.Binding {
	k := p.a.s.Keys
	return []key.Binding{k.Up, k.Down, k.Open, p.a.keys.Grant}
}

func (p *sellersPane) FullHelp() [][]key.Binding {
	k := p.a.s.Keys
	return [][]key.Binding{k.ListHelp(), {k.Open}}
}

// current is the seller under the cursor, or "".
func (p *sellersPane) current() string {
	if p.nav.Cursor < len(p.a.d.sellers) {
		return p.a.d.sellers[p.nav.Cursor].ID
	}
	return ""
}

// refresh follows a reload of the sellers.
func (p *sellersPane) refresh() { p.nav.SetLen(len(p.a.d.sellers)) }

func (p *sellersPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if p.nav.Key(&p.a.s.Keys, msg) {
			return nil
		}
		if key.Matches(msg, p.a.s.Keys.Open) {
			if id := p.current(); id != "" {
				return p.a.open(id)
			}
		}
	}
	return nil
}

func (p *sellersPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers (%d)", len(p.a.d.sellers))))
	cols := func(id, name, tier, used, left, pack, grants string) string {
		return shell.Pad(id, 12) + " " + shell.Pad(name, 18) + " " + shell.Pad(tier, 10) + " " + shell.PadLeft(used, 11) + " " + shell.PadLeft(left, 7) + " " + shell.PadLeft(pack, 6) + " " + shell.PadLeft(grants, 6)
	}
	b.WriteString("\n" + st.Muted.S("  "+cols("id", "name", "tier", "used/limit", "left", "pack", "grants")))
	if !p.a.d.loaded {
		return b.String() + "\n" + st.Muted.S("  loading…")
	}
	if len(p.a.d.sellers) == 0 {
		b.WriteString("\n" + st.Muted.S("  no sellers; add one with: outreach seller add ID --name NAME"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		sl := p.a.d.sellers[i]
		id, name := shell.SafeFit(sl.ID, 12), shell.SafeFit(sl.Name, 18)
		var line string
		if q, ok := p.a.d.quotas[sl.ID]; ok {
			line = cols(id, name, q.Tier, quotaUsed(&q), quotaLeft(&q), model.Thousands(int64(q.StarterPack)), fmt.Sprint(q.Granted))
		} else {
			msg := "quota unavailable"
			if err := p.a.d.qerrs[sl.ID]; err != nil {
				msg = shell.ErrText(err)
			}
			line = shell.Pad(id, 12) + " " + shell.Pad(name, 18) + " " + shell.SafeFit(msg, max(p.w-36, 4))
		}
		mark := ""
		if sl.ID == p.a.d.sel {
			mark = " ●"
		}
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, line+mark, st.Text.S(line)+st.Good.S(mark), p.w))
	}
	return b.String()
}
