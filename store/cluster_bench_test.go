package store_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"outreach/model"
	"outreach/store"
	"outreach/store/engine/etcd"
	"outreach/store/etcd/etcdtest"
)

// benchSellers spreads the load: a seller's own sends serialise on its
// quota, so many sellers send at once, as in production.
const benchSellers, benchCreators = 256, 200

// sendLoad runs b.N checked sends from senders goroutines spread over the
// frontends (round robin) and sellers, and reports sends/s with p50 and
// p99 latency.
func sendLoad(b *testing.B, fes []*store.Store, senders int) {
	b.Helper()
	per := b.N/senders + 1
	lat := make([][]time.Duration, senders)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for g := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fe := fes[g%len(fes)]
			ls := make([]time.Duration, 0, per)
			for i := range per {
				n := g*per + i
				r := store.Request{Kind: model.Message, Seller: fmt.Sprintf("s%d", n%benchSellers),
					Creator: fmt.Sprintf("c%d", (n/benchSellers)%benchCreators), Text: "hello there", Now: t0}
				t := time.Now()
				if _, err := fe.Outreach(r); err != nil {
					b.Error(err)
					return
				}
				ls = append(ls, time.Since(t))
			}
			lat[g] = ls
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/el.Seconds(), "sends/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
}

// BenchmarkClusterCheckedSend measures durable checked sends across two
// frontends on a three-member embedded cluster (every member fsyncs), and
// on a bbolt file beside it (one process), at 1, 8 and 64 senders.
func BenchmarkClusterCheckedSend(b *testing.B) {
	c := etcdtest.Start(b, 3)
	a, ea := frontendEngine(b, c, 10*time.Second)
	bb, eb := frontendEngine(b, c, 10*time.Second)
	seedSellers(b, a, benchSellers, 100_000_00, benchCreators) // T4: unlimited
	for _, fe := range []*store.Store{a, bb} {                 // a server follows the feed (its catalog does)
		_, cancel := fe.Subscribe()
		b.Cleanup(cancel)
	}
	f, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	seedSellers(b, f, benchSellers, 100_000_00, benchCreators)
	for _, senders := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("etcd3x2frontends/senders=%d", senders), func(b *testing.B) {
			c0, x0 := ea.Stats()
			c1, x1 := eb.Stats()
			sendLoad(b, []*store.Store{a, bb}, senders)
			c2, x2 := ea.Stats()
			c3, x3 := eb.Stats()
			b.ReportMetric(float64(x2-x0+x3-x1)/float64(c2-c0+c3-c1), "conflicts/commit")
		})
		b.Run(fmt.Sprintf("bolt/senders=%d", senders), func(b *testing.B) { sendLoad(b, []*store.Store{f}, senders) })
	}
}

// BenchmarkCatchUpAfterRestart measures how long a frontend connected to
// one member takes, after that member restarts, to deliver to its feed
// the changes other frontends committed while the member was down
// (writes=1000 sends).
func BenchmarkCatchUpAfterRestart(b *testing.B) {
	const writes = 1000
	b.Run(fmt.Sprintf("writes=%d", writes), func(b *testing.B) {
		b.StopTimer()
		c := etcdtest.Start(b, 3)
		a := frontend(b, c, 10*time.Second)
		seedSellers(b, a, benchSellers, 100_000_00, benchCreators)
		var restartSum, caughtSum time.Duration
		for i := 0; i < b.N; i++ {
			m := (c.Leader() + 1) % 3
			e, err := etcd.Open(etcd.Options{Endpoints: []string{c.Endpoint(m)}, Timeout: 2 * time.Second})
			if err != nil {
				b.Fatal(err)
			}
			fb, err := store.OpenEngine(e, c.URL(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			ch, cancel := fb.Subscribe()
			time.Sleep(200 * time.Millisecond)
			c.Stop(m)
			var wg sync.WaitGroup
			for g := range 16 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := g; j < writes; j += 16 {
						r := store.Request{Kind: model.Message, Seller: fmt.Sprintf("s%d", j%benchSellers),
							Creator: fmt.Sprintf("c%d", i%benchCreators), Text: "while you were away", Now: t0}
						if _, err := a.Outreach(r); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			// A marker after the backlog: the watch delivers in commit order.
			if _, err := a.PutSeller(model.Seller{ID: "marker", Name: fmt.Sprint("m", i)}, t0); err != nil {
				b.Fatal(err)
			}
			for len(ch) > 0 {
				<-ch
			}
			b.StartTimer()
			start := time.Now()
			if err := c.Restart(m); err != nil {
				b.Fatal(err)
			}
			restarted := time.Since(start)
			for got := false; !got; {
				select {
				case x := <-ch:
					got = x.Kind == store.ChangedSeller && x.Seller == "marker" || x == store.Resync
				case <-time.After(60 * time.Second):
					b.Fatal("the frontend never caught up")
				}
			}
			caught := time.Since(start)
			b.StopTimer()
			restartSum += restarted
			caughtSum += caught
			cancel()
			fb.Close()
		}
		b.ReportMetric(float64(restartSum.Milliseconds())/float64(b.N), "restart_ms")
		b.ReportMetric(float64(caughtSum.Milliseconds())/float64(b.N), "caughtup_ms")
	})
}
