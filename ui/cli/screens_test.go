package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outreach/backend"
	"outreach/ui/shell"
)

// screenRun runs args with recording screen functions; got is what the
// screen was opened with, or nil when it was not.
type screenCall struct {
	opts     shell.Options
	readOnly bool
}

func screenRun(t *testing.T, db string, env map[string]string, args ...string) (*screenCall, string, int) {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	var got *screenCall
	rec := func(b *backend.Backend, p *backend.Principal, opts shell.Options) error {
		got = &screenCall{opts: opts, readOnly: p.IsReadOnly()}
		return nil
	}
	var out, errb bytes.Buffer
	a := &App{Out: &out, Err: &errb, Console: rec, Inbox: rec, Triage: rec, Admin: rec}
	code := a.Run(append([]string{"--db", db}, args...))
	return got, errb.String(), code
}

// TestScreenFlags: --theme is checked before anything opens (a bad name
// is bad usage, exit 2, with the valid names), no-color is an alias of
// no-colour, --read-only reaches the screen as a read-only principal, and
// a bad key config stops the start with exit 2.
func TestScreenFlags(t *testing.T) {
	db := setup(t)
	cfgDir := t.TempDir()
	good := filepath.Join(cfgDir, "good.json")
	os.WriteFile(good, []byte(`{"shell": {"quit": "ctrl+q"}}`), 0o600)
	bad := filepath.Join(cfgDir, "bad.json")
	os.WriteFile(bad, []byte(`{"shell": {"quit": "j"}}`), 0o600)
	unknown := filepath.Join(cfgDir, "unknown.json")
	os.WriteFile(unknown, []byte(`{"shel": {}}`), 0o600)
	xdg := t.TempDir()
	os.MkdirAll(filepath.Join(xdg, "outreach"), 0o700)
	os.WriteFile(filepath.Join(xdg, "outreach", "keys.json"), []byte(`{"shell": {"help": "q"}}`), 0o600)

	for _, tc := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		errHas string
		check  func(t *testing.T, c *screenCall)
	}{
		{"bogus theme console", nil, []string{"--theme", "bogus"}, 2, "want one of dark, light, high-contrast, no-colour", nil},
		{"bogus theme triage", nil, []string{"triage", "--theme", "bogus"}, 2, "no-colour", nil},
		{"bogus theme inbox", nil, []string{"inbox", "c1", "--theme", "bogus"}, 2, "no-colour", nil},
		{"no-color alias", nil, []string{"--theme", "no-color"}, 0, "", func(t *testing.T, c *screenCall) {
			if c == nil || c.opts.Theme != "no-color" {
				t.Fatalf("console not opened with the theme: %+v", c)
			}
		}},
		{"read-only console", nil, []string{"--read-only", "--as", "s1"}, 0, "", func(t *testing.T, c *screenCall) {
			if c == nil || !c.readOnly || !c.opts.ReadOnly || c.opts.Account != "s1" {
				t.Fatalf("not read-only: %+v", c)
			}
		}},
		{"read-only triage", nil, []string{"triage", "--read-only"}, 0, "", func(t *testing.T, c *screenCall) {
			if c == nil || !c.readOnly || !c.opts.ReadOnly {
				t.Fatalf("not read-only: %+v", c)
			}
		}},
		{"writable by default", nil, []string{"admin"}, 0, "", func(t *testing.T, c *screenCall) {
			if c == nil || c.readOnly || c.opts.ReadOnly {
				t.Fatalf("read-only without the flag: %+v", c)
			}
		}},
		{"key config", nil, []string{"--keys", good}, 0, "", func(t *testing.T, c *screenCall) {
			if c == nil || c.opts.Keys["shell"]["quit"][0] != "ctrl+q" {
				t.Fatalf("key config not passed: %+v", c)
			}
		}},
		{"key conflict", nil, []string{"--keys", bad}, 2, `"down" and "quit" both use the key "j"`, nil},
		{"unknown scope", nil, []string{"triage", "--keys", unknown}, 2, `unknown scope "shel"`, nil},
		{"missing named file", nil, []string{"--keys", filepath.Join(cfgDir, "none.json")}, 2, "cannot read", nil},
		{"xdg config read", map[string]string{"XDG_CONFIG_HOME": xdg}, nil, 2, `keys.json: shell: "help" and "quit" both use the key "q"`, nil},
		{"no xdg file is fine", map[string]string{"XDG_CONFIG_HOME": t.TempDir()}, nil, 0, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs, code := screenRun(t, db, tc.env, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.errHas) {
				t.Fatalf("exit %d %q; want %d with %q", code, errs, tc.code, tc.errHas)
			}
			if tc.code != 0 && got != nil {
				t.Fatal("the screen opened despite the error")
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
	// demo checks the theme before it builds anything.
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	if _, errs, code := screenRun(t, demoDB, nil, "demo", "--theme", "bogus"); code != 2 || !strings.Contains(errs, "no-colour") {
		t.Fatalf("demo --theme bogus: exit %d %q", code, errs)
	}
	if _, err := os.Stat(demoDB); err == nil {
		t.Fatal("demo built a store before refusing the theme")
	}
}

// TestDecisionsExport: --export writes the whole log as CSV or JSON (by
// name or --format) and says where; --format alone prints it; a bad format
// is usage.
func TestDecisionsExport(t *testing.T) {
	db := setup(t)
	run(t, db, "invite", "s1", "c1")
	run(t, db, "invite", "s1", "big") // refused: follower cap
	dir := t.TempDir()

	csvPath := filepath.Join(dir, "d.csv")
	out, errs, code := run(t, db, "decisions", "s1", "--export", csvPath)
	if code != 0 || !strings.Contains(out, "exported 2 decisions to "+csvPath+" (csv)") {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	f, _ := os.Open(csvPath)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 3 || recs[0][6] != "reason" || recs[1][6] != "follower-cap" || recs[1][5] != "false" {
		t.Fatalf("csv %v %v", recs, err)
	}

	jsonPath := filepath.Join(dir, "d.json")
	if _, errs, code := run(t, db, "decisions", "s1", "--export", jsonPath); code != 0 {
		t.Fatalf("json export: %d %s", code, errs)
	}
	var rows []map[string]any
	b, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) != 2 || rows[1]["reason"] != "new-connection" || rows[1]["charged"] != 1.0 {
		t.Fatalf("json %s %v", b, err)
	}

	out, _, code = run(t, db, "decisions", "s1", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "at,seller,creator") || strings.Count(out, "\n") != 3 {
		t.Fatalf("--format csv to stdout: %d %q", code, out)
	}
	if _, errs, code := run(t, db, "decisions", "s1", "--format", "xml"); code != 2 || !strings.Contains(errs, "want csv or json") {
		t.Fatalf("bad format: %d %q", code, errs)
	}
	if _, errs, code := run(t, db, "decisions", "s1", "--export", filepath.Join(dir, "no", "such", "dir.csv")); code != 1 || !strings.Contains(errs, "export to") {
		t.Fatalf("unwritable: %d %q", code, errs)
	}
}

// TestAuditNoEmptyParens: an audit entry without a reason (a key added)
// prints no "()".
func TestAuditNoEmptyParens(t *testing.T) {
	db := setup(t)
	pub, _ := writePub(t, t.TempDir(), "k.pub", "ann@laptop")
	if _, errs, code := run(t, db, "key", "add", "--role", "agent", "--read-only", pub); code != 0 {
		t.Fatalf("key add: %d %s", code, errs)
	}
	run(t, db, "grant", "s1", "--credits", "2", "--reason", "launch")
	out, _, code := run(t, db, "audit")
	if code != 0 || strings.Contains(out, "()") || !strings.Contains(out, "(launch)") {
		t.Fatalf("audit:\n%s", out)
	}
	out, _, _ = run(t, db, "key", "list")
	if !strings.Contains(out, "read-only") {
		t.Fatalf("key list does not say read-only:\n%s", out)
	}
	out, _, _ = run(t, db, "key", "list", "--json")
	if !strings.Contains(out, `"read_only":true`) {
		t.Fatalf("key list --json:\n%s", out)
	}
}
