package console

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/catalog"
)

// recsMsg is a ranking of recommended creators.
type recsMsg struct {
	gen  int
	recs []model.Recommendation
}

// recommendCmd ranks the catalog for the seller off the event loop. The
// index is read-only and rels is the caller's copy. Candidates go to
// model.Recommend in chunks, keeping each chunk's best, so a million rows
// never become a million candidates at once; the best of the bests is the
// overall best because a creator's score does not depend on the others.
func recommendCmd(gen int, ix *catalog.Index, rels map[string]model.Relation, seller model.Seller, followerCap int64, n int) tea.Cmd {
	return func() tea.Msg {
		const chunk = 1 << 15
		var best []model.RecCandidate
		buf := make([]model.RecCandidate, 0, chunk)
		flush := func() {
			won := map[string]bool{}
			for _, r := range model.Recommend(seller, followerCap, buf, n) {
				won[r.ID] = true
			}
			for _, c := range buf {
				if won[c.ID] {
					best = append(best, c)
				}
			}
			buf = buf[:0]
		}
		for i := range ix.Len() {
			r := ix.Row(i)
			if followerCap != model.Unlimited && r.Followers > followerCap {
				continue
			}
			rel := rels[r.ID]
			if rel.Connected || rel.BlockedBySeller || rel.BlockedByCreator {
				continue
			}
			buf = append(buf, model.RecCandidate{
				ID: r.ID, Handle: r.Handle, Level: r.Level, Falling: r.Falling, Followers: r.Followers,
				Categories: r.Categories, ActiveDays30: r.ActiveDays30, GMV30: r.GMV30,
			})
			if len(buf) == chunk {
				flush()
			}
		}
		flush()
		return recsMsg{gen, model.Recommend(seller, followerCap, best, n)}
	}
}

// savedPane is Recommended and Saved: the creators the seller bookmarked,
// then the best-fitting creators not yet connected, each with its reasons.
type savedPane struct {
	s    *Session
	d    *data
	w, h int

	saved   []string
	recs    []model.Recommendation
	recGen  int
	ranking bool
	ranked  bool
	items   []string // saved then recommended, what the cursor moves over
	nav     listNav
}

// recommendN is how many recommendations are kept.
const recommendN = 50

func newSavedPane(s *Session, d *data) *savedPane { return &savedPane{s: s, d: d} }

func (p *savedPane) Init() tea.Cmd    { return nil }
func (p *savedPane) Capturing() bool  { return false }
func (p *savedPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 3) }

var refreshKey = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-rank"))

func (p *savedPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Open, k.Mark, k.Invite, k.Message, k.Save, k.Block}
}

func (p *savedPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{k.listHelp(), {k.Open, k.Mark, k.ClearMarks, k.Invite, k.Message, k.Save, k.Block, refreshKey}}
}

func (p *savedPane) rank() tea.Cmd {
	if p.d.ix == nil {
		return nil
	}
	p.recGen++
	p.ranking = true
	rels := make(map[string]model.Relation, len(p.d.rels))
	for k, v := range p.d.rels {
		rels[k] = v
	}
	return recommendCmd(p.recGen, p.d.ix, rels, p.d.seller, p.d.followerCap(), recommendN)
}

func (p *savedPane) refresh() {
	p.saved = p.saved[:0]
	for id, r := range p.d.rels {
		if r.Saved {
			p.saved = append(p.saved, id)
		}
	}
	slices.SortFunc(p.saved, func(a, b string) int { return strings.Compare(p.d.who(a), p.d.who(b)) })
	p.items = append(p.items[:0], p.saved...)
	for _, r := range p.recs {
		rel := p.d.rels[r.ID]
		if rel.Connected || rel.BlockedBySeller || rel.BlockedByCreator || rel.Saved {
			continue // saved ones are listed above
		}
		p.items = append(p.items, r.ID)
	}
	p.nav.setLen(len(p.items))
}

func (p *savedPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case catalogMsg:
		p.refresh()
		return p, p.rank()
	case relsMsg:
		p.refresh()
		if p.d.ix != nil && !p.ranking {
			return p, p.rank()
		}
	case relMsg, sellerMsg:
		p.refresh()
	case recsMsg:
		if msg.gen != p.recGen {
			return p, nil
		}
		p.recs, p.ranking, p.ranked = msg.recs, false, true
		p.d.recs = msg.recs
		p.refresh()
	case tea.KeyMsg:
		k := &p.s.Keys
		if p.nav.key(k, msg) {
			return p, nil
		}
		if key.Matches(msg, refreshKey) {
			return p, p.rank()
		}
		if key.Matches(msg, k.ClearMarks) {
			p.d.clearMarks()
			return p, nil
		}
		if p.nav.cursor >= len(p.items) {
			return p, nil
		}
		id := p.items[p.nav.cursor]
		switch {
		case key.Matches(msg, k.Open):
			return p, openDetail(id)
		case key.Matches(msg, k.Mark):
			p.d.toggleMark(id)
			p.nav.move(1)
			return p, nil
		}
		return p, creatorAction(p.s, p.d, msg, id)
	}
	return p, nil
}

func (p *savedPane) View() string {
	st := p.s.Styles
	var lines []string
	nSaved := len(p.saved)
	reasonsFor := map[string][]string{}
	for _, r := range p.recs {
		reasonsFor[r.ID] = r.Reasons
	}
	lo, hi := p.nav.visible()
	header := func(i int) {
		switch {
		case i == 0 && nSaved > 0:
			lines = append(lines, st.Title.S(fmt.Sprintf("Saved (%d)", nSaved)))
		case i == nSaved:
			t := fmt.Sprintf("Recommended for %s (%d)", safe(p.d.seller.Name), len(p.items)-nSaved)
			if p.ranking {
				t += " · ranking…"
			}
			lines = append(lines, st.Title.S(t))
		}
	}
	if nSaved == 0 {
		lines = append(lines, st.Title.S("Saved (0)")+st.Muted.S("  press s on a creator to save them"))
	}
	for i := lo; i < hi; i++ {
		if i == lo || i == nSaved {
			header(i)
		}
		id := p.items[i]
		lines = append(lines, p.rowView(id, i == p.nav.cursor, reasonsFor[id], i >= nSaved))
	}
	if hi <= nSaved {
		header(nSaved)
		if p.ranking {
			lines = append(lines, st.Muted.S("  ranking…"))
		}
	}
	if len(p.items) == nSaved && !p.ranking && p.ranked {
		lines = append(lines, st.Muted.S("  no unconnected creators fit your categories and tier right now"))
	}
	return strings.Join(lines, "\n")
}

func (p *savedPane) rowView(id string, selected bool, reasons []string, rec bool) string {
	st := p.s.Styles
	mark := markText(selected, p.d.marked[id])
	lvl, fol := "", ""
	if r := p.d.row(id); r != nil {
		lvl = r.Level.String()
		if r.Falling {
			lvl += "↓"
		}
		fol = short(r.Followers)
	}
	rel := p.d.rels[id]
	tail := badgeText(&rel, p.d)
	if rec {
		rs := make([]string, len(reasons))
		for i, r := range reasons {
			rs[i] = safe(r)
		}
		tail = strings.Join(rs, "; ")
	}
	who := pad(safeFit(p.d.who(id), 22), 22)
	rest := fit(tail, max(p.w-2-22-1-4-1-7-1, 4))
	if selected {
		return st.Selected.S(pad(mark+who+" "+pad(lvl, 4)+" "+padLeft(fol, 7)+" "+rest, p.w))
	}
	return st.Marked.S(mark) + st.Handle.S(who) + " " + st.Text.S(pad(lvl, 4)) + " " + st.Text.S(padLeft(fol, 7)) + " " + st.Muted.S(rest)
}
