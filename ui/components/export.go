package components

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/shell"
)

// ExportFormat is the format of an export file.
type ExportFormat string

// Export formats.
const (
	ExportCSV  ExportFormat = "csv"
	ExportJSON ExportFormat = "json"
)

// ErrExport is the error of an export that cannot be written: a bad
// format, a session that may not write files, or the file system.
var ErrExport = errors.New("export")

// ParseExportFormat reads "csv" or "json"; "" is the format of path's
// extension (.json is JSON, anything else CSV). A bad name wraps
// model.ErrInvalid.
func ParseExportFormat(name, path string) (ExportFormat, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "csv":
		return ExportCSV, nil
	case "json":
		return ExportJSON, nil
	case "":
		if strings.EqualFold(filepath.Ext(path), ".json") {
			return ExportJSON, nil
		}
		return ExportCSV, nil
	}
	return "", fmt.Errorf("format %q: want csv or json: %w", model.Clip(model.SafeLine(name), 20), model.ErrInvalid)
}

// Table is what an export writes: named columns and rows of cells. A cell
// is a string (made safe when written), a number, a bool, or nil.
type Table struct {
	Columns []string
	Rows    [][]any
}

// WriteTable writes t to w: CSV with a header row, or JSON as an array of
// objects with the columns as keys, in column order. Every string is made
// safe (model.SafeText: no escape sequences, controls or bidi overrides);
// in CSV a text cell that a spreadsheet would take for a formula (=, +, -,
// @ first) is prefixed with a quote mark.
func WriteTable(w io.Writer, f ExportFormat, t Table) error {
	switch f {
	case ExportCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(safeCells(t.Columns)); err != nil {
			return err
		}
		rec := make([]string, len(t.Columns))
		for _, row := range t.Rows {
			for i := range rec {
				rec[i] = ""
				if i < len(row) {
					rec[i] = csvCell(row[i])
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case ExportJSON:
		bw := bufio.NewWriter(w)
		bw.WriteString("[")
		for n, row := range t.Rows {
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n  {")
			for i, c := range t.Columns {
				if i > 0 {
					bw.WriteString(", ")
				}
				var v any
				if i < len(row) {
					v = row[i]
				}
				k, _ := json.Marshal(model.SafeLine(c))
				val, err := json.Marshal(safeValue(v))
				if err != nil {
					return err
				}
				bw.Write(k)
				bw.WriteString(": ")
				bw.Write(escapeC1(val))
			}
			bw.WriteString("}")
		}
		if len(t.Rows) > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
		return bw.Flush()
	}
	return fmt.Errorf("format %q: %w", f, model.ErrInvalid)
}

func safeCells(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = model.SafeLine(s)
	}
	return out
}

func safeValue(v any) any {
	if s, ok := v.(string); ok {
		return model.SafeText(s)
	}
	return v
}

// csvCell is one cell as CSV text.
func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		s := model.SafeText(v)
		if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				s = "'" + s
			}
		}
		return s
	default:
		return fmt.Sprint(v)
	}
}

// escapeC1 writes DEL and C1 controls in JSON text as \u sequences
// (encoding/json leaves them raw). Safe text has none; this keeps the
// promise for any value.
func escapeC1(b []byte) []byte {
	s := string(b)
	if !strings.ContainsFunc(s, func(r rune) bool { return r == 0x7f || (r >= 0x80 && r <= 0x9f) }) {
		return b
	}
	var sb strings.Builder
	for _, r := range s {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			fmt.Fprintf(&sb, `\u%04x`, r)
			continue
		}
		sb.WriteRune(r)
	}
	return []byte(sb.String())
}

// ExportFile writes t to path in format f, all or nothing: into a
// temporary file beside path, synced, then renamed over it, so a reader
// never sees half a file and a failed export leaves no trace. It returns
// the number of rows written.
func ExportFile(path string, f ExportFormat, t Table) (int, error) {
	if path == "" {
		return 0, fmt.Errorf("%w: no file name: %w", ErrExport, model.ErrInvalid)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := WriteTable(bw, f, t); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, fmt.Errorf("%w to %s: %w", ErrExport, path, err)
	}
	done = true
	return len(t.Rows), nil
}

// ExportCmd exports t to path in format f off the event loop and says the
// outcome in the status line: the path and the row count, or the error.
// A session that may not write files here (over SSH, where the file would
// land on the server) is refused with a pointer to the CLI. what names the
// rows ("decisions"). The seller screens use it the same way: build a
// Table from what the screen shows, then return ExportCmd from Update.
func ExportCmd(s *shell.Session, path string, f ExportFormat, what string, t Table) tea.Cmd {
	if !s.LocalFiles {
		return shell.StatusCmd("Export writes files on the machine that runs the screen, so it is for local sessions; over SSH print it instead: ssh HOST -- decisions SELLER --format csv > FILE", true)
	}
	return func() tea.Msg {
		n, err := ExportFile(path, f, t)
		if err != nil {
			return shell.ErrStatus(err)
		}
		abs := path
		if a, err := filepath.Abs(path); err == nil {
			abs = a
		}
		return shell.Status{Text: fmt.Sprintf("Exported %d %s to %s (%s).", n, what, abs, f)}
	}
}

// DecisionColumns are the columns of a decision log export.
var DecisionColumns = []string{"at", "seller", "creator", "handle", "kind", "allowed", "reason", "message", "charged", "credit", "key", "actor"}

// DecisionsTable is a decision log as an export table (the triage's
// export and the CLI's decisions --export): instants in RFC 3339 UTC;
// handle names a creator ("" when unknown; nil: none).
func DecisionsTable(ds []model.DecisionRecord, handle func(id string) string) Table {
	t := Table{Columns: DecisionColumns, Rows: make([][]any, 0, len(ds))}
	for _, d := range ds {
		h := ""
		if handle != nil {
			h = handle(d.CreatorID)
		}
		t.Rows = append(t.Rows, []any{d.At.UTC().Format("2006-01-02T15:04:05Z"), d.SellerID, d.CreatorID, h, d.Kind,
			d.Allowed, string(d.Reason), d.Message, d.Charged, d.Credit, d.Key, d.Actor})
	}
	return t
}
