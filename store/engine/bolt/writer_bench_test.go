package bolt

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"outreach/store/engine"
)

// BenchmarkDurableWrites compares, in one run and with the same senders,
// the engine's group-commit writer (one small Put per update, fsync on)
// with the reference: a plain group-commit writer that appends each group's
// records to a file and fdatasyncs once per group.
func BenchmarkDurableWrites(b *testing.B) {
	for _, senders := range []int{1, 64} {
		b.Run(fmt.Sprintf("senders=%d/reference=append+fdatasync", senders), func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "log"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			type req struct{ done chan struct{} }
			q := make(chan req, 4096)
			go func() {
				rec := make([]byte, 64)
				var group []req
				for r := range q {
					group = append(group[:0], r)
				more:
					for {
						select {
						case r, ok := <-q:
							if !ok {
								break more
							}
							group = append(group, r)
						default:
							break more
						}
					}
					for range group {
						f.Write(rec)
					}
					syscall.Fdatasync(int(f.Fd()))
					for _, r := range group {
						close(r.done)
					}
				}
			}()
			run(b, senders, func(int) error {
				r := req{make(chan struct{})}
				q <- r
				<-r.done
				return nil
			})
			close(q)
		})
		b.Run(fmt.Sprintf("senders=%d/engine", senders), func(b *testing.B) {
			d, err := Open(filepath.Join(b.TempDir(), "x.db"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			d.Update(func(tx engine.Tx) error { return tx.CreateBucket("b") })
			run(b, senders, func(i int) error {
				return d.Update(func(tx engine.Tx) error {
					k := binary.BigEndian.AppendUint64(nil, uint64(i))
					return tx.Put("b", k, make([]byte, 48))
				})
			})
		})
	}
}

// run calls fn b.N times from senders goroutines and reports writes/s.
func run(b *testing.B, senders int, fn func(i int) error) {
	var wg sync.WaitGroup
	per := b.N/senders + 1
	b.ResetTimer()
	for g := range senders {
		wg.Go(func() {
			for i := range per {
				if err := fn(g*per + i); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(per*senders)/b.Elapsed().Seconds(), "writes/s")
}
