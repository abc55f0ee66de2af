package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The bad input: exit 2 naming line and column, nothing written.
func TestImportPerformanceBadInput(t *testing.T) {
	db := setup(t)
	head := "seller,creator,day,gmv,orders,refunded_orders\n"
	good := "s1,c1,2026-11-10,10,2,0\n"
	cases := []struct {
		name, file, body, errHas string
	}{
		{"negative figure", "p.csv", head + good + "s1,c3,2026-11-10,10,-1,0\n", "line 3, column orders"},
		{"refunds above orders", "p.csv", head + good + "s1,c3,2026-11-10,10,1,2\n", "line 3, column refunded_orders"},
		{"unknown seller", "p.csv", head + good + "zz,c3,2026-11-10,10,1,0\n", `line 3, column seller: unknown seller "zz"`},
		{"unknown creator", "p.csv", head + good + "s1,nobody,2026-11-10,10,1,0\n", `line 3, column creator: unknown creator "nobody"`},
		{"day before 1970", "p.csv", head + good + "s1,c3,1969-12-31,10,1,0\n", "line 3, column day"},
		{"day after 2199", "p.csv", head + good + "s1,c3,2200-01-01,10,1,0\n", "line 3, column day"},
		{"duplicate row", "p.csv", head + good + good, "line 3: "},
		{"jsonl unknown creator", "p.jsonl", `{"seller":"s1","creator":"c1","day":"2026-11-10","gmv":1}` + "\n" +
			`{"seller":"s1","creator":"ghost","day":"2026-11-10"}` + "\n", "line 2, column creator"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, tc.file, tc.body)
			_, e, code := run(t, db, "import", "performance", p)
			if code != 2 || !strings.Contains(e, tc.errHas) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, e, tc.errHas)
			}
			out, _, code := run(t, db, "affiliates", "s1", "--json")
			if code != 0 || out != "" {
				t.Fatalf("a failed import wrote: exit %d %q", code, out)
			}
		})
	}
}

func TestProgramCommands(t *testing.T) {
	db := setup(t)
	p := writeFile(t, "p.csv", "seller,creator,day,gmv,orders,refunded_orders,clicks,code\n"+
		"s1,c1,2026-11-10,100,12,6,40,\n"+
		"s1,c3,2026-11-11,20.50,1,0,5,S1-CODE\n")
	cases := []struct {
		name   string
		args   []string
		code   int
		outHas string
		errHas string
	}{
		{"import", []string{"import", "performance", p, "--json"}, 0, `"added":2`, ""},
		{"reimport replaces nothing new", []string{"import", "performance", p, "--json"}, 0, `"unchanged":2`, ""},
		{"perf add", []string{"perf", "add", "s1", "c3", "--day", "2026-11-12", "--gmv", "5", "--orders", "1"}, 0, "added", ""},
		{"perf add replaces", []string{"perf", "add", "s1", "c3", "--day", "2026-11-12", "--gmv", "6", "--orders", "1"}, 0, "replaced", ""},
		{"perf add negative", []string{"perf", "add", "s1", "c3", "--day", "2026-11-12", "--orders", "-1"}, 2, "", "--orders -1: must not be negative"},
		{"perf add refunds", []string{"perf", "add", "s1", "c3", "--day", "2026-11-12", "--orders", "1", "--refunded-orders", "2"}, 2, "", "--refunded-orders"},
		{"perf add bad day", []string{"perf", "add", "s1", "c3", "--day", "2200-01-01"}, 2, "", "day"},
		{"perf add unknown creator", []string{"perf", "add", "s1", "ghost", "--day", "2026-11-12"}, 2, "", "unknown creator"},
		{"perf add unknown seller", []string{"perf", "add", "zz", "c1", "--day", "2026-11-12"}, 2, "", "unknown seller"},
		{"recompute", []string{"segments", "recompute", "s1", "--json"}, 0, `"with_sales":2`, ""},
		{"recompute unknown seller", []string{"segments", "recompute", "zz"}, 2, "", "not found"},
		{"affiliates power", []string{"affiliates", "s1", "--segment", "power", "--json"}, 0, `"creator":"c1"`, ""},
		{"affiliates flagged", []string{"affiliates", "s1", "--flagged", "--json"}, 0, `"flags":["refund-rate"]`, ""},
		{"affiliates csv", []string{"affiliates", "s1", "--csv", "--sort", "handle"}, 0, "creator,handle,segment", ""},
		{"affiliates bad segment", []string{"affiliates", "s1", "--segment", "gold"}, 2, "", "segment"},
		{"affiliates bad sort", []string{"affiliates", "s1", "--sort", "vibes"}, 2, "", "sort"},
		{"affiliates json and csv", []string{"affiliates", "s1", "--csv", "--json"}, 2, `"exit":2`, "not both"},
		{"kpi 90", []string{"kpi", "s1", "--days", "90", "--json"}, 0, `"days":90`, ""},
		{"kpi month", []string{"kpi", "s1", "--month", "2026-11", "--csv"}, 0, "from,to,segment", ""},
		{"kpi from to", []string{"kpi", "s1", "--from", "2026-11-01", "--to", "2026-11-15"}, 0, "program", ""},
		{"kpi bad days", []string{"kpi", "s1", "--days", "30"}, 2, "", "7, 28 or 90"},
		{"kpi two periods", []string{"kpi", "s1", "--days", "7", "--month", "2026-11"}, 2, "", "one of"},
		{"kpi to before from", []string{"kpi", "s1", "--from", "2026-11-10", "--to", "2026-11-01"}, 2, "", "before"},
		{"flags", []string{"flags", "s1"}, 0, "refund-rate", ""},
		{"flags clear needs reason", []string{"flags", "clear", "s1", "c1", "--reason", " "}, 2, "", "reason"},
		{"flags clear", []string{"flags", "clear", "s1", "c1", "--reason", "courier fault", "--json"}, 0, `"cleared":["refund-rate"]`, ""},
		{"flags clear again", []string{"flags", "clear", "s1", "c1", "--reason", "again"}, 2, "", "has no open flag"},
		{"flags all", []string{"flags", "list", "s1", "--all"}, 0, "cleared by", ""},
		{"goal creator", []string{"goal", "set", "s1", "--creator", "c1", "--metric", "gmv", "--target", "500", "--month", "2026-11"}, 0, "goal set", ""},
		{"goal both", []string{"goal", "set", "s1", "--creator", "c1", "--segment", "power", "--metric", "gmv", "--target", "5", "--month", "2026-11"}, 2, "", "one of them"},
		{"goal bad metric", []string{"goal", "set", "s1", "--segment", "power", "--metric", "likes", "--target", "5", "--month", "2026-11"}, 2, "", "metric"},
		{"goal not affiliate", []string{"goal", "set", "s1", "--creator", "big", "--metric", "orders", "--target", "5", "--month", "2026-11"}, 2, "", "not an affiliate"},
		{"goal list", []string{"goal", "list", "s1", "--json"}, 0, `"metric":"gmv"`, ""},
		{"goal progress", []string{"affiliates", "s1", "--json", "--segment", "power"}, 0, `"goal":{"metric":"gmv"`, ""},
	}
	for _, tc := range cases {
		out, e, code := run(t, db, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.outHas) || !strings.Contains(e+out, tc.errHas) {
			t.Errorf("%s: %v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", tc.name, tc.args, code, tc.code, out, tc.outHas, e, tc.errHas)
		}
	}
	// Every affiliate line is a JSON object with the SPEC's fields.
	out, _, _ := run(t, db, "affiliates", "s1", "--json")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"creator", "handle", "segment", "kind", "dormant", "gmv", "orders", "clicks", "refund_rate", "previous_segment", "flags"} {
			if _, ok := m[f]; !ok {
				t.Errorf("affiliate JSON lacks %q: %s", f, line)
			}
		}
	}
}

// Reads never write: kpi and affiliates at a future --now leave the file as it was.
func TestProgramReadsNeverWrite(t *testing.T) {
	db := setup(t)
	if _, e, code := run(t, db, "perf", "add", "s1", "c1", "--day", "2026-11-10", "--gmv", "5", "--orders", "1"); code != 0 {
		t.Fatal(e)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"kpi", "s1", "--days", "90", "--now", "2031-01-01T00:00:00Z"},
		{"affiliates", "s1", "--now", "2031-01-01T00:00:00Z"}, {"flags", "s1"}, {"goal", "list", "s1"}} {
		if _, e, code := run(t, db, args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, e)
		}
	}
	after, _ := os.ReadFile(db)
	if string(before) != string(after) {
		t.Fatal("a read changed the store file")
	}
}
