// Package find is the seller console's Find Creators screen: the search
// over the shared catalog, the filter bar, the result list and a creator's
// detail. The console around it is a Host; the pane never sees the store.
package find

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Host is what Find needs of the console around it: the seller's
// relations and quota, the batch marks, and the actions on a creator.
type Host interface {
	// Relation is the seller's relation with a creator.
	Relation(id string) model.Relation
	// Quota is the seller's quota, and whether it has loaded.
	Quota() (model.QuotaStatus, bool)
	// Policy is the quota policy (the message cap).
	Policy() *model.Policy
	// Marked, ToggleMark and ClearMarks are the creators marked for a batch.
	Marked(id string) bool
	ToggleMark(id string)
	ClearMarks()
	// Act runs an action key (invite, message, save, block) on a creator,
	// or on the marked batch.
	Act(msg tea.KeyMsg, id string) tea.Cmd
	// Export asks where to write every creator query q matches in snap
	// (total of them), in its order, reversed with asc.
	Export(snap *backend.Snapshot, q catalog.Query, asc bool, total int) tea.Cmd
}

// Directory reads one creator's whole record (*backend.Directory).
type Directory interface {
	Creator(id string) (model.Creator, error)
}

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

// Pane is Find Creators: search input, filter bar, the result list (only
// the visible rows are drawn) and the creator detail. It searches the
// shared catalog version it was given, with its own searcher.
type Pane struct {
	s    *shell.Session
	host Host
	dir  Directory
	keys *KeyMap
	w, h int

	snap     *backend.Snapshot
	searcher *catalog.Searcher
	shown    *catalog.Index // the index the hits were found in: rows are read from it

	input   textinput.Model
	filters *filterBar
	sort    catalog.Sort
	asc     bool // the order reversed: fewest, lowest, least relevant first

	gen       uint64
	toBottom  bool
	limit     int // hits asked for; grows as the cursor nears the end (0 = all)
	searching bool
	stale     bool // a newer catalog version came while a search ran: run again after it
	hits      []int32
	total     int
	took      string
	cursor    int
	offset    int

	detail *detailPane
	back   tea.Cmd // what esc from the detail does: back to the list it was opened from
}

// New is the Find pane of a session; keys is the console's copy of the
// bindings (remapping it remaps Find).
func New(s *shell.Session, host Host, dir Directory, keys *KeyMap) *Pane {
	return &Pane{s: s, host: host, dir: dir, keys: keys,
		input: components.NewInput(s, "/ ", "search handle or name", 64), filters: newFilterBar(s, keys)}
}

// Init does nothing: the search starts with the catalog.
func (f *Pane) Init() tea.Cmd { return nil }

// SetSize sizes the pane and its detail.
func (f *Pane) SetSize(w, h int) {
	f.w, f.h = w, h
	f.sizeInput()
	if f.detail != nil {
		f.detail.SetSize(w, h)
	}
	f.clampOffset()
}

// sizeInput gives the search box what the match count leaves: the count
// ("searching… 1,000,000 of 1,000,000 · 120ms" at its longest for the
// catalog shown) always fits beside it.
func (f *Pane) sizeInput() {
	n := "0"
	if f.snap != nil {
		n = model.Thousands(int64(f.snap.Index.Len()))
	}
	count := shell.Width("searching… " + n + " of " + n + " · 9999ms")
	// The box is its prompt, its width and the cursor's cell; a space
	// keeps it off the count.
	f.input.Width = max(f.w-count-shell.Width(f.input.Prompt)-2, 10)
}

// Capturing reports that the search input or the filter bar has focus.
func (f *Pane) Capturing() bool {
	if f.detail != nil {
		return false
	}
	// The filter bar takes only its own keys (see FullHelp), so ? and q
	// still reach the help and quit.
	return f.input.Focused()
}

// ShortHelp is the keys of the focused part: input, filters, detail or list.
func (f *Pane) ShortHelp() []key.Binding {
	k, sk := f.s.Keys, *f.keys
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

// sortText is the order shown: "followers ↓".
func (f *Pane) sortText() string {
	if f.asc {
		return f.sort.String() + " ↑"
	}
	return f.sort.String() + " ↓"
}

// FullHelp is every key of the focused part.
func (f *Pane) FullHelp() [][]key.Binding {
	k, sk := f.s.Keys, *f.keys
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
		{sk.Search, k.Back, sk.Filter, sk.FilterReset, sk.Sort, sk.SortDir, k.Open},
		{sk.Mark, sk.ClearMarks, sk.Invite, sk.Message, sk.Save, sk.Block, sk.Export},
	}
}

// query is the search the pane's state describes.
func (f *Pane) query() catalog.Query {
	return catalog.Query{Text: f.input.Value(), Filter: f.filters.filter(), Sort: f.sort}
}

// firstPage is how many hits a new search asks for: a few screens. Asking
// for every match of a million rows would cost more than the search.
const firstPage = 1000

// SetCatalog shows a catalog version: the pane's searcher moves to it
// (the first time it is made, and a search still running ends with the
// session), the categories for the filter follow, and the current query
// runs again: from the top the first time, in place after, so a creator
// added anywhere shows in the open results.
func (f *Pane) SetCatalog(snap *backend.Snapshot) tea.Cmd {
	first := f.snap == nil
	f.snap = snap
	if f.searcher == nil {
		s := catalog.NewSearcher(snap.Index)
		f.searcher = s
		context.AfterFunc(f.s.Ctx, func() { s.Next() }) // cancels a search still running
	} else {
		f.searcher.SetIndex(snap.Index)
	}
	f.filters.setCategories(snap.Index.Categories())
	f.sizeInput()
	if first {
		return f.search()
	}
	if f.searching {
		// One search at a time per pane however fast versions come: the
		// running one finishes, then the query runs on the newest.
		f.stale = true
		return nil
	}
	return f.rerun()
}

// ix is the index the shown hits refer to (the newest result's), or nil
// before the first result.
func (f *Pane) ix() *catalog.Index { return f.shown }

// search starts a new query from the top; any search still running is
// superseded. A reversed order needs every hit (the catalog ranks from the
// top), so it asks for all.
func (f *Pane) search() tea.Cmd {
	f.cursor, f.offset, f.limit = 0, 0, firstPage
	if f.asc {
		f.limit = 0
	}
	return f.rerun()
}

// rerun starts a new generation of the current query with the current
// limit, on the newest catalog version.
func (f *Pane) rerun() tea.Cmd {
	f.stale = false
	s := f.searcher
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
func (f *Pane) more() tea.Cmd {
	if f.searching || f.limit == 0 || len(f.hits) >= f.total || f.cursor+2*f.listHeight() < len(f.hits) {
		return nil
	}
	f.limit = max(f.limit*4, f.cursor+4*f.listHeight())
	return f.rerun()
}

// Changed passes feed changes to the open detail.
func (f *Pane) Changed(cs []store.Change) tea.Cmd {
	if f.detail == nil {
		return nil
	}
	return f.detail.changed(cs)
}

// openDetail shows one creator's detail; esc closes it and runs back.
func (f *Pane) openDetail(id string, back tea.Cmd) tea.Cmd {
	f.back = back
	f.detail = newDetailPane(f, id)
	f.detail.SetSize(f.w, f.h)
	return f.detail.Init()
}

// Update takes keys and the answers addressed to Find.
func (f *Pane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case searchMsg:
		if msg.res.Gen != f.gen || errors.Is(msg.err, context.Canceled) {
			return nil // stale: a newer search is on its way
		}
		f.searching = false
		var again tea.Cmd
		if f.stale {
			f.stale = false
			again = f.rerun()
		}
		if msg.err != nil {
			return tea.Batch(again, shell.StatusCmd(shell.ErrText(msg.err), true))
		}
		f.hits, f.total, f.shown = msg.res.Hits, msg.res.Total, msg.res.Index
		if f.asc {
			f.hits = slices.Clone(f.hits)
			slices.Reverse(f.hits)
		}
		if f.toBottom {
			f.cursor, f.toBottom = len(f.hits)-1, false
		}
		f.took = ""
		if msg.res.Took >= 10*time.Millisecond { // only worth a mention when felt
			f.took = fmt.Sprintf("%dms", msg.res.Took.Milliseconds())
		}
		f.cursor = min(f.cursor, max(len(f.hits)-1, 0))
		f.clampOffset()
		return again
	case openDetailMsg:
		return f.openDetail(msg.id, msg.back)
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

func (f *Pane) key(msg tea.KeyMsg) tea.Cmd {
	k, sk := &f.s.Keys, f.keys
	if f.detail != nil {
		if key.Matches(msg, k.Back) {
			back := f.back
			f.detail, f.back = nil, nil
			return back
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
		f.clampOffset() // the bar may have grown or shrunk by its error line
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
	case key.Matches(msg, sk.SortDir):
		f.asc = !f.asc
		return f.search()
	case key.Matches(msg, sk.FilterReset):
		if !f.filters.active() {
			return shell.StatusCmd("No filters to reset.", false)
		}
		f.filters.reset()
		return tea.Batch(f.search(), shell.StatusCmd("Filters reset.", false))
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
		f.host.ClearMarks()
	case key.Matches(msg, sk.Export):
		if f.snap == nil || f.searching {
			return shell.StatusCmd("Wait for the search to finish, then export.", true)
		}
		return f.host.Export(f.snap, f.query(), f.asc, f.total)
	default:
		id := f.current()
		if id == "" {
			return nil
		}
		if key.Matches(msg, k.Open) {
			return f.openDetail(id, nil)
		}
		if key.Matches(msg, sk.Mark) {
			f.host.ToggleMark(id)
			f.move(1)
			return f.more()
		}
		return f.host.Act(msg, id)
	}
	return nil
}

func (f *Pane) current() string {
	ix := f.ix()
	if f.cursor < 0 || f.cursor >= len(f.hits) || ix == nil {
		return ""
	}
	return ix.Row(int(f.hits[f.cursor])).ID
}

func (f *Pane) move(n int) {
	f.cursor = min(max(f.cursor+n, 0), max(len(f.hits)-1, 0))
	f.clampOffset()
}

func (f *Pane) listHeight() int {
	h := f.h - 3 // input, filter summary, column header
	if f.filters.open {
		h -= f.filters.height()
	}
	return max(h, 1)
}

func (f *Pane) clampOffset() {
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
func (f *Pane) View() string {
	if f.detail != nil {
		return f.detail.View()
	}
	st := f.s.Styles
	ix := f.ix()
	var b strings.Builder
	b.Grow(f.h * (f.w + 96)) // a row's text and its colour codes, no regrowing
	count := ""
	if f.snap != nil {
		count = fmt.Sprintf("%s of %s", model.Thousands(int64(f.total)), model.Thousands(int64(f.snap.Index.Len())))
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
	gap := f.w - shell.WidthANSI(in) - shell.Width(count)
	if gap < 1 { // only at the narrowest: the count wins over the box
		in = ansi.Truncate(in, max(f.w-shell.Width(count)-1, 0), "…")
		gap = f.w - shell.WidthANSI(in) - shell.Width(count)
	}
	// The box's padding and the gap are most of the line: skipped, not sent.
	box := strings.TrimRight(in, " ")
	top := st.LineOn(&b)
	top.AddStyled(box)
	top.Blank(gap + len(in) - len(box))
	top.Add(st.Muted, count)
	top.End()
	b.WriteByte('\n')
	b.WriteString(st.Muted.S(shell.Fit("sort "+f.sortText()+" · "+f.filters.summary(), f.w)))
	b.WriteByte('\n')
	if f.filters.open {
		b.WriteString(f.filters.view(f.w))
		b.WriteByte('\n')
	}
	lh := f.listHeight()
	hw := 0
	if ix != nil {
		hw = f.handleWidth(ix, f.offset, f.offset+lh)
	}
	cols := f.columns(hw)
	b.WriteString(st.Title.S(cols.header()))
	if len(f.hits) == 0 && !f.searching && ix != nil {
		b.WriteString("\n" + st.Muted.S("  no creators match; esc clears the search, f changes the filters"))
	}
	for i := f.offset; i < len(f.hits) && i < f.offset+lh; i++ {
		b.WriteByte('\n')
		f.writeRow(&b, cols, ix.Row(int(f.hits[i])), i == f.cursor)
	}
	return b.String()
}

// columns are the widths of the list columns at the pane's width.
type columns struct{ handle, name, level, followers, typ, gmv, cats, badges int }

// Column bounds: a handle is never cut (at most "@" and 24 runes); the
// name gives way first, and past nameMax the room goes to the categories
// and the relationship.
const (
	handleMax = 25
	handleMin = 10
	nameMin   = 8
	nameMax   = 40
	badgesMin = 12
	catsMin   = 16
	catsMax   = 40
)

// columns fits the list to the pane: handle is the widest handle to show.
func (f *Pane) columns(handle int) columns {
	c := columns{handle: min(max(handle, handleMin), handleMax), level: 4, followers: 9, typ: 4, gmv: 7, badges: badgesMin}
	fixed := 2 + c.handle + 1 + 1 + c.level + 1 + c.followers + 1 + c.typ + 1 + c.gmv + 1 + c.badges
	room := f.w - fixed
	switch {
	case room < nameMin: // narrower than the layout holds: the name still gets its least
		c.name = nameMin
	case room <= nameMax:
		c.name = room
	default:
		c.name = nameMax
		extra := room - nameMax
		if extra >= catsMin+1 {
			c.cats = min(extra-1, catsMax)
			extra -= c.cats + 1
		}
		c.badges += extra
	}
	return c
}

// handleWidth is the widest "@handle" among rows lo..hi of the hits.
func (f *Pane) handleWidth(ix *catalog.Index, lo, hi int) int {
	w := 0
	for i := lo; i < hi && i < len(f.hits); i++ {
		w = max(w, 1+shell.Width(shell.Safe(ix.Row(int(f.hits[i])).Handle)))
	}
	return w
}

func (c columns) header() string {
	h := "  " + shell.Pad("handle", c.handle) + " " + shell.Pad("name", c.name) + " " + shell.Pad("lvl", c.level) + " " +
		shell.PadLeft("followers", c.followers) + " " + shell.Pad("type", c.typ) + " " + shell.PadLeft("GMV 30d", c.gmv) + " "
	if c.cats > 0 {
		h += shell.Pad("categories", c.cats) + " "
	}
	return h + "relationship"
}

// writeRow writes one row of the list to b.
func (f *Pane) writeRow(b *strings.Builder, c columns, r *catalog.Row, selected bool) {
	st := f.s.Styles
	mark := components.MarkText(selected, f.host.Marked(r.ID))
	lvl := r.Level.String()
	if r.Falling {
		lvl += "↓"
	}
	typ := "aff"
	if r.Type == model.LinkShare {
		typ = "link"
	}
	rel := f.host.Relation(r.ID)
	week := f.week()
	badges := components.BadgeText(&rel, week)
	handle := shell.Pad(shell.SafeFit("@"+r.Handle, c.handle), c.handle)
	name := shell.Pad(shell.SafeFit(r.Name, c.name), c.name)
	level := shell.Pad(lvl, c.level)
	fol := shell.PadLeft(shell.Short(r.Followers), c.followers)
	gmv := shell.PadLeft("$"+shell.Short(int64(r.GMV30/100)), c.gmv)
	cats := ""
	if c.cats > 0 {
		cs := make([]string, len(r.Categories))
		for i, x := range r.Categories {
			cs[i] = shell.Safe(x)
		}
		cats = shell.Pad(shell.Fit(strings.Join(cs, ", "), c.cats), c.cats) + " "
	}
	if selected {
		b.WriteString(st.Selected.S(mark + handle + " " + name + " " + level + " " + fol + " " + shell.Pad(typ, c.typ) + " " + gmv + " " + cats + shell.Pad(badges, c.badges)))
		return
	}
	lp := st.Text
	if r.Falling {
		lp = st.Warn
	}
	// One code per change of colour, blanks unpainted, none at the end:
	// a results frame rewrites every row.
	l := st.LineOn(b)
	l.Add(st.Marked, mark)
	l.Add(st.Handle, handle)
	l.Blank(1)
	l.Add(st.Text, name)
	l.Blank(1)
	l.Add(lp, level)
	l.Blank(1)
	l.Add(st.Text, fol)
	l.Blank(1)
	l.Add(st.Muted, shell.Pad(typ, c.typ))
	l.Blank(1)
	l.Add(st.Text, gmv)
	l.Blank(1)
	l.Add(st.Muted, cats)
	l.AddStyled(components.BadgeView(st, &rel, week))
	l.End()
}

// week is the start of the quota week, zero while the quota loads.
func (f *Pane) week() time.Time {
	if q, ok := f.host.Quota(); ok {
		return q.WeekStart
	}
	return time.Time{}
}

// OpenCmd asks Find to show one creator's detail; esc from it runs back
// (nil: stay in Find), so a detail opened from another list returns there.
func (f *Pane) OpenCmd(id string, back tea.Cmd) tea.Cmd {
	return shell.Reply(f, openDetailMsg{id, back})
}

// openDetailMsg asks Find to show one creator's detail.
type openDetailMsg struct {
	id   string
	back tea.Cmd
}

// Query is the search text (for tests and callers).
func (f *Pane) Query() string { return f.input.Value() }

// Total is the number of matches of the last search.
func (f *Pane) Total() int { return f.total }

// Searching reports a search on its way.
func (f *Pane) Searching() bool { return f.searching }
