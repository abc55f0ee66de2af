package seller

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the seller console's bindings on top of shell.KeyMap. Each
// session gets its own copy (DefaultKeyMap); help is generated from them.
type KeyMap struct {
	// Find.
	Search, SearchDone, Filter, Sort, ClearMarks key.Binding
	// Actions on creators.
	Invite, Message, Save, Block, Mark key.Binding
	// Saved: rank the recommendations again.
	Rerank key.Binding
	// Filter bar.
	FilterNext, FilterPrev, FilterLevel, FilterLeft, FilterRight, FilterDone key.Binding
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
		Search:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		SearchDone: key.NewBinding(key.WithKeys("enter", "down", "tab"), key.WithHelp("enter", "to the results")),
		Filter:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filters")),
		Sort:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort")),
		ClearMarks: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "clear marks")),

		Invite:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "invite")),
		Message: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "message")),
		Save:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save/unsave")),
		Block:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "block/unblock")),
		Mark:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark for batch")),

		Rerank: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-rank")),

		FilterNext:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FilterPrev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FilterLevel: key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("0-8", "toggle level")),
		FilterLeft:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "cycle choice")),
		FilterRight: key.NewBinding(key.WithKeys("right")),
		FilterDone:  key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "close filters")),

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
