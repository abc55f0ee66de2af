package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/program"
)

// TestCatalogStamp: every write of a creator gives the store a new catalog
// stamp in its transaction; other writes and reads keep it.
func TestCatalogStamp(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 3)
	if _, err := s.ImportCreators([]model.Creator{{ID: "p1", Handle: "p1", Level: 1,
		Perf: []model.MonthPerf{{Month: "2026-10", GMV: 600_00, ActiveDays: 9, Products: 3}}}}, time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		op      func() error
		changes bool
	}{
		{"put creator", func() error { _, err := s.PutCreator(model.Creator{ID: "c9", Handle: "h9"}, t0); return err }, true},
		{"import creators", func() error {
			_, err := s.ImportCreators([]model.Creator{{ID: "c10", Handle: "h10"}}, t0)
			return err
		}, true},
		{"recompute levels", func() error { _, err := s.RecomputeLevels("2026-10", t0); return err }, true},
		{"put perf", func() error {
			_, err := s.PutPerf(program.PerfDay{CreatorID: "c1", SellerID: "s1", Day: program.DayOf(t0.AddDate(0, 0, -3), time.UTC), Orders: 2, GMV: 40_00}, t0)
			return err
		}, true},
		{"put seller", func() error { _, err := s.PutSeller(model.Seller{ID: "s2", Name: "s2"}, t0); return err }, false},
		{"add gmv", func() error { _, err := s.AddGMV("s1", "2026-11-02", 10_00); return err }, false},
		{"block", func() error { return s.SetBlocked("s1", "c0", model.BySeller, true) }, false},
		{"read creators", func() error { return s.ForEachCreator(func(*model.Creator) error { return nil }) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, ok, err := s.CatalogStamp()
			if err != nil || !ok {
				t.Fatalf("CatalogStamp = %x %v %v", before, ok, err)
			}
			if err := tt.op(); err != nil {
				t.Fatal(err)
			}
			after, _, _ := s.CatalogStamp()
			if changed := after != before; changed != tt.changes {
				t.Fatalf("stamp %x -> %x: changed %v, want %v", before, after, changed, tt.changes)
			}
			n := 0
			got, ok, err := s.ForEachCreatorSummaryStamped(func(*CreatorSummary) error { n++; return nil })
			if err != nil || !ok || got != after || n == 0 {
				t.Fatalf("ForEachCreatorSummaryStamped = %x %v %v after %d creators, want %x", got, ok, err, n, after)
			}
		})
	}
}

// TestInitCatalogStamp: a store without a stamp (written before stamps)
// gets one once; a read-only one is refused.
func TestInitCatalogStamp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A store from before the stamp: remove it as such a store lacks it.
	if err := s.update(func(w *wtx) error { return w.Delete(bMeta, catalogStampKey) }); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.CatalogStamp(); ok || err != nil {
		t.Fatalf("CatalogStamp of a store without one: %v %v", ok, err)
	}
	st, ok, err := s.InitCatalogStamp()
	if !ok || err != nil || st == 0 {
		t.Fatalf("InitCatalogStamp = %x %v %v", st, ok, err)
	}
	if got, ok, _ := s.CatalogStamp(); got != st || !ok {
		t.Fatalf("CatalogStamp = %x, want %x", got, st)
	}
	if _, ok, err := s.InitCatalogStamp(); ok || err != nil {
		t.Fatalf("second InitCatalogStamp = %v %v, want a no-op", ok, err)
	}
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, _, err := ro.InitCatalogStamp(); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("InitCatalogStamp read-only: %v, want ErrReadOnly", err)
	}
}
