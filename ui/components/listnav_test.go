package components

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/shell"
)

func TestListNav(t *testing.T) {
	k := shell.DefaultKeyMap()
	keyOf := map[string]tea.KeyMsg{
		"down": {Type: tea.KeyDown}, "up": {Type: tea.KeyUp}, "pgdown": {Type: tea.KeyPgDown},
		"end": {Type: tea.KeyEnd}, "home": {Type: tea.KeyHome}, "x": {Type: tea.KeyRunes, Runes: []rune("x")},
	}
	for _, tc := range []struct {
		name           string
		n, h           int
		keys           []string
		cursor, offset int
		taken          bool
	}{
		{"down moves", 10, 3, []string{"down"}, 1, 0, true},
		{"up stops at the top", 10, 3, []string{"up"}, 0, 0, true},
		{"scrolls to keep the cursor in view", 10, 3, []string{"down", "down", "down"}, 3, 1, true},
		{"page down", 10, 3, []string{"pgdown"}, 3, 1, true},
		{"end", 10, 3, []string{"end"}, 9, 7, true},
		{"home after end", 10, 3, []string{"end", "home"}, 0, 0, true},
		{"empty list", 0, 3, []string{"down"}, 0, 0, true},
		{"other keys are not taken", 10, 3, []string{"x"}, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l ListNav
			l.SetHeight(tc.h)
			l.SetLen(tc.n)
			taken := false
			for _, s := range tc.keys {
				taken = l.Key(&k, keyOf[s])
			}
			if l.Cursor != tc.cursor || l.Offset != tc.offset || taken != tc.taken {
				t.Fatalf("cursor %d offset %d taken %v, want %d %d %v", l.Cursor, l.Offset, taken, tc.cursor, tc.offset, tc.taken)
			}
			if lo, hi := l.Visible(); tc.n > 0 && (l.Cursor < lo || l.Cursor >= hi) {
				t.Fatalf("cursor %d outside the visible %d..%d", l.Cursor, lo, hi)
			}
		})
	}
}
