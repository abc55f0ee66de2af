package seller

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/ui/shell"
)

// TestScreens renders every screen with the ASCII profile and compares it
// with testdata/TestScreens/<name>.golden (go test -update rewrites them).
func TestScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{"find", 80, 24, nil},
		{"find_wide", 120, 30, nil},
		{"find_search", 80, 24, []string{"/", "beauty", "enter"}},
		{"find_filters", 80, 24, []string{"f", "4", "5", "6", "tab", "tab", "tab", "right"}},
		{"find_sorted_by_gmv", 80, 24, []string{"o", "o", "o"}},
		{"detail", 80, 24, []string{"/", "ava", "enter", "enter"}},
		{"batch_preview", 80, 24, []string{"/", "ava.beauty", "enter", "space", "esc", "/", "cara", "enter", "space", "i"}},
		{"batch_message_compose", 80, 24, []string{"/", "kim", "enter", "m", "Hi Kim"}},
		{"saved", 80, 24, []string{"2"}},
		{"collab", 80, 24, []string{"3"}},
		{"collab_errors", 80, 24, []string{"3", "enter", "Launch", "tab", "sku-1:95", "ctrl+s"}},
		{"messages", 80, 24, []string{"4"}},
		{"messages_unread", 80, 24, []string{"4", "f"}},
		{"chat", 80, 24, []string{"4", "n", "enter"}},
		{"invites", 80, 24, []string{"5"}},
		{"blocks", 80, 24, []string{"6"}},
		{"blocks_confirm", 80, 24, []string{"6", "u"}},
		{"help_find", 80, 24, []string{"?"}},
		{"help_messages", 80, 24, []string{"4", "?"}},
		{"too_small", 60, 20, nil},
		{"theme_cycled", 80, 24, []string{"T"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newSyncModel(t, fixtureStore(t), tc.w, tc.h)
			d.key(tc.keys...)
			out := d.M.View()
			checkFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestLoadingScreen(t *testing.T) {
	m := newTestModel(t, fixtureStore(t), 80, 24)
	if v := m.View(); !strings.Contains(v, "loading") {
		t.Fatalf("before the catalog loads: %q", v)
	}
	m.Update(shell.Addressed{To: appOf(m), Msg: countMsg{12}})
	if v := m.View(); !strings.Contains(v, "loading 12 creators…") {
		t.Fatalf("with the count: %q", v)
	}
}
