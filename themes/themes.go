// Package themes holds the console's colour palettes as plain data. A
// palette is turned into styles in one place (ui/shell), per session, so
// every SSH client gets colours for its own terminal.
package themes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Palette is a named set of colours. Each field is a lipgloss colour value:
// AdaptiveColor (light/dark background), Color, or NoColor.
type Palette struct {
	Name string

	Text     lipgloss.TerminalColor // body text
	Muted    lipgloss.TerminalColor // secondary text, hints
	Accent   lipgloss.TerminalColor // titles, the active tab, the cursor mark
	Accent2  lipgloss.TerminalColor // handles, keys in help
	Good     lipgloss.TerminalColor // connected, allowed
	Warn     lipgloss.TerminalColor // counted, falling, low quota
	Bad      lipgloss.TerminalColor // blocked, refused, errors
	Saved    lipgloss.TerminalColor // the saved badge
	SelFg    lipgloss.TerminalColor // the selected row
	SelBg    lipgloss.TerminalColor
	BarFg    lipgloss.TerminalColor // the gauge and tab bar
	BarBg    lipgloss.TerminalColor
	GaugeOn  lipgloss.TerminalColor // the filled part of the quota bar
	GaugeOff lipgloss.TerminalColor

	// Reverse draws the selection and bars in reverse video instead of
	// colours (for the no-colour palette).
	Reverse bool
}

func ac(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

// Dark is the default palette, tuned for dark backgrounds.
var Dark = Palette{
	Name:     "dark",
	Text:     ac("#1F1F1F", "#DDDDDD"),
	Muted:    ac("#707070", "#8A8A8A"),
	Accent:   ac("#6A3FD1", "#B18CFF"),
	Accent2:  ac("#0B7285", "#66D9E8"),
	Good:     ac("#2B8A3E", "#69DB7C"),
	Warn:     ac("#B35C00", "#FFC078"),
	Bad:      ac("#C92A2A", "#FF8787"),
	Saved:    ac("#A61E4D", "#F783AC"),
	SelFg:    ac("#FFFFFF", "#FFFFFF"),
	SelBg:    ac("#6A3FD1", "#5F3DC4"),
	BarFg:    ac("#1F1F1F", "#E9ECEF"),
	BarBg:    ac("#E9ECEF", "#2B2B3A"),
	GaugeOn:  ac("#2B8A3E", "#69DB7C"),
	GaugeOff: ac("#CED4DA", "#495057"),
}

// Light is tuned for light backgrounds.
var Light = Palette{
	Name:     "light",
	Text:     lipgloss.Color("#212529"),
	Muted:    lipgloss.Color("#6C757D"),
	Accent:   lipgloss.Color("#5F3DC4"),
	Accent2:  lipgloss.Color("#0B7285"),
	Good:     lipgloss.Color("#2B8A3E"),
	Warn:     lipgloss.Color("#D9480F"),
	Bad:      lipgloss.Color("#C92A2A"),
	Saved:    lipgloss.Color("#A61E4D"),
	SelFg:    lipgloss.Color("#FFFFFF"),
	SelBg:    lipgloss.Color("#5F3DC4"),
	BarFg:    lipgloss.Color("#212529"),
	BarBg:    lipgloss.Color("#DEE2E6"),
	GaugeOn:  lipgloss.Color("#2B8A3E"),
	GaugeOff: lipgloss.Color("#ADB5BD"),
}

// HighContrast uses the 16 basic ANSI colours at full strength.
var HighContrast = Palette{
	Name:     "high-contrast",
	Text:     ac("0", "15"),
	Muted:    ac("0", "15"),
	Accent:   ac("4", "14"),
	Accent2:  ac("6", "11"),
	Good:     ac("2", "10"),
	Warn:     ac("3", "11"),
	Bad:      ac("1", "9"),
	Saved:    ac("5", "13"),
	SelFg:    ac("15", "0"),
	SelBg:    ac("0", "15"),
	BarFg:    ac("15", "0"),
	BarBg:    ac("0", "15"),
	GaugeOn:  ac("2", "10"),
	GaugeOff: ac("0", "8"),
}

// NoColor draws with no colour at all: emphasis is bold and reverse video.
var NoColor = Palette{
	Name:     "no-color",
	Text:     lipgloss.NoColor{},
	Muted:    lipgloss.NoColor{},
	Accent:   lipgloss.NoColor{},
	Accent2:  lipgloss.NoColor{},
	Good:     lipgloss.NoColor{},
	Warn:     lipgloss.NoColor{},
	Bad:      lipgloss.NoColor{},
	Saved:    lipgloss.NoColor{},
	SelFg:    lipgloss.NoColor{},
	SelBg:    lipgloss.NoColor{},
	BarFg:    lipgloss.NoColor{},
	BarBg:    lipgloss.NoColor{},
	GaugeOn:  lipgloss.NoColor{},
	GaugeOff: lipgloss.NoColor{},
	Reverse:  true,
}

var all = []Palette{Dark, Light, HighContrast, NoColor}

// Names lists the palettes in cycling order.
func Names() []string {
	out := make([]string, len(all))
	for i, p := range all {
		out[i] = p.Name
	}
	return out
}

// ByName finds a palette; "" is Dark. "nocolor", "no-colour" and "none" are
// accepted for NoColor, "hc" for HighContrast.
func ByName(name string) (Palette, error) {
	switch n := strings.ToLower(strings.TrimSpace(name)); n {
	case "":
		return Dark, nil
	case "nocolor", "no-colour", "nocolour", "none", "no_color", "mono":
		return NoColor, nil
	case "hc", "high_contrast", "highcontrast":
		return HighContrast, nil
	default:
		for _, p := range all {
			if p.Name == n {
				return p, nil
			}
		}
	}
	return Palette{}, fmt.Errorf("theme %q: want one of %s", name, strings.Join(Names(), ", "))
}

// Next is the palette after name in cycling order (the first after the last,
// or after an unknown name).
func Next(name string) Palette {
	for i, p := range all {
		if p.Name == name {
			return all[(i+1)%len(all)]
		}
	}
	return all[0]
}
