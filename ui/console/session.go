package console

import (
	"time"

	"github.com/charmbracelet/lipgloss"

	"outreach/store"
	"outreach/themes"
)

// Session is everything one console session shares between its panes: the
// renderer of its own terminal, styles built from it, its own copy of the
// key map, its size, the store and the acting seller. It is built once per
// program (per SSH session), so nothing here is global.
type Session struct {
	Renderer *lipgloss.Renderer
	Styles   *Styles
	Keys     KeyMap
	Store    *store.Store
	Seller   string
	Now      func() time.Time
	Width    int
	Height   int
	Theme    themes.Palette
}

// SetTheme switches the palette and rebuilds the styles.
func (s *Session) SetTheme(p themes.Palette) {
	s.Theme = p
	s.Styles = NewStyles(s.Renderer, p)
}
