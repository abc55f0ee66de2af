package backend

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkCatalogLoad_1M loads the catalog of a 1,000,000-creator store:
// the time to the first snapshot, the bytes allocated on the way, and the
// heap the loaded catalog keeps (once per process, whatever the sessions).
func BenchmarkCatalogLoad_1M(b *testing.B) {
	st := openStore(b, 1_000_000)
	var alloc, kept float64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		c := newCatalog(st)
		s, err := c.Wait(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&m1)
		alloc += float64(m1.TotalAlloc - m0.TotalAlloc)
		runtime.GC()
		runtime.ReadMemStats(&m1)
		kept += float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
		runtime.KeepAlive(s)
		c.close()
	}
	b.ReportMetric(alloc/float64(b.N)/(1<<20), "alloc-MB/op")
	b.ReportMetric(kept/float64(b.N)/(1<<20), "kept-MB")
}
