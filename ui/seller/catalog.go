package seller

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Catalog is the process's shared creator catalog (*backend.Catalog). The
// console never builds its own: it waits for the shared one, shows how far
// its first load has come, and follows its newer versions for the
// session's lifetime. This file is the one place that reads it.
type Catalog interface {
	Current() *backend.Snapshot
	Wait(ctx context.Context) (*backend.Snapshot, error)
	Progress() (done, total int)
	Changes() (<-chan struct{}, func())
	// Recommend is the seller's best n creators by fit, ranked once per
	// snapshot for every session; exclude drops the seller's own relations.
	Recommend(ctx context.Context, seller model.Seller, followerCap int64, exclude func(id string) bool, n int) ([]model.Recommendation, error)
}

type (
	// catalogMsg is a catalog version to show.
	catalogMsg struct {
		snap *backend.Snapshot
		err  error
	}
	// catalogChangedMsg says the shared catalog has a newer version.
	catalogChangedMsg struct{}
	// progressMsg is how far the first load of the catalog has come.
	progressMsg struct{ done, total int }
)

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

// progressEvery is how often the loading screen reads the load's progress.
const progressEvery = 100 * time.Millisecond

// progressCmd reads the load's progress after a moment; it answers nothing
// once the session has ended, so no tick outlives it.
func (a *app) progressCmd() tea.Cmd {
	ctx, cat := a.s.Ctx, a.cat
	return shell.To(a, func() tea.Msg {
		t := time.NewTimer(progressEvery)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		done, total := cat.Progress()
		return progressMsg{done, total}
	})
}

// subscribeCatalog follows the shared catalog for the session's lifetime:
// the subscription ends when the session's context does.
func (a *app) subscribeCatalog() {
	ch, cancel := a.cat.Changes()
	context.AfterFunc(a.s.Ctx, cancel)
	a.catChanges = ch
}

// waitCatalogChange waits for the next catalog version; the app re-arms it
// after each. It answers nothing once the session ends or the catalog
// closes.
func (a *app) waitCatalogChange() tea.Cmd {
	ctx, ch := a.s.Ctx, a.catChanges
	if ch == nil {
		return nil
	}
	return shell.To(a, func() tea.Msg {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-ch:
			if !ok {
				return nil
			}
			return catalogChangedMsg{}
		}
	})
}

// catalogChanged adopts a newer catalog version, if there is one.
func (a *app) catalogChanged() tea.Cmd {
	if cur := a.cat.Current(); cur != nil && a.d.snap != nil && cur != a.d.snap {
		return a.setCatalog(catalogMsg{snap: cur})
	}
	return nil
}

// setCatalog shows a catalog version: Find searches it again in place, and
// the panes that list creators are rebuilt. Only the first version ranks
// the recommendations: a busy store makes a version every few tens of
// milliseconds, and a ranking reads the whole catalog (r ranks again).
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
	first := a.d.snap == nil
	a.loading = false
	a.d.snap = msg.snap
	a.messages.refresh()
	a.blocks.refresh()
	a.saved.refresh()
	var rank tea.Cmd
	if first {
		rank = a.saved.rank()
	}
	return tea.Batch(a.find.SetCatalog(msg.snap), rank)
}

// loadingView is the loading screen: how many creators, how far the load
// has come, with a bar.
func (a *app) loadingView() []string {
	st := a.s.Styles
	n := "the"
	if a.total >= 0 {
		n = model.Thousands(int64(a.total))
	}
	lines := []string{st.Title.S("outreach"), "loading " + n + " creators…"}
	if done, total := a.progress.done, a.progress.total; total > 0 {
		pct := min(done*100/total, 100)
		barW := min(max(a.s.Width-20, 10), 40)
		lines = append(lines, components.Bar(st, barW, float64(done)/float64(total))+fmt.Sprintf(" %3d%%", pct),
			st.Muted.S(fmt.Sprintf("%s of %s read", model.Thousands(int64(done)), model.Thousands(int64(total)))))
		if done >= total {
			lines[len(lines)-1] = st.Muted.S("building the search index…")
		}
	}
	lines = append(lines, st.Muted.S("q quits"))
	return lines
}
