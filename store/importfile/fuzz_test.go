package importfile

import (
	"bytes"
	"errors"
	"testing"

	"outreach/model"
)

// fuzzLimits are small enough for the fuzzer to hit every limit.
var fuzzLimits = Limits{MaxBytes: 300, MaxRows: 3, MaxLineBytes: 80}

// fuzzParse checks the properties every input must have: Parse never panics;
// on success every creator passes Validate again unchanged and ids are
// unique; on failure no creators come back and the error is an *Error
// (the reader cannot fail) that is safe to print.
func fuzzParse(t *testing.T, data []byte, f Format) {
	for _, lim := range []Limits{DefaultLimits, fuzzLimits} {
		got, err := Parse(bytes.NewReader(data), f, lim)
		if err != nil {
			if got != nil {
				t.Fatalf("error %v came with %d creators", err, len(got))
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error %v (%T) is not an *Error wrapping ErrInvalid", err, err)
			}
			if msg := err.Error(); !model.IsSafe(msg) || bytes.IndexByte([]byte(msg), '\n') >= 0 {
				t.Fatalf("error text is not safe: %q", msg)
			}
			if e.Line < 0 {
				t.Fatalf("negative line in %v", err)
			}
			continue
		}
		if got == nil {
			t.Fatal("success with a nil slice")
		}
		if len(got) > lim.MaxRows {
			t.Fatalf("%d creators, limit %d", len(got), lim.MaxRows)
		}
		checkCreators(t, got)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(csvHeader + csvRow("c1", "", "") + csvRow("c2", "bio", "\"a\nb\"")))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, data, CSV) })
}

func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(jsonRow("c1", "", "") + "\n" + jsonRow("c2", "gmv_30d", `"1.5"`)))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, data, JSONL) })
}
