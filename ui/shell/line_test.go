package shell

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/themes"
)

// pen is a terminal's graphic state, as far as a cell shows it.
type pen struct {
	fg, bg                              string
	bold, faint, under, reverse, strike bool
}

type cell struct {
	r rune
	p pen
}

// looks is what a person sees of c: a blank shows only its background,
// reverse video, underline and strike-through.
func (c cell) looks() cell {
	if c.r == ' ' {
		return cell{' ', pen{bg: c.p.bg, reverse: c.p.reverse, under: c.p.under, strike: c.p.strike}}
	}
	return c
}

// emulate writes s on a line of w cells full of stale text, as a terminal
// with back-colour erase does: printable runes, SGR, ECH (X), CUF (C) and
// EL (K). It fails t on anything else.
func emulate(t *testing.T, s string, w int) []cell {
	t.Helper()
	line := make([]cell, w)
	for i := range line {
		line[i] = cell{'#', pen{fg: "stale", bold: true}}
	}
	var p pen
	x := 0
	for len(s) > 0 {
		if !strings.HasPrefix(s, "\x1b[") {
			r := []rune(s)[0]
			if x < w {
				line[x] = cell{r, p}
			}
			x++
			s = s[len(string(r)):]
			continue
		}
		end := strings.IndexAny(s[2:], "mXCK")
		if end < 0 {
			t.Fatalf("unknown escape in %q", s)
		}
		params, final := s[2:2+end], s[2+end]
		s = s[3+end:]
		n, _ := strconv.Atoi(params)
		switch final {
		case 'm':
			p = sgr(t, p, params)
		case 'X':
			for i := x; i < x+n && i < w; i++ {
				line[i] = cell{' ', pen{bg: p.bg}}
			}
		case 'C':
			x += n
		case 'K':
			for i := x; i < w; i++ {
				line[i] = cell{' ', pen{bg: p.bg}}
			}
		}
	}
	for i := range line {
		line[i] = line[i].looks()
	}
	return line
}

func sgr(t *testing.T, p pen, params string) pen {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		n, _ := strconv.Atoi(ps[i])
		switch {
		case n == 0:
			p = pen{}
		case n == 1:
			p.bold = true
		case n == 2:
			p.faint = true
		case n == 4:
			p.under = true
		case n == 7:
			p.reverse = true
		case n == 9:
			p.strike = true
		case n == 22:
			p.bold, p.faint = false, false
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			p.fg = ps[i]
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			p.bg = ps[i]
		case n == 38 || n == 48:
			k := 2
			if ps[i+1] == "2" {
				k = 4
			}
			c := strings.Join(ps[i+1:i+1+k], ";")
			if n == 38 {
				p.fg = c
			} else {
				p.bg = c
			}
			i += k
		case n == 39:
			p.fg = ""
		case n == 49:
			p.bg = ""
		default:
			t.Fatalf("unknown SGR %d in %q", n, params)
		}
	}
	return p
}

// span is one step of a line: text in a paint (by name), blanks, or
// styled text.
type span struct {
	paint  string
	text   string
	blanks int
	styled bool
}

func paintNamed(st *Styles, name string) Paint {
	return map[string]Paint{"": {}, "text": st.Text, "muted": st.Muted, "title": st.Title, "handle": st.Handle,
		"warn": st.Warn, "bad": st.Bad, "selected": st.Selected, "bar": st.Bar, "marked": st.Marked}[name]
}

// naive is the line as the screens drew it before Line: every span
// painted on its own, every blank written.
func naive(st *Styles, spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.styled:
			b.WriteString(st.Good.S(s.text))
		case s.blanks > 0:
			b.WriteString(strings.Repeat(" ", s.blanks))
		default:
			b.WriteString(paintNamed(st, s.paint).S(s.text))
		}
	}
	return b.String()
}

func withLine(st *Styles, spans []span) string {
	var b strings.Builder
	l := st.LineOn(&b)
	for _, s := range spans {
		switch {
		case s.styled:
			l.AddStyled(st.Good.S(s.text))
		case s.blanks > 0:
			l.Blank(s.blanks)
		default:
			l.Add(paintNamed(st, s.paint), s.text)
		}
	}
	l.End()
	return b.String()
}

// TestLineLooksTheSame: whatever the profile and palette, a line written
// by Line shows on the screen exactly what the naive painting shows, over
// a line of stale text (once the renderer's erase to the end of the line
// follows), in no more bytes.
func TestLineLooksTheSame(t *testing.T) {
	row := []span{{text: "  "}, {paint: "handle", text: "@ava.stone12   "}, {blanks: 1}, {paint: "text", text: "Ava Stone" + strings.Repeat(" ", 31)},
		{blanks: 1}, {paint: "text", text: "L3  "}, {blanks: 1}, {paint: "text", text: "    12.3k"}, {blanks: 1},
		{paint: "muted", text: "aff "}, {blanks: 1}, {paint: "text", text: "  $1.2k"}, {blanks: 1},
		{paint: "muted", text: "beauty" + strings.Repeat(" ", 34)}, {blanks: 1}, {styled: true, text: "connected"}}
	cases := map[string][]span{
		"row":            row,
		"row, no badges": row[:len(row)-2],
		"selected":       {{paint: "selected", text: "> @ava  Ava Stone   L3      "}},
		"bold then text": {{paint: "title", text: "handle"}, {blanks: 3}, {paint: "text", text: "x"}, {paint: "bad", text: "y"}},
		"bar blanks":     {{paint: "bar", text: " 1 Find "}, {blanks: 20}, {paint: "bar", text: "  "}, {paint: "text", text: "z"}},
		"plain":          {{text: "a  b"}, {blanks: 14}, {text: "c"}},
		"marked blanks":  {{paint: "marked", text: " ●"}, {paint: "selected", text: "  "}, {blanks: 13}, {paint: "", text: "end"}},
		"empty":          {},
	}
	for _, prof := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, pal := range []themes.Palette{themes.Dark, themes.Light, themes.HighContrast, themes.NoColor} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(prof)
			s, err := NewSession(context.Background(), Options{Renderer: r, Theme: pal.Name})
			if err != nil {
				t.Fatal(err)
			}
			for name, spans := range cases {
				old, got := naive(s.Styles, spans), withLine(s.Styles, spans)
				a, b := emulate(t, old+"\x1b[K", 120), emulate(t, got+"\x1b[K", 120)
				for i := range a {
					if a[i] != b[i] {
						t.Errorf("%v %s %s: cell %d is %+v, want %+v\nline  %q\nnaive %q", prof, pal.Name, name, i, b[i], a[i], got, old)
						break
					}
				}
				if len(got) > len(old)+len("\x1b[m") {
					t.Errorf("%v %s %s: %d bytes, more than the naive %d", prof, pal.Name, name, len(got), len(old))
				}
			}
		}
	}
}

// TestLineBytes: the escapes Line writes for a few lines, in truecolour.
func TestLineBytes(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	s, err := NewSession(context.Background(), Options{Renderer: r})
	if err != nil {
		t.Fatal(err)
	}
	st := s.Styles
	text := st.Text.pre
	for _, tc := range []struct {
		name  string
		spans []span
		want  string
	}{
		{"one colour, one code", []span{{paint: "text", text: "a  "}, {blanks: 1}, {paint: "text", text: " b"}}, text + "a    b\x1b[m"},
		{"trailing blanks dropped", []span{{paint: "text", text: "a"}, {blanks: 40}}, text + "a\x1b[m"},
		{"long blanks erased and skipped", []span{{text: "a"}, {blanks: 20}, {text: "b"}}, "a\x1b[20X\x1b[20Cb"},
		{"short blanks written", []span{{text: "a"}, {blanks: 11}, {text: "b"}}, "a           b"},
		{"leading blanks plain", []span{{paint: "text", text: "   x"}}, "   " + text + "x\x1b[m"},
		{"bold needs a reset", []span{{paint: "title", text: "T"}, {paint: "text", text: "x"}}, st.Title.pre + "T\x1b[0;" + st.Text.params() + "mx\x1b[m"},
		{"nothing", nil, ""},
	} {
		if got := withLine(st, tc.spans); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestSGRKinds reads SGR parameters.
func TestSGRKinds(t *testing.T) {
	for _, tc := range []struct {
		params        string
		fgOnly, marks bool
	}{
		{"38;2;1;2;3", true, false},
		{"38;5;12", true, false},
		{"31", true, false},
		{"1;38;2;1;2;3", false, false},
		{"2", false, false},
		{"38;2;255;255;255;48;2;95;61;196", false, true},
		{"7", false, true},
		{"4", false, true},
		{"97;44", false, true},
		{"x", false, true},
	} {
		f, m := sgrKinds(tc.params)
		if f != tc.fgOnly || m != tc.marks {
			t.Errorf("%q: fgOnly %v marksBlanks %v, want %v %v", tc.params, f, m, tc.fgOnly, tc.marks)
		}
	}
}
