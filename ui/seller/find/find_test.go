package find

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

func TestMain(m *testing.M) { uitest.VerifyTestMain(m) }

// fakeHost records what Find asks of the console.
type fakeHost struct {
	marked map[string]bool
	acted  []string
}

func (h *fakeHost) Relation(string) model.Relation   { return model.Relation{} }
func (h *fakeHost) Quota() (model.QuotaStatus, bool) { return model.QuotaStatus{}, false }
func (h *fakeHost) Policy() *model.Policy            { return model.DefaultPolicy() }
func (h *fakeHost) Marked(id string) bool            { return h.marked[id] }
func (h *fakeHost) ToggleMark(id string)             { h.marked[id] = !h.marked[id] }
func (h *fakeHost) ClearMarks()                      { h.marked = map[string]bool{} }
func (h *fakeHost) Act(msg tea.KeyMsg, id string) tea.Cmd {
	h.acted = append(h.acted, msg.String()+" "+id)
	return nil
}

func (h *fakeHost) Export(_ *backend.Snapshot, q catalog.Query, _ bool, total int) tea.Cmd {
	h.acted = append(h.acted, fmt.Sprintf("export %q %d", q.Text, total))
	return nil
}

type fakeDir struct{}

func (fakeDir) Creator(id string) (model.Creator, error) {
	return model.Creator{ID: id, Handle: "h-" + id, Bio: "a bio"}, nil
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// run runs cmd synchronously and hands its answers to p.
func run(p *Pane, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	if v := reflect.ValueOf(msg); msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			run(p, c)
		}
		return
	}
	if a, ok := msg.(shell.Addressed); ok && a.To == any(p) {
		run(p, p.Update(a.Msg))
	}
}

func press(p *Pane, keys ...string) {
	for _, k := range keys {
		for _, m := range uitest.KeyMsgs(k) {
			run(p, p.Update(m))
		}
	}
}

// newPane is Find over three creators, with a fake host and directory.
func newPane(t *testing.T) (*Pane, *fakeHost) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := shell.NewSession(ctx, shell.Options{Renderer: uitest.ASCIIRenderer()})
	if err != nil {
		t.Fatal(err)
	}
	h := &fakeHost{marked: map[string]bool{}}
	keys := DefaultKeyMap()
	p := New(s, h, fakeDir{}, &keys)
	p.SetSize(80, 20)
	snap := &backend.Snapshot{Index: catalog.New([]catalog.Row{
		{ID: "a", Handle: "ava.beauty", Name: "Ava"}, {ID: "b", Handle: "ben.home", Name: "Ben"}, {ID: "c", Handle: "cara.glow", Name: "Cara"},
	})}
	run(p, p.SetCatalog(snap))
	return p, h
}

// TestStaleResultDropped: a result from an older generation never replaces
// the current one.
func TestStaleResultDropped(t *testing.T) {
	p, _ := newPane(t)
	old := p.gen
	press(p, "/", "ava")
	if p.total != 1 {
		t.Fatalf("total %d", p.total)
	}
	p.Update(searchMsg{res: catalog.Result{Gen: old, Hits: []int32{0, 1, 2}, Total: 3}})
	if p.total != 1 {
		t.Fatalf("stale result applied: total %d", p.total)
	}
}

// TestHostActions: marks and actions go to the host, for the row under the
// cursor; the detail loads through the directory.
func TestHostActions(t *testing.T) {
	p, h := newPane(t)
	if !strings.Contains(p.View(), "3 of 3") {
		t.Fatalf("no results:\n%s", p.View())
	}
	press(p, "space") // marks the first row, moves down
	press(p, "i")
	first := p.ix().Row(int(p.hits[0])).ID
	second := p.ix().Row(int(p.hits[1])).ID
	if !h.marked[first] || len(h.acted) != 1 || h.acted[0] != "i "+second {
		t.Fatalf("marked %v, acted %v", h.marked, h.acted)
	}
	press(p, "enter")
	if v := p.View(); !strings.Contains(v, "@h-"+second) || !strings.Contains(v, "a bio") {
		t.Fatalf("detail not shown:\n%s", v)
	}
	press(p, "esc", "M")
	if len(h.marked) != 0 {
		t.Fatalf("marks not cleared: %v", h.marked)
	}
}

// TestRowsFromResultIndex: a result found in an older catalog version
// (the search ran while a newer one arrived) names its rows from the index
// it ran on, not from the newer one.
func TestRowsFromResultIndex(t *testing.T) {
	p, _ := newPane(t)
	old := p.snap.Index
	newer := &backend.Snapshot{Index: catalog.New([]catalog.Row{
		{ID: "z", Handle: "zoe.new", Name: "Zoe"}, {ID: "a", Handle: "ava.beauty", Name: "Ava"},
		{ID: "b", Handle: "ben.home", Name: "Ben"}, {ID: "c", Handle: "cara.glow", Name: "Cara"},
	}), Version: 2}
	cmd := p.SetCatalog(newer) // the search on the newer version is on its way
	hit, ok := old.Lookup("c")
	if !ok {
		t.Fatal("no row c")
	}
	// The answer of a search that began before the swap arrives first.
	p.Update(searchMsg{res: catalog.Result{Gen: p.gen, Hits: []int32{int32(hit)}, Total: 1, Index: old}})
	if v := p.View(); !strings.Contains(v, "@cara.glow") {
		t.Fatalf("the row is not read from the result's index:\n%s", v)
	}
	run(p, cmd)
	if v := p.View(); !strings.Contains(v, "@zoe.new") || !strings.Contains(v, "4 of 4") {
		t.Fatalf("the newer version's results are missing:\n%s", v)
	}
}

// TestCountVisibleOnLargeCatalog: on a large catalog the match count and
// "searching…" stay beside the search box at 80 columns while typing.
func TestCountVisibleOnLargeCatalog(t *testing.T) {
	p, _ := newPane(t)
	rows := make([]catalog.Row, 100_000)
	for i := range rows {
		rows[i] = catalog.Row{ID: fmt.Sprintf("id%06d", i), Handle: fmt.Sprintf("h%06d", i)}
	}
	p.SetCatalog(&backend.Snapshot{Index: catalog.New(rows), Version: 2}) // the search is left running
	p.SetSize(80, 20)
	p.input.Focus()
	p.input.SetValue("a broad query that is long")
	p.searching, p.total = true, 100_000
	first := strings.SplitN(p.View(), "\n", 2)[0]
	if !strings.Contains(first, "searching… 100,000 of 100,000") {
		t.Fatalf("the count is not on the search line: %q", first)
	}
	if w := shell.WidthANSI(first); w > 80 {
		t.Fatalf("the search line is %d cells wide", w)
	}
}

// TestVersionsWhileSearching: catalog versions that come while a search
// runs start no second search; when it ends the query runs once more, on
// the newest version.
func TestVersionsWhileSearching(t *testing.T) {
	p, _ := newPane(t)
	v2 := &backend.Snapshot{Index: catalog.New([]catalog.Row{{ID: "a", Handle: "ava.beauty"}}), Version: 2}
	v3 := &backend.Snapshot{Index: catalog.New([]catalog.Row{{ID: "a", Handle: "ava.beauty"}, {ID: "z", Handle: "zoe.new"}}), Version: 3}
	running := p.SetCatalog(v2)
	if again := p.SetCatalog(v3); again != nil {
		t.Fatal("a second search started while one runs")
	}
	run(p, running)
	if v := p.View(); !strings.Contains(v, "@zoe.new") || !strings.Contains(v, "2 of 2") || p.Searching() {
		t.Fatalf("the newest version was not searched:\n%s", v)
	}
}
