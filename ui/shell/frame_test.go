package shell

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"outreach/themes"
)

// visibleSGR writes the escape sequences of s as text, so a golden file
// shows where reverse video and bold are ("‹7›" is reverse, "‹0›" reset).
func visibleSGR(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		j := strings.IndexByte(s, 'm')
		if j < 0 {
			b.WriteString("‹?›" + s)
			return b.String()
		}
		b.WriteString("‹" + s[:j] + "›")
		s = s[j+1:]
	}
}

// colourSGR finds a colour parameter in an SGR sequence: 30-37, 38;…,
// 40-47, 48;…, 90-97, 100-107.
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// rootWith is a two-tab root on a renderer of profile prof with opts.
func rootWith(t *testing.T, prof termenv.Profile, opts Options) *Root {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(prof)
	opts.Renderer = r
	s, err := NewSession(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	a := &fakeApp{k: key.NewBinding(key.WithKeys("g"))}
	p1 := &fakePane{name: "one", bound: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "act"))}
	p2 := &fakePane{name: "two", bound: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "act"))}
	root := NewRoot(s, a, Frame{Name: "me", Tabs: []string{"One", "Two"}, Panes: []Pane{p1, p2}}, nil)
	t.Cleanup(root.Close)
	root.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return root
}

// TestNoColorKeepsStateVisible: with NO_COLOR the renderer the door hands
// over is Ascii (termenv's answer to NO_COLOR), which used to strip reverse
// video too, so the active tab and the selected row looked like the others.
// Now the active tab and a selected list line are in reverse video, as
// with --theme no-colour, and there is no colour at all.
func TestNoColorKeepsStateVisible(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"no_color_env", Options{NoColor: true}},
		{"theme_no_colour", Options{NoColor: true, Theme: "no-colour"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := rootWith(t, termenv.Ascii, tc.opts)
			out := root.View()
			active := root.s.Styles.BarActive.S(" 1 One ")
			if !strings.Contains(out, active) || !strings.Contains(active, "7") {
				t.Fatalf("the active tab is not in reverse video:\n%q", out)
			}
			sel := ListLine(root.s.Styles, true, "row", "row", 10)
			if !strings.Contains(sel, "\x1b[7m") {
				t.Fatalf("a selected line is not in reverse video: %q", sel)
			}
			if m := colourSGR.FindString(out); m != "" {
				t.Fatalf("a colour in NO_COLOR output: %q", m)
			}
			golden.RequireEqual(t, []byte(visibleSGR(out)))
		})
	}
	// Cycling the theme under NO_COLOR keeps the selection in reverse video.
	root := rootWith(t, termenv.Ascii, Options{NoColor: true})
	root.Update(keyMsg("T"))
	if !strings.Contains(ListLine(root.s.Styles, true, "row", "row", 10), "7") {
		t.Fatal("after T the selection lost its reverse video")
	}
}

// TestStatusNeverCut: a sentence wider than the screen wraps onto a
// second line in place of the short help; a longer one points to the help
// page, which shows it whole. Before, it was cut at the width.
func TestStatusNeverCut(t *testing.T) {
	refusal := "Quota exhausted: you have contacted 50 of 50 new creators this week and the Starter Pack is spent; the quota resets on Sun 22 Nov 00:00 (Europe/Berlin), in 3 days 11 hours."
	for _, tc := range []struct {
		name string
		w    int
		text string
	}{
		{"fits_140", 140, "Sent 3 invitations."},
		{"wraps_140", 140, refusal},
		{"wraps_80", 80, refusal[:150]},
		{"too_long_80", 80, refusal + " " + refusal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := rootWith(t, termenv.Ascii, Options{})
			root.Update(tea.WindowSizeMsg{Width: tc.w, Height: 24})
			root.Update(Status{Text: tc.text, Err: true})
			out := root.View()
			lines := strings.Split(out, "\n")
			if len(lines) != 24 {
				t.Fatalf("%d lines", len(lines))
			}
			tail := strings.Join(lines[22:], " ")
			if tc.name == "too_long_80" {
				if !strings.Contains(tail, "? shows it whole") {
					t.Fatalf("no pointer to the whole sentence:\n%s", tail)
				}
				root.Update(keyMsg("?"))
				page := strings.Join(strings.Fields(root.View()), " ")
				if !strings.Contains(page, "Last message: "+tc.text) {
					t.Fatalf("the help page does not show the whole sentence:\n%s", root.View())
				}
				return
			}
			if got := strings.Join(strings.Fields(tail), " "); !strings.Contains(got, tc.text) {
				t.Fatalf("the status is cut:\n%s", tail)
			}
			for _, l := range lines {
				if Width(l) > tc.w {
					t.Fatalf("line wider than %d: %q", tc.w, l)
				}
			}
			if strings.Contains(tc.text, "Sun 22 Nov 00:00") && !strings.Contains(out, "00:00") {
				t.Fatal("reset time missing")
			}
		})
	}
}

// TestStatusStaysOnItsScreen: a status said on one screen is gone on
// another, whichever way the screen changes.
func TestStatusStaysOnItsScreen(t *testing.T) {
	for _, k := range []tea.Msg{keyMsg("2"), tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyShiftTab}, switchTabMsg{1}} {
		root := rootWith(t, termenv.Ascii, Options{})
		root.Update(Status{Text: "Blocked @maria.", Err: false})
		if !strings.Contains(root.View(), "Blocked @maria.") {
			t.Fatal("status not shown")
		}
		root.Update(k)
		if v := root.View(); strings.Contains(v, "Blocked @maria.") {
			t.Fatalf("after %v the status carried over:\n%s", k, v)
		}
	}
	root := rootWith(t, termenv.Ascii, Options{})
	root.Update(Status{Text: "Saved."})
	root.Update(switchTabMsg{0}) // the same screen: the status stays
	if !strings.Contains(root.View(), "Saved.") {
		t.Fatal("status dropped without a screen change")
	}
}

// TestReadOnlyFrame: the frame of a read-only session says so.
func TestReadOnlyFrame(t *testing.T) {
	root := rootWith(t, termenv.Ascii, Options{ReadOnly: true})
	out := root.View()
	first := strings.SplitN(out, "\n", 2)[0]
	if !strings.Contains(first, ReadOnlyMark) || !strings.Contains(out, "read-only: nothing can be sent or changed") {
		t.Fatalf("the frame does not say read-only:\n%s", out)
	}
	if strings.Contains(rootWith(t, termenv.Ascii, Options{}).View(), ReadOnlyMark) {
		t.Fatal("a writable session says read-only")
	}
}

// TestLightBackground: COLORFGBG picks the light theme for a light
// terminal; an explicit theme or NO_COLOR wins.
func TestLightBackground(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want bool
	}{
		{"0;15", true}, {"0;default;15", true}, {"0;7", true}, {"15;0", false}, {"7;8", false},
		{"", false}, {"garbage", false}, {"0;", false}, {"0;123", false}, {"0;9", true},
	} {
		if got := LightBackground(tc.env); got != tc.want {
			t.Errorf("LightBackground(%q) = %v, want %v", tc.env, got, tc.want)
		}
	}
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{LightBackground: true}, themes.Light.Name},
		{Options{}, themes.Dark.Name},
		{Options{LightBackground: true, Theme: "high-contrast"}, "high-contrast"},
		{Options{LightBackground: true, NoColor: true}, themes.NoColor.Name},
	} {
		root := rootWith(t, termenv.TrueColor, tc.opts)
		if root.s.Theme.Name != tc.want {
			t.Errorf("%+v: theme %s, want %s", tc.opts, root.s.Theme.Name, tc.want)
		}
		if tc.opts.LightBackground && root.s.Renderer.HasDarkBackground() {
			t.Errorf("%+v: the renderer still thinks the background is dark", tc.opts)
		}
	}
}
