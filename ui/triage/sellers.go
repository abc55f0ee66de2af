package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
)

// triageSellersPane is every seller with tier and quota at a glance.
type triageSellersPane struct {
	s    *roleSession
	d    *triageData
	w, h int
	nav  listNav
}

func newTriageSellersPane(s *roleSession, d *triageData) *triageSellersPane {
	return &triageSellersPane{s: s, d: d}
}

func (p *triageSellersPane) Init() tea.Cmd    { return nil }
func (p *triageSellersPane) Capturing() bool  { return false }
func (p *triageSellersPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 2) }

func (p *triageSellersPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Up, k.Down, k.Open, p.s.RK.Grant}
}

func (p *triageSellersPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{k.listHelp(), {k.Open}}
}

// current is the seller under the cursor, or "".
func (p *triageSellersPane) current() string {
	if p.nav.cursor < len(p.d.sellers) {
		return p.d.sellers[p.nav.cursor].ID
	}
	return ""
}

func (p *triageSellersPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case triageSellersMsg:
		p.nav.setLen(len(p.d.sellers))
	case tea.KeyMsg:
		if p.nav.key(&p.s.Keys, msg) {
			return p, nil
		}
		if key.Matches(msg, p.s.Keys.Open) {
			if id := p.current(); id != "" {
				return p, func() tea.Msg { return triageOpenMsg{id} }
			}
		}
	}
	return p, nil
}

func (p *triageSellersPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("Sellers (%d)", len(p.d.sellers))))
	cols := func(id, name, tier, used, left, pack, grants string) string {
		return pad(id, 12) + " " + pad(name, 18) + " " + pad(tier, 10) + " " + padLeft(used, 11) + " " + padLeft(left, 7) + " " + padLeft(pack, 6) + " " + padLeft(grants, 6)
	}
	b.WriteString("\n" + st.Muted.S("  "+cols("id", "name", "tier", "used/limit", "left", "pack", "grants")))
	if !p.d.loaded {
		return b.String() + "\n" + st.Muted.S("  loading…")
	}
	if len(p.d.sellers) == 0 {
		b.WriteString("\n" + st.Muted.S("  no sellers; add one with: outreach seller add ID --name NAME"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		sl := p.d.sellers[i]
		id, name := safeFit(sl.ID, 12), safeFit(sl.Name, 18)
		var line string
		if q, ok := p.d.quotas[sl.ID]; ok {
			line = cols(id, name, q.Tier, quotaUsed(&q), quotaLeft(&q), model.Thousands(int64(q.StarterPack)), fmt.Sprint(q.Granted))
		} else {
			msg := "quota unavailable"
			if err := p.d.qerrs[sl.ID]; err != nil {
				msg = errText(err)
			}
			line = pad(id, 12) + " " + pad(name, 18) + " " + safeFit(msg, max(p.w-36, 4))
		}
		mark := ""
		if sl.ID == p.d.sel {
			mark = " ●"
		}
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, line+mark, st.Text.S(line)+st.Good.S(mark), p.w))
	}
	return b.String()
}
