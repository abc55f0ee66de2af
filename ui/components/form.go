package components

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// Fields is the inputs of a small modal form (add a key, grant credits)
// and the one with focus.
type Fields struct {
	Inputs []textinput.Model
	Focus  int
	Err    string // the last validation or store error, shown under the form
	done   bool   // finished: the root closes the form
}

// Closed reports that the form finished.
func (ff *Fields) Closed() bool { return ff.done }

// Settle takes the store's answer to the form's write: an error stays in
// the form and the status line; success finishes the form, which the root
// closes in the same update.
func (ff *Fields) Settle(err error) tea.Cmd {
	if err != nil {
		ff.Err = shell.ErrText(err)
		return shell.StatusCmd(ff.Err, true)
	}
	ff.done = true
	return nil
}

// Cancel finishes the form without writing, saying so in the status line.
func (ff *Fields) Cancel(status string) tea.Cmd {
	ff.done = true
	return shell.StatusCmd(status, false)
}

// SetFocus moves the focus to field i, wrapping around.
func (ff *Fields) SetFocus(i int) {
	ff.Inputs[ff.Focus].Blur()
	ff.Focus = (i + len(ff.Inputs)) % len(ff.Inputs)
	ff.Inputs[ff.Focus].Focus()
}

// SetWidth makes every input w cells wide (10 at the least).
func (ff *Fields) SetWidth(w int) {
	for i := range ff.Inputs {
		ff.Inputs[i].Width = max(w, 10)
	}
}

// NavKey moves between the fields: next, previous, or enter on any field
// but the last. It reports whether the key did.
func (ff *Fields) NavKey(msg tea.KeyMsg, k *shell.KeyMap) bool {
	switch {
	case key.Matches(msg, k.FormNext):
		ff.SetFocus(ff.Focus + 1)
	case key.Matches(msg, k.FormPrev):
		ff.SetFocus(ff.Focus - 1)
	case key.Matches(msg, k.Send) && ff.Focus < len(ff.Inputs)-1:
		ff.SetFocus(ff.Focus + 1)
	default:
		return false
	}
	return true
}

// TypeKey hands a key to the focused input.
func (ff *Fields) TypeKey(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	ff.Inputs[ff.Focus], cmd = ff.Inputs[ff.Focus].Update(msg)
	return cmd
}
