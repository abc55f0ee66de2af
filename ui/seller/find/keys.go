package find

import "github.com/charmbracelet/bubbles/key"

// KeyMap is Find's bindings: the search, the filter bar, and the actions
// on a creator, which the console shares with its other lists.
type KeyMap struct {
	Search, SearchDone, Filter, Sort, ClearMarks                             key.Binding
	Invite, Message, Save, Block, Mark                                       key.Binding
	FilterNext, FilterPrev, FilterLevel, FilterLeft, FilterRight, FilterDone key.Binding
}

// DefaultKeyMap returns a fresh copy of Find's bindings.
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

		FilterNext:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		FilterPrev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		FilterLevel: key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8"), key.WithHelp("0-8", "toggle level")),
		FilterLeft:  key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "cycle choice")),
		FilterRight: key.NewBinding(key.WithKeys("right")),
		FilterDone:  key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter/esc", "close filters")),
	}
}
