package seller

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/catalog"
	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
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
// It stops early, answering nothing, when ctx ends.
func recommendCmd(ctx context.Context, gen int, ix *catalog.Index, rels map[string]model.Relation, seller model.Seller, followerCap int64, n int) tea.Cmd {
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
			if i%chunk == 0 && ctx.Err() != nil {
				return nil // the session ended
			}
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
	a    *app
	w, h int

	saved   []string
	recs    []model.Recommendation
	recGen  int
	ranking bool
	ranked  bool
	items   []string // saved then recommended, what the cursor moves over
	nav     components.ListNav
}

// recommendN is how many recommendations are kept.
const recommendN = 50

func (p *savedPane) Init() tea.Cmd    { return nil }
func (p *savedPane) Capturing() bool  { return false }
func (p *savedPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 3) }

func (p *savedPane) ShortHelp() []key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	return []key.Binding{k.Open, sk.Mark, sk.Invite, sk.Message, sk.Save, sk.Block}
}

func (p *savedPane) FullHelp() [][]key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	return [][]key.Binding{k.ListHelp(), {k.Open, sk.Mark, sk.ClearMarks, sk.Invite, sk.Message, sk.Save, sk.Block, sk.Rerank}}
}

// rankIfIdle ranks again unless a ranking is running or the catalog is not loaded.
func (p *savedPane) rankIfIdle() tea.Cmd {
	if p.ranking {
		return nil
	}
	return p.rank()
}

func (p *savedPane) rank() tea.Cmd {
	d := p.a.d
	if d.ix() == nil {
		return nil
	}
	p.recGen++
	p.ranking = true
	rels := make(map[string]model.Relation, len(d.rels))
	for k, v := range d.rels {
		rels[k] = v
	}
	return shell.To(p, recommendCmd(p.a.s.Ctx, p.recGen, d.ix(), rels, d.seller, d.followerCap(), recommendN))
}

func (p *savedPane) refresh() {
	p.saved = p.saved[:0]
	for id, r := range p.a.d.rels {
		if r.Saved {
			p.saved = append(p.saved, id)
		}
	}
	slices.SortFunc(p.saved, func(a, b string) int { return strings.Compare(p.a.d.who(a), p.a.d.who(b)) })
	p.items = append(p.items[:0], p.saved...)
	for _, r := range p.recs {
		rel := p.a.d.rels[r.ID]
		if rel.Connected || rel.BlockedBySeller || rel.BlockedByCreator || rel.Saved {
			continue // saved ones are listed above
		}
		p.items = append(p.items, r.ID)
	}
	p.nav.SetLen(len(p.items))
}

func (p *savedPane) Update(msg tea.Msg) tea.Cmd {
	d := p.a.d
	switch msg := msg.(type) {
	case recsMsg:
		if msg.gen != p.recGen {
			return nil
		}
		p.recs, p.ranking, p.ranked = msg.recs, false, true
		d.recs = msg.recs
		p.refresh()
	case tea.KeyMsg:
		k, sk := &p.a.s.Keys, &p.a.keys
		if p.nav.Key(k, msg) {
			return nil
		}
		if key.Matches(msg, sk.Rerank) {
			return p.rank()
		}
		if key.Matches(msg, sk.ClearMarks) {
			d.clearMarks()
			return nil
		}
		if p.nav.Cursor >= len(p.items) {
			return nil
		}
		id := p.items[p.nav.Cursor]
		switch {
		case key.Matches(msg, k.Open):
			return p.a.openDetail(id)
		case key.Matches(msg, sk.Mark):
			d.toggleMark(id)
			p.nav.Move(1)
			return nil
		}
		return p.a.Act(msg, id)
	}
	return nil
}

func (p *savedPane) View() string {
	st := p.a.s.Styles
	var lines []string
	nSaved := len(p.saved)
	reasonsFor := map[string][]string{}
	for _, r := range p.recs {
		reasonsFor[r.ID] = r.Reasons
	}
	lo, hi := p.nav.Visible()
	header := func(i int) {
		switch {
		case i == 0 && nSaved > 0:
			lines = append(lines, st.Title.S(fmt.Sprintf("Saved (%d)", nSaved)))
		case i == nSaved:
			t := fmt.Sprintf("Recommended for %s (%d)", shell.Safe(p.a.d.seller.Name), len(p.items)-nSaved)
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
		lines = append(lines, p.rowView(id, i == p.nav.Cursor, reasonsFor[id], i >= nSaved))
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
	st := p.a.s.Styles
	mark := components.MarkText(selected, p.a.d.marked[id])
	lvl, fol := "", ""
	if r := p.a.d.row(id); r != nil {
		lvl = r.Level.String()
		if r.Falling {
			lvl += "↓"
		}
		fol = shell.Short(r.Followers)
	}
	rel := p.a.d.rels[id]
	tail := components.BadgeText(&rel, p.a.d.week())
	if rec {
		rs := make([]string, len(reasons))
		for i, r := range reasons {
			rs[i] = shell.Safe(r)
		}
		tail = strings.Join(rs, "; ")
	}
	who := shell.Pad(shell.SafeFit(p.a.d.who(id), 22), 22)
	rest := shell.Fit(tail, max(p.w-2-22-1-4-1-7-1, 4))
	if selected {
		return st.Selected.S(shell.Pad(mark+who+" "+shell.Pad(lvl, 4)+" "+shell.PadLeft(fol, 7)+" "+rest, p.w))
	}
	return st.Marked.S(mark) + st.Handle.S(who) + " " + st.Text.S(shell.Pad(lvl, 4)) + " " + st.Text.S(shell.PadLeft(fol, 7)) + " " + st.Muted.S(rest)
}
