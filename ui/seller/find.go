package seller

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/catalog"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// searchMsg is a catalog result, tagged with the generation it ran under.
type searchMsg struct {
	res catalog.Result
	err error
}

// searchCmd runs q under generation gen off the event loop; a result that
// is stale by the time it arrives is dropped by the pane.
func searchCmd(s *catalog.Searcher, gen uint64, q catalog.Query) tea.Cmd {
	return func() tea.Msg {
		res, err := s.Run(gen, q)
		return searchMsg{res, err}
	}
}

// findPane is Find Creators: search input, filter bar, the result list
// (only the visible rows are drawn) and the creator detail.
type findPane struct {
	a    *app
	w, h int

	input   textinput.Model
	filters *filterBar
	sort    catalog.Sort

	gen       uint64
	toBottom  bool
	limit     int // hits asked for; grows as the cursor nears the end (0 = all)
	searching bool
	hits      []int32
	total     int
	took      string
	cursor    int
	offset    int

	detail *detailPane
}

func newFindPane(a *app) *findPane {
	return &findPane{a: a, input: components.NewInput(a.s, "/ ", "search handle or name", 64), filters: newFilterBar(a)}
}

func (f *findPane) Init() tea.Cmd { return nil }

func (f *findPane) SetSize(w, h int) {
	f.w, f.h = w, h
	f.input.Width = max(w-30, 10)
	if f.detail != nil {
		f.detail.SetSize(w, h)
	}
	f.clampOffset()
}

// Capturing: the search input or the filter bar has focus.
func (f *findPane) Capturing() bool {
	if f.detail != nil {
		return false
	}
	return f.input.Focused() || f.filters.open
}

func (f *findPane) ShortHelp() []key.Binding {
	k, sk := f.a.s.Keys, f.a.keys
	switch {
	case f.detail != nil:
		return f.detail.ShortHelp()
	case f.input.Focused():
		return []key.Binding{k.Open, k.Back}
	case f.filters.open:
		return f.filters.keys()
	}
	return []key.Binding{sk.Search, sk.Filter, sk.Sort, k.Open, sk.Mark, sk.Invite, sk.Message, sk.Save, sk.Block}
}

func (f *findPane) FullHelp() [][]key.Binding {
	k, sk := f.a.s.Keys, f.a.keys
	switch {
	case f.detail != nil:
		return f.detail.FullHelp()
	case f.input.Focused():
		return [][]key.Binding{{k.Open, k.Back}}
	case f.filters.open:
		return [][]key.Binding{f.filters.keys()}
	}
	return [][]key.Binding{
		k.ListHelp(),
		{sk.Search, k.Back, sk.Filter, sk.Sort, k.Open},
		{sk.Mark, sk.ClearMarks, sk.Invite, sk.Message, sk.Save, sk.Block},
	}
}

// query is the search the pane's state describes.
func (f *findPane) query() catalog.Query {
	return catalog.Query{Text: f.input.Value(), Filter: f.filters.filter(), Sort: f.sort}
}

// firstPage is how many hits a new search asks for: a few screens. Asking
// for every match of a million rows would cost more than the search.
const firstPage = 1000

// setCatalog takes a new catalog version: the categories for the filter,
// and the search again (from the top the first time, in place after).
func (f *findPane) setCatalog(first bool) tea.Cmd {
	f.filters.setCategories(f.a.d.ix().Categories())
	if first {
		return f.search()
	}
	return f.rerun()
}

// search starts a new query from the top; any search still running is superseded.
func (f *findPane) search() tea.Cmd {
	f.cursor, f.offset, f.limit = 0, 0, firstPage
	return f.rerun()
}

// rerun starts a new generation of the current query with the current limit.
func (f *findPane) rerun() tea.Cmd {
	s := f.a.d.searcher
	if s == nil {
		return nil
	}
	f.gen = s.Next()
	f.searching = true
	q := f.query()
	q.Limit = f.limit
	return shell.To(f, searchCmd(s, f.gen, q))
}

// more fetches further hits when the cursor comes within a page of the end
// of those loaded.
func (f *findPane) more() tea.Cmd {
	if f.searching || f.limit == 0 || len(f.hits) >= f.total || f.cursor+2*f.listHeight() < len(f.hits) {
		return nil
	}
	f.limit = max(f.limit*4, f.cursor+4*f.listHeight())
	return f.rerun()
}

// changed passes feed changes to the open detail.
func (f *findPane) changed(cs []store.Change) tea.Cmd {
	if f.detail == nil {
		return nil
	}
	return f.detail.changed(cs)
}

// openDetail shows one creator's detail.
func (f *findPane) openDetail(id string) tea.Cmd {
	f.detail = newDetailPane(f.a, f, id)
	f.detail.SetSize(f.w, f.h)
	return f.detail.Init()
}

func (f *findPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchMsg:
		if msg.res.Gen != f.gen || errors.Is(msg.err, context.Canceled) {
			return nil // stale: a newer search is on its way
		}
		f.searching = false
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true)
		}
		f.hits, f.total = msg.res.Hits, msg.res.Total
		if f.toBottom {
			f.cursor, f.toBottom = len(f.hits)-1, false
		}
		f.took = ""
		if msg.res.Took >= 10*time.Millisecond { // only worth a mention when felt
			f.took = fmt.Sprintf("%dms", msg.res.Took.Milliseconds())
		}
		f.cursor = min(f.cursor, max(len(f.hits)-1, 0))
		f.clampOffset()
		return nil
	case openDetailMsg:
		return f.openDetail(msg.id)
	case creatorMsg:
		if f.detail != nil {
			f.detail.loaded(msg)
		}
		return nil
	case tea.KeyMsg:
		return f.key(msg)
	}
	return nil
}

func (f *findPane) key(msg tea.KeyMsg) tea.Cmd {
	k, sk := &f.a.s.Keys, &f.a.keys
	d := f.a.d
	if f.detail != nil {
		if key.Matches(msg, k.Back) {
			f.detail = nil
			return nil
		}
		return f.detail.key(msg)
	}
	if f.input.Focused() {
		switch {
		case key.Matches(msg, k.Back):
			f.input.Blur()
			if f.input.Value() != "" {
				f.input.SetValue("")
				return f.search()
			}
			return nil
		case key.Matches(msg, sk.SearchDone):
			f.input.Blur()
			return nil
		}
		old := f.input.Value()
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		if f.input.Value() != old {
			return tea.Batch(cmd, f.search())
		}
		return cmd
	}
	if f.filters.open {
		changed := f.filters.key(msg)
		if changed {
			return f.search()
		}
		return nil
	}
	switch {
	case key.Matches(msg, sk.Search):
		f.input.Focus()
	case key.Matches(msg, k.Back):
		if f.input.Value() != "" {
			f.input.SetValue("")
			return f.search()
		}
	case key.Matches(msg, sk.Filter):
		f.filters.open = true
		f.clampOffset()
	case key.Matches(msg, sk.Sort):
		f.sort = (f.sort + 1) % 4
		return f.search()
	case key.Matches(msg, k.Up):
		f.move(-1)
	case key.Matches(msg, k.Down):
		f.move(1)
		return f.more()
	case key.Matches(msg, k.PageUp):
		f.move(-f.listHeight())
	case key.Matches(msg, k.PageDown):
		f.move(f.listHeight())
		return f.more()
	case key.Matches(msg, k.Top):
		f.move(-len(f.hits))
	case key.Matches(msg, k.Bottom):
		if len(f.hits) < f.total {
			// The last row needs every hit: ask for all, and land there.
			f.limit, f.toBottom = 0, true
			return f.rerun()
		}
		f.move(len(f.hits))
	case key.Matches(msg, sk.ClearMarks):
		d.clearMarks()
	default:
		id := f.current()
		if id == "" {
			return nil
		}
		if key.Matches(msg, k.Open) {
			return f.openDetail(id)
		}
		if key.Matches(msg, sk.Mark) {
			d.toggleMark(id)
			f.move(1)
			return f.more()
		}
		return f.a.creatorAction(msg, id)
	}
	return nil
}

// creatorAction handles the keys that act on one creator (or on the marked
// batch): invite, message, save, block. Shared by every pane listing creators.
func (a *app) creatorAction(msg tea.KeyMsg, id string) tea.Cmd {
	k, d := &a.keys, a.d
	batch := d.marks
	if len(batch) == 0 {
		batch = []string{id}
	}
	switch {
	case key.Matches(msg, k.Invite):
		return a.openBatch(model.Invite, batch, nil)
	case key.Matches(msg, k.Message):
		return a.openBatch(model.Message, batch, nil)
	case key.Matches(msg, k.Save):
		return a.setSavedCmd(id, d.who(id), !d.rel(id).Saved)
	case key.Matches(msg, k.Block):
		who := d.who(id)
		if d.rel(id).BlockedBySeller {
			return components.OpenConfirm(a.s, "Unblock "+who+"?", a.setBlockedCmd(id, who, false))
		}
		return components.OpenConfirm(a.s, "Block "+who+"? They will get nothing more from you.", a.setBlockedCmd(id, who, true))
	}
	return nil
}

func (f *findPane) current() string {
	ix := f.a.d.ix()
	if f.cursor < 0 || f.cursor >= len(f.hits) || ix == nil {
		return ""
	}
	return ix.Row(int(f.hits[f.cursor])).ID
}

func (f *findPane) move(n int) {
	f.cursor = min(max(f.cursor+n, 0), max(len(f.hits)-1, 0))
	f.clampOffset()
}

func (f *findPane) listHeight() int {
	h := f.h - 3 // input, filter summary, column header
	if f.filters.open {
		h -= f.filters.height()
	}
	return max(h, 1)
}

func (f *findPane) clampOffset() {
	lh := f.listHeight()
	if f.cursor < f.offset {
		f.offset = f.cursor
	}
	if f.cursor >= f.offset+lh {
		f.offset = f.cursor - lh + 1
	}
	f.offset = max(0, min(f.offset, max(len(f.hits)-lh, 0)))
}

// View draws the search line, the filters, the header and the visible rows.
func (f *findPane) View() string {
	if f.detail != nil {
		return f.detail.View()
	}
	st := f.a.s.Styles
	ix := f.a.d.ix()
	var b strings.Builder
	count := ""
	if ix != nil {
		count = fmt.Sprintf("%s of %s", model.Thousands(int64(f.total)), model.Thousands(int64(ix.Len())))
		if f.searching {
			count = "searching… " + count
		} else if f.took != "" {
			count += " · " + f.took
		}
	}
	in := f.input.View()
	if !f.input.Focused() && f.input.Value() == "" {
		in = st.Muted.S("/ search handle or name")
	}
	b.WriteString(in)
	if gap := f.w - shell.WidthANSI(in) - shell.Width(count); gap > 0 {
		b.WriteString(strings.Repeat(" ", gap))
		b.WriteString(st.Muted.S(count))
	}
	b.WriteByte('\n')
	b.WriteString(st.Muted.S(shell.Fit("sort "+f.sort.String()+" · "+f.filters.summary(), f.w)))
	b.WriteByte('\n')
	if f.filters.open {
		b.WriteString(f.filters.view(f.w))
		b.WriteByte('\n')
	}
	cols := f.columns()
	b.WriteString(st.Title.S(cols.header()))
	lh := f.listHeight()
	if len(f.hits) == 0 && !f.searching && ix != nil {
		b.WriteString("\n" + st.Muted.S("  no creators match; esc clears the search, f changes the filters"))
	}
	for i := f.offset; i < len(f.hits) && i < f.offset+lh; i++ {
		b.WriteByte('\n')
		b.WriteString(f.rowView(cols, ix.Row(int(f.hits[i])), i == f.cursor))
	}
	return b.String()
}

// columns are the widths of the list columns at the pane's width.
type columns struct{ handle, name, level, followers, typ, gmv, badges int }

func (f *findPane) columns() columns {
	c := columns{handle: 18, level: 4, followers: 9, typ: 4, gmv: 9, badges: 15}
	fixed := 2 + c.handle + 1 + 1 + c.level + 1 + c.followers + 1 + c.typ + 1 + c.gmv + 1 + c.badges
	c.name = max(f.w-fixed, 6)
	if c.name > 40 {
		c.handle += min(c.name-40, 6)
		c.name = f.w - fixed - (c.handle - 18)
	}
	return c
}

func (c columns) header() string {
	return "  " + shell.Pad("handle", c.handle) + " " + shell.Pad("name", c.name) + " " + shell.Pad("lvl", c.level) + " " +
		shell.PadLeft("followers", c.followers) + " " + shell.Pad("type", c.typ) + " " + shell.PadLeft("GMV 30d", c.gmv) + " " + "relationship"
}

func (f *findPane) rowView(c columns, r *catalog.Row, selected bool) string {
	st := f.a.s.Styles
	mark := markText(selected, f.a.d.marked[r.ID])
	lvl := r.Level.String()
	if r.Falling {
		lvl += "↓"
	}
	typ := "aff"
	if r.Type == model.LinkShare {
		typ = "link"
	}
	rel := f.a.d.rels[r.ID]
	badges := badgeText(&rel, f.a.d)
	handle := shell.Pad(shell.SafeFit("@"+r.Handle, c.handle), c.handle)
	name := shell.Pad(shell.SafeFit(r.Name, c.name), c.name)
	level := shell.Pad(lvl, c.level)
	fol := shell.PadLeft(shell.Short(r.Followers), c.followers)
	gmv := shell.PadLeft("$"+shell.Short(int64(r.GMV30/100)), c.gmv)
	if selected {
		return st.Selected.S(mark + handle + " " + name + " " + level + " " + fol + " " + shell.Pad(typ, c.typ) + " " + gmv + " " + shell.Pad(badges, c.badges))
	}
	lp := st.Text
	if r.Falling {
		lp = st.Warn
	}
	return st.Marked.S(mark) + st.Handle.S(handle) + " " + st.Text.S(name) + " " + lp.S(level) + " " + st.Text.S(fol) + " " +
		st.Muted.S(shell.Pad(typ, c.typ)) + " " + st.Text.S(gmv) + " " + badgeView(st, &rel, f.a.d)
}

// markText is the two-cell gutter of a list row: the cursor (visible without
// colour too) and the batch mark.
func markText(cursor, marked bool) string {
	switch {
	case cursor && marked:
		return ">●"
	case cursor:
		return "> "
	case marked:
		return " ●"
	}
	return "  "
}

// badgeText is the relationship in words: connected, counted (this week),
// blocked, saved.
func badgeText(r *model.Relation, d *data) string {
	var bs []string
	for _, b := range badges(r, d) {
		bs = append(bs, b.text)
	}
	return strings.Join(bs, " ")
}

type badge struct {
	text string
	kind int // 0 good, 1 warn, 2 bad, 3 saved
}

func badges(r *model.Relation, d *data) []badge {
	var out []badge
	switch {
	case r.BlockedBySeller:
		out = append(out, badge{"blocked", 2})
	case r.BlockedByCreator:
		out = append(out, badge{"blocked-you", 2})
	}
	if r.Connected {
		out = append(out, badge{"connected", 0})
	} else if d.quotaOK && r.CountedIn(d.quota.WeekStart) {
		out = append(out, badge{"counted", 1})
	}
	if r.Saved {
		out = append(out, badge{"saved", 3})
	}
	return out
}

func badgeView(st *shell.Styles, r *model.Relation, d *data) string {
	var b strings.Builder
	for i, x := range badges(r, d) {
		if i > 0 {
			b.WriteByte(' ')
		}
		p := [...]shell.Paint{st.Good, st.Warn, st.Bad, st.Saved}[x.kind]
		b.WriteString(p.S(x.text))
	}
	return b.String()
}

// openDetail switches to Find and opens a creator's detail.
func (a *app) openDetail(id string) tea.Cmd {
	return tea.Sequence(shell.SwitchTab(tabFind), shell.Reply(a.find, openDetailMsg{id}))
}

// openDetailMsg asks Find to show one creator's detail.
type openDetailMsg struct{ id string }
