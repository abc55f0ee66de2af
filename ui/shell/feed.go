package shell

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/store"
)

// changesMsg carries what the change feed reported, coalesced.
type changesMsg struct {
	cs     []store.Change
	closed bool
}

// feedWindow is how long a session gathers changes after the first before
// it reloads: a busy store then costs each session at most a few reloads a
// second, and what another session did still shows well within a second.
const feedWindow = 50 * time.Millisecond

// maxFeedBatch bounds one batch of changes.
const maxFeedBatch = 4096

// waitChanges waits for the next change on the feed and returns it with
// the others that arrive within feedWindow; the root re-arms it after each.
// It returns nothing once ctx ends, so no wait outlives its session.
func waitChanges(ctx context.Context, ch <-chan store.Change) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		var c store.Change
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case c, ok = <-ch:
			if !ok {
				return changesMsg{closed: true}
			}
		}
		cs := []store.Change{c}
		window := time.NewTimer(feedWindow)
		defer window.Stop()
		for len(cs) < maxFeedBatch {
			select {
			case <-ctx.Done():
				return nil
			case c, ok := <-ch:
				if !ok {
					return changesMsg{cs: cs}
				}
				cs = append(cs, c)
			case <-window.C:
				return changesMsg{cs: cs}
			}
		}
		return changesMsg{cs: cs}
	}
}
