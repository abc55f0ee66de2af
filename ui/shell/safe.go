package shell

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"outreach/model"
)

// This file is the one chokepoint through which text from the store (names,
// handles, bios, messages, categories, the checker's sentences) reaches the
// screen. Text is cleaned on the way in too, but rendering does not trust
// that: every pane puts store text on screen through Safe, SafeFit or
// SafeWrap, never directly.

// Safe makes one untrusted single-line field harmless for a terminal.
func Safe(s string) string { return model.SafeLine(s) }

// SafeFit is Safe clipped to w cells, with an ellipsis when cut.
func SafeFit(s string, w int) string { return Fit(model.SafeLine(s), w) }

// SafeWrap makes untrusted multi-line text harmless and wraps it to w cells.
func SafeWrap(s string, w int) []string {
	s = model.SafeText(s)
	if w < 1 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(para, w, " -"), "\n")...)
	}
	return out
}

// Fit clips already safe plain text to w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w && isASCII(s) {
		return s
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Pad clips plain text to w cells and pads it with spaces to exactly w.
func Pad(s string, w int) string {
	s = Fit(s, w)
	n := Width(s)
	if n >= w {
		return s
	}
	return s + strings.Repeat(" ", w-n)
}

// PadLeft right-aligns plain text in w cells.
func PadLeft(s string, w int) string {
	s = Fit(s, w)
	n := Width(s)
	if n >= w {
		return s
	}
	return strings.Repeat(" ", w-n) + s
}

// Width is the cell width of plain (unstyled) text.
func Width(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// WidthANSI is the cell width of text that may carry styling.
func WidthANSI(s string) int { return ansi.StringWidth(s) }

// Center places lines in the middle of a w×h screen.
func Center(w, h int, lines []string) string {
	var b strings.Builder
	top := max((h-len(lines))/2, 0)
	b.WriteString(strings.Repeat("\n", top))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "…")
			lw = w
		}
		b.WriteString(strings.Repeat(" ", max((w-lw)/2, 0)))
		b.WriteString(l)
	}
	return b.String()
}
