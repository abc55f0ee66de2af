package catalog

import (
	"outreach/catalog/scoring"
	"runtime/metrics"
	"slices"
	"testing"
	"time"

	"github.com/sahilm/fuzzy"
)

// typing is what a seller types into the finder, one keystroke at a time.
var typing = []string{"m", "ma", "mar", "mari", "maria"}

// finderPage is how many hits the finder asks for (the console's first page).
const finderPage = 1000

// benchTyping is the A/B of the finder on n rows: for each keystroke of
// typing, "ours" is a Searcher that has seen the keystrokes before it (as a
// finder has), asking for a page of hits; "fuzzy" is sahilm/fuzzy's Find
// over the same "handle name" strings, the reference. Besides ns/op each
// reports the median and 95th percentile of its per-keystroke latencies,
// its CPU time, and gc-%: the share of keystrokes during which a garbage
// collection ended (what makes the slow ones slow, when it is high).
func benchTyping(b *testing.B, n int) {
	ix := benchIndex(n)
	b.Run("ours", func(b *testing.B) {
		for k, text := range typing {
			b.Run(text, func(b *testing.B) {
				var (
					lat []time.Duration
					cpu time.Duration
					res Result
					gcs int
				)
				for b.Loop() {
					b.StopTimer()
					s := NewSearcher(ix)
					for _, prev := range typing[:k] {
						if _, err := s.Run(s.Next(), Query{Text: prev, Limit: finderPage}); err != nil {
							b.Fatal(err)
						}
					}
					g := s.Next()
					b.StartTimer()
					t0, c0, gc0 := time.Now(), cpuTime(), gcCycles()
					var err error
					if res, err = s.Run(g, Query{Text: text, Limit: finderPage}); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
					cpu += cpuTime() - c0
					if gcCycles() != gc0 {
						gcs++
					}
				}
				reportLatency(b, lat)
				b.ReportMetric(100*float64(gcs)/float64(len(lat)), "gc-%")
				b.ReportMetric(float64(cpu)/float64(len(lat))/1e6, "cpu-ms/op")
				b.ReportMetric(float64(res.Total), "matches")
			})
		}
	})
	b.Run("fuzzy", func(b *testing.B) {
		keys := make([]string, ix.Len())
		for i := range keys {
			keys[i] = ix.Row(i).Handle + " " + ix.Row(i).Name
		}
		for _, text := range typing {
			b.Run(text, func(b *testing.B) {
				var (
					lat []time.Duration
					cpu time.Duration
					ms  fuzzy.Matches
				)
				for b.Loop() {
					t0, c0 := time.Now(), cpuTime()
					ms = fuzzy.Find(text, keys)
					lat = append(lat, time.Since(t0))
					cpu += cpuTime() - c0
				}
				reportLatency(b, lat)
				b.ReportMetric(float64(cpu)/float64(len(lat))/1e6, "cpu-ms/op")
				b.ReportMetric(float64(len(ms)), "matches")
			})
		}
	})
}

// reportLatency reports the median and 95th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// gcCycles is how many garbage collections have ended.
func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func BenchmarkSearch_100k(b *testing.B) { benchTyping(b, 100_000) }
func BenchmarkSearch_1M(b *testing.B)   { benchTyping(b, 1_000_000) }

// BenchmarkScoreASCII_4k is the cost of the ASCII scorer per key, over
// 4,096 generated "handle name" keys, for patterns of 2, 3 and 5 bytes:
// what one row the bound cannot prune costs.
func BenchmarkScoreASCII_4k(b *testing.B) {
	rows := genRows(4096, 3)
	keys := make([]string, len(rows))
	for i := range rows {
		keys[i] = rows[i].Handle + " " + rows[i].Name
	}
	for _, p := range []string{"ma", "mar", "maria"} {
		b.Run(p, func(b *testing.B) {
			lp := []byte(p)
			for b.Loop() {
				for _, k := range keys {
					scoring.ASCII(lp, k)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/key")
		})
	}
}
