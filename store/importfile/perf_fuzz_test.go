package importfile

import (
	"bytes"
	"errors"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

// fuzzParsePerf checks what every input must give: no panic; on success
// every row validates again unchanged, keys are unique and within the row
// limit; on failure no rows and a safe *Error (the reader cannot fail).
func fuzzParsePerf(t *testing.T, data []byte, f Format) {
	for _, lim := range []Limits{DefaultPerfLimits, fuzzLimits} {
		got, err := ParsePerf(bytes.NewReader(data), f, lim)
		if err != nil {
			if got != nil {
				t.Fatalf("error %v came with %d rows", err, len(got))
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error %v (%T) is not an *Error wrapping ErrInvalid", err, err)
			}
			if msg := err.Error(); !model.IsSafe(msg) || bytes.IndexByte([]byte(msg), '\n') >= 0 || e.Line < 0 {
				t.Fatalf("bad error %q", msg)
			}
			continue
		}
		if got == nil || len(got) > lim.MaxRows {
			t.Fatalf("%d rows (nil %v), limit %d", len(got), got == nil, lim.MaxRows)
		}
		type key struct {
			s, c string
			d    program.Day
		}
		seen := map[key]bool{}
		for _, r := range got {
			again := r.PerfDay
			if err := again.Validate(); err != nil || again != r.PerfDay {
				t.Fatalf("row on line %d does not validate again: %v", r.Line, err)
			}
			k := key{r.SellerID, r.CreatorID, r.Day}
			if seen[k] {
				t.Fatalf("duplicate %v", k)
			}
			seen[k] = true
			if r.Line < 1 {
				t.Fatalf("line %d", r.Line)
			}
		}
	}
}

func FuzzParsePerfCSV(f *testing.F) {
	f.Add([]byte(perfHeader + "acme,c1,2025-06-01,120.50,4,5,1,20,40,1,0,12.05,acme-lena15,1\n"))
	f.Add([]byte("seller,creator,day\nacme,c1,2025-06-01\nacme,c1,2025-06-01\n"))
	f.Add([]byte("seller,creator,day,orders,refunded_orders\nacme,c1,2025-06-01,1,2\n"))
	f.Add([]byte("day,seller,creator\n\"2025-06-01\",\"a\nb\",c\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParsePerf(t, data, CSV) })
}

func FuzzParsePerfJSONL(f *testing.F) {
	f.Add([]byte(`{"seller":"acme","creator":"c1","day":"2025-06-01","gmv":"1.5","orders":2,"code":null}` + "\n"))
	f.Add([]byte(`{"seller":"acme","creator":"c\u0031","day":"2025-06-01"}` + "\n\n" + `{"seller":"acme","creator":"c1","day":"2025-06-01"}`))
	f.Add([]byte(`{"seller":"acme","creator":"c1","day":"2025-06-01","orders":1e2,"orders":-0.5}`))
	f.Add([]byte(`{"seller":"a\"b","creator":[],"day":true}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParsePerf(t, data, JSONL) })
}
