package importfile

import (
	"bytes"
	"fmt"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

// perfBenchFile is n rows of a realistic performance import: 50,000
// creators of one seller over consecutive days, every column filled.
func perfBenchFile(f Format, n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 200)
	if f == CSV {
		b.WriteString(perfHeader)
	}
	first := program.DayFromDate(2025, 1, 1)
	for i := range n {
		creator := fmt.Sprintf("c%07d", i%50_000)
		day := (first + program.Day(i/50_000)).String()
		orders := i % 7
		gmv := fmt.Sprintf("%d.%02d", orders*23, i%100)
		code := ""
		if i%10 == 0 {
			code = "ACME-SPRING"
		}
		if f == CSV {
			fmt.Fprintf(&b, "acme,%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d.50,%s,%d\n",
				creator, day, gmv, orders, orders+1, orders/5, orders/5, orders*9, i%2, i%3/2, orders, code, 0)
			continue
		}
		fmt.Fprintf(&b, `{"seller":"acme","creator":%q,"day":%q,"gmv":%s,"orders":%d,"items":%d,"refunded_orders":%d,"refunded_gmv":%d,`+
			`"clicks":%d,"videos":%d,"lives":%d,"commission":%d.5,"code":%q,"self_purchase_orders":0}`+"\n",
			creator, day, gmv, orders, orders+1, orders/5, orders/5, orders*9, i%2, i%3/2, orders, code)
	}
	return b.Bytes()
}

func benchParsePerf(b *testing.B, f Format, n int) {
	data := perfBenchFile(f, n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, err := ParsePerf(bytes.NewReader(data), f, DefaultPerfLimits)
		if err != nil || len(got) != n {
			b.Fatalf("ParsePerf: %d rows, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchParsePerfEach streams the rows to a function, as the store does
// when it writes them into its transaction while reading.
func benchParsePerfEach(b *testing.B, f Format, n int) {
	data := perfBenchFile(f, n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var rows int
		var gmv model.Cents
		err := ParsePerfEach(bytes.NewReader(data), f, DefaultPerfLimits, func(r PerfRow) error {
			rows++
			gmv += r.GMV
			return nil
		})
		if err != nil || rows != n || gmv == 0 {
			b.Fatalf("ParsePerfEach: %d rows, %v", rows, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkParsePerf_1M(b *testing.B) {
	b.Run("CSV", func(b *testing.B) { benchParsePerf(b, CSV, 1_000_000) })
	b.Run("JSONL", func(b *testing.B) { benchParsePerf(b, JSONL, 1_000_000) })
	b.Run("CSV-each", func(b *testing.B) { benchParsePerfEach(b, CSV, 1_000_000) })
	b.Run("JSONL-each", func(b *testing.B) { benchParsePerfEach(b, JSONL, 1_000_000) })
}
