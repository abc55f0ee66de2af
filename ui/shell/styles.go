package shell

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/themes"
)

// Paint is a style reduced to its escape sequences, so the hot render path
// can colour a span with two string concatenations instead of a full
// lipgloss Render. Only for colour, bold and reverse: no padding or width.
type Paint struct {
	pre, post string
	// fgOnly: pre sets a foreground colour and nothing else, so another
	// paint can follow it without a reset.
	fgOnly bool
	// marksBlanks: pre shows on a blank cell (a background, reverse
	// video, underline or strike-through).
	marksBlanks bool
}

// S paints s.
func (p Paint) S(s string) string {
	if p.pre == "" || s == "" {
		return s
	}
	return p.pre + s + p.post
}

// blankSafe reports that a blank looks the same in p as in no paint.
func (p Paint) blankSafe() bool { return !p.marksBlanks }

// params are the SGR parameters of pre: "38;2;1;2;3" of "\x1b[38;2;1;2;3m".
func (p Paint) params() string {
	return strings.TrimSuffix(strings.TrimPrefix(p.pre, "\x1b["), "m")
}

func paintOf(st lipgloss.Style) Paint {
	out := st.Render("X")
	i := strings.IndexByte(out, 'X')
	if i < 0 {
		return Paint{}
	}
	p := Paint{pre: out[:i], post: out[i+1:]}
	if p.pre == "" {
		return p
	}
	p.fgOnly, p.marksBlanks = sgrKinds(p.params())
	if strings.Count(p.pre, "\x1b") != 1 || !strings.HasPrefix(p.pre, "\x1b[") || !strings.HasSuffix(p.pre, "m") {
		p.fgOnly, p.marksBlanks = false, true // not one SGR: treat as opaque
	}
	return p
}

// sgrKinds reads SGR parameters: fgOnly when they set a foreground colour
// and nothing else, marksBlanks when they include what shows on a blank
// cell (background, reverse, underline, strike-through).
func sgrKinds(params string) (fgOnly, marksBlanks bool) {
	ps := strings.Split(params, ";")
	fgOnly = true
	for i := 0; i < len(ps); i++ {
		n, err := strconv.Atoi(ps[i])
		if err != nil {
			return false, true
		}
		switch {
		case n == 38 || n == 48: // extended colour: 5;n or 2;r;g;b
			skip := 2
			if i+1 < len(ps) && ps[i+1] == "2" {
				skip = 4
			}
			i += skip
			if n == 48 {
				fgOnly, marksBlanks = false, true
			}
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
		case n >= 40 && n <= 47, n >= 100 && n <= 107, n == 4, n == 7, n == 9:
			fgOnly, marksBlanks = false, true
		default: // bold, faint, italic, ...
			fgOnly = false
		}
	}
	return fgOnly, marksBlanks
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

	escapes bool // the terminal takes escape codes (not the Ascii profile)
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
		escapes:   r.ColorProfile() != termenv.Ascii,
	}
	return s
}
