package shell

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/model"
)

// FakeRoleKeys stands for a role's key map.
type FakeRoleKeys struct {
	Grant, RefusedOnly key.Binding
}

func defaultRoleKeys() FakeRoleKeys {
	return FakeRoleKeys{
		Grant:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "grant credits")),
		RefusedOnly: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "refused only")),
	}
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKeyConfig: each rule of the key config, from the file to a session.
func TestKeyConfig(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		scope      string
		err        string // "" is no error
	}{
		{"remap quit and help", `{"shell": {"quit": "ctrl+q", "help": ["?", "f1"]}}`, "", ""},
		{"role key", `{"triage": {"grant": "ctrl+g"}}`, "triage", ""},
		{"not json", `{"shell": `, "", "not a key config"},
		{"unknown scope", `{"sellr": {"quit": "x"}}`, "", `unknown scope "sellr"`},
		{"unknown shell action", `{"shell": {"quitt": "x"}}`, "", `unknown action "quitt"`},
		{"unknown role action", `{"triage": {"grnt": "G"}}`, "triage", `unknown action "grnt"`},
		{"empty keys", `{"shell": {"quit": []}}`, "", "want 1 to 8 keys"},
		{"not a key", `{"shell": {"quit": 5}}`, "", "want a key or a list of keys"},
		{"control in key", `{"shell": {"quit": "\u001b[A"}}`, "", "is not a key name"},
		{"shell conflict", `{"shell": {"quit": "j"}}`, "", `"down" and "quit" both use the key "j"`},
		{"confirm conflict", `{"shell": {"no": "y"}}`, "", `both use the key "y"`},
		{"role conflict with shell", `{"triage": {"grant": "q"}}`, "triage", `both use the key "q"`},
		{"role conflict within role", `{"triage": {"grant": "f"}}`, "triage", `both use the key "f"`},
		{"shell moved onto role key", `{"shell": {"help": "g"}}`, "triage", `both use the key "g"`},
		{"swap is no conflict", `{"shell": {"quit": "x", "help": "q"}}`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.body)
			cfg, err := LoadKeyConfig(path, true)
			if err == nil {
				var s *Session
				s, err = NewSession(context.Background(), Options{Keys: cfg, Renderer: asciiR()})
				if err == nil {
					rk := defaultRoleKeys()
					err = s.ApplyKeys(tc.scope, NamedBindings(&rk))
				}
			}
			if tc.err == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			var ke *KeyConfigError
			if !errors.As(err, &ke) || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error %T does not wrap model.ErrInvalid", err)
			}
		})
	}
	if c, err := LoadKeyConfig(filepath.Join(t.TempDir(), "none.json"), false); c != nil || err != nil {
		t.Fatalf("a missing optional file: %v %v", c, err)
	}
	if _, err := LoadKeyConfig(filepath.Join(t.TempDir(), "none.json"), true); err == nil {
		t.Fatal("a missing required file is no error")
	}
}

func asciiR() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// TestKeyConfigActsAndHelps: a remapped key acts, the old one does not,
// the help shows the new key, and another session keeps the defaults.
func TestKeyConfigActsAndHelps(t *testing.T) {
	cfg, err := ParseKeyConfig([]byte(`{"shell": {"quit": "ctrl+q", "next-tab": "ctrl+n"}}`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(context.Background(), Options{Keys: cfg, Renderer: asciiR()})
	if err != nil {
		t.Fatal(err)
	}
	p1 := &fakePane{name: "one", bound: key.NewBinding(key.WithKeys("x"))}
	p2 := &fakePane{name: "two", bound: key.NewBinding(key.WithKeys("x"))}
	root := NewRoot(s, &fakeApp{}, Frame{Name: "me", Tabs: []string{"One", "Two"}, Panes: []Pane{p1, p2}}, nil)
	defer root.Close()
	root.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, cmd := root.Update(keyMsg("q")); cmd != nil {
		t.Fatal("q still quits")
	}
	root.Update(tea.KeyMsg{Type: tea.KeyCtrlN})
	if root.Active() != 1 {
		t.Fatal("ctrl+n did not switch screens")
	}
	if v := root.View(); !strings.Contains(v, "ctrl+q quit") {
		t.Fatalf("the short help does not show the new key:\n%s", v)
	}
	root.Update(keyMsg("?"))
	if v := root.View(); !strings.Contains(v, "ctrl+n") || !strings.Contains(v, "ctrl+q") {
		t.Fatalf("the help does not show the new keys:\n%s", v)
	}
	other, _ := NewSession(context.Background(), Options{Renderer: asciiR()})
	if !key.Matches(keyMsg("q"), other.Keys.Quit) || key.Matches(keyMsg("q"), s.Keys.Quit) {
		t.Fatal("the remapping leaked between sessions")
	}
	if !key.Matches(keyMsg("q"), DefaultKeyMap().Quit) {
		t.Fatal("the remapping changed the defaults")
	}
}

// TestNamedBindings: every binding of the shell's KeyMap has a kebab name.
func TestNamedBindings(t *testing.T) {
	km := DefaultKeyMap()
	n := NamedBindings(&km)
	for _, want := range []string{"help", "quit", "force-quit", "next-tab", "prev-tab", "theme", "up", "page-down", "open", "back", "send", "yes", "no", "form-next", "form-submit"} {
		if n[want] == nil {
			t.Errorf("no action %q in %v", want, sortedNames(n))
		}
	}
	if len(n) != 20 {
		t.Errorf("%d actions, want 20", len(n))
	}
	type embedded struct {
		FakeRoleKeys
		Extra key.Binding
	}
	var e embedded
	if got := sortedNames(NamedBindings(&e)); strings.Join(got, ",") != "extra,grant,refused-only" {
		t.Errorf("embedded names %v", got)
	}
}
