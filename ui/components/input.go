package components

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"

	"outreach/ui/shell"
)

// NewInput is a text input styled from the session's renderer (bubbles'
// defaults would use the process-wide renderer) with a steady cursor.
func NewInput(s *shell.Session, prompt, placeholder string, limit int) textinput.Model {
	r := s.Renderer
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.PromptStyle = r.NewStyle().Foreground(s.Theme.Accent2)
	ti.TextStyle = r.NewStyle()
	ti.PlaceholderStyle = r.NewStyle().Foreground(s.Theme.Muted)
	ti.Cursor.Style = r.NewStyle().Reverse(true)
	ti.Cursor.TextStyle = r.NewStyle()
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CompletionStyle = r.NewStyle()
	return ti
}
