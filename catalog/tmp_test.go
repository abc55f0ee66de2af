package catalog

import "testing"

func BenchmarkTmpScore(b *testing.B) {
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
					fuzzyScoreASCII(lp, k)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/key")
		})
	}
}
