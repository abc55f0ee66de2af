// Package colorfgbg decides the local terminal's background from the
// COLORFGBG variable, before Bubble Tea can ask the terminal.
//
// Bubble Tea v1 asks lipgloss for the terminal's background in its package
// initialisation (tea_init.go): on a terminal in the foreground that is an
// OSC 11 query and a cursor position report, and a terminal that answers
// neither holds the program for termenv's five-second timeout before main
// even starts. This package's init sets the answer first, so the query is
// never sent: Go initialises packages in import path order among those
// whose imports are ready, and this module's path, "colorfgbg", sorts
// before "github.com/charmbracelet/bubbletea". It is a module of its own
// for that reason only (every path in the outreach module sorts after).
package colorfgbg

import (
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

func init() {
	// lipgloss's default renderer is the process's one terminal (stdout);
	// setting it here is what Bubble Tea's own init would have queried.
	lipgloss.SetHasDarkBackground(!Light(os.Getenv("COLORFGBG")))
}

// Light reads COLORFGBG ("15;0", "0;default;15": foreground, optional
// fields, background as an ANSI colour index), which terminals such as
// rxvt, Konsole and iTerm2 set. The background is light when it is 7
// (light grey) or 9..15 (the bright colours but 8, dark grey). An empty or
// unreadable value is not light: dark is the default.
func Light(colorfgbg string) bool {
	if colorfgbg == "" {
		return false
	}
	fields := strings.Split(colorfgbg, ";")
	bg := fields[len(fields)-1]
	n := 0
	if bg == "" || len(bg) > 2 {
		return false
	}
	for _, c := range bg {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n == 7 || (n >= 9 && n <= 15)
}
