package console

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/catalog"
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
	s    *Session
	d    *data
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

func newFindPane(s *Session, d *data) *findPane {
	return &findPane{s: s, d: d, input: newInput(s, "/ ", "search handle or name", 64), filters: newFilterBar(s)}
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
	k := f.s.Keys
	switch {
	case f.detail != nil:
		return f.detail.ShortHelp()
	case f.input.Focused():
		return []key.Binding{k.Open, k.Back}
	case f.filters.open:
		return f.filters.keys()
	}
	return []key.Binding{k.Search, k.Filter, k.Sort, k.Open, k.Mark, k.Invite, k.Message, k.Save, k.Block}
}

func (f *findPane) FullHelp() [][]key.Binding {
	k := f.s.Keys
	switch {
	case f.detail != nil:
		return f.detail.FullHelp()
	case f.input.Focused():
		return [][]key.Binding{{k.Open, k.Back}}
	case f.filters.open:
		return [][]key.Binding{f.filters.keys()}
	}
	return [][]key.Binding{
		k.listHelp(),
		{k.Search, k.Back, k.Filter, k.Sort, k.Open},
		{k.Mark, k.ClearMarks, k.Invite, k.Message, k.Save, k.Block},
	}
}

// query is the search the pane's state describes.
func (f *findPane) query() catalog.Query {
	return catalog.Query{Text: f.input.Value(), Filter: f.filters.filter(), Sort: f.sort}
}

// firstPage is how many hits a new search asks for: a few screens. Asking
// for every match of a million rows would cost more than the search.
const firstPage = 1000

// search starts a new query from the top; any search still running is superseded.
func (f *findPane) search() tea.Cmd {
	f.cursor, f.offset, f.limit = 0, 0, firstPage
	return f.rerun()
}

// rerun starts a new generation of the current query with the current limit.
func (f *findPane) rerun() tea.Cmd {
	if f.d.searcher == nil {
		return nil
	}
	f.gen = f.d.searcher.Next()
	f.searching = true
	q := f.query()
	q.Limit = f.limit
	return searchCmd(f.d.searcher, f.gen, q)
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

func (f *findPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case catalogMsg:
		if msg.err == nil {
			f.filters.setCategories(msg.ix.Categories())
			return f, f.search()
		}
	case searchMsg:
		if msg.res.Gen != f.gen || errors.Is(msg.err, context.Canceled) {
			return f, nil // stale: a newer search is on its way
		}
		f.searching = false
		if msg.err != nil {
			return f, func() tea.Msg { return errStatus(msg.err) }
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
		return f, nil
	case openDetailMsg:
		f.detail = newDetailPane(f.s, f.d, msg.id)
		f.detail.SetSize(f.w, f.h)
		return f, f.detail.Init()
	case tea.KeyMsg:
		return f, f.key(msg)
	}
	if f.detail != nil {
		_, cmd := f.detail.Update(msg)
		return f, cmd
	}
	return f, nil
}

func (f *findPane) key(msg tea.KeyMsg) tea.Cmd {
	k := &f.s.Keys
	if f.detail != nil {
		if key.Matches(msg, k.Back) {
			f.detail = nil
			return nil
		}
		_, cmd := f.detail.Update(msg)
		return cmd
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
		case key.Matches(msg, k.Open), msg.Type == tea.KeyDown, msg.Type == tea.KeyTab:
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
	case key.Matches(msg, k.Search):
		f.input.Focus()
	case key.Matches(msg, k.Back):
		if f.input.Value() != "" {
			f.input.SetValue("")
			return f.search()
		}
	case key.Matches(msg, k.Filter):
		f.filters.open = true
		f.clampOffset()
	case key.Matches(msg, k.Sort):
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
	case key.Matches(msg, k.ClearMarks):
		f.d.clearMarks()
	default:
		id := f.current()
		if id == "" {
			return nil
		}
		if key.Matches(msg, k.Open) {
			f.detail = newDetailPane(f.s, f.d, id)
			f.detail.SetSize(f.w, f.h)
			return f.detail.Init()
		}
		if key.Matches(msg, k.Mark) {
			f.d.toggleMark(id)
			f.move(1)
			return f.more()
		}
		return creatorAction(f.s, f.d, msg, id)
	}
	return nil
}

// creatorAction handles the keys that act on one creator (or on the marked
// batch): invite, message, save, block. Shared by every pane listing creators.
func creatorAction(s *Session, d *data, msg tea.KeyMsg, id string) tea.Cmd {
	k := &s.Keys
	batch := d.marks
	if len(batch) == 0 {
		batch = []string{id}
	}
	switch {
	case key.Matches(msg, k.Invite):
		return openBatch(s, d, model.Invite, batch, nil)
	case key.Matches(msg, k.Message):
		return openBatch(s, d, model.Message, batch, nil)
	case key.Matches(msg, k.Save):
		return setSavedCmd(s.Store, s.Seller, id, d.who(id), !d.rel(id).Saved)
	case key.Matches(msg, k.Block):
		who := d.who(id)
		if d.rel(id).BlockedBySeller {
			return openConfirm(s, "Unblock "+who+"?", setBlockedCmd(s.Store, s.Seller, id, who, false))
		}
		return openConfirm(s, "Block "+who+"? They will get nothing more from you.", setBlockedCmd(s.Store, s.Seller, id, who, true))
	}
	return nil
}

func (f *findPane) current() string {
	if f.cursor < 0 || f.cursor >= len(f.hits) || f.d.ix == nil {
		return ""
	}
	return f.d.ix.Row(int(f.hits[f.cursor])).ID
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
	st := f.s.Styles
	var b strings.Builder
	count := ""
	if f.d.ix != nil {
		count = fmt.Sprintf("%s of %s", model.Thousands(int64(f.total)), model.Thousands(int64(f.d.ix.Len())))
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
	if gap := f.w - widthANSI(in) - width(count); gap > 0 {
		b.WriteString(strings.Repeat(" ", gap))
		b.WriteString(st.Muted.S(count))
	}
	b.WriteByte('\n')
	b.WriteString(st.Muted.S(fit("sort "+f.sort.String()+" · "+f.filters.summary(), f.w)))
	b.WriteByte('\n')
	if f.filters.open {
		b.WriteString(f.filters.view(f.w))
		b.WriteByte('\n')
	}
	cols := f.columns()
	b.WriteString(st.Title.S(cols.header()))
	lh := f.listHeight()
	if len(f.hits) == 0 && !f.searching && f.d.ix != nil {
		b.WriteString("\n" + st.Muted.S("  no creators match; esc clears the search, f changes the filters"))
	}
	for i := f.offset; i < len(f.hits) && i < f.offset+lh; i++ {
		b.WriteByte('\n')
		b.WriteString(f.rowView(cols, f.d.ix.Row(int(f.hits[i])), i == f.cursor))
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
	return "  " + pad("handle", c.handle) + " " + pad("name", c.name) + " " + pad("lvl", c.level) + " " +
		padLeft("followers", c.followers) + " " + pad("type", c.typ) + " " + padLeft("GMV 30d", c.gmv) + " " + "relationship"
}

func (f *findPane) rowView(c columns, r *catalog.Row, selected bool) string {
	st := f.s.Styles
	mark := markText(selected, f.d.marked[r.ID])
	lvl := r.Level.String()
	if r.Falling {
		lvl += "↓"
	}
	typ := "aff"
	if r.Type == model.LinkShare {
		typ = "link"
	}
	rel := f.d.rels[r.ID]
	badges := badgeText(&rel, f.d)
	handle := pad(safeFit("@"+r.Handle, c.handle), c.handle)
	name := pad(safeFit(r.Name, c.name), c.name)
	level := pad(lvl, c.level)
	fol := padLeft(short(r.Followers), c.followers)
	gmv := padLeft("$"+short(int64(r.GMV30/100)), c.gmv)
	if selected {
		return st.Selected.S(mark + handle + " " + name + " " + level + " " + fol + " " + pad(typ, c.typ) + " " + gmv + " " + pad(badges, c.badges))
	}
	lp := st.Text
	if r.Falling {
		lp = st.Warn
	}
	return st.Marked.S(mark) + st.Handle.S(handle) + " " + st.Text.S(name) + " " + lp.S(level) + " " + st.Text.S(fol) + " " +
		st.Muted.S(pad(typ, c.typ)) + " " + st.Text.S(gmv) + " " + badgeView(st, &rel, f.d)
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

func badgeView(st *Styles, r *model.Relation, d *data) string {
	var b strings.Builder
	for i, x := range badges(r, d) {
		if i > 0 {
			b.WriteByte(' ')
		}
		p := [...]Paint{st.Good, st.Warn, st.Bad, st.Saved}[x.kind]
		b.WriteString(p.S(x.text))
	}
	return b.String()
}

// openDetailMsg asks Find to show one creator's detail.
type openDetailMsg struct{ id string }

// openDetail switches to Find and opens a creator's detail.
func openDetail(id string) tea.Cmd {
	return tea.Sequence(
		func() tea.Msg { return switchTabMsg{tabFind} },
		func() tea.Msg { return openDetailMsg{id} },
	)
}
