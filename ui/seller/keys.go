package seller

import (
	"github.com/charmbracelet/bubbles/key"

	programui "outreach/ui/program"
	"outreach/ui/seller/collab"
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
	// The batch modal and the Target Collaboration form.
	collab.Keys
	// Write the file the export prompt names (Export itself is Find's).
	ExportWrite key.Binding
	// Invitations: the invitation itself, or its creator.
	OpenInvite, OpenCreator key.Binding
	// Program is the Program screen's bindings (remapped in this scope too).
	Program programui.KeyMap
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

		Keys: collab.DefaultKeys(),

		ExportWrite: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write the file")),

		OpenInvite:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open the invitation")),
		OpenCreator: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "open the creator")),

		Program: programui.DefaultKeyMap(),
	}
}

// tabNames are the screens in tab order.
var tabNames = []string{"Find", "Saved", "Collab", "Messages", "Invites", "Blocks", "Program"}

// Screens, in tab order.
const (
	tabFind = iota
	tabSaved
	tabCollab
	tabMessages
	tabInvites
	tabBlocks
	tabProgram
)
