// Package program is the seller console's Program screen: the segment
// overview, the affiliate table, an affiliate's detail and the program's
// metrics. It reads the seller's program through a Source and never sees
// the store; the console around it is a Host.
package program

import (
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model/engage"
	mprogram "outreach/model/program"
)

// Source is what the screen reads of the seller's program (the seller's
// backend handle, through the console's adapter). Every call runs off the
// event loop and writes nothing.
type Source interface {
	// Table is every affiliate's row over the last days days (7, 28 or
	// 90) as of now, each with its 26-week GMV trend.
	Table(days int) (Table, error)
	// Evaluation is the latest kept segment evaluation (its Results may
	// be left out), nil when the segments were never evaluated.
	Evaluation() (*mprogram.SegmentRun, error)
	// History is one affiliate's segment at every kept evaluation,
	// oldest first.
	History(creator string) ([]Step, error)
	// Flags are one affiliate's flags, open and cleared, each with the
	// sentence that names its rule and figures.
	Flags(creator string) ([]mprogram.FlagState, error)
}

// Table is the affiliate table of a seller at a day.
type Table struct {
	Today  mprogram.Day
	Period mprogram.Window
	Rows   []engage.AffiliateMetrics // any order: the screen sorts
}

// Step is an affiliate's result at one kept evaluation.
type Step struct {
	AsOf    mprogram.Day
	Monthly bool
	mprogram.SegmentResult
}

// Host is what the screen needs of the console around it.
type Host interface {
	// OpenChat shows the conversation with a creator in the Messages screen.
	OpenChat(creator string) tea.Cmd
	// OpenCreator shows a creator's profile in Find; esc comes back here.
	OpenCreator(creator string) tea.Cmd
}
