package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"outreach/model"
	"outreach/ui/cli/clio"
)

// FuzzSplitCommand: the exec command splitter never panics, refuses what
// is too long, and splits back what serverWord quoted.
func FuzzSplitCommand(f *testing.F) {
	for _, s := range []string{"quota s1 --json", `message s1 c1 --text "Hi! Sure…"`, `a 'b c' "d \" e" f\ g`, `"unterminated`, "x\\", strings.Repeat("'a' ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := SplitCommand(context.Background(), s)
		if len(s) > MaxCommand && err == nil {
			t.Fatal("a command over the limit was split")
		}
		if err != nil {
			return
		}
		q := make([]string, len(words))
		for i, w := range words {
			q[i] = serverWord(w)
		}
		again, err := SplitCommand(context.Background(), strings.Join(q, " "))
		if err != nil {
			t.Fatalf("quoted words do not split: %v", err)
		}
		want := make([]string, 0, len(words))
		for _, w := range words {
			want = append(want, model.SafeLine(w))
		}
		if !slices.Equal(again, want) {
			t.Fatalf("round trip: %q -> %q, want %q", s, again, want)
		}
	})
}

// FuzzSafeJSON: whatever a string holds, the JSON output is valid, carries
// no control, DEL, C1 or bidi character raw, and decodes to safe text.
func FuzzSafeJSON(f *testing.F) {
	for _, s := range escapes {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := clio.WriteJSON(&buf, map[string]any{s: []string{s, "x" + s}}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		if !json.Valid(out) {
			t.Fatalf("not JSON: %q", out)
		}
		if bad := unsafeOutput(string(out)); bad != "" {
			t.Fatalf("%s in %q", bad, out)
		}
		var v map[string][]string
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatal(err)
		}
		for k, vs := range v {
			if !model.IsSafe(k) || !model.IsSafe(vs[0]) || !model.IsSafe(vs[1]) {
				t.Fatalf("decoded text is not safe: %q %q", k, vs)
			}
		}
	})
}

// BenchmarkSplitCommand shows the splitter linear in the line's length.
func BenchmarkSplitCommand(b *testing.B) {
	for _, n := range []int{1 << 10, 4 << 10, 16 << 10} {
		s := strings.Repeat(`a "b c" 'd' e\ f `, n/17+1)[:n]
		b.Run(fmt.Sprintf("bytes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				SplitCommand(context.Background(), s)
			}
		})
	}
}
