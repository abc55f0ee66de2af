package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"outreach/model"
	"outreach/store/importfile"

	bbolt "go.etcd.io/bbolt"
)

// The import figures of a million creators from CSV, fsync on, into a
// fresh store, beside the reference: a plain bbolt bulk build of the same
// million records (already encoded, in key order, one transaction). Each
// iteration imports a million rows, so run with -benchtime=1x:
//
//	go test -run XXX -bench ImportCreators_1M -benchtime=1x -count=3 ./store/
//
// stream is what `import creators` does (ParseEach into ImportCreatorsFrom,
// the store mapped for the growth); slice parses the whole file into a
// slice first and maps nothing ahead (the command before streaming).
// peak-MiB is the process's peak resident memory during the iteration
// (VmHWM, reset before it; Linux only).

const importBenchRows = 1_000_000

// writeImportCSV writes n realistic creator rows, ids in order, to a file.
func writeImportCSV(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "creators.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("id,handle,followers,name,level,type,categories,country,bio,gmv_30d,active_days_30d,avg_views\n")
	for i := range n {
		fmt.Fprintf(w, "c%07d,creator_%d,%d,Creator Number %d,L%d,affiliate,beauty;fashion;home,US,"+
			"\"Beauty and lifestyle videos, new drop every week. Shop my picks! #%d\",%d.%02d,%d,%d\n",
			i, i, i*13, i, i%9, i, i*7%100000, i%100, i%31, i*3)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// resetPeak frees what earlier work left and resets the peak resident size.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakMiB is the peak resident size since resetPeak, 0 when unknown.
func peakMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

func BenchmarkImportCreators_1M(b *testing.B) {
	csvPath := writeImportCSV(b, importBenchRows)
	fi, err := os.Stat(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	// One import, from opening a fresh store to closing it, as the command does.
	run := func(b *testing.B, stream bool) {
		var peak float64
		for b.Loop() {
			b.StopTimer()
			dir := b.TempDir()
			resetPeak()
			b.StartTimer()
			opts := Options{}
			if stream {
				opts.Grow = 3 * fi.Size() // as `import creators` asks
			}
			s, err := Open(filepath.Join(dir, "t.db"), opts)
			if err != nil {
				b.Fatal(err)
			}
			f, err := os.Open(csvPath)
			if err != nil {
				b.Fatal(err)
			}
			var st ImportStats
			if stream {
				st, err = s.ImportCreatorsFrom(func(yield func(model.Creator) error) error {
					if _, err := f.Seek(0, 0); err != nil {
						return err
					}
					return importfile.ParseEach(f, importfile.CSV, importfile.DefaultLimits, yield)
				}, t0)
			} else {
				var cs []model.Creator
				if cs, err = importfile.Parse(f, importfile.CSV, importfile.DefaultLimits); err == nil {
					st, err = s.ImportCreators(cs, t0)
				}
			}
			f.Close()
			if err != nil || st.Added != importBenchRows {
				b.Fatalf("import: %+v, %v", st, err)
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			peak = max(peak, peakMiB())
			os.RemoveAll(dir)
			b.StartTimer()
		}
		b.ReportMetric(peak, "peak-MiB")
	}
	b.Run("stream", func(b *testing.B) { run(b, true) })
	b.Run("slice", func(b *testing.B) { run(b, false) })

	// The reference: the same records, encoded before the clock starts,
	// put in key order into a fresh bbolt file in one transaction.
	b.Run("bbolt-bulk-reference", func(b *testing.B) {
		f, err := os.Open(csvPath)
		if err != nil {
			b.Fatal(err)
		}
		keys := make([][]byte, 0, importBenchRows)
		vals := make([][]byte, 0, importBenchRows)
		err = importfile.ParseEach(f, importfile.CSV, importfile.DefaultLimits, func(c model.Creator) error {
			c.History = []model.LevelChange{{Month: "2026-09", Level: c.Level}}
			keys = append(keys, []byte(c.ID))
			vals = append(vals, encodeCreator(&c))
			return nil
		})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		var peak float64
		for b.Loop() {
			b.StopTimer()
			dir := b.TempDir()
			resetPeak()
			b.StartTimer()
			db, err := bbolt.Open(filepath.Join(dir, "ref.db"), 0o600, &bbolt.Options{FreelistType: bbolt.FreelistMapType})
			if err != nil {
				b.Fatal(err)
			}
			err = db.Update(func(tx *bbolt.Tx) error {
				bk, err := tx.CreateBucket([]byte(bCreators))
				if err != nil {
					return err
				}
				for i := range keys {
					if err := bk.Put(keys[i], vals[i]); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			peak = max(peak, peakMiB())
			os.RemoveAll(dir)
			b.StartTimer()
		}
		b.ReportMetric(peak, "peak-MiB")
	})
}
