package triage

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// newTriageOpts is the triage on st for agent ann (read-only when ro),
// with opts.
func newTriageOpts(tb testing.TB, st *store.Store, ro bool, opts shell.Options) *uitest.Driver {
	tb.Helper()
	b := uitest.Backend(tb, st)
	p := b.As(backend.Identity{Role: backend.RoleAgent, Name: "ann"})
	if ro {
		p = p.ReadOnly()
	}
	opts.Renderer = asciiRenderer()
	m, err := New(context.Background(), b, p, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return uitest.NewDriver(tb, m, 100, 30)
}

// TestTriageLabels: the labels a new agent tripped on (issue 9, item 10):
// the unread column is explained, times say UTC and reason codes are
// whole.
func TestTriageLabels(t *testing.T) {
	st, refusal := triageFixture(t)
	if _, err := st.Outreach(store.Request{Kind: model.Invite, Seller: "s1", Creator: "c03", Key: "k1", Now: t0.Add(-5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c04", Text: "x", Key: "k1", Now: t0.Add(-4 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		w       int
		keys    []string
		want    []string
		mustNot []string
	}{
		{"unread legend", 80, []string{"enter", "3"}, []string{"unread s/c: messages the seller (s) and the creator (c) have not read yet", "last (UTC)"}, nil},
		{"decisions say UTC", 80, []string{"enter"}, []string{"time (UTC)", " UTC · "}, nil},
		{"refusal reason whole", 80, []string{"enter", "f"}, []string{"REFUSED · " + string(model.ReasonIdemConflict) + " · ", string(refusal.Reason)}, []string{"REFUSED·"}},
		{"longest code whole", 80, []string{"enter"}, []string{string(model.ReasonIdemConflict) + " "}, []string{"idempotency-con…"}},
		{"audit says UTC", 80, []string{"6"}, []string{"time (UTC)", " UTC agent:"}, nil},
		{"chat says UTC", 80, []string{"enter", "3", "enter"}, []string{"times in UTC"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newTriageOpts(t, st, false, shell.Options{})
			d.M.Update(tea.WindowSizeMsg{Width: tc.w, Height: 30})
			d.Key(tc.keys...)
			v := d.M.View()
			for _, w := range tc.want {
				if !strings.Contains(v, w) {
					t.Errorf("missing %q:\n%s", w, v)
				}
			}
			for _, w := range tc.mustNot {
				if strings.Contains(v+"\n", w) {
					t.Errorf("has %q:\n%s", w, v)
				}
			}
		})
	}
}

// TestTriageExportDecisions: e on the decision log writes the rows shown
// (all, or refused only) as CSV or JSON, whole, and says where.
func TestTriageExportDecisions(t *testing.T) {
	st, refusal := triageFixture(t)
	dir := t.TempDir()
	d := newTriageOpts(t, st, false, shell.Options{LocalFiles: true})
	csvPath := filepath.Join(dir, "all.csv")
	d.Key("enter", "e")
	in := d.M.Overlay()
	if in == nil || !strings.Contains(d.M.View(), "decisions-s1.csv") {
		t.Fatalf("no export prompt with a default name:\n%s", d.M.View())
	}
	for range len("decisions-s1.csv") {
		d.M.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.Key(csvPath, "enter")
	if v := d.M.View(); !strings.Contains(strings.Join(strings.Fields(v), " "), "Exported 4 decisions to "+csvPath+" (csv).") {
		t.Fatalf("no status with path and count:\n%s", v)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 5 || recs[0][0] != "at" || recs[1][6] != string(refusal.Reason) || recs[1][3] != "gia.makeup" {
		t.Fatalf("csv %v %v", recs, err)
	}

	// Refused only, as JSON.
	jsonPath := filepath.Join(dir, "refused.json")
	d.Key("f", "e")
	for range len("decisions-s1.csv") {
		d.M.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.Key(jsonPath, "enter")
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) != 1 || rows[0]["allowed"] != false || rows[0]["reason"] != string(refusal.Reason) {
		t.Fatalf("json %s %v", b, err)
	}

	// A failing export says why and leaves nothing behind.
	d.Key("e")
	for range len("decisions-s1.csv") {
		d.M.Update(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.Key(filepath.Join(dir, "missing", "x.csv"), "enter")
	if v := d.M.View(); !strings.Contains(v, "Export to") {
		t.Fatalf("no error in the status line:\n%s", v)
	}
	if es, _ := os.ReadDir(dir); len(es) != 2 {
		t.Fatalf("left files behind: %v", es)
	}
}

// TestTriageExportOverSSH: a session that may not write files here is
// told so, and no prompt opens.
func TestTriageExportOverSSH(t *testing.T) {
	st, _ := triageFixture(t)
	d := newTriageOpts(t, st, false, shell.Options{})
	d.Key("enter", "e")
	if d.M.Overlay() != nil {
		t.Fatal("the export prompt opened over SSH")
	}
	if v := strings.Join(strings.Fields(d.M.View()), " "); !strings.Contains(v, "Export writes files on the machine that runs the screen") {
		t.Fatalf("no refusal:\n%s", v)
	}
}

// TestTriageReadOnly: a read-only agent sees every screen, the frame says
// read-only, and a grant is refused by the backend with the refusal in the
// status line; nothing is granted.
func TestTriageReadOnly(t *testing.T) {
	st, _ := triageFixture(t)
	d := newTriageOpts(t, st, true, shell.Options{})
	if v := d.M.View(); !strings.Contains(v, shell.ReadOnlyMark) || !strings.Contains(v, "Sellers (2)") {
		t.Fatalf("no read-only mark:\n%s", v)
	}
	for _, tab := range []string{"2", "3", "4", "5", "6"} {
		d.Key("1", "enter", tab)
		if v := d.M.View(); strings.Contains(v, "forbidden") || strings.Contains(v, "read-only: nothing can be sent or changed") && tab == "" {
			t.Fatalf("screen %s:\n%s", tab, v)
		}
	}
	d.Key("1", "enter", "g", "5", "tab", "Launch", "ctrl+s")
	v := strings.Join(strings.Fields(d.M.View()), " ")
	if !strings.Contains(v, "This session is read-only: nothing can be sent or changed") {
		t.Fatalf("no refusal in the status line:\n%s", d.M.View())
	}
	if q, _ := st.Quota("s1", t0); q.Granted != 0 {
		t.Fatalf("granted %d in read-only mode", q.Granted)
	}
}
