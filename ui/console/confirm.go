package console

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// confirmModel asks a yes/no question before a consequential step (block,
// unblock, cancel an invitation) and runs yes on confirmation.
type confirmModel struct {
	s      *Session
	prompt string
	yes    tea.Cmd
	done   bool
}

func (c *confirmModel) closed() bool { return c.done }

func openConfirm(s *Session, prompt string, yes tea.Cmd) tea.Cmd {
	return func() tea.Msg { return openOverlayMsg{&confirmModel{s: s, prompt: prompt, yes: yes}} }
}

func (c *confirmModel) Init() tea.Cmd    { return nil }
func (c *confirmModel) SetSize(int, int) {}
func (c *confirmModel) Capturing() bool  { return false }
func (c *confirmModel) ShortHelp() []key.Binding {
	return []key.Binding{c.s.Keys.Yes, c.s.Keys.No}
}
func (c *confirmModel) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

func (c *confirmModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, c.s.Keys.Yes):
			c.done = true
			return c, c.yes
		case key.Matches(k, c.s.Keys.No):
			c.done = true
			return c, func() tea.Msg { return statusMsg{text: "Canceled."} }
		}
	}
	return c, nil
}

func (c *confirmModel) View() string {
	st := c.s.Styles
	return "\n" + st.Title.S(safe(c.prompt)) + "\n\n" + st.Key.S("y/enter") + " yes   " + st.Key.S("n/esc") + " no"
}
