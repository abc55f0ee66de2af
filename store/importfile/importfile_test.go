package importfile

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"outreach/model"
)

// badCase is a file that must be refused with an *Error at Line/Column whose
// message contains Msg.
type badCase struct {
	name   string
	in     string
	lim    Limits
	line   int
	column string
	msg    string
}

func runBad(t *testing.T, f Format, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tc.in), f, tc.lim)
			// The streaming form refuses the file with the same error.
			eachErr := ParseEach(strings.NewReader(tc.in), f, tc.lim, func(model.Creator) error { return nil })
			if fmt.Sprint(eachErr) != fmt.Sprint(err) {
				t.Errorf("ParseEach: %v, Parse: %v; want the same error", eachErr, err)
			}
			if err == nil {
				t.Fatalf("Parse succeeded with %d creators, want an error", len(got))
			}
			if got != nil {
				t.Errorf("Parse returned %d creators with an error; want none", len(got))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if !errors.Is(err, model.ErrInvalid) {
				t.Errorf("error %v does not wrap model.ErrInvalid", err)
			}
			if e.Line != tc.line || e.Column != tc.column || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("got line %d, column %q, msg %q\nwant line %d, column %q, msg containing %q",
					e.Line, e.Column, e.Msg, tc.line, tc.column, tc.msg)
			}
			if !model.IsSafe(err.Error()) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error text is not safe for a terminal: %q", err.Error())
			}
		})
	}
}

func mustParse(t *testing.T, in string, f Format) []model.Creator {
	t.Helper()
	got, err := Parse(strings.NewReader(in), f, Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkCreators(t, got)
	return got
}

// checkCreators asserts what every successful Parse promises: each creator
// passes Validate again unchanged, and ids are unique.
func checkCreators(t testing.TB, cs []model.Creator) {
	t.Helper()
	seen := make(map[string]bool, len(cs))
	for i, c := range cs {
		again := c
		again.Categories = append([]string(nil), c.Categories...)
		if len(c.Categories) == 0 {
			again.Categories = c.Categories
		}
		if err := again.Validate(); err != nil {
			t.Fatalf("creator %d (%q) fails Validate again: %v", i, c.ID, err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("creator %d changed on Validate again:\n got %#v\nwant %#v", i, again, c)
		}
		if seen[c.ID] {
			t.Fatalf("id %q appears twice", c.ID)
		}
		seen[c.ID] = true
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		e    Error
		want string
	}{
		{Error{Line: 12, Column: "followers", Msg: "want a whole number 0..10000000000"}, "line 12, column followers: want a whole number 0..10000000000"},
		{Error{Line: 3, Msg: "longer than 10 bytes"}, "line 3: longer than 10 bytes"},
		{Error{Msg: "file is empty"}, "file is empty"},
		{Error{Column: "id", Msg: "x"}, "column id: x"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
		if !errors.Is(&tc.e, model.ErrInvalid) {
			t.Errorf("%q does not unwrap to model.ErrInvalid", tc.want)
		}
	}
}

func TestFormatFor(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Format
		err  string
	}{
		{"creators.csv", CSV, ""},
		{"/tmp/dir.jsonl/Creators.CSV", CSV, ""},
		{"creators.jsonl", JSONL, ""},
		{"creators.ndjson", JSONL, ""},
		{"a.b.JSONL", JSONL, ""},
		{"creators.json", 0, `".json"`},
		{"creators.xlsx", 0, `".xlsx"`},
		{"creators", 0, "no extension"},
		{"dir.csv/creators", 0, "no extension"},
	} {
		got, err := FormatFor(tc.name)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("FormatFor(%q) = %v, %v; want %v", tc.name, got, err, tc.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, model.ErrInvalid) {
			t.Errorf("FormatFor(%q) error = %v; want one containing %s wrapping ErrInvalid", tc.name, err, tc.err)
		}
	}
	if CSV.String() != "csv" || JSONL.String() != "jsonl" {
		t.Errorf("Format.String: %q %q", CSV, JSONL)
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := Parse(strings.NewReader("id,handle,followers\n"), Format(7), Limits{})
	if !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("Parse with Format(7): %v", err)
	}
}

type failingReader struct{ data io.Reader }

var errDisk = errors.New("disk on fire")

func (r *failingReader) Read(p []byte) (int, error) {
	n, err := r.data.Read(p)
	if err == io.EOF {
		return n, errDisk
	}
	return n, err
}

func TestReadFailure(t *testing.T) {
	for _, f := range []Format{CSV, JSONL} {
		in := "id,handle,followers\nc1,eve,1\n"
		if f == JSONL {
			in = `{"id":"c1","handle":"eve","followers":1}` + "\n"
		}
		got, err := Parse(&failingReader{strings.NewReader(in)}, f, Limits{})
		if !errors.Is(err, errDisk) || got != nil {
			t.Errorf("%v: Parse = %d creators, %v; want the reader's error", f, len(got), err)
		}
		var e *Error
		if errors.As(err, &e) {
			t.Errorf("%v: a reader failure is reported as bad input: %v", f, err)
		}
	}
}

func TestParseWhole(t *testing.T) {
	for _, tc := range []struct {
		s   string
		max int64
		n   int64
		ok  bool
	}{
		{"0", 30, 0, true},
		{" 30 ", 30, 30, true},
		{"31", 30, 0, false},
		{"10000000000", model.MaxFollowers, model.MaxFollowers, true},
		{"10000000001", model.MaxFollowers, 0, false},
		{"9223372036854775807", 1<<63 - 1, 1<<63 - 1, true},
		{"9223372036854775808", 1<<63 - 1, 0, false},
		{"99999999999999999999", 1<<63 - 1, 0, false},
		{"7", 5, 0, false},
		{"", 30, 0, false},
		{"-1", 30, 0, false},
		{"+1", 30, 0, false},
		{"1.0", 30, 0, false},
		{"1e3", 1 << 40, 0, false},
		{`"5"`, 30, 0, false},
	} {
		n, ok := parseWhole(tc.s, tc.max)
		if n != tc.n || ok != tc.ok {
			t.Errorf("parseWhole(%q, %d) = %d, %v; want %d, %v", tc.s, tc.max, n, ok, tc.n, tc.ok)
		}
	}
}

// TestGuard checks the limits land on the right line whatever the chunking.
func TestGuard(t *testing.T) {
	in := "aaaa\nbbbbbbbbbb\ncc\n"
	for chunk := 1; chunk <= len(in)+1; chunk++ {
		g := &guard{r: &chunked{s: in, n: chunk}, maxBytes: 100, left: 100, maxLine: 5, line: 1}
		b, err := io.ReadAll(g)
		if !errors.Is(err, errLimit) || g.err == nil || g.err.Line != 2 {
			t.Fatalf("chunk %d: err %v, guard err %v", chunk, err, g.err)
		}
		if string(b) != "aaaa\nbbbbb" {
			t.Fatalf("chunk %d: delivered %q", chunk, b)
		}
	}
	for chunk := 1; chunk <= len(in)+1; chunk++ {
		g := &guard{r: &chunked{s: in, n: chunk}, maxBytes: 8, left: 8, maxLine: 100, line: 1}
		b, err := io.ReadAll(g)
		if !errors.Is(err, errLimit) || g.err == nil || !strings.Contains(g.err.Msg, "larger than 8 bytes") {
			t.Fatalf("chunk %d: err %v, guard err %v", chunk, err, g.err)
		}
		if string(b) != in[:8] {
			t.Fatalf("chunk %d: delivered %q", chunk, b)
		}
	}
	g := &guard{r: strings.NewReader(in), maxBytes: int64(len(in)), left: int64(len(in)), maxLine: 10, line: 1}
	if b, err := io.ReadAll(g); err != nil || string(b) != in {
		t.Fatalf("exactly at the limits: %q, %v", b, err)
	}
}

type chunked struct {
	s string
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := min(c.n, len(p), len(c.s))
	copy(p, c.s[:n])
	c.s = c.s[n:]
	return n, nil
}
