// Package shell is the frame every screen shares: the per-session state
// (renderer, styles, key map, size), the safe text functions, the status
// line and the help, and one root model that routes for every role: keys go
// to the modal or the focused pane, then to the role's keys, then to the
// global bindings; a store result goes to the pane that asked for it.
package shell

import (
	"context"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/themes"
)

// MinWidth and MinHeight are the smallest terminal the layouts hold in.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configure one session of any screen.
type Options struct {
	// Account is what the screen shows: the seller of the console, the
	// creator of the inbox, the name of an agent or admin. "" is the
	// principal's own account (for the console as operator: the first seller).
	Account string
	// Theme is a themes name; "" is dark, or no-colour when NoColor is set.
	Theme string
	// NoColor: the client asked for no colour (NO_COLOR).
	NoColor bool
	// Renderer is the session's renderer; nil is lipgloss.DefaultRenderer().
	Renderer *lipgloss.Renderer
}

// Session is everything one session shares between its panes: its context
// (which ends with the session), the renderer of its own terminal, styles
// built from it, its own copy of the key map and its size. It is built once
// per program (per SSH session), so nothing here is global.
type Session struct {
	Ctx      context.Context
	Renderer *lipgloss.Renderer
	Styles   *Styles
	Keys     KeyMap
	Theme    themes.Palette
	Width    int
	Height   int
}

// NewSession builds the per-session state from opts: the session's own
// renderer (no colour when the client asked for none), the theme's styles
// and a fresh key map. ctx is the session's lifetime.
func NewSession(ctx context.Context, opts Options) (*Session, error) {
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
	s := &Session{Ctx: ctx, Renderer: r, Keys: DefaultKeyMap(), Width: MinWidth, Height: MinHeight}
	s.SetTheme(pal)
	return s, nil
}

// SetTheme switches the palette and rebuilds the styles.
func (s *Session) SetTheme(p themes.Palette) {
	s.Theme = p
	s.Styles = NewStyles(s.Renderer, p)
}

// TooSmall reports a terminal below the minimum size.
func (s *Session) TooSmall() bool { return s.Width < MinWidth || s.Height < MinHeight }
