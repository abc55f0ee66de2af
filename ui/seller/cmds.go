package console

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
	"outreach/catalog"
)

// Result messages: each is what one store command answered.
type (
	countMsg   struct{ n int }
	catalogMsg struct {
		ix   *catalog.Index
		byID map[string]int32
		err  error
	}
	sellerMsg struct {
		seller model.Seller
		err    error
	}
	quotaMsg struct {
		q   model.QuotaStatus
		err error
	}
	relsMsg struct {
		rels map[string]model.Relation
		err  error
	}
	relMsg struct {
		id  string
		rel model.Relation
		err error
	}
	// changesMsg carries what the store's change feed reported, coalesced.
	changesMsg struct {
		cs     []store.Change
		closed bool
	}
	// statusMsg puts a sentence in the status line.
	statusMsg struct {
		text string
		err  bool
	}
	// doneMsg reports a finished write: a sentence and the creators whose
	// relation should be reloaded.
	doneMsg struct {
		text string
		err  bool
		ids  []string
	}
)

func errStatus(err error) statusMsg { return statusMsg{text: errText(err), err: true} }

// errText is an error as a sentence for the status line.
func errText(err error) string {
	s := err.Error()
	for _, sentinel := range []error{model.ErrInvalid, model.ErrNotFound, model.ErrForbidden, store.ErrBlocked} {
		if errors.Is(err, sentinel) {
			s = strings.TrimSuffix(s, ": "+sentinel.Error())
		}
	}
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

func countCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg { return countMsg{st.CreatorCount()} }
}

// loadCatalogCmd reads every creator once into the in-memory catalog.
func loadCatalogCmd(st *store.Store, sizeHint int) tea.Cmd {
	return func() tea.Msg {
		rows := make([]catalog.Row, 0, sizeHint)
		cats := map[string]string{} // category names shared between rows
		err := st.ForEachCreator(func(c *model.Creator) error {
			var cs []string
			if len(c.Categories) > 0 {
				cs = make([]string, len(c.Categories))
				for i, x := range c.Categories {
					s, ok := cats[x]
					if !ok {
						cats[x], s = x, x
					}
					cs[i] = s
				}
			}
			rows = append(rows, catalog.Row{
				ID: c.ID, Handle: c.Handle, Name: c.Name, Followers: c.Followers,
				Level: c.Level, Falling: c.Falling(), Type: c.Type, Categories: cs,
				GMV30: c.GMV30, ActiveDays30: c.ActiveDays30,
			})
			return nil
		})
		if err != nil {
			return catalogMsg{err: fmt.Errorf("load creators: %w", err)}
		}
		byID := make(map[string]int32, len(rows))
		for i := range rows {
			byID[rows[i].ID] = int32(i)
		}
		return catalogMsg{ix: catalog.New(rows), byID: byID}
	}
}

func sellerCmd(st *store.Store, id string) tea.Cmd {
	return func() tea.Msg {
		s, err := st.Seller(id)
		return sellerMsg{s, err}
	}
}

func quotaCmd(st *store.Store, seller string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		q, err := st.Quota(seller, now)
		return quotaMsg{q, err}
	}
}

func relsCmd(st *store.Store, seller string) tea.Cmd {
	return func() tea.Msg {
		r, err := st.Relations(seller)
		return relsMsg{r, err}
	}
}

func relCmd(st *store.Store, seller, creator string) tea.Cmd {
	return func() tea.Msg {
		r, err := st.Relation(seller, creator)
		return relMsg{creator, r, err}
	}
}

// feedWindow is how long a session gathers changes after the first before
// it reloads: a busy store then costs each session at most a few reloads a
// second, and what another session did still shows well within a second.
const feedWindow = 50 * time.Millisecond

// maxFeedBatch bounds one batch of changes.
const maxFeedBatch = 4096

// waitChangeCmd waits for the next change on the feed and returns it with
// the others that arrive within feedWindow; the root re-arms it after each.
func waitChangeCmd(ch <-chan store.Change) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		c, ok := <-ch
		if !ok {
			return changesMsg{closed: true}
		}
		cs := []store.Change{c}
		window := time.NewTimer(feedWindow)
		defer window.Stop()
		for len(cs) < maxFeedBatch {
			select {
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

func setSavedCmd(st *store.Store, seller, creator, who string, on bool) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetSaved(seller, creator, on); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		if on {
			return doneMsg{text: "Saved " + who + ".", ids: []string{creator}}
		}
		return doneMsg{text: "Removed " + who + " from saved.", ids: []string{creator}}
	}
}

func setBlockedCmd(st *store.Store, seller, creator, who string, on bool) tea.Cmd {
	return func() tea.Msg {
		if err := st.SetBlocked(seller, creator, store.BySeller, on); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		if on {
			return doneMsg{text: "Blocked " + who + ".", ids: []string{creator}}
		}
		return doneMsg{text: "Unblocked " + who + ".", ids: []string{creator}}
	}
}
