// Package shell is the frame every screen shares: the per-session state
// (renderer, styles, key map, size), the safe text functions, the status
// line and the help, and one root model that routes for every role: keys go
// to the modal or the focused pane, then to the role's keys, then to the
// global bindings; a store result goes to the pane that asked for it.
package shell

import (
	"context"
	"os"

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
	// Theme is a themes name; "" is dark, light on a light background, or
	// no-colour when NoColor is set.
	Theme string
	// NoColor: the client asked for no colour (NO_COLOR). The screens draw
	// with the no-colour palette: state stays visible by bold, underline
	// and reverse video, never by colour alone.
	NoColor bool
	// LightBackground: the client's terminal has a light background (from
	// COLORFGBG), so the default theme is light.
	LightBackground bool
	// ReadOnly: nothing can be sent or changed in this session (the
	// principal refuses every write; the frame says "read-only").
	ReadOnly bool
	// Keys is the user's key remapping (LoadKeyConfig); nil: the defaults.
	Keys KeyConfig
	// LocalFiles: the session runs on the user's own machine, so exports
	// may write files (never over SSH, where a file would land on the server).
	LocalFiles bool
	// Renderer is the session's renderer; nil is a new one on stdout. Its
	// background is LightBackground's: the session never asks the terminal
	// (a query holds the first frame until the terminal answers, or for
	// seconds when it does not).
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
	// ReadOnly: the frame says "read-only"; the principal refuses writes.
	ReadOnly bool
	// LocalFiles: exports may write files on this machine.
	LocalFiles bool
	// NoColor: the client asked for no colour; every theme keeps state
	// visible by attributes.
	NoColor bool

	keyConfig KeyConfig
}

// NewSession builds the per-session state from opts: the session's own
// renderer (no colour when the client asked for none), the theme's styles
// and a fresh key map. ctx is the session's lifetime.
func NewSession(ctx context.Context, opts Options) (*Session, error) {
	r := opts.Renderer
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	if opts.NoColor {
		// NO_COLOR asks for no colour, not for no emphasis: termenv's
		// Ascii profile (what NO_COLOR selects) drops bold and reverse
		// too, which would hide the active tab and the selection. The
		// no-colour palette carries no colour, so the 16-colour profile
		// only ever emits attributes. (A terminal that cannot show
		// attributes at all is not given NoColor by its door.)
		r.SetColorProfile(termenv.ANSI)
	}
	r.SetHasDarkBackground(!opts.LightBackground) // decided, never queried
	name := opts.Theme
	switch {
	case name == "" && opts.NoColor:
		name = themes.NoColor.Name
	case name == "" && opts.LightBackground:
		name = themes.Light.Name
	}
	pal, err := themes.ByName(name)
	if err != nil {
		return nil, err
	}
	s := &Session{Ctx: ctx, Renderer: r, Keys: DefaultKeyMap(), Width: MinWidth, Height: MinHeight,
		ReadOnly: opts.ReadOnly, LocalFiles: opts.LocalFiles, NoColor: opts.NoColor, keyConfig: opts.Keys}
	if err := s.ApplyKeys("", nil); err != nil {
		return nil, err
	}
	s.SetTheme(pal)
	return s, nil
}

// SetTheme switches the palette and rebuilds the styles. Under NO_COLOR
// every palette keeps its attributes (reverse selection and bars), so
// cycling the theme never hides state.
func (s *Session) SetTheme(p themes.Palette) {
	if s.NoColor {
		p.Reverse = true
	}
	s.Theme = p
	s.Styles = NewStyles(s.Renderer, p)
}

// TooSmall reports a terminal below the minimum size.
func (s *Session) TooSmall() bool { return s.Width < MinWidth || s.Height < MinHeight }
