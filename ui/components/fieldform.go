package components

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// FieldForm is a view's form of labelled fields, each a text input or a
// choice cycled with left and right, with an error under every field
// (Fields is the smaller modal form with one error). The view keeps what
// the choices are; the form keeps the focus, the inputs, the chosen
// indexes, the errors and whether its write is in flight.
type FieldForm struct {
	Focus   int
	Labels  []string                // one a field, in focus order
	Inputs  map[int]textinput.Model // the text fields, by field
	Picks   map[int]int             // the choice fields' chosen index, by field
	Errs    map[int]string          // the error under each field
	General string                  // an error about the whole form
	Busy    bool                    // the write runs
}

// NewFieldForm is a form over labels: inputs are its text fields, every
// other field a choice (its first option chosen); the focus is on field 0.
func NewFieldForm(labels []string, inputs map[int]textinput.Model) *FieldForm {
	f := &FieldForm{Labels: labels, Inputs: inputs, Picks: map[int]int{}, Errs: map[int]string{}}
	f.SetFocus(0)
	return f
}

// Value is a text field's value.
func (f *FieldForm) Value(field int) string { in := f.Inputs[field]; return in.Value() }

// SetFocus moves the focus to field i, wrapping around.
func (f *FieldForm) SetFocus(i int) {
	n := len(f.Labels)
	f.Focus = (i%n + n) % n
	for j, in := range f.Inputs {
		if j == f.Focus {
			in.Focus()
		} else {
			in.Blur()
		}
		f.Inputs[j] = in
	}
}

// FormAction is what a key asks of a form's view.
type FormAction int

// What a key asks for.
const (
	FormHandled FormAction = iota // the form took it (typing, a choice, the focus, a submit while busy)
	FormCancel                    // close the form without writing
	FormSubmit                    // check the form and write
)

// Key takes a key: back cancels; submit (unless the write runs) asks for
// the write; next, enter and previous move the focus; on a choice of
// count(field) options right or space picks the next and left the one
// before; anything else is typing in the focused input.
func (f *FieldForm) Key(k *shell.KeyMap, msg tea.KeyMsg, count func(field int) int) (FormAction, tea.Cmd) {
	switch {
	case key.Matches(msg, k.Back):
		return FormCancel, nil
	case key.Matches(msg, k.FormSubmit):
		if f.Busy {
			return FormHandled, nil
		}
		return FormSubmit, nil
	case key.Matches(msg, k.FormNext), key.Matches(msg, k.Send):
		f.SetFocus(f.Focus + 1)
		return FormHandled, nil
	case key.Matches(msg, k.FormPrev):
		f.SetFocus(f.Focus - 1)
		return FormHandled, nil
	}
	if in, ok := f.Inputs[f.Focus]; ok {
		var cmd tea.Cmd
		in, cmd = in.Update(msg)
		f.Inputs[f.Focus] = in
		return FormHandled, cmd
	}
	step := 0
	switch msg.String() {
	case "right", " ":
		step = 1
	case "left":
		step = -1
	}
	if n := count(f.Focus); n > 0 {
		f.Picks[f.Focus] = ((f.Picks[f.Focus]+step)%n + n) % n
	} else {
		f.Picks[f.Focus] = 0
	}
	return FormHandled, nil
}

// Submit takes the view's check of the form: with errors they go under
// their fields and the status line says refused; else the write runs.
func (f *FieldForm) Submit(errs map[int]string, refused string, write tea.Cmd) tea.Cmd {
	f.Errs, f.General = errs, ""
	if len(errs) > 0 {
		return shell.StatusCmd(refused, true)
	}
	f.Busy = true
	return write
}

// Fail takes the store's refusal of the write: its text goes under field
// (the whole form's when field < 0) and to the status line.
func (f *FieldForm) Fail(err error, field int) tea.Cmd {
	f.Busy = false
	if field < 0 {
		f.General = shell.ErrText(err)
	} else {
		f.Errs[field] = shell.ErrText(err)
	}
	return shell.StatusCmd(shell.ErrText(err), true)
}

// Lines draws the fields in a w-cell view: a mark on the focused one, its
// label padded to labelW cells, its value, and its error wrapped under
// it; then the whole form's error.
func (f *FieldForm) Lines(st *shell.Styles, w, labelW int, value func(field int) string) []string {
	var out []string
	indent := labelW + 3
	pad := strings.Repeat(" ", indent)
	for i, label := range f.Labels {
		mark := "  "
		if i == f.Focus {
			mark = "> "
		}
		out = append(out, mark+st.Text.S(shell.Pad(label, labelW))+" "+value(i))
		if e, ok := f.Errs[i]; ok {
			for _, l := range shell.SafeWrap(e, max(w-indent, 10)) {
				out = append(out, pad+st.Bad.S(l))
			}
		}
	}
	if f.General != "" {
		for _, l := range shell.SafeWrap(f.General, max(w-2, 10)) {
			out = append(out, "  "+st.Bad.S(l))
		}
	}
	return out
}

// Reloads runs one load at a time: a load asked for while one runs runs
// once when it ends, however many were asked for.
type Reloads struct{ running, again bool }

// Start reports whether to start a load now; false: one runs, and Done
// will say to load again.
func (r *Reloads) Start() bool {
	if r.running {
		r.again = true
		return false
	}
	r.running = true
	return true
}

// Done ends the load that ran, and reports whether to load again.
func (r *Reloads) Done() bool {
	again := r.again
	r.running, r.again = false, false
	return again
}
