package components

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// Confirm asks a yes/no question before a consequential step (block,
// unblock, cancel an invitation) and runs its command on yes.
type Confirm struct {
	s      *shell.Session
	prompt string
	yes    tea.Cmd
	done   bool
}

// OpenConfirm opens the question as a modal; yes runs on confirmation.
func OpenConfirm(s *shell.Session, prompt string, yes tea.Cmd) tea.Cmd {
	return shell.Open(&Confirm{s: s, prompt: prompt, yes: yes})
}

// Closed reports that the question was answered.
func (c *Confirm) Closed() bool { return c.done }

// Init does nothing.
func (c *Confirm) Init() tea.Cmd { return nil }

// SetSize does nothing: the question is short.
func (c *Confirm) SetSize(int, int) {}

// Capturing is false: only y and n act.
func (c *Confirm) Capturing() bool { return false }

// ShortHelp is yes and no.
func (c *Confirm) ShortHelp() []key.Binding { return []key.Binding{c.s.Keys.Yes, c.s.Keys.No} }

// FullHelp is yes and no.
func (c *Confirm) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

// Update answers on y or n.
func (c *Confirm) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, c.s.Keys.Yes):
			c.done = true
			return c.yes
		case key.Matches(k, c.s.Keys.No):
			c.done = true
			return shell.StatusCmd("Canceled.", false)
		}
	}
	return nil
}

// View is the question and its keys.
func (c *Confirm) View() string {
	st := c.s.Styles
	return "\n" + st.Title.S(shell.Safe(c.prompt)) + "\n\n" + st.Key.S("y/enter") + " yes   " + st.Key.S("n/esc") + " no"
}
