package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func programSetup(t *testing.T) string {
	t.Helper()
	db := setup(t)
	for _, args := range [][]string{
		{"showcase", "c1", "s1"}, {"showcase", "c3", "s1"},
		{"template", "add", "s1", "hi", "--text", "Hi {{name}} from {{seller}}"},
		{"campaign", "create", "s1", "existing", "--template", "hi", "--creators", "c1"},
		{"code", "add", "s1", "c1", "--discount", "15", "--until", "2026-12-31", "--code", "ACME-LENA15"},
		{"contest", "add", "s1", "dec", "--metric", "orders", "--threshold", "3", "--from", "2026-12-01", "--to", "2026-12-31", "--prize", "fee"},
	} {
		if _, e, code := run(t, db, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e)
		}
	}
	return db
}

// state is everything the program commands can write, as JSON lines.
func programState(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"template", "list", "s1", "--json"}, {"campaign", "list", "s1", "--json"}, {"boost", "list", "s1", "--json"},
		{"code", "list", "s1", "--json"}, {"contest", "list", "s1", "--json"}, {"kit", "list", "s1", "--json"},
		{"survey", "results", "s1", "--json"}, {"decisions", "s1", "--json"},
	} {
		o, e, code := run(t, db, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e)
		}
		b.WriteString(o)
	}
	return b.String()
}

// Bad input of the affiliate program's part 2 exits 2 with a sentence that
// names the fault, and writes nothing.
func TestProgramBadInputWritesNothing(t *testing.T) {
	db := programSetup(t)
	before := programState(t, db)
	cases := []struct {
		name   string
		args   []string
		errHas string
	}{
		{"template unknown variable", []string{"template", "add", "s1", "t1", "--text", "Hi {{nmae}}"}, "unknown variable {{nmae}}"},
		{"template over the limit", []string{"template", "add", "s1", "t2", "--text", strings.Repeat("x", 501)}, "at most 500"},
		{"template worst case over the limit", []string{"template", "add", "s1", "t3", "--text", "{{name}} {{seller}} {{top_product}} " + strings.Repeat("x", 250)}, "at most 500"},
		{"template exists", []string{"template", "add", "s1", "hi", "--text", "Hello"}, "exists"},
		{"template bad segment", []string{"template", "add", "s1", "t4", "--text", "Hi", "--segment", "gold"}, "want power, growth"},
		{"campaign empty audience", []string{"campaign", "create", "s1", "c-a", "--template", "hi", "--segment", "power"}, "matches no affiliate"},
		{"campaign no audience", []string{"campaign", "create", "s1", "c-b", "--template", "hi"}, "audience is empty"},
		{"campaign not an affiliate", []string{"campaign", "create", "s1", "c-c", "--template", "hi", "--creators", "big"}, "not an affiliate"},
		{"campaign in the past", []string{"campaign", "create", "s1", "c-d", "--template", "hi", "--creators", "c1", "--at", "2026-11-01T00:00:00Z"}, "in the past"},
		{"campaign bad instant", []string{"campaign", "create", "s1", "c-e", "--template", "hi", "--creators", "c1", "--at", "tomorrow"}, "RFC 3339"},
		{"campaign bad repeat", []string{"campaign", "create", "s1", "c-f", "--template", "hi", "--creators", "c1", "--every", "day"}, "want week"},
		{"campaign unknown template", []string{"campaign", "create", "s1", "c-g", "--template", "nope", "--creators", "c1"}, "nope"},
		{"campaign exists", []string{"campaign", "create", "s1", "existing", "--template", "hi", "--creators", "c1"}, "already has a campaign"},
		{"campaign pause a draft", []string{"campaign", "pause", "s1", "existing"}, "only a scheduled or running"},
		{"campaign unknown", []string{"campaign", "show", "s1", "nope"}, "nope"},
		{"boost above 80%", []string{"boost", "add", "s1", "--rate", "81", "--from", "2026-12-01", "--to", "2026-12-05", "--segment", "inactive"}, "at most 80%"},
		{"boost end before start", []string{"boost", "add", "s1", "--rate", "20", "--from", "2026-12-05", "--to", "2026-12-01", "--creators", "c1"}, "not after its start"},
		{"boost nobody", []string{"boost", "add", "s1", "--rate", "20", "--from", "2026-12-01", "--to", "2026-12-05", "--segment", "power"}, "no affiliate"},
		{"boost both", []string{"boost", "add", "s1", "--rate", "20", "--from", "2026-12-01", "--to", "2026-12-05", "--segment", "power", "--creators", "c1"}, "not both"},
		{"code exists", []string{"code", "add", "s1", "c3", "--discount", "10", "--until", "2026-12-31", "--code", "acme-lena15"}, "already exists"},
		{"code not an affiliate", []string{"code", "add", "s1", "big", "--discount", "10", "--until", "2026-12-31"}, "not an affiliate"},
		{"code discount", []string{"code", "add", "s1", "c3", "--discount", "95", "--until", "2026-12-31"}, "want 1% to 90%"},
		{"code ended", []string{"code", "add", "s1", "c3", "--discount", "10", "--until", "2026-11-01"}, "not after now"},
		{"contest without threshold", []string{"contest", "add", "s1", "x", "--metric", "gmv", "--from", "2026-12-01", "--to", "2026-12-31", "--prize", "fee"}, "needs a threshold"},
		{"contest exists", []string{"contest", "add", "s1", "dec", "--metric", "orders", "--threshold", "3", "--from", "2026-12-01", "--to", "2026-12-31", "--prize", "fee"}, "already has a contest"},
		{"contest draw while running", []string{"contest", "draw", "s1", "dec"}, "has not ended"},
		{"survey no audience", []string{"survey", "send", "s1"}, "a segment or creators"},
		{"kit bad link", []string{"kit", "add", "s1", "b", "--segment", "inactive", "--link", "ftp://x"}, "http or https"},
		{"kit empty", []string{"kit", "add", "s1", "b", "--segment", "inactive"}, "neither a snippet nor a link"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, e, code := run(t, db, c.args...)
			if code != 2 || !strings.Contains(e, c.errHas) {
				t.Fatalf("exit %d, want 2 with %q\nstdout %s\nstderr %s", code, c.errHas, o, e)
			}
			if after := programState(t, db); after != before {
				t.Fatalf("bad input wrote something:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// A campaign in JSON carries name, state, recipients and each recipient's
// outcome and reason.
func TestCampaignJSONFields(t *testing.T) {
	db := programSetup(t)
	o, e, code := run(t, db, "campaign", "start", "s1", "existing", "--json")
	if code != 0 {
		t.Fatalf("start: exit %d: %s", code, e)
	}
	var v struct {
		Name       string
		State      string
		Recipients []struct{ Creator, Outcome, Reason string }
	}
	if err := json.Unmarshal([]byte(o), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != "existing" || v.State != "done" || len(v.Recipients) != 1 || v.Recipients[0].Outcome != "sent" || v.Recipients[0].Reason != "connected" {
		t.Fatalf("start: %s", o)
	}
	o, _, _ = run(t, db, "campaign", "preview", "s1", "existing", "--json")
	if !strings.Contains(o, `"recipients":[{"creator":"c1","outcome":"sent","reason":"connected"`) {
		t.Fatalf("preview: %s", o)
	}
	if o, _, code := run(t, db, "campaign", "run-due", "--json"); code != 0 || o != "" {
		t.Fatalf("run-due with nothing due: exit %d %q", code, o)
	}
}

// TestCampaignStartText: the text of a start, to the letter: the state and
// what this run did.
func TestCampaignStartText(t *testing.T) {
	db := programSetup(t)
	o, e, code := run(t, db, "campaign", "start", "s1", "existing")
	want := "campaign existing: done; this run: 1 sent, 0 refused, 0 waiting, 0 left, 0 credits\n"
	if code != 0 || o != want {
		t.Fatalf("start: exit %d %q (%s), want %q", code, o, e, want)
	}
}
