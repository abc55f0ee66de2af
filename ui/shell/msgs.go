package shell

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// Pane is one screen or modal: it takes messages, draws itself in the size
// it was given and names its key bindings (help is generated from them).
type Pane interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	// Capturing reports that an input has focus and takes every key.
	Capturing() bool
}

// Closer is a modal that can finish by itself: on a key, or on a store
// result (a form whose write succeeded). The root drops it in the same
// update, so the next key goes to the screen beneath, never to a finished
// modal.
type Closer interface{ Closed() bool }

// Status is a sentence for the status line.
type Status struct {
	Text string
	Err  bool
}

// StatusCmd puts a sentence in the status line.
func StatusCmd(text string, err bool) tea.Cmd {
	return func() tea.Msg { return Status{Text: text, Err: err} }
}

// ErrStatus is an error as a status.
func ErrStatus(err error) Status { return Status{Text: ErrText(err), Err: true} }

// ErrText is an error as a sentence for the status line.
func ErrText(err error) string {
	s := err.Error()
	for _, sentinel := range []error{model.ErrInvalid, model.ErrNotFound, model.ErrForbidden, store.ErrBlocked} {
		if errors.Is(err, sentinel) {
			s = strings.TrimSuffix(s, ": "+sentinel.Error())
		}
	}
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// Addressed is a message for one receiver: the pane, modal or app that
// asked for it. The root hands it to that receiver only, and drops it when
// the receiver is gone (a modal closed before its answer came).
type Addressed struct {
	To  any
	Msg tea.Msg
}

// To runs cmd and addresses its result to the receiver to.
func To(to any, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		return Addressed{To: to, Msg: msg}
	}
}

// Reply addresses msg to the receiver to, without running anything.
func Reply(to any, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return Addressed{To: to, Msg: msg} }
}

type (
	openMsg      struct{ p Pane }
	switchTabMsg struct{ tab int }
	nestMsg      struct {
		app   App
		frame Frame
		leave key.Binding
	}
)

// Open shows a modal over the body.
func Open(p Pane) tea.Cmd { return func() tea.Msg { return openMsg{p} } }

// SwitchTab shows another screen.
func SwitchTab(tab int) tea.Cmd { return func() tea.Msg { return switchTabMsg{tab} } }

// Nest opens another app over this one in the same session (the admin's
// triage view); leave closes it again.
func Nest(app App, frame Frame, leave key.Binding) tea.Cmd {
	return func() tea.Msg { return nestMsg{app, frame, leave} }
}
