package seller

import (
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

// The app's loads: each reads through the handle off the event loop and
// answers the app.

func (a *app) countCmd() tea.Cmd {
	dir := a.dir
	return func() tea.Msg { return countMsg{dir.Count()} }
}

func (a *app) sellerCmd() tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		s, err := h.Seller()
		return sellerMsg{s, err}
	})
}

func (a *app) quotaCmd() tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		q, err := h.Quota()
		return quotaMsg{q, err}
	})
}

func (a *app) relsCmd() tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		r, err := h.Relations()
		return relsMsg{r, err}
	})
}

func (a *app) relCmd(creator string) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		r, err := h.Relation(creator)
		return relMsg{creator, r, err}
	})
}

// setSavedCmd saves or forgets a creator; the app reports it.
func (a *app) setSavedCmd(creator, who string, on bool) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		if err := h.Save(creator, on); err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		if on {
			return doneMsg{text: "Saved " + who + ".", ids: []string{creator}}
		}
		return doneMsg{text: "Removed " + who + " from saved.", ids: []string{creator}}
	})
}

// setBlockedCmd blocks or unblocks a creator; the app reports it.
func (a *app) setBlockedCmd(creator, who string, on bool) tea.Cmd {
	h := a.h
	return shell.To(a, func() tea.Msg {
		var err error
		if on {
			err = h.Block(creator)
		} else {
			err = h.Unblock(creator)
		}
		if err != nil {
			return doneMsg{text: shell.ErrText(err), err: true}
		}
		if on {
			return doneMsg{text: "Blocked " + who + ".", ids: []string{creator}}
		}
		return doneMsg{text: "Unblocked " + who + ".", ids: []string{creator}}
	})
}
