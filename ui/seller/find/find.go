// Package find is the seller console's Find Creators screen: the search
// over the shared catalog, the filter bar, the result list and a creator's
// detail. The console around it is a Host; the pane never sees the store.
package find

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

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
	f.input.Width = max(w-30, 10)
	if f.detail != nil {
		f.detail.SetSize(w, h)
	}
	f.clampOffset()
}

// Capturing reports that the search input or the filter bar has focus.
func (f *Pane) Capturing() bool {
	if f.detail != nil {
		return false
	}
	return f.input.Focused() || f.filters.open
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
		{sk.Search, k.Back, sk.Filter, sk.Sort, k.Open},
		{sk.Mark, sk.ClearMarks, sk.Invite, sk.Message, sk.Save, sk.Block},
	}
}

// query is the search the pane's state describes.
func (f *Pane) query() catalog.Query {
	return catalog.Query{Text: f.input.Value(), Filter: f.filters.filter(), Sort: f.sort}
}

// firstPage is how many hits a new search asks for: a few screens. Asking
// for every match of a million rows would cost more than the search.
const firstPage = 1000

// SetCatalog shows a catalog version: a new searcher over it (a search
// still running ends with the session), the categories for the filter,
// and the search again (from the top the first time, in place after).
func (f *Pane) SetCatalog(snap *backend.Snapshot) tea.Cmd {
	first := f.snap == nil
	f.snap = snap
	s := catalog.NewSearcher(snap.Index)
	f.searcher = s
	context.AfterFunc(f.s.Ctx, func() { s.Next() }) // cancels a search still running
	f.filters.setCategories(snap.Index.Categories())
	if first {
		return f.search()
	}
	return f.rerun()
}

// ix is the catalog index shown, or nil before it loads.
func (f *Pane) ix() *catalog.Index {
	if f.snap == nil {
		return nil
	}
	return f.snap.Index
}

// search starts a new query from the top; any search still running is superseded.
func (f *Pane) search() tea.Cmd {
	f.cursor, f.offset, f.limit = 0, 0, firstPage
	return f.rerun()
}

// rerun starts a new generation of the current query with the current limit.
func (f *Pane) rerun() tea.Cmd {
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

// openDetail shows one creator's detail.
func (f *Pane) openDetail(id string) tea.Cmd {
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

func (f *Pane) key(msg tea.KeyMsg) tea.Cmd {
	k, sk := &f.s.Keys, f.keys
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
		f.host.ClearMarks()
	default:
		id := f.current()
		if id == "" {
			return nil
		}
		if key.Matches(msg, k.Open) {
			return f.openDetail(id)
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

func (f *Pane) columns() columns {
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

func (f *Pane) rowView(c columns, r *catalog.Row, selected bool) string {
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
	if selected {
		return st.Selected.S(mark + handle + " " + name + " " + level + " " + fol + " " + shell.Pad(typ, c.typ) + " " + gmv + " " + shell.Pad(badges, c.badges))
	}
	lp := st.Text
	if r.Falling {
		lp = st.Warn
	}
	return st.Marked.S(mark) + st.Handle.S(handle) + " " + st.Text.S(name) + " " + lp.S(level) + " " + st.Text.S(fol) + " " +
		st.Muted.S(shell.Pad(typ, c.typ)) + " " + st.Text.S(gmv) + " " + components.BadgeView(st, &rel, week)
}

// week is the start of the quota week, zero while the quota loads.
func (f *Pane) week() time.Time {
	if q, ok := f.host.Quota(); ok {
		return q.WeekStart
	}
	return time.Time{}
}

// OpenCmd asks Find to show one creator's detail.
func (f *Pane) OpenCmd(id string) tea.Cmd { return shell.Reply(f, openDetailMsg{id}) }

// openDetailMsg asks Find to show one creator's detail.
type openDetailMsg struct{ id string }

// Query is the search text (for tests and callers).
func (f *Pane) Query() string { return f.input.Value() }

// Total is the number of matches of the last search.
func (f *Pane) Total() int { return f.total }

// Searching reports a search on its way.
func (f *Pane) Searching() bool { return f.searching }
