package backend

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"runtime"
	"strconv"
	"testing"

	"outreach/store"
)

// BenchmarkCatalogOpenFile_1M opens the store named by $OUTREACH_BENCH_DB
// (a 1,000,000-creator demo: `outreach demo --creators 1000000 --no-console
// --db FILE`) read-only and loads its catalog: what a cold start waits for
// before the first results. The reference builds the index from the
// store's creators; snapshot maps the current snapshot beside the store
// (written first by a writable open when it is missing or stale). Each
// reports the Go heap the loaded catalog keeps and how much the process's
// resident memory grew, anonymous (heap) and file-backed (the map).
func BenchmarkCatalogOpenFile_1M(b *testing.B) {
	path := os.Getenv("OUTREACH_BENCH_DB")
	if path == "" {
		b.Skip("set OUTREACH_BENCH_DB to a 1M-creator store file")
	}
	prepareSnapshot(b, path)
	for _, mode := range []string{"reference=build", "snapshot"} {
		b.Run(mode, func(b *testing.B) {
			var heap, anon, file float64
			for b.Loop() {
				st, err := store.Open(path, store.Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				a0, f0 := rss(b)
				c := newCatalog(st)
				var s *Snapshot
				if mode == "snapshot" {
					s, err = c.Wait(context.Background())
					if err == nil && !s.Index.Mapped() {
						b.Fatalf("snapshot not used: %v", c.SnapshotError())
					}
				} else {
					ix, e := c.build(context.Background(), map[string]string{}, false)
					s, err = &Snapshot{Index: ix}, e
				}
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&m1)
				a1, f1 := rss(b)
				heap += float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
				anon += a1 - a0
				file += f1 - f0
				runtime.KeepAlive(s)
				c.close()
				st.Close()
				s = nil
				runtime.GC()
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(heap/n/(1<<20), "heap-MB")
			b.ReportMetric(anon/n/(1<<20), "rss-anon-MB")
			b.ReportMetric(file/n/(1<<20), "rss-file-MB")
		})
	}
}

// prepareSnapshot makes sure the store at path has a current catalog
// snapshot, loading its catalog once writable when it has not.
func prepareSnapshot(b *testing.B, path string) {
	st, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c := newCatalog(st)
	s, err := c.Wait(context.Background())
	c.close() // waits for the snapshot's write
	if err != nil {
		b.Fatal(err)
	}
	if !s.Index.Mapped() {
		b.Logf("wrote a snapshot (%v)", c.SnapshotError())
	}
}

// rss is the process's resident anonymous and file-backed bytes.
func rss(b *testing.B) (anon, file float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		for _, k := range []string{"RssAnon:", "RssFile:"} {
			if v, ok := bytes.CutPrefix(line, []byte(k)); ok {
				kb, _ := strconv.ParseFloat(string(bytes.Fields(v)[0]), 64)
				if k == "RssAnon:" {
					anon = kb * 1024
				} else {
					file = kb * 1024
				}
			}
		}
	}
	return anon, file
}
