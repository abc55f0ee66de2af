package shell

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the bindings every screen shares: the global ones, list
// navigation, confirmations and forms. Each session gets its own copy
// (DefaultKeyMap), so remapping one session never touches another; each
// role adds its own map beside it. Help is generated from these values.
type KeyMap struct {
	// Global.
	Help, Quit, ForceQuit, NextTab, PrevTab, Theme key.Binding
	// Lists.
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Open, Back                              key.Binding
	// Inputs: send what was typed.
	Send key.Binding
	// Confirmations.
	Yes, No key.Binding
	// Small forms.
	FormNext, FormPrev, FormSubmit key.Binding
}

// DefaultKeyMap returns a fresh copy of the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Theme:     key.NewBinding(key.WithKeys("T", "ctrl+t"), key.WithHelp("T", "cycle theme")),

		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back/clear")),

		Send: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),

		Yes: key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "confirm")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),

		FormNext:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FormPrev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FormSubmit: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "submit")),
	}
}

// ListHelp is the navigation shared by list panes.
func (k KeyMap) ListHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
}
