package program

import (
	"math"
	"strings"
)

// The charts are drawn by hand as plain text, one string per line, and
// painted by the caller with the session's paints: one colour run per bar,
// never a style per cell. (Measured against ntcharts v0.4.0, which renders
// each cell through lipgloss: about 0.9 ms a 26-week chart against a few
// microseconds here, and an escape pair per cell on the wire.)

// hEighths are the left-aligned blocks of 1..8 eighths of a cell.
var hEighths = [...]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"}

// vEighths are the bottom-aligned blocks of 1..8 eighths of a cell.
var vEighths = [...]string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

// hbar is a horizontal bar of frac (clamped to 0..1) of w cells, with an
// eighth of a cell's precision; a value above 0 always shows at least an
// eighth. The result is at most w cells; pad it with the track.
func hbar(frac float64, w int) string {
	if w <= 0 || !(frac > 0) {
		return ""
	}
	e := int(math.Round(min(frac, 1) * float64(w*8)))
	e = max(e, 1)
	var b strings.Builder
	b.Grow(3 * (e/8 + 1))
	for range e / 8 {
		b.WriteString("█")
	}
	b.WriteString(hEighths[e%8])
	return b.String()
}

// hbarWidth is the cells hbar(frac, w) takes.
func hbarWidth(frac float64, w int) int {
	if w <= 0 || !(frac > 0) {
		return 0
	}
	e := max(int(math.Round(min(frac, 1)*float64(w*8))), 1)
	return (e + 7) / 8
}

// columns draws vals as a column chart h rows high, each value colw cells
// wide followed by gap blank cells, scaled to top (the largest value when
// top <= 0). It returns the h rows, top first, each len(vals)*(colw+gap)
// cells wide. A value above 0 always shows at least an eighth.
func columns(vals []int64, h, colw, gap int, top int64) []string {
	if h <= 0 || colw <= 0 {
		return nil
	}
	if top <= 0 {
		for _, v := range vals {
			top = max(top, v)
		}
	}
	eighths := make([]int, len(vals))
	for i, v := range vals {
		if v <= 0 || top <= 0 {
			continue
		}
		e := int(math.Round(float64(min(v, top)) / float64(top) * float64(h*8)))
		eighths[i] = max(e, 1)
	}
	blank := strings.Repeat(" ", gap)
	rows := make([]string, h)
	var b strings.Builder
	for r := range h {
		b.Reset()
		base := (h - 1 - r) * 8 // eighths below this row
		for i, e := range eighths {
			cell := vEighths[min(max(e-base, 0), 8)]
			for range colw {
				b.WriteString(cell)
			}
			if i < len(eighths)-1 || gap > 0 {
				b.WriteString(blank)
			}
		}
		rows[r] = b.String()
	}
	return rows
}

// spark is vals as a one-line sparkline, one cell each, scaled to the
// largest value.
func spark(vals []int64) string {
	rows := columns(vals, 1, 1, 0, 0)
	if len(rows) == 0 {
		return ""
	}
	return rows[0]
}
