package seller

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/ui/shell"
)

// Catalog is the process's shared creator catalog (*backend.Catalog). The
// console never builds its own: it waits for the shared one and follows
// its newer versions. This file is the one place that reads it.
type Catalog interface {
	Current() *backend.Snapshot
	Wait(ctx context.Context) (*backend.Snapshot, error)
}

// catalogMsg is a catalog version to show.
type catalogMsg struct {
	snap *backend.Snapshot
	err  error
}

// waitCatalog waits for the shared catalog under the session's context:
// a session that ends while the catalog loads stops waiting.
func (a *app) waitCatalog() tea.Cmd {
	ctx, cat := a.s.Ctx, a.cat
	return shell.To(a, func() tea.Msg {
		snap, err := cat.Wait(ctx)
		if ctx.Err() != nil {
			return nil // the session ended
		}
		return catalogMsg{snap, err}
	})
}

// catalogChanged adopts a newer catalog version, if there is one.
func (a *app) catalogChanged() tea.Cmd {
	if cur := a.cat.Current(); cur != nil && a.d.snap != nil && cur != a.d.snap {
		return a.setCatalog(catalogMsg{snap: cur})
	}
	return nil
}

// setCatalog shows a catalog version: Find searches it, and the panes that
// list creators are rebuilt.
func (a *app) setCatalog(msg catalogMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		a.fatal = msg.err
		return nil
	}
	if msg.snap == nil || msg.snap == a.d.snap {
		return nil
	}
	a.loading = false
	a.d.snap = msg.snap
	a.messages.refresh()
	a.blocks.refresh()
	a.saved.refresh()
	return tea.Batch(a.find.SetCatalog(msg.snap), a.saved.rank())
}
