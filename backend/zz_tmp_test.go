package backend

import (
	"context"
	"os"
	"testing"
	"time"

	"outreach/store"
)

func TestTmpPhases(t *testing.T) {
	p := os.Getenv("SNAPDB")
	if p == "" { t.Skip() }
	for range 4 {
		t0 := time.Now()
		st, err := store.Open(p, store.Options{})
		if err != nil { t.Fatal(err) }
		t1 := time.Now()
		b := New(st, Options{})
		s, err := b.cat.Wait(context.Background())
		t2 := time.Now()
		if err != nil || !s.Index.Mapped() { t.Fatal(err, b.cat.SnapshotError()) }
		b.Close()
		st.Close()
		t.Logf("store open %v catalog %v", t1.Sub(t0), t2.Sub(t1))
	}
}
