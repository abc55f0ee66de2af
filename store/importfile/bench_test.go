package importfile

import (
	"bytes"
	"fmt"
	"testing"
)

const benchRows = 100_000

// benchFile is a file of n realistic rows in the given format.
func benchFile(f Format, n int) []byte {
	var b bytes.Buffer
	if f == CSV {
		b.WriteString(csvHeader)
	}
	for i := range n {
		id := fmt.Sprintf("c%07d", i)
		handle := fmt.Sprintf("creator_%d", i)
		name := fmt.Sprintf("Creator Number %d", i)
		bio := fmt.Sprintf("Beauty and lifestyle videos, new drop every week. Shop my picks! #%d", i)
		level := fmt.Sprintf("L%d", i%9)
		gmv := fmt.Sprintf("%d.%02d", i*7%100000, i%100)
		if f == CSV {
			fmt.Fprintf(&b, "%s,%s,%d,%s,%s,affiliate,beauty;fashion;home,US,%q,%s,%d,%d\n",
				id, handle, i*13, name, level, bio, gmv, i%31, i*3)
			continue
		}
		fmt.Fprintf(&b, `{"id":%q,"handle":%q,"followers":%d,"name":%q,"level":%q,"type":"affiliate",`+
			`"categories":["beauty","fashion","home"],"country":"US","bio":%q,"gmv_30d":%s,"active_days_30d":%d,"avg_views":%d}`+"\n",
			id, handle, i*13, name, level, bio, gmv, i%31, i*3)
	}
	return b.Bytes()
}

func benchParse(b *testing.B, f Format) {
	data := benchFile(f, benchRows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		got, err := Parse(bytes.NewReader(data), f, DefaultLimits)
		if err != nil || len(got) != benchRows {
			b.Fatalf("Parse: %d creators, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkParseCSV_100k(b *testing.B)   { benchParse(b, CSV) }
func BenchmarkParseJSONL_100k(b *testing.B) { benchParse(b, JSONL) }
