package seller

import (
	"github.com/charmbracelet/bubbles/key"

	"outreach/ui/seller/find"
)

// KeyMap is the seller console's bindings on top of shell.KeyMap. Each
// session gets its own copy (DefaultKeyMap); help is generated from them.
type KeyMap struct {
	// Find, and the actions on creators every list shares.
	find.KeyMap
	// Saved: rank the recommendations again.
	Rerank key.Binding
	// Messages.
	Folder, NextUnread, Compose key.Binding
	// Lists with state.
	Unblock, Cancel key.Binding
	// Target Collaboration form.
	EditForm, FieldNext, FieldEnter, FieldPrev, Toggle, SampleYes, SampleNo key.Binding
	Submit, AddSaved, AddRecommended                                        key.Binding
}

// DefaultKeyMap returns a fresh copy of the default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		KeyMap: find.DefaultKeyMap(),

		Rerank: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-rank")),

		Folder:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "folder")),
		NextUnread: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next unread")),
		Compose:    key.NewBinding(key.WithKeys("m", "c"), key.WithHelp("m", "write")),

		Unblock: key.NewBinding(key.WithKeys("u", "enter"), key.WithHelp("u", "unblock")),
		Cancel:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel invitation")),

		EditForm:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit the form")),
		FieldNext:      key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FieldEnter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next field")),
		FieldPrev:      key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Toggle:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle")),
		SampleYes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "free sample")),
		SampleNo:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "no free sample")),
		Submit:         key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "preview & send")),
		AddSaved:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "add saved")),
		AddRecommended: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "add recommended")),
	}
}

// tabNames are the screens in tab order.
var tabNames = []string{"Find", "Saved", "Collab", "Messages", "Invites", "Blocks"}

// Screens, in tab order.
const (
	tabFind = iota
	tabSaved
	tabCollab
	tabMessages
	tabInvites
	tabBlocks
)
