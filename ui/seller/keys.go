package console

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key binding of the console. Each session gets its own
// copy (DefaultKeyMap), so remapping one session never touches another.
// Help is generated from these same values.
type KeyMap struct {
	// Global.
	Help, Quit, ForceQuit, NextTab, PrevTab, Theme key.Binding
	Screens                                        key.Binding // 1..6
	// Lists.
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Open, Back, Search                      key.Binding
	// Actions on creators.
	Invite, Message, Save, Block, Mark key.Binding
	// Find.
	Filter, Sort, ClearMarks key.Binding
	// Filter bar.
	FilterNext, FilterPrev, FilterLevel, FilterLeft, FilterRight, FilterDone key.Binding
	// Messages.
	Folder, NextUnread, Compose, Send key.Binding
	// Confirmations.
	Yes, No key.Binding
	// Lists with state.
	Unblock, Cancel key.Binding
	// Target Collaboration form.
	FieldNext, FieldPrev, Toggle, Submit, AddSaved, AddRecommended key.Binding
}

// DefaultKeyMap returns a fresh copy of the default bindings.
func DefaultKeyMap() KeyMap {
	k := KeyMap{
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
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),

		Invite:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite")),
		Message: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "message")),
		Save:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save/unsave")),
		Block:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "block/unblock")),
		Mark:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark for batch")),

		Filter:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filters")),
		Sort:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
		ClearMarks: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "clear marks")),

		FilterNext:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FilterPrev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FilterLevel: key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("0-8", "toggle level")),
		FilterLeft:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "cycle choice")),
		FilterRight: key.NewBinding(key.WithKeys("right")),
		FilterDone:  key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "close filters")),

		Folder:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "folder")),
		NextUnread: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next unread")),
		Compose:    key.NewBinding(key.WithKeys("m", "c"), key.WithHelp("m", "write")),
		Send:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),

		Yes: key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "confirm")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),

		Unblock: key.NewBinding(key.WithKeys("u", "enter"), key.WithHelp("u", "unblock")),
		Cancel:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel invitation")),

		FieldNext:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FieldPrev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Toggle:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		Submit:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "preview & send")),
		AddSaved:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "add saved")),
		AddRecommended: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "add recommended")),
	}
	k.Screens = key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"),
		key.WithHelp("1-6", strings.Join(tabNames[:], " "))) // help reads the screens in order
	return k
}

// tabNames are the screens in tab order.
var tabNames = [6]string{"Find", "Saved", "Collab", "Messages", "Invites", "Blocks"}

// globalHelp is the part of the help every screen shares.
func (k KeyMap) globalHelp() []key.Binding {
	return []key.Binding{k.NextTab, k.PrevTab, k.Screens, k.Theme, k.Help, k.Quit}
}

// listHelp is the navigation shared by list panes.
func (k KeyMap) listHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
}
