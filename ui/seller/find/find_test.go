package find

import (
	"context"
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
