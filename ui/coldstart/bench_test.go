package coldstart

import (
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// benchStore is a demo store of n creators: OUTREACH_BENCH_DB_<n> names
// one made beforehand (outreach demo --creators n --no-console --db FILE
// --now 2026-11-18T12:00:00Z), else one is made for the benchmark.
func benchStore(b *testing.B, bin string, n int) string {
	if db := os.Getenv("OUTREACH_BENCH_DB_" + strconv.Itoa(n)); db != "" {
		return db
	}
	return demoStore(b, bin, b.TempDir(), n)
}

// benchColdStart launches the console on a store of n creators in a
// 200x60 terminal that answers no query, and reports the time to its first
// byte, to its first frame with results (the match count "of n") and the
// p95 of the latter over the runs.
func benchColdStart(b *testing.B, n int) {
	bin := binary(b)
	db := benchStore(b, bin, n)
	want := "of " + thousands(n)
	var first, results []time.Duration
	for b.Loop() {
		tm, err := Start(bin, []string{"--db", db, "--now", now}, consoleEnv(), "xterm-256color", 200, 60)
		if err != nil {
			b.Fatal(err)
		}
		d, err := tm.WaitFor(want, 5*time.Minute)
		if err != nil {
			tm.Stop()
			b.Fatal(err)
		}
		tm.mu.Lock()
		first = append(first, tm.first)
		tm.mu.Unlock()
		results = append(results, d)
		tm.Type("q")
		tm.Stop()
	}
	b.ReportMetric(ms(median(first)), "first-byte-ms")
	b.ReportMetric(ms(median(results)), "results-ms")
	b.ReportMetric(ms(pct(results, 95)), "results-p95-ms")
	b.ReportMetric(0, "ns/op")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(ds []time.Duration) time.Duration { return pct(ds, 50) }

// pct is the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s) + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

// BenchmarkColdStart_5k is the real binary's cold start to the first frame
// with results on a 5,000-creator demo store.
func BenchmarkColdStart_5k(b *testing.B) { benchColdStart(b, 5_000) }

// BenchmarkColdStart_1M is the same on 1,000,000 creators (set
// OUTREACH_BENCH_DB_1000000 to reuse a store).
func BenchmarkColdStart_1M(b *testing.B) { benchColdStart(b, 1_000_000) }
