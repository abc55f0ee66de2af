package shell

import (
	"strconv"
	"strings"
)

// Line writes one screen line of painted spans with the fewest bytes a
// terminal needs to show it: a paint's escape code only when the paint
// changes (never a reset between two colours), blanks in whatever paint is
// in effect when they look the same in it, a long run of blanks as "erase
// n cells, move n cells" (where the session's terminal takes escape codes)
// and no trailing blanks at all: the renderer clears to the end of every
// line it writes. The line ends with no paint in effect.
//
// Text given to a Line is plain and safe (the caller made it so), and the
// line must fit the screen: its width is not measured again here.
type Line struct {
	b      *strings.Builder
	cur    Paint // in effect in what has been written
	blanks int   // blanks not yet written
	cells  bool  // long runs of blanks may be erased and skipped
}

// LineOn starts a line at the end of b, for the session's styles; End
// finishes it.
func (st *Styles) LineOn(b *strings.Builder) Line { return Line{b: b, cells: st.escapes} }

// eraseRun is the shortest run of blanks worth "erase n, forward n"
// (about ten bytes) instead of n spaces.
const eraseRun = 12

// Blank adds n blank cells.
func (l *Line) Blank(n int) {
	if n > 0 {
		l.blanks += n
	}
}

// Add adds s in paint p. The blanks around s are blanks of the line (they
// show the same in any paint that has no background, reverse or underline).
func (l *Line) Add(p Paint, s string) {
	if s == "" {
		return
	}
	if p.blankSafe() {
		t := strings.TrimLeft(s, " ")
		l.Blank(len(s) - len(t))
		s = strings.TrimRight(t, " ")
		defer l.Blank(len(t) - len(s))
		if s == "" {
			return
		}
	}
	l.flushBlanks(p)
	l.set(p)
	l.b.WriteString(s)
}

// AddStyled adds text painted elsewhere, which must end with no paint in
// effect (as Paint.S and lipgloss leave it).
func (l *Line) AddStyled(s string) {
	if s == "" {
		return
	}
	l.flushBlanks(Paint{})
	l.set(Paint{})
	l.b.WriteString(s)
}

// End finishes the line: no paint in effect, trailing blanks dropped.
func (l *Line) End() {
	l.blanks = 0
	l.set(Paint{})
}

// flushBlanks writes the pending blanks before text in paint next: in the
// paint in effect or in next when they show as blanks there, else with no
// paint.
func (l *Line) flushBlanks(next Paint) {
	n := l.blanks
	if n == 0 {
		return
	}
	l.blanks = 0
	if !l.cur.blankSafe() {
		if next.blankSafe() {
			l.set(next)
		} else {
			l.set(Paint{})
		}
	}
	if l.cells && n >= eraseRun {
		// ECH then CUF: the cells are cleared (a frame rewrites a line
		// over the last one) without sending each.
		num := strconv.Itoa(n)
		l.b.WriteString("\x1b[" + num + "X\x1b[" + num + "C")
		return
	}
	for range n {
		l.b.WriteByte(' ')
	}
}

// set makes p the paint in effect.
func (l *Line) set(p Paint) {
	switch {
	case p.pre == l.cur.pre:
	case p.pre == "":
		l.b.WriteString("\x1b[m")
	case l.cur.pre == "" || l.cur.fgOnly:
		l.b.WriteString(p.pre) // a colour replaces a colour
	default:
		l.b.WriteString("\x1b[0;" + p.params() + "m") // reset the attributes, then p
	}
	l.cur = p
}
