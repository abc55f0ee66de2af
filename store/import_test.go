package store

import (
	"errors"
	"fmt"
	"testing"

	"outreach/model"
)

// streamOf hands cs to yield, then fails with end (when not nil).
func streamOf(cs []model.Creator, end error) CreatorSource {
	return func(yield func(model.Creator) error) error {
		for _, c := range cs {
			if err := yield(c); err != nil {
				return err
			}
		}
		return end
	}
}

func manyCreators(n int, handle string) []model.Creator {
	cs := make([]model.Creator, n)
	for i := range cs {
		// Out of order, so that every chunk is sorted before it is written.
		j := (i * 7919) % n
		cs[i] = model.Creator{ID: fmt.Sprintf("c%06d", j), Handle: fmt.Sprintf("%s%d", handle, j), Followers: int64(j)}
	}
	return cs
}

// A streamed import is all-or-nothing across chunks: a source that fails
// after more than a chunk of rows, or a bad creator late in the stream,
// leaves the store as it was; a good stream writes every row, and the same
// rows again change nothing.
func TestImportCreatorsFrom(t *testing.T) {
	n := importChunk*2 + 123
	good := manyCreators(n, "h")
	bad := manyCreators(n, "h")
	bad[n-1].Handle = "bad handle!"
	boom := errors.New("read failed")
	cases := []struct {
		name    string
		src     CreatorSource
		wantErr error
	}{
		{"source fails at the end", streamOf(good, boom), boom},
		{"bad creator last", streamOf(bad, nil), model.ErrInvalid},
		{"no source", nil, model.ErrInvalid},
	}
	s := openTest(t, Options{NoSync: true, Grow: 64 << 20})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, err := s.ImportCreatorsFrom(tc.src, t0)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if st != (ImportStats{}) {
				t.Errorf("stats %+v after a failed import, want zero", st)
			}
			if c, err := s.Creator(good[0].ID); err == nil {
				t.Fatalf("creator %s was written by a failed import: %+v", good[0].ID, c)
			}
		})
	}
	st, err := s.ImportCreatorsFrom(streamOf(good, nil), t0)
	if err != nil || st != (ImportStats{Added: n}) {
		t.Fatalf("import: %+v, %v; want %d added", st, err, n)
	}
	c, err := s.Creator("c000042")
	if err != nil || c.Handle != "h42" || c.Followers != 42 || len(c.History) != 1 {
		t.Fatalf("creator c000042: %+v, %v", c, err)
	}
	if st, err := s.ImportCreatorsFrom(streamOf(good, nil), t0); err != nil || st != (ImportStats{Unchanged: n}) {
		t.Fatalf("import again: %+v, %v; want %d unchanged", st, err, n)
	}
	good[5].Followers++
	if st, err := s.ImportCreatorsFrom(streamOf(good, nil), t0); err != nil || st != (ImportStats{Updated: 1, Unchanged: n - 1}) {
		t.Fatalf("import with one change: %+v, %v", st, err)
	}
}
