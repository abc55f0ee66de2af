package components

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// ExportPrompt is the modal that asks where to export a table: a file
// name (its extension picks CSV or JSON), enter writes, esc cancels. The
// outcome (path and row count, or the error) is said in the status line.
type ExportPrompt struct {
	s     *shell.Session
	title string
	what  string
	table func() Table
	input textinput.Model
	done  bool
}

// OpenExport opens the export prompt with path filled in; table is called
// when the user confirms, so it exports what the screen holds then. A
// session that may not write files here gets the refusal at once.
func OpenExport(s *shell.Session, title, what, path string, table func() Table) tea.Cmd {
	if !s.LocalFiles {
		return ExportCmd(s, path, ExportCSV, what, Table{})
	}
	in := NewInput(s, "File: ", "name.csv or name.json", 4096)
	in.SetValue(path)
	in.Focus()
	return shell.Open(&ExportPrompt{s: s, title: title, what: what, table: table, input: in})
}

// Closed reports that the prompt finished.
func (e *ExportPrompt) Closed() bool { return e.done }

// Init does nothing.
func (e *ExportPrompt) Init() tea.Cmd { return nil }

// SetSize fits the input to the width.
func (e *ExportPrompt) SetSize(w, _ int) { e.input.Width = max(w-8, 10) }

// Capturing is true: the file name takes every key.
func (e *ExportPrompt) Capturing() bool { return true }

// ShortHelp is export and cancel.
func (e *ExportPrompt) ShortHelp() []key.Binding {
	k := e.s.Keys
	return []key.Binding{
		key.NewBinding(key.WithKeys(k.Send.Keys()...), key.WithHelp(k.Send.Help().Key, "export")),
		key.NewBinding(key.WithKeys(k.Back.Keys()...), key.WithHelp(k.Back.Help().Key, "cancel")),
	}
}

// FullHelp is the short help.
func (e *ExportPrompt) FullHelp() [][]key.Binding { return [][]key.Binding{e.ShortHelp()} }

// Update writes on enter, cancels on esc, types otherwise.
func (e *ExportPrompt) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, e.s.Keys.Send):
		path := e.input.Value()
		f, err := ParseExportFormat("", path)
		if err != nil || path == "" {
			return shell.StatusCmd("Give a file name, e.g. decisions.csv or decisions.json.", true)
		}
		e.done = true
		return ExportCmd(e.s, path, f, e.what, e.table())
	case key.Matches(k, e.s.Keys.Back):
		e.done = true
		return shell.StatusCmd("Export canceled.", false)
	}
	var cmd tea.Cmd
	e.input, cmd = e.input.Update(k)
	return cmd
}

// View is the title, the file name and what the extension means.
func (e *ExportPrompt) View() string {
	st := e.s.Styles
	return "\n" + st.Title.S(shell.Safe(e.title)) + "\n\n" + e.input.View() + "\n\n" +
		st.Muted.S("a name ending in .json writes JSON, any other CSV; the file is replaced whole")
}
