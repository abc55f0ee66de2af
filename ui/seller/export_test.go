package seller

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// exportTo presses E (on the current screen), replaces the proposed path
// with path (when not ""), and writes.
func exportTo(t *testing.T, d *syncDriver, path string) *exportPrompt {
	t.Helper()
	d.key("E")
	p, ok := d.M.Overlay().(*exportPrompt)
	if !ok {
		t.Fatalf("no export prompt:\n%s", d.M.View())
	}
	if path != "" {
		p.input.SetValue(path)
	}
	d.key("enter")
	return p
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportFinderCSV: E in Find proposes a file in $OUTREACH_EXPORT_DIR;
// enter writes every match of the search as CSV and says where and how
// many.
func TestExportFinderCSV(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(ExportDirEnv, dir)
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	d.key("/", "a", "enter")
	total := d.app().find.Total()
	p := exportTo(t, d, "")
	path := p.input.Value()
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, ".csv") {
		t.Fatalf("proposed %q, want a .csv in %s", path, dir)
	}
	rows := readCSV(t, path)
	if len(rows) != total+1 || rows[0][1] != "handle" {
		t.Fatalf("%d rows (want %d and a header): %v", len(rows), total+1, rows[:1])
	}
	if v := d.M.View(); !strings.Contains(v, "Exported "+itoa(total)+" creators to") {
		t.Fatalf("status line:\n%s", v)
	}
	if d.M.Overlay() != nil {
		t.Fatal("the prompt stayed open after a good write")
	}
}

// TestExportFinderJSON: a .json path writes JSON, the reversed order
// included, relations named.
func TestExportFinderJSON(t *testing.T) {
	dir := t.TempDir()
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	d.key("o", "o", "O") // followers, fewest first
	path := filepath.Join(dir, "creators.json")
	exportTo(t, d, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	if len(got) != 12 || got[0]["handle"] != "hal.fit" || got[0]["relationship"] != "blocked-you" {
		t.Fatalf("%d creators, first %v", len(got), got[0])
	}
}

// TestExportErrors: a path that cannot be written is said, the prompt
// stays open to fix it, and nothing is left behind.
func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "missing", "x.csv"), "missing: no such file or directory; nothing was written"},
		{"a directory", dir + string(os.PathSeparator) + ".csv", ""},
		{"no format", filepath.Join(dir, "x.txt"), "write a path ending in .csv or .json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "a directory" {
				tc.path = filepath.Join(dir, "sub.csv")
				if err := os.Mkdir(tc.path, 0o755); err != nil {
					t.Fatal(err)
				}
				defer os.Remove(tc.path)
				tc.want = "it is a directory; nothing was written"
			}
			d := newSyncModel(t, fixtureStore(t), 100, 30)
			exportTo(t, d, tc.path)
			if v := d.M.View(); !strings.Contains(v, tc.want) {
				t.Fatalf("the error is not shown:\n%s", v)
			}
			if d.M.Overlay() == nil {
				t.Fatal("the prompt closed on an error")
			}
			es, _ := os.ReadDir(dir)
			for _, e := range es {
				if e.Name() != "sub.csv" {
					t.Fatalf("left behind: %v", es)
				}
			}
		})
	}
}

// TestExportAllOrNothing: a write that fails half way leaves the old
// file as it was and no temporary file.
func TestExportAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tb := table{what: "row", header: []string{"a"}, each: func(_ context.Context, row func([]string) error) error {
		if err := row([]string{"1"}); err != nil {
			return err
		}
		return boom
	}}
	if _, err := writeExport(context.Background(), path, tb); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Fatalf("the old file changed: %q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatalf("left behind: %v", es)
	}
}

// TestCSVCell: cells are one safe line and never a formula.
func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ava.beauty", "ava.beauty"},
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+1", "'+1"},
		{"-2", "'-2"},
		{"@x", "'@x"},
		{"x\x1b]0;owned\x07y", "xy"},
		{"a\u202eb", "ab"},
	} {
		if got := csvCell(tc.in); got != tc.want {
			t.Errorf("csvCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestExportChat: E in an open conversation writes it whole, oldest first.
func TestExportChat(t *testing.T) {
	dir := t.TempDir()
	d := newSyncModel(t, fixtureStore(t), 100, 30)
	d.key("4", "n", "enter")
	path := filepath.Join(dir, "chat.csv")
	exportTo(t, d, path)
	rows := readCSV(t, path)
	if len(rows) != 2 || rows[1][1] != "c02" || !strings.Contains(rows[1][2], "can we work together?") {
		t.Fatalf("rows %v", rows)
	}
	if v := d.M.View(); !strings.Contains(v, "Exported 1 message to") {
		t.Fatalf("status line:\n%s", d.M.View())
	}
}

// TestExportPromptScreen: the prompt, with its default path, as a golden
// file.
func TestExportPromptScreen(t *testing.T) {
	t.Setenv(ExportDirEnv, "exports")
	d := newSyncModel(t, fixtureStore(t), 80, 24)
	d.key("E")
	out := d.M.View()
	checkFrame(t, out, 80, 24)
	golden.RequireEqual(t, []byte(out))
}

func itoa(n int) string { return fmtInt(n) }

func fmtInt(n int) string { return strconv.Itoa(n) }
