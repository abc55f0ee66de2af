package shell

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/key"

	"outreach/model"
)

// KeyConfig is a user's remapping of key bindings, read from a JSON file
// (LoadKeyConfig): scope -> action -> the keys that replace the action's
// defaults. The scopes are KeyScopes; "shell" holds the bindings every
// screen shares (DefaultKeyMap), the others a role's own. An action is a
// binding's field name in kebab case ("next-tab", "page-down", "grant").
//
//	{
//	  "shell":  {"quit": ["ctrl+q"], "help": ["?", "f1"]},
//	  "triage": {"grant": "G"}
//	}
//
// A value is one key or a list of keys, in Bubble Tea's names ("ctrl+x",
// "shift+tab", "pgdown", "enter", "esc", " " for space).
type KeyConfig map[string]map[string][]string

// KeyScopes are the scopes a key config may name.
var KeyScopes = []string{"shell", "seller", "inbox", "triage", "admin"}

// KeyConfigFile is the config file's name in the user's config directory.
const KeyConfigFile = "keys.json"

// maxKeyConfig bounds the file; a full remapping is a few KiB.
const maxKeyConfig = 256 << 10

// KeyConfigError is a key config that cannot be used: a bad file, an
// unknown scope or action, or two actions on one key in one scope. It is
// bad input (it wraps model.ErrInvalid), so the CLI exits 2.
type KeyConfigError struct {
	Path string // the file, when known
	Msg  string
}

func (e *KeyConfigError) Error() string {
	if e.Path == "" {
		return "key config: " + e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Unwrap makes a KeyConfigError bad input.
func (e *KeyConfigError) Unwrap() error { return model.ErrInvalid }

// DefaultKeyConfigPath is $XDG_CONFIG_HOME/outreach/keys.json, else
// ~/.config/outreach/keys.json; "" when neither can be found.
func DefaultKeyConfigPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		h, err := os.UserHomeDir()
		if err != nil || h == "" {
			return ""
		}
		dir = filepath.Join(h, ".config")
	}
	return filepath.Join(dir, "outreach", KeyConfigFile)
}

// LoadKeyConfig reads a key config file. A missing file is no remapping
// (nil, nil) unless required is set. The file is checked as far as it can
// be without the role screens: JSON shape, scopes, the shell's action
// names and conflicts among the shell's bindings; each role checks its own
// scope when its screen starts (Session.ApplyKeys).
func LoadKeyConfig(path string, required bool) (KeyConfig, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil, nil
	}
	if err != nil {
		return nil, &KeyConfigError{Path: path, Msg: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyConfig+1))
	if err != nil {
		return nil, &KeyConfigError{Path: path, Msg: fmt.Sprintf("cannot read: %v", err)}
	}
	if len(b) > maxKeyConfig {
		return nil, &KeyConfigError{Path: path, Msg: fmt.Sprintf("larger than %d KiB", maxKeyConfig>>10)}
	}
	c, err := ParseKeyConfig(b)
	if err != nil {
		var ke *KeyConfigError
		if errors.As(err, &ke) {
			ke.Path = path
		}
		return nil, err
	}
	km := DefaultKeyMap()
	if err := c.apply("shell", NamedBindings(&km), nil); err != nil {
		var ke *KeyConfigError
		if errors.As(err, &ke) {
			ke.Path = path
		}
		return nil, err
	}
	return c, nil
}

// ParseKeyConfig reads a key config from JSON: scopes must be known, each
// action maps to a key or a list of 1..8 keys.
func ParseKeyConfig(b []byte) (KeyConfig, error) {
	var raw map[string]map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		return nil, &KeyConfigError{Msg: fmt.Sprintf("not a key config (want {\"scope\": {\"action\": [\"key\"]}}): %v", err)}
	}
	c := KeyConfig{}
	for scope, actions := range raw {
		if !slices.Contains(KeyScopes, scope) {
			return nil, &KeyConfigError{Msg: fmt.Sprintf("unknown scope %q; want one of %s", clipName(scope), strings.Join(KeyScopes, ", "))}
		}
		c[scope] = map[string][]string{}
		for action, v := range actions {
			var keys []string
			var one string
			if err := json.Unmarshal(v, &one); err == nil {
				keys = []string{one}
			} else if err := json.Unmarshal(v, &keys); err != nil {
				return nil, &KeyConfigError{Msg: fmt.Sprintf("%s.%s: want a key or a list of keys", scope, clipName(action))}
			}
			if len(keys) == 0 || len(keys) > 8 {
				return nil, &KeyConfigError{Msg: fmt.Sprintf("%s.%s: want 1 to 8 keys, have %d", scope, clipName(action), len(keys))}
			}
			for _, k := range keys {
				if k == "" || len(k) > 24 || !model.IsSafe(k) || strings.ContainsAny(k, "\t\n") {
					return nil, &KeyConfigError{Msg: fmt.Sprintf("%s.%s: %q is not a key name", scope, clipName(action), clipName(k))}
				}
			}
			c[scope][action] = keys
		}
	}
	return c, nil
}

func clipName(s string) string { return model.Clip(model.SafeLine(s), 40) }

// Named is one scope's bindings by action name, pointing into a session's
// own key maps, so a remapping changes that session only.
type Named map[string]*key.Binding

// NamedBindings names every key.Binding field of the struct *km points to
// (embedded structs included) by its field name in kebab case: NextTab is
// "next-tab". The seller console passes its KeyMap the same way.
func NamedBindings(km any) Named {
	n := Named{}
	v := reflect.ValueOf(km)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return n
	}
	collect(v.Elem(), n)
	return n
}

var bindingType = reflect.TypeFor[key.Binding]()

func collect(v reflect.Value, n Named) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Field(i)
		switch {
		case f.Type == bindingType && f.IsExported():
			n[kebab(f.Name)] = fv.Addr().Interface().(*key.Binding)
		case f.Anonymous && f.Type.Kind() == reflect.Struct && f.IsExported():
			collect(fv, n)
		}
	}
}

// kebab turns a Go field name into an action name: PageDown is page-down.
func kebab(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keyGroups are the sets of shell bindings that act at the same moment:
// two of them on one key is a conflict. The global and list keys act on
// every screen, together with the role's own (see ApplyKeys).
var keyGroups = [][]string{
	{"help", "quit", "force-quit", "next-tab", "prev-tab", "theme",
		"up", "down", "top", "bottom", "page-up", "page-down", "open", "back"},
	{"yes", "no", "force-quit"},
	{"form-next", "form-prev", "form-submit", "back", "force-quit"},
}

// apply remaps named from scope's section, then reports a conflict: two
// actions of one group on one key where at least one of them was remapped
// (the defaults share keys on purpose, enter opens and sends). shared are
// the shell bindings that act beside a role's own.
func (c KeyConfig) apply(scope string, named Named, shared Named) error {
	remapped := map[string]bool{}
	sec := c[scope]
	names := make([]string, 0, len(sec))
	for a := range sec {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		b, ok := named[a]
		if !ok {
			return &KeyConfigError{Msg: fmt.Sprintf("%s: unknown action %q; the actions are %s", scope, clipName(a), strings.Join(sortedNames(named), ", "))}
		}
		remap(b, sec[a])
		remapped[a] = true
	}
	if shared == nil { // the shell's own groups
		for _, g := range keyGroups {
			set := Named{}
			for _, a := range g {
				if b, ok := named[a]; ok {
					set[a] = b
				}
			}
			if err := conflicts(scope, set, remapped); err != nil {
				return err
			}
		}
		return nil
	}
	set := Named{}
	for a, b := range named {
		set[scope+"."+a] = b
		if remapped[a] {
			remapped[scope+"."+a] = true
		}
	}
	for _, a := range keyGroups[0] {
		if b, ok := shared[a]; ok {
			set["shell."+a] = b
			if c.remapped("shell", a) {
				remapped["shell."+a] = true
			}
		}
	}
	return conflicts(scope, set, remapped)
}

func (c KeyConfig) remapped(scope, action string) bool {
	_, ok := c[scope][action]
	return ok
}

// remap gives b new keys, and the help shows them.
func remap(b *key.Binding, keys []string) {
	desc := b.Help().Desc
	b.SetKeys(keys...)
	b.SetHelp(strings.Join(keys, "/"), desc)
}

func conflicts(scope string, set Named, remapped map[string]bool) error {
	owner := map[string]string{}
	names := sortedNames(set)
	for _, a := range names {
		b := set[a]
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			prev, taken := owner[k]
			if taken && prev != a && (remapped[a] || remapped[prev]) {
				return &KeyConfigError{Msg: fmt.Sprintf("%s: %q and %q both use the key %q; give one of them another key", scope, prev, a, clipName(k))}
			}
			if !taken {
				owner[k] = a
			}
		}
	}
	return nil
}

func sortedNames(n Named) []string {
	out := make([]string, 0, len(n))
	for a := range n {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// ApplyKeys applies the session's key config: the shell section to the
// session's own KeyMap, and (scope not "") the role's section to role, the
// role's bindings by name (NamedBindings of the role's KeyMap copy). Call
// it after changing a default in s.Keys, so the user's choice wins. A
// conflict between a remapped role key and a shell key (global or list)
// of the same screen, or an unknown action, is a *KeyConfigError.
func (s *Session) ApplyKeys(scope string, role Named) error {
	if s.keyConfig == nil {
		return nil
	}
	shellNamed := NamedBindings(&s.Keys)
	if err := s.keyConfig.apply("shell", shellNamed, nil); err != nil {
		return err
	}
	if scope == "" {
		return nil
	}
	return s.keyConfig.apply(scope, role, shellNamed)
}
