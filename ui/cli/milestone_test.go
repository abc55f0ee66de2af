package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// Milestones from the command line: rules checked (exit 2 naming the
// fault), a first sale sent at once, N orders drafted, drafts approved or
// discarded once.
func TestMilestoneCommands(t *testing.T) {
	db := programSetup(t)
	steps := []struct {
		name   string
		args   []string
		code   int
		outHas string
		errHas string
	}{
		{"bad trigger", []string{"milestone", "set", "s1", "--trigger", "tenth-sale", "--template", "hi"}, 2, "", "want first-sale, orders:N"},
		{"orders without N", []string{"milestone", "set", "s1", "--trigger", "orders", "--template", "hi"}, 2, "", "needs a number"},
		{"orders zero", []string{"milestone", "set", "s1", "--trigger", "orders:0", "--template", "hi"}, 2, "", "want 1 to"},
		{"N on another trigger", []string{"milestone", "set", "s1", "--trigger", "first-sale:3", "--template", "hi"}, 2, "", "only orders takes a number"},
		{"bad mode", []string{"milestone", "set", "s1", "--trigger", "first-sale", "--template", "hi", "--mode", "later"}, 2, "", "want now or draft"},
		{"unknown template", []string{"milestone", "set", "s1", "--trigger", "first-sale", "--template", "nope"}, 2, "", "nope"},
		{"no trigger", []string{"milestone", "set", "s1", "--template", "hi"}, 2, "", "--trigger is required"},
		{"nothing written", []string{"milestone", "list", "s1", "--json"}, 0, `"milestones":[]`, ""},
		{"first sale now", []string{"milestone", "set", "s1", "--trigger", "first-sale", "--template", "hi", "--mode", "now"}, 0, "first-sale", ""},
		{"orders:2 draft", []string{"milestone", "set", "s1", "--trigger", "orders:2", "--template", "hi", "--mode", "draft", "--json"}, 0, `"trigger":"orders:2"`, ""},
		{"list", []string{"milestone", "list", "s1", "--json"}, 0, `"mode":"draft"`, ""},
		{"a sale", []string{"perf", "add", "s1", "c1", "--day", "2026-11-12", "--gmv", "5", "--orders", "1"}, 0, "", ""},
		{"check sends the first sale", []string{"milestone", "check", "s1", "--json"}, 0, `"mode":"now","outcome":"sent"`, ""},
		{"check again fires nothing", []string{"milestone", "check", "s1", "--json"}, 0, `"milestones":[]`, ""},
		{"second order", []string{"perf", "add", "s1", "c1", "--day", "2026-11-13", "--gmv", "5", "--orders", "1"}, 0, "", ""},
		{"check drafts orders-2", []string{"milestone", "check", "s1", "--json"}, 0, `"outcome":"draft"`, ""},
		{"drafts", []string{"drafts", "s1", "--json"}, 0, `"key":"orders-2"`, ""},
		{"approve unknown", []string{"drafts", "approve", "s1", "d99"}, 2, "", "no such draft"},
		{"approve", []string{"drafts", "approve", "s1", "d1", "--json"}, 0, `"outcome":"sent"`, ""},
		{"approve twice", []string{"drafts", "approve", "s1", "d1"}, 2, "", "no such draft"},
		{"no drafts left", []string{"drafts", "list", "s1"}, 0, "no drafts", ""},
		{"discard unknown", []string{"drafts", "discard", "s1", "d1"}, 2, "", "no such draft"},
		{"remove", []string{"milestone", "remove", "s1", "--trigger", "orders:2"}, 0, "first-sale", ""},
		{"remove again", []string{"milestone", "remove", "s1", "--trigger", "orders:2"}, 2, "", "not found"},
	}
	for _, st := range steps {
		o, e, code := run(t, db, st.args...)
		if code != st.code || !strings.Contains(o, st.outHas) || !strings.Contains(e, st.errHas) {
			t.Errorf("%s: %v: exit %d, want %d\nstdout %q (want %q)\nstderr %q (want %q)", st.name, st.args, code, st.code, o, st.outHas, e, st.errHas)
		}
		if strings.Contains(strings.Join(st.args, " "), "--json") && code == 0 {
			var v any
			if err := json.Unmarshal([]byte(o), &v); err != nil {
				t.Errorf("%s: not JSON: %v %q", st.name, err, o)
			}
		}
	}
}
