package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"outreach/backend"
	"outreach/store"
	"outreach/ui/cli/clio"
	"outreach/ui/shell"
)

// holdStore opens db in this process, so the CLI finds it in use.
func holdStore(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
}

func TestStoreInUseNamesTheRealServer(t *testing.T) {
	db := setup(t)
	holdStore(t, db)
	writeHolder(HolderFile(db), holderServe, "0.0.0.0:40123")
	text := "Hi! Sure… it's \"fine\" $HOME `x` \\ ok"
	_, e, code := run(t, db, "message", "s1", "c1", "--text", text)
	if code != ExitError || !strings.Contains(e, "outreach serve") || !strings.Contains(e, "ssh -p 40123 localhost -- ") {
		t.Fatalf("exit %d, stderr %q", code, e)
	}
	// The suggested command pastes as is: a POSIX shell gives ssh one
	// command word, which the server splits back into the same words.
	_, cmdline, _ := strings.Cut(e, "over SSH: ")
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	out, err := exec.Command("sh", "-c", `ssh() { for a; do printf '%s\0' "$a"; done; }; `+strings.TrimSpace(cmdline)).Output()
	if err != nil {
		t.Fatalf("%s: %v", cmdline, err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(got) != 5 || got[3] != "--" {
		t.Fatalf("ssh got %q from %s", got, cmdline)
	}
	words, err := SplitCommand(context.Background(), got[4])
	if err != nil {
		t.Fatal(err)
	}
	want := []string{now, "message", "s1", "c1", "--text", text}
	if !slices.Equal(words, want) {
		t.Fatalf("the server would run %q, want %q (from %s)", words, want, cmdline)
	}

	// A screen is not an exec command: never suggested after --.
	a := &App{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Inbox: func(*backend.Backend, *backend.Principal, shell.Options) error { return nil }}
	if code := a.Run([]string{"--db", db, "inbox", "c1"}); code != ExitError {
		t.Fatalf("inbox on a held store: exit %d", code)
	}
	if e := a.Err.(*bytes.Buffer).String(); strings.Contains(e, "-- inbox") || !strings.Contains(e, "ssh -t -p 40123 localhost") {
		t.Fatalf("inbox hint %q", e)
	}

	// A console holds it: say so, suggest no server.
	writeHolder(HolderFile(db), holderConsole, "")
	if _, e, _ := run(t, db, "quota", "s1"); !strings.Contains(e, "console") || strings.Contains(e, "ssh -p 40123") {
		t.Fatalf("console holder: %q", e)
	}
	os.Remove(HolderFile(db))
	if _, e, _ := run(t, db, "quota", "s1"); strings.Contains(e, "2222") || !strings.Contains(e, "in use") {
		t.Fatalf("no holder file: %q", e)
	}
}

// Instants outside 1970..2200 are bad input and write nothing.
func TestInstantsOutOfRange(t *testing.T) {
	db := setup(t)
	for _, at := range []string{"1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2300-01-01T00:00:00+14:00"} {
		for _, args := range [][]string{
			{"--now", at, "invite", "s1", "c3"},
			{"invite", "s1", "c3", "--now", at},
			{"--now=" + at, "grant", "s1", "--credits", "5", "--reason", "x"},
			{"quota", "s1", "--now", at},
		} {
			if _, e, code := run(t, db, args...); code != ExitUsage || !strings.Contains(e, "1970") {
				t.Errorf("%q: exit %d, %q; want 2 naming the range", args, code, e)
			}
		}
	}
	for _, args := range [][]string{
		{"gmv", "add", "s1", "--day", "1969-12-31", "--amount", "1"},
		{"gmv", "add", "s1", "--day", "2200-01-01", "--amount", "1"},
		{"levels", "recompute", "--month", "2300-01"},
		{"levels", "recompute", "--month", "1900-12"},
	} {
		if _, e, code := run(t, db, args...); code != ExitUsage {
			t.Errorf("%q: exit %d, %q; want 2", args, code, e)
		}
	}
	q, _, _ := run(t, db, "quota", "s1", "--json")
	if !strings.Contains(q, `"used":0`) || !strings.Contains(q, `"granted":0`) {
		t.Fatalf("something was written: %s", q)
	}
	fresh := filepath.Join(t.TempDir(), "new.db")
	var o, e bytes.Buffer
	if code := (&App{Out: &o, Err: &e}).Run([]string{"--db", fresh, "--now", "9999-12-31T23:59:59Z", "seller", "add", "s1"}); code != ExitUsage {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a bad --now created the store: %v", err)
	}
}

func TestSmallerUsageErrors(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "none", "o.db")
	garbage := filepath.Join(dir, "garbage.db")
	junk := bytes.Repeat([]byte("not a bolt file "), 4096)
	os.WriteFile(garbage, junk, 0o600)
	cases := []struct {
		name string
		db   string
		args []string
		code int
		has  string
	}{
		{"decisions negative limit", db, []string{"decisions", "s1", "--limit", "-1"}, ExitUsage, "--limit -1"},
		{"audit negative limit", db, []string{"audit", "--limit", "-1"}, ExitUsage, "--limit -1"},
		{"import a directory", db, []string{"import", "creators", dir}, ExitUsage, "directory"},
		{"read on a missing store", missing, []string{"quota", "s1"}, ExitUsage, missing},
		{"creator show on a missing store", missing, []string{"creator", "show", "c1"}, ExitUsage, missing},
		{"a damaged store", garbage, []string{"quota", "s1"}, ExitError, garbage},
		{"unknown subcommand of a group", db, []string{"seller", "frob"}, ExitUsage, "unknown command"},
		{"a group without its subcommand", db, []string{"seller"}, ExitUsage, "subcommand"},
		{"bad flag value", db, []string{"grant", "s1", "--credits", "many", "--reason", "x"}, ExitUsage, "invalid argument"},
		{"required flag", db, []string{"grant", "s1", "--credits", "1"}, ExitUsage, "--reason is required"},
	}
	for _, c := range cases {
		_, e, code := run(t, c.db, c.args...)
		if code != c.code || !strings.Contains(e, c.has) {
			t.Errorf("%s: exit %d, %q; want %d with %q", c.name, code, e, c.code, c.has)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a read created the store")
	}
	if b, _ := os.ReadFile(garbage); !bytes.Equal(b, junk) {
		t.Fatal("the damaged file was changed")
	}
}

// Cobra's errors are classified by their type (a usage error), not text.
func TestCobraErrorsAreTyped(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"quota"}, {"quota", "s1", "--frob"}, {"quota", "s1", "--json=maybe"}, {"levels", "recompute", "x"}} {
		root := (&App{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}).rootCmd()
		root.SetArgs(args)
		err := root.Execute()
		var ee *clio.StatusError
		if !errors.As(err, &ee) || ee.Code != ExitUsage {
			t.Errorf("%q: %T %v; want a usage StatusError", args, err, err)
		}
	}
}

// escapes is the escape corpus: what must never reach a terminal.
var escapes = []string{
	"\x1b]0;owned\x07", "\x1b]2;owned\x1b\\", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1b]52;c;Y2xpcGJvYXJk\x07", "\x1b[31mred\x1b[0m\x1b[2J", "\x1bP1$qm\x1b\\", "\x1b_apc\x1b\\",
	"\u009b31m", "\u009d0;t\u009c", "\u0090dcs\u009c", "\u202eevil\u202c", "\u2066iso\u2069\u200f",
	"\xff\xfe\xc0", "nul\x00byte", "abc\rXYZ", "abc\b\b\bXYZ", "del\x7f", "tab\tnew\nline",
}

// unsafeOutput reports the first thing in out that must not reach a terminal.
func unsafeOutput(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for _, r := range out {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("control %U", r)
		case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("bidi control %U", r)
		}
	}
	return ""
}

// TestEscapeCorpus pushes the corpus through every CLI input (ids, names,
// texts, keys, --now, flags, file names, stored values) and checks every
// output: stdout and stderr, text and --json.
func TestEscapeCorpus(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	st, err := store.Open(db, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	b := backend.New(st, backend.Options{})
	defer func() { b.Close(); st.Close() }()
	keyLine := func(comment string) string {
		p, _ := writePub(t, dir, "k.pub", "x")
		line, _ := os.ReadFile(p)
		return strings.TrimSpace(strings.TrimSuffix(string(line), " x\n")) + " " + comment
	}
	templates := []string{
		"seller add @P --name @P --tz @P --categories @P", "seller add s1 --name @P", "seller list",
		"gmv add @P --day @P --amount @P", "gmv add s1 --day 2026-11-02 --amount @P",
		"creator add @P --handle @P --followers 1 --name @P --level @P --type @P",
		"creator add c9 --handle h9 --followers 1 --name @P --bio @P --country @P --categories @P", "creator show @P", "creator show c9",
		"import creators DIR/@P.csv", "import creators DIR/@P",
		"invite s1 @P --message @P --key @P", "invite s1 c1 --message @P --key @P", "message s1 c3 --text @P --key @P",
		"reply @P s1 --text @P", "reply c1 s1 --text @P", "showcase @P @P", "block @P @P --by @P", "block s1 @P", "unblock @P c1 --by creator",
		"quota @P", "grant @P --credits 1 --reason @P", "grant s1 --credits 1 --reason @P", "decisions @P", "decisions s1", "audit",
		"backup DIR/@P", "preview s1 @P c1 @P --kind @P", "preview s1 @P c1", "levels recompute --month @P",
		"key add --role @P --account @P @P", "key add --role admin KEY", "key list", "key remove @P",
		"--now @P quota s1", "quota s1 --now @P", "@P", "quota s1 --@P", "help @P", "seller @P", "quota s1 --kind=@P",
		"--db DIR/@P/x.db quota s1", "--policy DIR/@P quota s1",
	}
	for _, p := range escapes {
		for _, tpl := range templates {
			var argv []string
			for _, w := range strings.Fields(tpl) {
				if w == "KEY" {
					argv = append(argv, keyLine(p))
					continue
				}
				argv = append(argv, strings.ReplaceAll(strings.ReplaceAll(w, "@P", p), "DIR", dir))
			}
			for _, js := range []bool{false, true} {
				args := argv
				if js {
					args = append(slices.Clone(argv), "--json")
				}
				var o, e bytes.Buffer
				a := &App{Out: &o, Err: &e, Backend: b}
				if slices.Contains(args, "--db") || slices.Contains(args, "--policy") {
					a.Backend = nil
				}
				a.Run(args)
				for name, out := range map[string]string{"stdout": o.String(), "stderr": e.String()} {
					if bad := unsafeOutput(out); bad != "" {
						t.Errorf("%q: %s carries %s: %q", args, name, bad, out)
					}
				}
				if js && !strings.HasPrefix(tpl, "help") {
					for _, l := range strings.Split(strings.TrimSpace(o.String()), "\n") {
						if l != "" && !json.Valid([]byte(l)) {
							t.Errorf("%q: not JSON: %q", args, l)
						}
					}
				}
			}
		}
	}
}

func TestSafeJSONEscapes(t *testing.T) {
	var buf bytes.Buffer
	clio.WriteJSON(&buf, map[string]string{"k\u009b": "a\u0085b\u202ec\x7fd\u2028\x1b[31m"})
	got := strings.TrimSpace(buf.String())
	if got != `{"k":"abcd\u2028"}` {
		t.Fatalf("got %s", got)
	}
}
