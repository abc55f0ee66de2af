package components

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outreach/model"
)

// TestWriteTable: untrusted text is made safe in both formats, formulas
// are neutralised in CSV, numbers stay numbers in JSON, columns keep order.
func TestWriteTable(t *testing.T) {
	tb := Table{Columns: []string{"name", "note", "n", "ok"}, Rows: [][]any{
		{"=HYPERLINK(\"x\")", "evil\x1b]52;c;aGk=\x07 text\u202e", 3, true},
		{"-5", "+cmd", 0, false},
		{"plain"},
	}}
	var b bytes.Buffer
	if err := WriteTable(&b, ExportCSV, tb); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "note", "n", "ok"}, {`'=HYPERLINK("x")`, "evil text", "3", "true"}, {"-5", "'+cmd", "0", "false"}, {"plain", "", "", ""}}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("csv row %d = %q, want %q", i, recs[i], want[i])
		}
	}
	b.Reset()
	if err := WriteTable(&b, ExportJSON, tb); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07\u202e") {
		t.Fatalf("unsafe JSON: %q", b.String())
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil || len(rows) != 3 || rows[0]["n"] != 3.0 || rows[0]["ok"] != true || rows[2]["note"] != nil {
		t.Fatalf("json %s: %v", b.String(), err)
	}
	if !strings.Contains(b.String(), `{"name": "-5", "note": "+cmd", "n": 0, "ok": false}`) {
		t.Fatalf("column order or spelling: %s", b.String())
	}
	b.Reset()
	WriteTable(&b, ExportJSON, Table{Columns: []string{"a"}})
	if b.String() != "[]\n" {
		t.Fatalf("empty JSON %q", b.String())
	}
}

// TestExportFile: the file appears whole or not at all, replaces an old
// one, and a failure names the path.
func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	os.WriteFile(p, []byte("old"), 0o644)
	n, err := ExportFile(p, ExportCSV, Table{Columns: []string{"a"}, Rows: [][]any{{"x"}, {"y"}}})
	if err != nil || n != 2 {
		t.Fatalf("%d %v", n, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "a\nx\ny\n" {
		t.Fatalf("file %q", b)
	}
	_, err = ExportFile(filepath.Join(dir, "missing", "x.csv"), ExportCSV, Table{})
	if !errors.Is(err, ErrExport) || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("error %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatalf("temp files left: %v", es)
	}
}

func TestParseExportFormat(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		want       ExportFormat
		err        bool
	}{
		{"", "a.csv", ExportCSV, false}, {"", "a.JSON", ExportJSON, false}, {"", "a", ExportCSV, false},
		{"json", "a.csv", ExportJSON, false}, {"CSV", "", ExportCSV, false}, {"xml", "", "", true},
	} {
		f, err := ParseExportFormat(tc.name, tc.path)
		if f != tc.want || (err != nil) != tc.err || (err != nil && !errors.Is(err, model.ErrInvalid)) {
			t.Errorf("(%q, %q) = %q, %v", tc.name, tc.path, f, err)
		}
	}
}
