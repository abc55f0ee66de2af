package seller

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// ExportDirEnv names the directory the export prompt proposes; unset, it
// proposes the current directory.
const ExportDirEnv = "OUTREACH_EXPORT_DIR"

// ErrExportFormat is a path whose extension names no export format.
var ErrExportFormat = errors.New("write a path ending in .csv or .json")

// exportFormat is how an export is written, from the path's extension.
type exportFormat int

const (
	formatCSV exportFormat = iota
	formatJSON
)

func formatOf(path string) (exportFormat, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return formatCSV, nil
	case ".json":
		return formatJSON, nil
	}
	return 0, fmt.Errorf("export to %q: %w", model.Clip(model.SafeLine(path), 60), ErrExportFormat)
}

// table is what an export writes: a header and rows of made-safe cells,
// produced by each (which may stop early with an error).
type table struct {
	what   string // "creator", "message": the status line counts these
	header []string
	each   func(ctx context.Context, row func([]string) error) error
}

// writeExport writes t to path in its format, all or nothing: into a
// temporary file beside path, synced, then renamed over it; on any error
// the temporary file is removed and path is left as it was. It returns the
// rows written.
func writeExport(ctx context.Context, path string, t table) (int, error) {
	f, err := formatOf(path)
	if err != nil {
		return 0, err
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return 0, fmt.Errorf("export to %s: it is a directory", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) { // the temporary name means nothing to the user
			err = pe.Err
		}
		return 0, fmt.Errorf("export to %s: cannot write in %s: %w", path, dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	var n int
	if f == formatCSV {
		n, err = writeCSV(ctx, bw, t)
	} else {
		n, err = writeJSON(ctx, bw, t)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	ok = true
	return n, nil
}

func writeCSV(ctx context.Context, w io.Writer, t table) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header); err != nil {
		return 0, err
	}
	n := 0
	err := t.each(ctx, func(cells []string) error {
		n++
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = csvCell(c)
		}
		return cw.Write(out)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

func writeJSON(ctx context.Context, w io.Writer, t table) (int, error) {
	if _, err := io.WriteString(w, "["); err != nil {
		return 0, err
	}
	n := 0
	err := t.each(ctx, func(cells []string) error {
		var b strings.Builder
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n  {")
		for i, c := range cells {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.header[i])
			v, _ := json.Marshal(c)
			b.Write(k)
			b.WriteString(": ")
			b.Write(v)
		}
		b.WriteByte('}')
		n++
		_, err := io.WriteString(w, b.String())
		return err
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "\n]\n")
	return n, err
}

// csvCell makes a cell safe for a spreadsheet: one line of printable
// text (model.SafeLine), and a leading = + - @ quoted with ' so that no
// cell runs as a formula.
func csvCell(s string) string {
	s = model.SafeLine(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// creatorsTable is every creator a finder query matches, in its order
// (reversed with asc), with the seller's relation to each; rels is the
// caller's copy.
func creatorsTable(ix *catalog.Index, q catalog.Query, asc bool, rels map[string]model.Relation, week time.Time) table {
	return table{what: "creator", header: []string{"id", "handle", "name", "level", "falling", "followers", "type", "categories",
		"gmv_30d_usd", "active_days_30", "relationship"},
		each: func(ctx context.Context, row func([]string) error) error {
			q.Limit = 0
			res, err := ix.Search(ctx, q)
			if err != nil {
				return err
			}
			hits := res.Hits
			for j := range hits {
				i := j
				if asc {
					i = len(hits) - 1 - j
				}
				r := res.Index.Row(int(hits[i]))
				rel := rels[r.ID]
				cs := make([]string, len(r.Categories))
				for k, c := range r.Categories {
					cs[k] = model.SafeLine(c)
				}
				if err := row([]string{r.ID, r.Handle, r.Name, r.Level.String(), strconv.FormatBool(r.Falling),
					strconv.FormatInt(r.Followers, 10), r.Type.String(), strings.Join(cs, ";"),
					fmt.Sprintf("%.2f", float64(r.GMV30)/100), strconv.Itoa(r.ActiveDays30),
					components.BadgeText(&rel, week)}); err != nil {
					return err
				}
			}
			return nil
		}}
}

// chatTable is a whole conversation, oldest first; you names the seller.
func chatTable(h Handle, creator string, loc *time.Location) table {
	return table{what: "message", header: []string{"at", "from", "text"},
		each: func(ctx context.Context, row func([]string) error) error {
			ms, err := h.Messages(creator, 0)
			if err != nil {
				return err
			}
			for _, m := range ms {
				from := creator
				if m.FromSeller {
					from = h.ID()
				}
				if err := row([]string{m.At.In(loc).Format(time.RFC3339), from, strings.ReplaceAll(model.SafeText(m.Text), "\n", " ")}); err != nil {
					return err
				}
			}
			return nil
		}}
}

// exportName is a file name for an export: "outreach-<what>-20261118-1200.csv",
// in the directory ExportDirEnv names (else the current one).
func exportName(what string, now time.Time) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return -1
	}, strings.ToLower(what))
	name := "outreach-" + clean + "-" + now.Format("20060102-1504") + ".csv"
	if dir := os.Getenv(ExportDirEnv); dir != "" {
		return filepath.Join(dir, name)
	}
	return name
}

// exportDoneMsg is the end of an export.
type exportDoneMsg struct {
	path string
	n    int
	what string
	err  error
}

// exportPrompt is the modal that asks where to export, with a default;
// the extension picks CSV or JSON. A failed write keeps it open with the
// error, so the path can be fixed.
type exportPrompt struct {
	a      *app
	title  string
	t      table
	input  textinput.Model
	w, h   int
	busy   bool
	err    string
	done   bool
	cancel context.CancelFunc
}

// openExport asks where to write t, proposing path.
func (a *app) openExport(title string, t table, path string) tea.Cmd {
	p := &exportPrompt{a: a, title: title, t: t}
	p.input = components.NewInput(a.s, "path ", "a path ending in .csv or .json", 4096)
	p.input.SetValue(path)
	p.input.CursorEnd()
	p.input.Focus()
	return shell.Open(p)
}

func (p *exportPrompt) Init() tea.Cmd    { return nil }
func (p *exportPrompt) Closed() bool     { return p.done }
func (p *exportPrompt) Capturing() bool  { return true }
func (p *exportPrompt) SetSize(w, h int) { p.w, p.h = w, h; p.input.Width = max(w-8, 10) }
func (p *exportPrompt) ShortHelp() []key.Binding {
	return []key.Binding{p.a.keys.ExportWrite, p.a.s.Keys.Back}
}
func (p *exportPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func (p *exportPrompt) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportDoneMsg:
		p.busy = false
		if msg.err != nil {
			p.err = shell.ErrText(msg.err) + "; nothing was written."
			return shell.StatusCmd(p.err, true)
		}
		p.done = true
		return shell.StatusCmd(fmt.Sprintf("Exported %s %s%s to %s.", model.Thousands(int64(msg.n)), msg.what, shell.Plural(msg.n),
			shell.Safe(msg.path)), false)
	case tea.KeyMsg:
		if p.busy {
			if key.Matches(msg, p.a.s.Keys.Back) {
				p.cancel()
			}
			return nil
		}
		switch {
		case key.Matches(msg, p.a.s.Keys.Back):
			p.done = true
			return shell.StatusCmd("Nothing exported.", false)
		case key.Matches(msg, p.a.keys.ExportWrite):
			path := strings.TrimSpace(p.input.Value())
			if _, err := formatOf(path); err != nil {
				p.err = shell.ErrText(err)
				return nil
			}
			p.busy, p.err = true, ""
			ctx, cancel := context.WithCancel(p.a.s.Ctx)
			p.cancel = cancel
			t := p.t
			return shell.To(p, func() tea.Msg {
				defer cancel()
				n, err := writeExport(ctx, path, t)
				return exportDoneMsg{path: path, n: n, what: t.what, err: err}
			})
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		p.err = ""
		return cmd
	}
	return nil
}

func (p *exportPrompt) View() string {
	st := p.a.s.Styles
	lines := []string{st.Title.S(p.title), "", p.input.View(), ""}
	switch {
	case p.busy:
		lines = append(lines, st.Muted.S("writing… (esc stops; nothing is left half-written)"))
	case p.err != "":
		for _, l := range shell.SafeWrap(p.err, max(p.w, 10)) {
			lines = append(lines, st.Bad.S(l))
		}
	default:
		lines = append(lines, st.Muted.S("The extension picks the format: .csv or .json. The file is written whole or not at all."))
	}
	return strings.Join(lines, "\n")
}

// exportFinder asks where to export what Find's query matches.
func (a *app) exportFinder(snap *backend.Snapshot, q catalog.Query, asc bool, total int) tea.Cmd {
	if snap == nil {
		return shell.StatusCmd("The catalog is still loading.", true)
	}
	rels := make(map[string]model.Relation, len(a.d.rels))
	for k, v := range a.d.rels {
		rels[k] = v
	}
	title := fmt.Sprintf("Export the %s creator%s this search matches", model.Thousands(int64(total)), shell.Plural(total))
	return a.openExport(title, creatorsTable(snap.Index, q, asc, rels, a.d.week()),
		exportName("creators", a.h.Now().In(a.d.seller.Location())))
}

// exportChat asks where to export the conversation with a creator.
func (a *app) exportChat(creator string) tea.Cmd {
	loc := a.d.seller.Location()
	who := a.d.who(creator)
	return a.openExport("Export the conversation with "+shell.Safe(who), chatTable(a.h, creator, loc),
		exportName("chat-"+strings.TrimPrefix(who, "@"), a.h.Now().In(loc)))
}
