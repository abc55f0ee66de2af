package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCommand(t *testing.T) {
	db := setup(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	truncated := filepath.Join(dir, "cut.db")
	b, _ := os.ReadFile(db)
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	missing := filepath.Join(dir, "none.db")
	cases := []struct {
		name, file string
		code       int
		sound      bool
		has        string
	}{
		{"sound store", db, 0, true, "sound"},
		{"zero-length file", empty, 1, false, "empty"},
		{"truncated file", truncated, 1, false, "truncated"},
		{"missing file", missing, 2, false, missing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(c.file)
			out, errOut, code := run(t, db, "check", c.file)
			if code != c.code || !strings.Contains(out+errOut, c.has) {
				t.Fatalf("exit %d, want %d; output %q %q, want it to say %q", code, c.code, out, errOut, c.has)
			}
			if c.code != 2 {
				out, _, _ = run(t, db, "check", c.file, "--json")
				var got struct {
					File     string   `json:"file"`
					Sound    bool     `json:"sound"`
					Problems []string `json:"problems"`
				}
				if err := json.Unmarshal([]byte(out), &got); err != nil || got.Sound != c.sound || got.File != c.file || (len(got.Problems) == 0) == !c.sound {
					t.Fatalf("json %q: %+v %v", out, got, err)
				}
			}
			after, err := os.ReadFile(c.file)
			if c.code == 2 && !os.IsNotExist(err) {
				t.Fatal("check created the missing file")
			}
			if string(after) != string(before) {
				t.Fatal("check changed the file")
			}
		})
	}
}
