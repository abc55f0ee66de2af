package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const now = "--now=2026-11-18T12:00:00Z"

// run executes one command line against db and returns stdout, stderr and the exit status.
func run(t *testing.T, db string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Out: &out, Err: &errb}
	code := app.Run(append([]string{"--db", db, now}, args...))
	return out.String(), errb.String(), code
}

func setup(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "o.db")
	for _, args := range [][]string{
		{"seller", "add", "s1", "--name", "Acme", "--tz", "Europe/Berlin"},
		{"gmv", "add", "s1", "--day", "2026-11-01", "--amount", "50"},
		{"seller", "add", "s2", "--name", "New"},
		{"creator", "add", "c1", "--handle", "lena.bakes", "--followers", "1000", "--level", "L3"},
		{"creator", "add", "big", "--handle", "big.star", "--followers", "50000"},
		{"creator", "add", "c3", "--handle", "third", "--followers", "10"},
	} {
		if _, e, code := run(t, db, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e)
		}
	}
	return db
}

func TestCommandsExitCodesAndJSON(t *testing.T) {
	db := setup(t)
	cases := []struct {
		name   string
		args   []string
		code   int
		reason string // expected "reason" in the JSON output, if any
		errHas string // expected text in the error output
	}{
		{"invite new creator", []string{"invite", "s1", "c1", "--json"}, 0, "new-connection", ""},
		{"message same week free", []string{"message", "s1", "c1", "--text", "hi", "--json"}, 0, "counted-this-week", ""},
		{"follower cap refuses invite", []string{"invite", "s1", "big", "--json"}, 3, "follower-cap", ""},
		{"unknown creator refused", []string{"invite", "s1", "nobody", "--json"}, 3, "unknown-creator", ""},
		{"unknown seller refused", []string{"invite", "zz", "c1", "--json"}, 3, "unknown-seller", ""},
		{"message without text is usage", []string{"message", "s1", "c1"}, 2, "", "--text is required"},
		{"empty text is bad input", []string{"message", "s1", "c1", "--text", "  "}, 2, "", "text is empty"},
		{"huge text is bad input", []string{"message", "s1", "c1", "--text", strings.Repeat("x", 2001)}, 2, "", "at most 2000"},
		{"key too long", []string{"invite", "s1", "c3", "--key", strings.Repeat("k", 129)}, 2, "", "at most 128"},
		{"missing args", []string{"invite", "s1"}, 2, "", "accepts 2 arg"},
		{"unknown command", []string{"frobnicate"}, 2, "", "unknown command"},
		{"unknown flag", []string{"quota", "s1", "--frob"}, 2, "", "unknown flag"},
		{"bad --now", []string{"quota", "s1", "--now", "yesterday"}, 2, "", "RFC 3339"},
		{"bad zone", []string{"seller", "add", "s9", "--tz", "Mars/Olympus"}, 2, "", "unknown time zone"},
		{"bad handle", []string{"creator", "add", "c9", "--handle", "Bad Handle", "--followers", "1"}, 2, "", "handle"},
		{"bad level", []string{"creator", "add", "c9", "--handle", "ok.handle", "--followers", "1", "--level", "L9"}, 2, "", "L0..L8"},
		{"negative followers", []string{"creator", "add", "c9", "--handle", "ok.handle", "--followers", "-1"}, 2, "", "followers"},
		{"bad amount", []string{"gmv", "add", "s1", "--day", "2026-11-01", "--amount", "1.234"}, 2, "", "two decimals"},
		{"bad day", []string{"gmv", "add", "s1", "--day", "11/01/2026", "--amount", "1"}, 2, "", "YYYY-MM-DD"},
		{"quota of unknown seller", []string{"quota", "nope"}, 2, "", "not found"},
		{"grant needs reason", []string{"grant", "s1", "--credits", "5", "--reason", ""}, 2, "", "reason is empty"},
		{"grant zero credits", []string{"grant", "s1", "--credits", "0", "--reason", "x"}, 2, "", "credits 0"},
		{"grant", []string{"grant", "s1", "--credits", "5", "--reason", "ticket 1"}, 0, "", ""},
		{"block by seller", []string{"block", "s1", "c3"}, 0, "", ""},
		{"blocked creator refused", []string{"message", "s1", "c3", "--text", "hi", "--json"}, 3, "blocked-by-seller", ""},
		{"unblock", []string{"unblock", "s1", "c3"}, 0, "", ""},
		{"creator blocks seller", []string{"block", "s1", "c3", "--by", "creator"}, 0, "", ""},
		{"seller cannot lift creator's block", []string{"message", "s1", "c3", "--text", "hi", "--json"}, 3, "blocked-by-creator", ""},
		{"bad --by", []string{"block", "s1", "c3", "--by", "agent"}, 2, "", "--by"},
		{"reply connects", []string{"reply", "c1", "s1", "--text", "hello!"}, 0, "", ""},
		{"connected is free", []string{"message", "s1", "c1", "--text", "thanks", "--json"}, 0, "connected", ""},
		{"reply while blocking is refused", []string{"reply", "c3", "s1", "--text", "hey"}, 3, "", "unblock them first"},
		{"showcase", []string{"showcase", "c3", "s2"}, 0, "", ""},
		{"escape sequences in text are cleaned", []string{"message", "s1", "c1", "--text", "\x1b]0;pwn\x07hi\x1b[31m!"}, 0, "", ""},
	}
	for _, c := range cases {
		out, errOut, code := run(t, db, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (stdout %q, stderr %q)", c.name, code, c.code, out, errOut)
			continue
		}
		if c.reason != "" {
			var v struct {
				Allowed bool   `json:"allowed"`
				Reason  string `json:"reason"`
				Message string `json:"message"`
				Charged *int   `json:"charged"`
				Quota   *struct {
					Tier string `json:"tier"`
				} `json:"quota"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Errorf("%s: output is not JSON: %q", c.name, out)
				continue
			}
			if v.Reason != c.reason || v.Allowed != (c.code == 0) || v.Message == "" || v.Charged == nil || v.Quota == nil {
				t.Errorf("%s: got %+v, want reason %s", c.name, v, c.reason)
			}
		}
		if c.errHas != "" && !strings.Contains(errOut, c.errHas) {
			t.Errorf("%s: stderr %q lacks %q", c.name, errOut, c.errHas)
		}
	}
}

func TestQuotaJSONFields(t *testing.T) {
	db := setup(t)
	run(t, db, "invite", "s1", "c1")
	out, _, code := run(t, db, "quota", "s1", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var q map[string]any
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"tier", "limit", "used", "remaining", "starter_pack", "granted", "week_start", "next_reset"} {
		if _, ok := q[f]; !ok {
			t.Errorf("quota JSON lacks %q: %s", f, out)
		}
	}
	if q["tier"] != "T1" || q["limit"] != 50.0 || q["used"] != 1.0 || q["remaining"] != 49.0 || q["week_start"] != "2026-11-15T00:00:00+01:00" {
		t.Errorf("quota %s", out)
	}
	out, _, _ = run(t, db, "quota", "s2", "--json")
	json.Unmarshal([]byte(out), &q)
	if q["starter_pack"] != 1000.0 {
		t.Errorf("new seller has no Starter Pack: %s", out)
	}
}

func TestIdempotentKeyOverCLI(t *testing.T) {
	db := setup(t)
	a, _, c1 := run(t, db, "invite", "s1", "c1", "--key", "k-1", "--json")
	b, _, c2 := run(t, db, "invite", "s1", "c1", "--key", "k-1", "--json")
	if c1 != 0 || c2 != 0 || !strings.Contains(b, `"replayed":true`) {
		t.Fatalf("replay: %s / %s", a, b)
	}
	_, _, c3 := run(t, db, "message", "s1", "c1", "--text", "other", "--key", "k-1", "--json")
	if c3 != 3 {
		t.Fatalf("conflicting key: exit %d, want 3", c3)
	}
}

func TestImportCreatorsAllOrNothing(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("id,handle,followers,level,categories\nn1,new.one,10,L2,home;kitchen\nn2,new.two,20,L0,\n"), 0o600)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("id,handle,followers\nn3,ok.three,5\nn4,BAD HANDLE,5\n"), 0o600)
	out, e, code := run(t, db, "import", "creators", good, "--json")
	if code != 0 || !strings.Contains(out, `"added":2`) {
		t.Fatalf("good import: %d %s %s", code, out, e)
	}
	out, _, code = run(t, db, "import", "creators", good, "--json")
	if code != 0 || !strings.Contains(out, `"unchanged":2`) {
		t.Fatalf("re-import changed something: %s", out)
	}
	_, e, code = run(t, db, "import", "creators", bad)
	if code != 2 || !strings.Contains(e, "line 3") {
		t.Fatalf("bad import: exit %d, %q", code, e)
	}
	if _, _, code := run(t, db, "creator", "show", "n3"); code != 2 {
		t.Fatalf("a row of a refused file was written (exit %d)", code)
	}
	if _, e, code := run(t, db, "import", "creators", filepath.Join(dir, "missing.csv")); code != 2 || !strings.Contains(e, "no such file") {
		t.Fatalf("missing file: exit %d %q", code, e)
	}
}

func TestPreviewChargesNothing(t *testing.T) {
	db := setup(t)
	out, _, code := run(t, db, "preview", "s1", "c1", "big", "c3", "c1", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var v struct {
		Cost    int `json:"cost"`
		Refused int `json:"refused"`
	}
	json.Unmarshal([]byte(out), &v)
	if v.Cost != 2 || v.Refused != 1 {
		t.Fatalf("preview %s", out)
	}
	q, _, _ := run(t, db, "quota", "s1", "--json")
	if !strings.Contains(q, `"used":0`) {
		t.Fatalf("preview charged: %s", q)
	}
}
