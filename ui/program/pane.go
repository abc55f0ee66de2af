package program

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/program/campaigns"
	"outreach/ui/shell"
)

// view is one of the screen's views.
type view int

// The views, in the order v cycles them.
const (
	viewOverview view = iota
	viewTable
	viewMetrics
	numViews
)

var viewNames = [numViews]string{"Overview", "Affiliates", "Metrics"}

// Pane is the Program screen: the segment overview, the affiliate table,
// the metrics and an affiliate's detail over the table. Only the visible
// rows of the table are ever drawn.
type Pane struct {
	s    *shell.Session
	src  Source
	host Host
	keys *KeyMap
	w, h int

	view    view
	days    int // the period: 7, 28 or 90
	gen     uint64
	loading bool
	stale   bool // the program changed while a load ran: load again after it
	err     error

	// The loaded program; nil before the first table.
	*loaded
	// visible: the pane was looked at, so it loads and follows changes.
	visible bool

	// The table's state: what the user chose, and the rows it shows.
	filter engage.AffiliateFilter
	sortBy engage.MetricKey
	asc    bool
	input  textinput.Model
	order  []int32 // every row in the chosen order
	shown  []int32 // order, filtered and searched: rows of shownSet
	// shownSet is the load shown indexes: while a search runs over a new
	// load, the screen still shows the older one's rows.
	shownSet *rowSet
	nav      components.ListNav
	// The search runs off the event loop: searchGen tags the newest.
	searchGen uint64
	searching bool

	segCursor int // the overview's segment
	detail    *detail
	// camp is the Campaigns view when it is open.
	camp *campaigns.View
	// off is the Offers view when it is open.
	off *campaigns.Offers
}

// New is the Program screen of a session; keys is the console's copy of
// the bindings. src nil shows that the program cannot be read here.
func New(s *shell.Session, src Source, host Host, keys *KeyMap) *Pane {
	return &Pane{s: s, src: src, host: host, keys: keys, days: 28, sortBy: engage.ByGMV,
		input: components.NewInput(s, "/ ", "search handle", 24)}
}

// loaded is a table read and made ready off the event loop: the rows
// ranked for sorting, in the order asked for, and the sums the views draw.
// Nothing in it changes once built.
type loaded struct {
	tab     Table
	run     *mprogram.SegmentRun
	set     *rowSet
	sortBy  engage.MetricKey
	asc     bool
	order   []int32
	flagged int
	weekly  []int64 // the program's GMV per week, TrendWeeks long
	program engage.GroupMetrics
	groups  []engage.GroupMetrics
}

// prepare builds what the screen draws from a table read: the work of a
// new load that grows with the number of affiliates, done where the load
// runs, not on the event loop.
func prepare(t Table, run *mprogram.SegmentRun, sortBy engage.MetricKey, asc bool) *loaded {
	l := &loaded{tab: t, run: run, set: newRowSet(t.Rows), sortBy: sortBy, asc: asc, weekly: make([]int64, engage.TrendWeeks)}
	for i := range t.Rows {
		r := &t.Rows[i]
		if len(r.Flags) > 0 {
			l.flagged++
		}
		for w, c := range r.Trend {
			if w < len(l.weekly) {
				l.weekly[w] += int64(c)
			}
		}
	}
	l.program, l.groups = engage.Summarize(t.Rows)
	l.order = l.set.order(sortBy, !asc)
	return l
}

// Results of the loads, tagged with the generation they ran under.
type (
	tableMsg struct {
		gen uint64
		l   *loaded
		err error
	}
	searchMsg struct {
		gen  uint64
		set  *rowSet
		rows []int32
	}
	historyMsg struct {
		id    string
		steps []Step
		err   error
	}
	flagsMsg struct {
		id    string
		flags []mprogram.FlagState
		err   error
	}
)

// loadCmd reads the table over days and the latest evaluation, and
// prepares them in the order sortBy, asc.
func loadCmd(src Source, gen uint64, days int, sortBy engage.MetricKey, asc bool) tea.Cmd {
	return func() tea.Msg {
		t, err := src.Table(days)
		if err != nil {
			return tableMsg{gen: gen, err: err}
		}
		run, err := src.Evaluation()
		if err != nil {
			return tableMsg{gen: gen, err: err}
		}
		return tableMsg{gen: gen, l: prepare(t, run, sortBy, asc)}
	}
}

// searchCmd matches text fuzzily against the handles of rows (read only:
// rowSets and row lists are never changed once made).
func searchCmd(set *rowSet, rows []int32, text string, gen uint64) tea.Cmd {
	return func() tea.Msg { return searchMsg{gen, set, set.search(rows, text)} }
}

func historyCmd(src Source, id string) tea.Cmd {
	return func() tea.Msg {
		s, err := src.History(id)
		return historyMsg{id, s, err}
	}
}

func flagsCmd(src Source, id string) tea.Cmd {
	return func() tea.Msg {
		f, err := src.Flags(id)
		return flagsMsg{id, f, err}
	}
}

// Init loads nothing: the program is read the first time the pane is
// shown (Shown), so a session that never opens it never reads it.
func (p *Pane) Init() tea.Cmd { return nil }

// Shown loads the program the first time the pane is looked at.
func (p *Pane) Shown() tea.Cmd {
	if p.visible {
		return nil
	}
	p.visible = true
	return p.reload()
}

// reload reads the program again; an answer to an older load is dropped.
func (p *Pane) reload() tea.Cmd {
	if p.src == nil {
		return nil
	}
	p.gen++
	p.loading = true
	return shell.To(p, loadCmd(p.src, p.gen, p.days, p.sortBy, p.asc))
}

// Changed reloads when the seller's program changed (the console passes
// only the changes of its seller). One load at a time however fast
// changes come (an import changes much): a change during a load loads
// again once it ends.
func (p *Pane) Changed(cs []store.Change) tea.Cmd {
	if !p.visible {
		return nil // read when first shown
	}
	campCmd := tea.Batch(p.camp.Changed(cs), p.off.Changed(cs))
	for _, c := range cs {
		if c == store.Resync || c.Kind == store.ChangedProgram {
			if p.loading {
				p.stale = true
				return campCmd
			}
			cmd := p.reload()
			if p.detail != nil {
				cmd = tea.Batch(cmd, p.loadDetail(p.detail.id))
			}
			return tea.Batch(cmd, campCmd)
		}
	}
	return campCmd
}

// SetSize sizes the pane.
func (p *Pane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.input.Width = max(min(w/3, 30), 10)
	p.nav.SetHeight(p.listHeight())
	if p.camp != nil {
		p.camp.SetSize(w, h)
	}
	if p.off != nil {
		p.off.SetSize(w, h)
	}
}

// Capturing reports that the search box has focus.
func (p *Pane) Capturing() bool {
	if p.camp != nil {
		return p.camp.Capturing()
	}
	if p.off != nil {
		return p.off.Capturing()
	}
	return p.detail == nil && p.input.Focused()
}

// ShortHelp is the keys of the view shown.
func (p *Pane) ShortHelp() []key.Binding {
	k, pk := p.s.Keys, p.keys
	switch {
	case p.camp != nil:
		return p.camp.Help()
	case p.off != nil:
		return p.off.Help()
	case p.detail != nil:
		return []key.Binding{pk.Conversation, pk.Profile, k.Back}
	case p.input.Focused():
		return []key.Binding{pk.SearchEnd, k.Back}
	case p.view == viewTable:
		return []key.Binding{pk.FindHandle, pk.SegmentFilter, pk.SortBy, pk.SortReverse, k.Open, pk.NextView}
	case p.view == viewMetrics:
		return []key.Binding{pk.Period, pk.NextView}
	}
	return []key.Binding{k.Open, pk.NextView, pk.Period}
}

// FullHelp is every key of the view shown.
func (p *Pane) FullHelp() [][]key.Binding {
	k, pk := p.s.Keys, p.keys
	views := []key.Binding{pk.NextView, pk.PrevView, pk.Period, pk.Campaigns, pk.Offers}
	switch {
	case p.camp != nil:
		return [][]key.Binding{p.camp.Help()}
	case p.off != nil:
		return [][]key.Binding{p.off.Help()}
	case p.detail != nil:
		return [][]key.Binding{{pk.Conversation, pk.Profile, k.Back}}
	case p.input.Focused():
		return [][]key.Binding{{pk.SearchEnd, k.Back}}
	case p.view == viewTable:
		return [][]key.Binding{
			k.ListHelp(),
			{pk.FindHandle, k.Back, pk.SortBy, pk.SortReverse, k.Open, pk.Conversation},
			{pk.SegmentFilter, pk.KindFilter, pk.DormantFilter, pk.FlaggedFilter, pk.ResetFilters},
			views,
		}
	case p.view == viewMetrics:
		return [][]key.Binding{views}
	}
	return [][]key.Binding{{k.Up, k.Down, k.Open}, views}
}

// Update takes keys and the answers of the loads.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := p.camp.Update(msg); ok {
		return cmd
	}
	if cmd, ok := p.off.Update(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tableMsg:
		if msg.gen != p.gen {
			return nil
		}
		p.loading = false
		var again tea.Cmd
		if p.stale {
			p.stale = false
			again = p.reload()
			if p.detail != nil {
				again = tea.Batch(again, p.loadDetail(p.detail.id))
			}
		}
		if msg.err != nil {
			p.err = msg.err
			return tea.Batch(again, shell.StatusCmd(shell.ErrText(msg.err), true))
		}
		p.err = nil
		return tea.Batch(again, p.setTable(msg.l))
	case searchMsg:
		if msg.gen != p.searchGen {
			return nil
		}
		keep := p.current()
		p.searching = false
		p.shown, p.shownSet = msg.rows, msg.set
		p.nav.SetLen(len(p.shown))
		p.follow(keep)
	case historyMsg:
		if p.detail != nil && p.detail.id == msg.id {
			p.detail.steps, p.detail.histErr, p.detail.histOK = msg.steps, msg.err, true
		}
	case flagsMsg:
		if p.detail != nil && p.detail.id == msg.id {
			p.detail.flags, p.detail.flagErr, p.detail.flagOK = msg.flags, msg.err, true
		}
	case tea.KeyMsg:
		return p.key(msg)
	}
	return nil
}

// setTable takes a new load and rebuilds the table with the user's
// choices, the cursor on the same affiliate.
func (p *Pane) setTable(l *loaded) tea.Cmd {
	cur := p.current()
	p.loaded = l
	var cmd tea.Cmd
	if l.sortBy == p.sortBy && l.asc == p.asc {
		p.order = l.order
		cmd = p.refilter()
	} else { // the order changed while the load ran
		cmd = p.resort()
	}
	p.follow(cur)
	return cmd
}

// current is the creator under the cursor, "" for none.
func (p *Pane) current() string {
	if p.shownSet == nil || p.nav.Cursor >= len(p.shown) {
		return ""
	}
	return p.shownSet.rows[p.shown[p.nav.Cursor]].CreatorID
}

// follow puts the cursor back on a creator if it is still shown.
func (p *Pane) follow(id string) {
	if id == "" || p.shownSet == nil {
		return
	}
	i, ok := p.shownSet.find(id)
	if !ok {
		return
	}
	if j := slices.Index(p.shown, i); j >= 0 {
		p.nav.Cursor = j
		p.nav.Clamp()
	}
}

// resort orders every row by the chosen column, then refilters.
func (p *Pane) resort() tea.Cmd {
	if p.loaded == nil {
		return nil
	}
	p.order = p.set.order(p.sortBy, !p.asc)
	return p.refilter()
}

// refilter applies the filter to the order at once, and starts the
// handle search over what it keeps (off the event loop: fuzzy matching
// every handle of a large program takes longer than a frame).
func (p *Pane) refilter() tea.Cmd {
	if p.loaded == nil {
		return nil
	}
	rows := p.set.filterRows(p.order, p.filter)
	p.searchGen++
	if strings.TrimPrefix(strings.TrimSpace(p.input.Value()), "@") == "" {
		p.searching = false
		p.shown, p.shownSet = rows, p.set
		p.nav.SetLen(len(p.shown))
		return nil
	}
	p.searching = true
	return shell.To(p, searchCmd(p.set, rows, p.input.Value(), p.searchGen))
}

// listHeight is the rows the table shows: the view bar, the search and
// filter line, the sort line and the column header take four.
func (p *Pane) listHeight() int { return max(p.h-4, 1) }

func (p *Pane) key(msg tea.KeyMsg) tea.Cmd {
	k, pk := &p.s.Keys, p.keys
	if p.camp != nil {
		cmd, closed := p.camp.Key(msg)
		if closed {
			p.camp = nil
		}
		return cmd
	}
	if p.off != nil {
		cmd, closed := p.off.Key(msg)
		if closed {
			p.off = nil
		}
		return cmd
	}
	if p.detail != nil {
		switch {
		case key.Matches(msg, k.Back):
			p.detail = nil
		case key.Matches(msg, pk.Conversation):
			return p.host.OpenChat(p.detail.id)
		case key.Matches(msg, pk.Profile):
			return p.host.OpenCreator(p.detail.id)
		}
		return nil
	}
	if p.input.Focused() {
		switch {
		case key.Matches(msg, k.Back):
			p.input.Blur()
			p.input.SetValue("")
			p.nav.Cursor = 0
			return p.refilter()
		case key.Matches(msg, pk.SearchEnd):
			p.input.Blur()
			return nil
		}
		old := p.input.Value()
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		if p.input.Value() != old {
			p.nav.Cursor = 0
			return tea.Batch(cmd, p.refilter())
		}
		return cmd
	}
	switch {
	case key.Matches(msg, pk.NextView):
		p.view = (p.view + 1) % numViews
		return nil
	case key.Matches(msg, pk.PrevView):
		p.view = (p.view + numViews - 1) % numViews
		return nil
	case key.Matches(msg, pk.Campaigns):
		return p.openCampaigns()
	case key.Matches(msg, pk.Offers):
		return p.openOffers()
	case key.Matches(msg, pk.Period):
		p.days = nextPeriod(p.days)
		return tea.Batch(p.reload(), shell.StatusCmd(fmt.Sprintf("Period: the last %d days.", p.days), false))
	}
	switch p.view {
	case viewOverview:
		return p.overviewKey(msg)
	case viewTable:
		return p.tableKey(msg)
	}
	return nil
}

// nextPeriod cycles 7, 28, 90 days.
func nextPeriod(d int) int {
	i := slices.Index(engage.PeriodDays[:], d)
	return engage.PeriodDays[(i+1)%len(engage.PeriodDays)]
}

// overviewKey moves over the segments; enter shows the segment's
// affiliates in the table.
func (p *Pane) overviewKey(msg tea.KeyMsg) tea.Cmd {
	k := &p.s.Keys
	switch {
	case key.Matches(msg, k.Up):
		p.segCursor = max(p.segCursor-1, 0)
	case key.Matches(msg, k.Down):
		p.segCursor = min(p.segCursor+1, len(mprogram.Segments)-1)
	case key.Matches(msg, k.Open):
		p.filter = engage.AffiliateFilter{Segment: mprogram.Segments[p.segCursor]}
		p.view = viewTable
		p.nav.Cursor = 0
		return p.refilter()
	}
	return nil
}

func (p *Pane) tableKey(msg tea.KeyMsg) tea.Cmd {
	k, pk := &p.s.Keys, p.keys
	if p.nav.Key(k, msg) {
		return nil
	}
	keep := p.current()
	switch {
	case key.Matches(msg, pk.FindHandle):
		p.input.Focus()
		return nil
	case key.Matches(msg, k.Back):
		if p.input.Value() != "" {
			p.input.SetValue("")
			cmd := p.refilter()
			p.follow(keep)
			return cmd
		}
		return nil
	case key.Matches(msg, pk.SortBy):
		i := slices.Index(sortKeys[:], p.sortBy)
		p.sortBy = sortKeys[(i+1)%len(sortKeys)]
		p.asc = p.sortBy == engage.ByHandle
		cmd := p.resort()
		p.follow(keep)
		return cmd
	case key.Matches(msg, pk.SortReverse):
		p.asc = !p.asc
		cmd := p.resort()
		p.follow(keep)
		return cmd
	case key.Matches(msg, pk.SegmentFilter):
		p.filter.Segment = nextSegment(p.filter.Segment)
		if p.filter.Segment != mprogram.SegInactive {
			p.filter.Kind = mprogram.KindNone
		}
	case key.Matches(msg, pk.KindFilter):
		p.filter.Kind = (p.filter.Kind + 1) % 4
		if p.filter.Kind != mprogram.KindNone {
			p.filter.Segment = mprogram.SegInactive
		}
	case key.Matches(msg, pk.DormantFilter):
		p.filter.Dormant = !p.filter.Dormant
	case key.Matches(msg, pk.FlaggedFilter):
		p.filter.Flagged = !p.filter.Flagged
	case key.Matches(msg, pk.ResetFilters):
		if p.filter == (engage.AffiliateFilter{}) {
			return shell.StatusCmd("No filters to reset.", false)
		}
		p.filter = engage.AffiliateFilter{}
	case key.Matches(msg, k.Open):
		return p.openDetail(keep)
	case key.Matches(msg, pk.Conversation):
		if keep != "" {
			return p.host.OpenChat(keep)
		}
		return nil
	default:
		return nil
	}
	p.nav.Cursor = 0
	cmd := p.refilter()
	p.follow(keep)
	return cmd
}

// nextSegment cycles all, Power, Growth, Casual, New or inactive.
func nextSegment(s mprogram.Segment) mprogram.Segment {
	if s == mprogram.SegNone {
		return mprogram.Segments[0]
	}
	i := slices.Index(mprogram.Segments[:], s)
	if i == len(mprogram.Segments)-1 {
		return mprogram.SegNone
	}
	return mprogram.Segments[i+1]
}

// openDetail shows one affiliate's detail and loads its history and flags.
func (p *Pane) openDetail(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	p.detail = &detail{id: id}
	return p.loadDetail(id)
}

// loadDetail reads an affiliate's segment history and flags.
func (p *Pane) loadDetail(id string) tea.Cmd {
	return tea.Batch(shell.To(p, historyCmd(p.src, id)), shell.To(p, flagsCmd(p.src, id)))
}
