package themes

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestByName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		err  bool
	}{
		{"", "dark", false},
		{"dark", "dark", false},
		{"Light", "light", false},
		{"high-contrast", "high-contrast", false},
		{"hc", "high-contrast", false},
		{"no-colour", "no-colour", false},
		{"no-color", "no-colour", false},
		{"NO-COLOUR", "no-colour", false},
		{"none", "no-colour", false},
		{"solarized", "", true},
		{"bogus", "", true},
	} {
		p, err := ByName(tc.in)
		if (err != nil) != tc.err || p.Name != tc.want {
			t.Errorf("ByName(%q) = %q, %v; want %q, err %v", tc.in, p.Name, err, tc.want, tc.err)
		}
		if err != nil && (!errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), strings.Join(Names(), ", "))) {
			t.Errorf("ByName(%q) error %q: want ErrUnknown and the valid names", tc.in, err)
		}
	}
}

func TestNextCycles(t *testing.T) {
	names := Names()
	if len(names) < 4 {
		t.Fatalf("names %v", names)
	}
	seen := map[string]bool{}
	n := names[0]
	for range names {
		seen[n] = true
		n = Next(n).Name
	}
	if n != names[0] || len(seen) != len(names) {
		t.Fatalf("cycle ended at %q after %v", n, seen)
	}
	if Next("unknown").Name != names[0] {
		t.Fatal("unknown name should restart the cycle")
	}
}

func TestPalettesComplete(t *testing.T) {
	for _, p := range []Palette{Dark, Light, HighContrast, NoColor} {
		for i, c := range []lipgloss.TerminalColor{p.Text, p.Muted, p.Accent, p.Accent2, p.Good, p.Warn, p.Bad, p.Saved, p.SelFg, p.SelBg, p.BarFg, p.BarBg, p.GaugeOn, p.GaugeOff} {
			if c == nil {
				t.Errorf("%s: colour %d is nil", p.Name, i)
			}
		}
	}
	for _, c := range []lipgloss.TerminalColor{NoColor.Text, NoColor.Accent} {
		if _, ok := c.(lipgloss.NoColor); !ok {
			t.Errorf("no-colour palette has colour %v", c)
		}
	}
}

// TestOneSpelling: the palette names use the spelling of the docs.
func TestOneSpelling(t *testing.T) {
	for _, n := range Names() {
		if strings.Contains(n, "color") {
			t.Errorf("palette name %q: the docs spell it colour", n)
		}
	}
}
