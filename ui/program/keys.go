package program

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the Program screen's bindings. The console embeds it in its
// own map, so the names are unique across the console and remapping works
// as for every other screen; each session gets its own copy.
type KeyMap struct {
	// Views: overview, affiliates, metrics.
	NextView, PrevView key.Binding
	// Period of the metrics: 7, 28 or 90 days.
	Period key.Binding
	// The affiliate table.
	FindHandle, SearchEnd                                   key.Binding
	SegmentFilter, KindFilter, DormantFilter, FlaggedFilter key.Binding
	ResetFilters, SortBy, SortReverse                       key.Binding
	// An affiliate: its conversation, its profile in Find.
	Conversation, Profile key.Binding
	// Campaigns: open the view, write one, preview, start, pause, cancel.
	Campaigns, NewCampaign, PreviewCampaign      key.Binding
	StartCampaign, PauseCampaign, CancelCampaign key.Binding
	// Offers: open the view, add a boost.
	Offers, AddBoost key.Binding
}

// DefaultKeyMap returns a fresh copy of the Program screen's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NextView: key.NewBinding(key.WithKeys("v", "right"), key.WithHelp("v/→", "next view")),
		PrevView: key.NewBinding(key.WithKeys("V", "left"), key.WithHelp("V/←", "previous view")),
		Period:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "period 7/28/90 days")),

		FindHandle:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search handle")),
		SearchEnd:     key.NewBinding(key.WithKeys("enter", "down", "tab"), key.WithHelp("enter", "to the table")),
		SegmentFilter: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "segment filter")),
		KindFilter:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "inactive kind filter")),
		DormantFilter: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dormant only")),
		FlaggedFilter: key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "flagged only")),
		ResetFilters:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reset filters")),
		SortBy:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort column")),
		SortReverse:   key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse the order")),

		Conversation: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "open the conversation")),
		Profile:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "open the creator")),

		Campaigns:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "campaigns")),
		NewCampaign:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new campaign")),
		PreviewCampaign: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview")),
		StartCampaign:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "start/resume")),
		PauseCampaign:   key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "pause")),
		CancelCampaign:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel")),

		Offers:   key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "offers: boosts, codes, contests")),
		AddBoost: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add a boost")),
	}
}
