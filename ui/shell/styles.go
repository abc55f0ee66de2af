package shell

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"outreach/themes"
)

// Paint is a style reduced to its escape sequences, so the hot render path
// can colour a span with two string concatenations instead of a full
// lipgloss Render. Only for colour, bold and reverse: no padding or width.
type Paint struct{ pre, post string }

// S paints s.
func (p Paint) S(s string) string {
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

func paintOf(st lipgloss.Style) Paint {
	out := st.Render("X")
	i := strings.IndexByte(out, 'X')
	if i < 0 {
		return Paint{}
	}
	return Paint{pre: out[:i], post: out[i+1:]}
}

// Styles are the paints of one session, built from its renderer and palette
// by NewStyles, the one place colours become styles.
type Styles struct {
	Text, Muted, Title, Handle, Key Paint
	Good, Warn, Bad, Saved          Paint
	Selected, Marked                Paint
	Bar, BarActive, BarMuted        Paint
	GaugeOn, GaugeOff               Paint
	Input                           Paint
	// Help styles the bubbles/help component.
	HelpKey, HelpDesc, HelpSep lipgloss.Style
}

// NewStyles builds a session's styles from its renderer and a palette.
func NewStyles(r *lipgloss.Renderer, p themes.Palette) *Styles {
	fg := func(c lipgloss.TerminalColor) lipgloss.Style { return r.NewStyle().Foreground(c) }
	s := &Styles{
		Text:      paintOf(fg(p.Text)),
		Muted:     paintOf(fg(p.Muted).Faint(p.Reverse)),
		Title:     paintOf(fg(p.Accent).Bold(true)),
		Handle:    paintOf(fg(p.Accent2)),
		Key:       paintOf(fg(p.Accent2).Bold(true)),
		Good:      paintOf(fg(p.Good)),
		Warn:      paintOf(fg(p.Warn)),
		Bad:       paintOf(fg(p.Bad).Bold(p.Reverse)),
		Saved:     paintOf(fg(p.Saved)),
		Marked:    paintOf(fg(p.Accent).Bold(true)),
		GaugeOn:   paintOf(fg(p.GaugeOn)),
		GaugeOff:  paintOf(fg(p.GaugeOff)),
		Input:     paintOf(fg(p.Accent2)),
		HelpKey:   r.NewStyle().Foreground(p.Accent2).Bold(true),
		HelpDesc:  r.NewStyle().Foreground(p.Text),
		HelpSep:   r.NewStyle().Foreground(p.Muted),
		Selected:  paintOf(r.NewStyle().Foreground(p.SelFg).Background(p.SelBg).Reverse(p.Reverse)),
		Bar:       paintOf(r.NewStyle().Foreground(p.BarFg).Background(p.BarBg)),
		BarActive: paintOf(r.NewStyle().Foreground(p.SelFg).Background(p.SelBg).Bold(true).Reverse(p.Reverse)),
		BarMuted:  paintOf(r.NewStyle().Foreground(p.Muted).Background(p.BarBg)),
	}
	return s
}
