package console

import (
	"errors"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

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

// newSession builds the per-session state every screen shares from opts:
// the session's own renderer (no colour when the client asked for none), the
// theme's styles, a fresh key map and the clock.
func newSession(opts Options) (*Session, error) {
	if opts.Store == nil {
		return nil, errors.New("console: no store")
	}
	r := opts.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if opts.NoColor {
		r.SetColorProfile(termenv.Ascii)
	}
	name := opts.Theme
	if name == "" && opts.NoColor {
		name = themes.NoColor.Name
	}
	pal, err := themes.ByName(name)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Session{Renderer: r, Keys: DefaultKeyMap(), Store: opts.Store, Now: now, Width: MinWidth, Height: MinHeight}
	s.SetTheme(pal)
	return s, nil
}
