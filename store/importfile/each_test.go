package importfile

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"outreach/model"
)

// ParseEach gives the creators Parse returns, in file order, in both formats.
func TestParseEachSameAsParse(t *testing.T) {
	for _, f := range []Format{CSV, JSONL} {
		t.Run(f.String(), func(t *testing.T) {
			data := string(benchFile(f, 500))
			want, err := Parse(strings.NewReader(data), f, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			var got []model.Creator
			err = ParseEach(strings.NewReader(data), f, DefaultLimits, func(c model.Creator) error {
				got = append(got, c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("ParseEach gave %d creators, Parse %d, or they differ", len(got), len(want))
			}
		})
	}
}

// An error from fn stops the parse and comes back as it is; a nil fn is refused.
func TestParseEachStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ParseEach(strings.NewReader(string(benchFile(CSV, 100))), CSV, DefaultLimits, func(model.Creator) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("ParseEach: %v after %d rows; want stop after 3", err, n)
	}
	if err := ParseEach(strings.NewReader(csvHeader), CSV, DefaultLimits, nil); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("nil fn: %v, want ErrInvalid", err)
	}
}

// A duplicate id is found wherever the two rows are: among ids in order,
// among ids out of order, and one of each.
func TestDuplicateIDs(t *testing.T) {
	cases := []struct {
		name     string
		ids      []string
		dupAt    int // index of the row refused, -1: none
		prevLine int
	}{
		{"in order", []string{"a", "b", "c", "d"}, -1, 0},
		{"out of order, no duplicate", []string{"d", "b", "a", "c", "e", "ab"}, -1, 0},
		{"same id twice in a row", []string{"a", "b", "b"}, 2, 3},
		{"in-order id again later", []string{"a", "b", "c", "b"}, 3, 3},
		{"first id again last", []string{"a", "b", "c", "a"}, 3, 2},
		{"out-of-order id again", []string{"m", "n", "b", "z", "b"}, 4, 4},
		{"out-of-order id again right after", []string{"m", "b", "b"}, 2, 3},
		{"prefix is not a duplicate", []string{"ab", "a", "abc", "a"}, 3, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("id,handle,followers\n")
			for _, id := range tc.ids {
				fmt.Fprintf(&b, "%s,h_%s,1\n", id, id)
			}
			n := 0
			err := ParseEach(strings.NewReader(b.String()), CSV, DefaultLimits, func(model.Creator) error { n++; return nil })
			if tc.dupAt < 0 {
				if err != nil || n != len(tc.ids) {
					t.Fatalf("%d rows, %v; want %d rows, no error", n, err, len(tc.ids))
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Line != tc.dupAt+2 || e.Column != "id" ||
				!strings.Contains(e.Msg, fmt.Sprintf("already on line %d", tc.prevLine)) {
				t.Fatalf("error %v; want line %d, column id, already on line %d", err, tc.dupAt+2, tc.prevLine)
			}
		})
	}
}
