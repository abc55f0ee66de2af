package model

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// sanitizeCases: input, SafeText output, SafeLine output.
var sanitizeCases = []struct {
	name       string
	in         string
	text, line string
}{
	{"plain", "hello, world", "hello, world", "hello, world"},
	{"unicode kept", "café 東京 🎉 ñ", "café 東京 🎉 ñ", "café 東京 🎉 ñ"},
	{"empty", "", "", ""},

	// CSI.
	{"CSI colour", "\x1b[31mred\x1b[0m", "red", "red"},
	{"CSI with params and intermediates", "a\x1b[1;38;2;255;0;0mb", "ab", "ab"},
	{"CSI private mode", "x\x1b[?1049hy", "xy", "xy"},
	{"CSI clear screen", "\x1b[2J\x1b[Hok", "ok", "ok"},
	{"CSI cursor move", "a\x1b[10;20Hb", "ab", "ab"},
	{"CSI unterminated", "ok\x1b[31", "ok", "ok"},
	{"8-bit C1 CSI (U+009B)", "a\u009b31mb", "ab", "ab"},

	// OSC.
	{"OSC title, BEL", "\x1b]0;evil title\x07after", "after", "after"},
	{"OSC title, ESC \\", "\x1b]0;evil title\x1b\\after", "after", "after"},
	{"OSC 8 hyperlink", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click", "click"},
	{"OSC 52 clipboard", "a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab", "ab"},
	{"OSC unterminated swallows the rest", "a\x1b]0;title", "a", "a"},
	{"OSC with an ESC that is not ST", "\x1b]0;a\x1bxb\x07c", "c", "c"},
	{"8-bit OSC (U+009D) ended by U+009C", "a\u009d0;t\u009cb", "ab", "ab"},

	// DCS, SOS, PM, APC, 7-bit and 8-bit.
	{"DCS", "a\x1bP1$r0m\x1b\\b", "ab", "ab"},
	{"DCS 8-bit", "a\u0090q#0;1\u009cb", "ab", "ab"},
	{"SOS", "a\x1bXhidden\x1b\\b", "ab", "ab"},
	{"SOS 8-bit", "a\u0098hidden\u009cb", "ab", "ab"},
	{"PM", "a\x1b^private\x1b\\b", "ab", "ab"},
	{"PM 8-bit", "a\u009eprivate\u009cb", "ab", "ab"},
	{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab", "ab"},
	{"APC 8-bit", "a\u009fapc\u009cb", "ab", "ab"},
	{"APC ended by BEL", "a\x1b_x\x07b", "ab", "ab"},

	// Two-byte escapes.
	{"ESC c reset", "a\x1bcb", "ab", "ab"},
	{"ESC 7 save cursor", "a\x1b7b", "ab", "ab"},
	{"ESC ( B charset", "a\x1b(Bb", "ab", "ab"},
	{"ESC # 8 DECALN", "a\x1b#8b", "ab", "ab"},
	{"lone ESC at the end", "ab\x1b", "ab", "ab"},

	// C0, DEL, other C1.
	{"BEL", "a\x07b", "ab", "ab"},
	{"backspace", "abc\x08\x08x", "abcx", "abcx"},
	{"NUL", "a\x00b", "ab", "ab"},
	{"all C0", "a\x01\x02\x03\x04\x05\x06\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1fb", "ab", "ab"},
	{"DEL", "a\x7fb", "ab", "ab"},
	{"C1 NEL and IND", "a\u0085\u0084b", "ab", "ab"},
	{"C1 ST alone", "a\u009cb", "ab", "ab"},

	// Bidi controls.
	{"RLO", "user\u202Egnp.exe", "usergnp.exe", "usergnp.exe"},
	{"LRE RLE PDF LRO", "a\u202Ab\u202Bc\u202Cd\u202De", "abcde", "abcde"},
	{"isolates LRI RLI FSI PDI", "a\u2066b\u2067c\u2068d\u2069e", "abcde", "abcde"},
	{"LRM RLM", "a\u200Eb\u200Fc", "abc", "abc"},
	{"ALM", "a\u061Cb", "ab", "ab"},
	{"ZWJ emoji kept", "👩\u200d💻", "👩\u200d💻", "👩\u200d💻"},

	// Invalid UTF-8.
	{"invalid byte", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	{"raw 8-bit CSI byte is invalid UTF-8, not a CSI", "a\x9b31mb", "a\uFFFD31mb", "a\uFFFD31mb"},
	{"truncated rune", "ab\xe6\x9d", "ab\uFFFD\uFFFD", "ab\uFFFD\uFFFD"},
	{"overlong encoding", "a\xc0\xafb", "a\uFFFD\uFFFDb", "a\uFFFD\uFFFDb"},
	{"surrogate half", "a\xed\xa0\x80b", "a\uFFFD\uFFFD\uFFFDb", "a\uFFFD\uFFFD\uFFFDb"},
	{"U+FFFD itself is kept", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},

	// Whitespace.
	{"tab", "a\tb", "a b", "a b"},
	{"newline", "a\nb", "a\nb", "a b"},
	{"CRLF", "a\r\nb\r\nc", "a\nb\nc", "a b c"},
	{"lone CR", "a\rb", "a\nb", "a b"},
	{"CR CR LF", "a\r\r\nb", "a\n\nb", "a  b"},
	{"leading and trailing space", "  a b \n", "  a b \n", "a b"},
	{"line trims tabs and newlines", "\t\na\n\t", " \na\n ", "a"},
	{"only controls", "\x1b[31m\x07\u202E", "", ""},

	// Mixtures.
	{"escape inside a CSI restarts", "a\x1b[3\x1b[31mb", "ab", "ab"},
	{"newline in a CSI is swallowed", "a\x1b[\nmb", "ab", "ab"},
	{"fake prompt", "name\r\n\x1b[32muser@host$\x1b[0m rm -rf", "name\nuser@host$ rm -rf", "name user@host$ rm -rf"},
}

func TestSafeText(t *testing.T) {
	for _, tc := range sanitizeCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := SafeText(tc.in); got != tc.text {
				t.Errorf("SafeText(%q) = %q, want %q", tc.in, got, tc.text)
			}
			if got := SafeLine(tc.in); got != tc.line {
				t.Errorf("SafeLine(%q) = %q, want %q", tc.in, got, tc.line)
			}
		})
	}
}

func TestIsSafe(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"plain text", true},
		{"two\nlines", true},
		{"café 🎉", true},
		{"\uFFFD", true},
		{"tab\t", false},
		{"cr\r", false},
		{"\x1b[31m", false},
		{"\x00", false},
		{"\x7f", false},
		{"\u0085", false},
		{"\u009b", false},
		{"\u202E", false},
		{"\u2066", false},
		{"\u2069", false},
		{"\u200E", false},
		{"\u200F", false},
		{"\u061C", false},
		{"\xff", false},
		{"ok\xe6\x9d", false},
	}
	for _, tc := range tests {
		if got := IsSafe(tc.in); got != tc.want {
			t.Errorf("IsSafe(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	// IsSafe is exactly "SafeText leaves it unchanged".
	for _, tc := range sanitizeCases {
		if got, want := IsSafe(tc.in), SafeText(tc.in) == tc.in; got != want {
			t.Errorf("IsSafe(%q) = %v, but SafeText leaves it unchanged: %v", tc.in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello!", 5, "hell…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"", 3, ""},
		{"héllo", 5, "héllo"}, // 6 bytes, 5 runes: not cut
		{"héllo wörld", 6, "héllo…"},
		{"東京都庁舎", 4, "東京都…"},
		{"東京都庁", 4, "東京都庁"},
		{"🎉🎉🎉", 2, "🎉…"},
	}
	for _, tc := range tests {
		got := Clip(tc.s, tc.n)
		if got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if tc.n > 0 && utf8.RuneCountInString(got) > tc.n {
			t.Errorf("Clip(%q, %d) = %q: longer than %d runes", tc.s, tc.n, got, tc.n)
		}
	}
}

func TestLimitLineAndText(t *testing.T) {
	tests := []struct {
		name    string
		fn      func(string, string, int) (string, error)
		field   string
		in      string
		max     int
		want    string
		wantErr string
	}{
		{"line ok", LimitLine, "name", "  Alice\tSmith\n", 100, "Alice Smith", ""},
		{"line exactly at max", LimitLine, "name", strings.Repeat("é", 100), 100, strings.Repeat("é", 100), ""},
		{"line one over", LimitLine, "name", strings.Repeat("é", 101), 100, "", "name is 101 characters, at most 100"},
		{"line counts after cleaning", LimitLine, "country", "\x1b[31m" + strings.Repeat("x", 56) + "\x1b[0m", 56, strings.Repeat("x", 56), ""},
		{"line names its field", LimitLine, "country", strings.Repeat("x", 57), 56, "", "country is 57 characters, at most 56"},
		{"text keeps newlines", LimitText, "bio", "line one\r\nline two\n", 2000, "line one\nline two", ""},
		{"text one over", LimitText, "bio", strings.Repeat("a", 2001), 2000, "", "bio is 2001 characters, at most 2000"},
		{"text exactly at max with spaces trimmed", LimitText, "message", "  " + strings.Repeat("a", 500) + "\n\n", 500, strings.Repeat("a", 500), ""},
		{"text names its field", LimitText, "message", strings.Repeat("ü", 501), 500, "", "message is 501 characters, at most 500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.fn(tc.field, tc.in, tc.max)
			if tc.wantErr == "" {
				if err != nil || got != tc.want {
					t.Errorf("got %q, %v; want %q", got, err, tc.want)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want %q (ErrInvalid)", err, tc.wantErr)
			}
			if got != "" {
				t.Errorf("value %q returned with an error", got)
			}
		})
	}
}

// fuzzSeeds are shared by the fuzz targets' f.Add calls; the same kinds of
// input are checked in under testdata/fuzz.
var fuzzSeeds = []string{
	"",
	"plain",
	"\x1b[31mred\x1b[0m",
	"\x1b]0;title\x07",
	"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
	"\x1bP1$r\x1b\\",
	"\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\",
	"\u009b31m\u009d0;t\u009c",
	"a\u202Eb\u2066c\u2069\u200E\u200F\u061C",
	"bad\xff\xfe\xe6\x9d",
	"tab\tcr\rcrlf\r\nlf\n",
	"\x1b",
	"\x1b[",
	"\x1b]",
	"\x1b\x1b[31m",
	"\x1b[\x1b]\x07x",
	"\u0085\u0090\u009f\x7f\x00",
}

func FuzzSafeText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := SafeText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("SafeText(%q) = %q: invalid UTF-8", s, out)
		}
		if !IsSafe(out) {
			t.Fatalf("SafeText(%q) = %q: not IsSafe", s, out)
		}
		if strings.ContainsAny(out, "\x1b\r\t\x7f") {
			t.Fatalf("SafeText(%q) = %q: contains ESC, CR, TAB or DEL", s, out)
		}
		for _, r := range out {
			if r < 0x20 && r != '\n' || r >= 0x80 && r <= 0x9f || dropRune(r) {
				t.Fatalf("SafeText(%q) = %q: contains %U", s, out, r)
			}
		}
		if again := SafeText(out); again != out {
			t.Fatalf("SafeText not idempotent: %q -> %q -> %q", s, out, again)
		}
		if IsSafe(s) != (out == s) {
			t.Fatalf("IsSafe(%q) = %v but SafeText changed it: %v", s, IsSafe(s), out != s)
		}
		if len(out) > 3*len(s) { // at most one U+FFFD (3 bytes) per input byte
			t.Fatalf("SafeText(%q) grew to %d bytes", s, len(out))
		}
	})
}

func FuzzSafeLine(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := SafeLine(s)
		if !utf8.ValidString(out) || !IsSafe(out) {
			t.Fatalf("SafeLine(%q) = %q: not safe", s, out)
		}
		if strings.ContainsAny(out, "\n\r\t\x1b") {
			t.Fatalf("SafeLine(%q) = %q: not one clean line", s, out)
		}
		if out != strings.TrimSpace(out) {
			t.Fatalf("SafeLine(%q) = %q: not trimmed", s, out)
		}
		if again := SafeLine(out); again != out {
			t.Fatalf("SafeLine not idempotent: %q -> %q -> %q", s, out, again)
		}
		if again := SafeText(out); again != out {
			t.Fatalf("SafeText changes SafeLine's output: %q -> %q", out, again)
		}
	})
}

func FuzzClip(f *testing.F) {
	f.Add("hello world", 5)
	f.Add("東京都庁舎", 3)
	f.Add("", 0)
	f.Add("\xff\xfe", 1)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 1000
		out := Clip(s, n)
		if n <= 0 {
			if out != "" {
				t.Fatalf("Clip(%q, %d) = %q", s, n, out)
			}
			return
		}
		if c := utf8.RuneCountInString(out); c > n {
			t.Fatalf("Clip(%q, %d) = %q: %d runes", s, n, out, c)
		}
		if out != s {
			prefix, ok := strings.CutSuffix(out, "…")
			if !ok || !strings.HasPrefix(s, prefix) {
				t.Fatalf("Clip(%q, %d) = %q: not a prefix plus an ellipsis", s, n, out)
			}
			if utf8.RuneCountInString(s) <= n {
				t.Fatalf("Clip(%q, %d) = %q: cut a string that fits", s, n, out)
			}
		}
	})
}
