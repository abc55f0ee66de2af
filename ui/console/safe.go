package console

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"outreach/model"
)

// This file is the one chokepoint through which text from the store (names,
// handles, bios, messages, categories, the checker's sentences) reaches the
// screen. Text is cleaned on the way in too, but rendering does not trust
// that: every pane puts store text on screen through safe, safeFit or
// safeWrap, never directly.

// safe makes one untrusted single-line field harmless for a terminal.
func safe(s string) string { return model.SafeLine(s) }

// safeFit is safe clipped to w cells, with an ellipsis when cut.
func safeFit(s string, w int) string { return fit(model.SafeLine(s), w) }

// safeWrap makes untrusted multi-line text harmless and wraps it to w cells.
func safeWrap(s string, w int) []string {
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

// fit clips already safe plain text to w cells.
func fit(s string, w int) string {
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

// pad clips plain text to w cells and pads it with spaces to exactly w.
func pad(s string, w int) string {
	s = fit(s, w)
	n := width(s)
	if n >= w {
		return s
	}
	return s + strings.Repeat(" ", w-n)
}

// padLeft right-aligns plain text in w cells.
func padLeft(s string, w int) string {
	s = fit(s, w)
	n := width(s)
	if n >= w {
		return s
	}
	return strings.Repeat(" ", w-n) + s
}

// width is the cell width of plain (unstyled) text.
func width(s string) int {
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

// widthANSI is the cell width of text that may carry styling.
func widthANSI(s string) int { return ansi.StringWidth(s) }
