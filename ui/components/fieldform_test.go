package components

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// TestFieldFormKeys: every key rule of a field form, on a form of a text
// field, a choice of three and a choice of none.
func TestFieldFormKeys(t *testing.T) {
	k := shell.DefaultKeyMap()
	keyOf := map[string]tea.KeyMsg{
		"tab": {Type: tea.KeyTab}, "shift+tab": {Type: tea.KeyShiftTab}, "enter": {Type: tea.KeyEnter},
		"esc": {Type: tea.KeyEsc}, "ctrl+s": {Type: tea.KeyCtrlS}, "right": {Type: tea.KeyRight},
		"left": {Type: tea.KeyLeft}, "space": {Type: tea.KeySpace, Runes: []rune(" ")}, "a": {Type: tea.KeyRunes, Runes: []rune("a")},
	}
	count := func(field int) int { return map[int]int{1: 3}[field] }
	for _, tc := range []struct {
		name   string
		busy   bool
		keys   []string
		action FormAction
		focus  int
		pick1  int
		text   string
	}{
		{"typing goes to the text field", false, []string{"a", "a"}, FormHandled, 0, 0, "aa"},
		{"tab moves on", false, []string{"tab"}, FormHandled, 1, 0, ""},
		{"enter moves on", false, []string{"enter"}, FormHandled, 1, 0, ""},
		{"shift+tab wraps to the last", false, []string{"shift+tab"}, FormHandled, 2, 0, ""},
		{"tab wraps to the first", false, []string{"tab", "tab", "tab"}, FormHandled, 0, 0, ""},
		{"right picks the next", false, []string{"tab", "right"}, FormHandled, 1, 1, ""},
		{"space picks the next", false, []string{"tab", "space", "space"}, FormHandled, 1, 2, ""},
		{"right wraps", false, []string{"tab", "right", "right", "right"}, FormHandled, 1, 0, ""},
		{"left wraps", false, []string{"tab", "left"}, FormHandled, 1, 2, ""},
		{"other keys leave a choice", false, []string{"tab", "a"}, FormHandled, 1, 0, ""},
		{"a choice of none stays at 0", false, []string{"tab", "tab", "right"}, FormHandled, 2, 0, ""},
		{"esc cancels", false, []string{"esc"}, FormCancel, 0, 0, ""},
		{"esc cancels while busy", true, []string{"esc"}, FormCancel, 0, 0, ""},
		{"ctrl+s submits", false, []string{"ctrl+s"}, FormSubmit, 0, 0, ""},
		{"ctrl+s while busy does nothing", true, []string{"ctrl+s"}, FormHandled, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFieldForm([]string{"Name", "Pick", "None"}, map[int]textinput.Model{0: textinput.New()})
			f.Busy = tc.busy
			var action FormAction
			for _, s := range tc.keys {
				action, _ = f.Key(&k, keyOf[s], count)
			}
			if action != tc.action || f.Focus != tc.focus || f.Picks[1] != tc.pick1 || f.Value(0) != tc.text {
				t.Fatalf("action %d focus %d pick %d text %q; want %d %d %d %q", action, f.Focus, f.Picks[1], f.Value(0), tc.action, tc.focus, tc.pick1, tc.text)
			}
			if in := f.Inputs[0]; in.Focused() != (f.Focus == 0) {
				t.Fatalf("the text field's focus is %v with the form's focus on %d", in.Focused(), f.Focus)
			}
		})
	}
}

// TestFieldFormAnswers: a check with errors does not write; a clean one
// writes once; a refusal lands under its field or the form.
func TestFieldFormAnswers(t *testing.T) {
	write := func() tea.Msg { return "written" }
	for _, tc := range []struct {
		name    string
		errs    map[int]string
		fail    error
		field   int
		busy    bool
		under   map[int]string
		general string
	}{
		{"a field error stops the write", map[int]string{0: "bad"}, nil, 0, false, map[int]string{0: "bad"}, ""},
		{"a clean form writes", map[int]string{}, nil, 0, true, map[int]string{}, ""},
		{"a refusal under its field", map[int]string{}, errors.New("name taken"), 0, false, map[int]string{0: "Name taken"}, ""},
		{"a refusal of the whole form", map[int]string{}, errors.New("no room"), -1, false, map[int]string{}, "No room"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFieldForm([]string{"Name"}, map[int]textinput.Model{0: textinput.New()})
			f.General = "stale"
			cmd := f.Submit(tc.errs, "refused", write)
			if (len(tc.errs) == 0) != (cmd != nil && cmd() == "written") {
				t.Fatalf("write ran %v with errors %v", cmd != nil, tc.errs)
			}
			if tc.fail != nil {
				f.Fail(tc.fail, tc.field)
			}
			if f.Busy != tc.busy || len(f.Errs) != len(tc.under) || f.Errs[0] != tc.under[0] || f.General != tc.general {
				t.Fatalf("busy %v errs %v general %q; want %v %v %q", f.Busy, f.Errs, f.General, tc.busy, tc.under, tc.general)
			}
		})
	}
}

// TestFieldFormLines: the focused field is marked and an error sits under
// its field, indented past the label.
func TestFieldFormLines(t *testing.T) {
	st := &shell.Styles{}
	f := NewFieldForm([]string{"Name", "Pick"}, map[int]textinput.Model{0: textinput.New()})
	f.SetFocus(1)
	f.Errs[0], f.General = "too short", "not saved"
	got := strings.Join(f.Lines(st, 40, 6, func(i int) string { return []string{"v0", "v1"}[i] }), "\n")
	want := "  Name   v0\n         too short\n> Pick   v1\n  not saved"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestReloads: one load at a time, and one more after it however many
// were asked for meanwhile.
func TestReloads(t *testing.T) {
	var r Reloads
	steps := []struct {
		start bool // Start, else Done
		want  bool
	}{
		{true, true}, {true, false}, {true, false}, {false, true}, {true, true}, {false, false}, {true, true},
	}
	for i, s := range steps {
		var got bool
		if s.start {
			got = r.Start()
		} else {
			got = r.Done()
		}
		if got != s.want {
			t.Fatalf("step %d: got %v, want %v", i, got, s.want)
		}
	}
}
