package backend

import (
	"context"
	"os"
	"runtime"
	"testing"

	"outreach/store"
)

// BenchmarkCatalogOpenFile_1M opens the store named by $OUTREACH_BENCH_DB
// (a 1,000,000-creator demo: `outreach demo --creators 1000000 --no-console
// --db FILE`) and loads its catalog: what a cold start waits for before the
// first results. It reports the heap the loaded catalog keeps.
func BenchmarkCatalogOpenFile_1M(b *testing.B) {
	path := os.Getenv("OUTREACH_BENCH_DB")
	if path == "" {
		b.Skip("set OUTREACH_BENCH_DB to a 1M-creator store file")
	}
	var kept float64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		st, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		c := newCatalog(st)
		s, err := c.Wait(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		kept += float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
		runtime.KeepAlive(s)
		c.close()
		st.Close()
	}
	b.ReportMetric(kept/float64(b.N)/(1<<20), "kept-MB")
}
