package store_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/store/engine/etcd"
	"outreach/store/etcd/etcdtest"
	"outreach/ui/cli"
)

// longFaults runs the fault test for longer (a minute instead of seconds).
var longFaults = flag.Bool("etcd.long", false, "run the etcd fault tests for a minute")

var t0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

// frontend opens one frontend's store on the cluster: its own client,
// its own feed, as a second `outreach serve` would.
func frontend(tb testing.TB, c *etcdtest.Cluster, timeout time.Duration) *store.Store {
	tb.Helper()
	s, _ := frontendEngine(tb, c, timeout)
	return s
}

// frontendEngine is frontend with its engine, for its statistics.
func frontendEngine(tb testing.TB, c *etcdtest.Cluster, timeout time.Duration) (*store.Store, *etcd.DB) {
	tb.Helper()
	e, err := etcd.Open(etcd.Options{Endpoints: c.Endpoints(), Timeout: timeout})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := store.OpenEngine(e, c.URL(), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, e
}

// seedSellers adds sellers s0.. with gmv (cents) and creators c0..c(n-1),
// importing in chunks that fit etcd's default transaction limits.
func seedSellers(tb testing.TB, s *store.Store, sellers int, gmv model.Cents, creators int) {
	tb.Helper()
	for i := range sellers {
		id := fmt.Sprintf("s%d", i)
		if _, err := s.PutSeller(model.Seller{ID: id, Name: id}, t0); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.AddGMV(id, "2026-11-01", gmv); err != nil {
			tb.Fatal(err)
		}
	}
	for lo := 0; lo < creators; lo += 50 {
		var cs []model.Creator
		for i := lo; i < min(lo+50, creators); i++ {
			cs = append(cs, model.Creator{ID: fmt.Sprintf("c%d", i), Handle: fmt.Sprintf("h%d", i), Followers: 1000})
		}
		if _, err := s.ImportCreators(cs, t0); err != nil {
			tb.Fatal(err)
		}
	}
}

// Two frontends, 64 concurrent senders each, one seller with a limit of
// 50: exactly 50 are allowed in total, and the ledger (quota used,
// decision log, invitations) says the same on both frontends.
func TestTwoFrontendsHoldOneLimit(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := frontend(t, c, 5*time.Second), frontend(t, c, 5*time.Second)
	seedSellers(t, a, 1, 50_00, 128) // s0: T1, 50 a week
	var allowed, charged atomic.Int64
	var wg sync.WaitGroup
	for i := range 128 {
		fe := a
		if i%2 == 1 {
			fe = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := fe.Outreach(store.Request{Kind: model.Invite, Seller: "s0", Creator: fmt.Sprintf("c%d", i), Now: t0})
			if err != nil {
				t.Error(err)
				return
			}
			if o.Allowed {
				allowed.Add(1)
			} else if o.Reason != model.ReasonQuotaExhausted {
				t.Errorf("c%d refused with %s", i, o.Reason)
			}
			charged.Add(int64(o.Charged))
		}()
	}
	wg.Wait()
	if allowed.Load() != 50 || charged.Load() != 50 {
		t.Fatalf("allowed %d charged %d, want 50 and 50", allowed.Load(), charged.Load())
	}
	for name, fe := range map[string]*store.Store{"A": a, "B": b} {
		q, err := fe.Quota("s0", t0)
		if err != nil || q.Used != 50 || *q.Remaining != 0 {
			t.Fatalf("frontend %s: quota %+v %v, want used 50, remaining 0", name, q, err)
		}
		ds, err := fe.Decisions("s0", 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range ds {
			if d.Allowed {
				n++
			}
		}
		invs, err := fe.InvitesOfSeller("s0", t0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 128 || n != 50 || len(invs) != 50 {
			t.Fatalf("frontend %s: %d decisions (%d allowed), %d invitations; want 128, 50, 50", name, len(ds), n, len(invs))
		}
		seen := map[uint64]bool{}
		for _, d := range ds {
			if seen[d.Seq] {
				t.Fatalf("decision sequence %d used twice", d.Seq)
			}
			seen[d.Seq] = true
		}
	}
}

// A reply taken on frontend A reaches a feed subscriber of frontend B,
// and a creator added on A appears in B's catalog.
func TestChangesReachTheOtherFrontend(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := frontend(t, c, 5*time.Second), frontend(t, c, 5*time.Second)
	seedSellers(t, a, 1, 50_00, 2)
	bb := backend.New(b, backend.Options{})
	defer bb.Close()
	ch, cancel := bb.Subscribe()
	defer cancel()
	ctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if _, err := bb.Catalog().Wait(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the watch starts from the revision it reads
	if _, err := a.Reply("c1", "s0", "hello from A", t0); err != nil {
		t.Fatal(err)
	}
	want := store.Change{Kind: store.ChangedMessages, Seller: "s0", Creator: "c1"}
	for got := false; !got; {
		select {
		case x := <-ch:
			got = x == want
		case <-ctx.Done():
			t.Fatalf("frontend B never heard of the reply on A")
		}
	}
	msgs, err := b.Messages("s0", "c1", 0)
	if err != nil || len(msgs) != 1 || msgs[0].Text != "hello from A" {
		t.Fatalf("B reads %+v %v", msgs, err)
	}
	changes, unsub := bb.Catalog().Changes()
	defer unsub()
	if _, err := a.PutCreator(model.Creator{ID: "fresh", Handle: "fresh", Followers: 5}, t0); err != nil {
		t.Fatal(err)
	}
	for bb.Catalog().Current().Row("fresh") == nil {
		select {
		case <-changes:
		case <-ctx.Done():
			t.Fatal("B's catalog never showed the creator added on A")
		}
	}
}

// A frontend that loses the cluster refuses with ErrUnavailable (and a
// sentence saying so), and works again when the cluster is back.
func TestClusterLossRefusesUntilBack(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a := frontend(t, c, time.Second)
	seedSellers(t, a, 1, 50_00, 2)
	c.Stop(0)
	_, err := a.Outreach(store.Request{Kind: model.Invite, Seller: "s0", Creator: "c0", Key: "k", Now: t0})
	if !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("send with the cluster down: %v, want ErrUnavailable", err)
	}
	if _, err := a.Quota("s0", t0); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("read with the cluster down: %v, want ErrUnavailable", err)
	}
	if err := c.Restart(0); err != nil {
		t.Fatal(err)
	}
	var o store.Outcome
	for deadline := time.Now().Add(15 * time.Second); ; {
		o, err = a.Outreach(store.Request{Kind: model.Invite, Seller: "s0", Creator: "c0", Key: "k", Now: t0})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || !o.Allowed {
		t.Fatalf("after the cluster is back: %+v %v", o, err)
	}
	if q, _ := a.Quota("s0", t0); q.Used != 1 {
		t.Fatalf("used %d, want 1: the send is charged once", q.Used)
	}
}

// An import larger than the cluster takes in one transaction is refused
// whole, with a sentence that says which limits to raise.
func TestImportBeyondTxnLimitsRefusedWhole(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a := frontend(t, c, 5*time.Second)
	var cs []model.Creator
	for i := range 300 {
		cs = append(cs, model.Creator{ID: fmt.Sprintf("c%d", i), Handle: fmt.Sprintf("h%d", i), Followers: 1})
	}
	if _, err := a.ImportCreators(cs, t0); !errors.Is(err, store.ErrTooLarge) {
		t.Fatalf("import of 300 creators: %v, want ErrTooLarge", err)
	}
	if n := a.CreatorCount(); n != 0 {
		t.Fatalf("%d creators written by a refused import", n)
	}
}

// migrate copies a file into the cluster and back, verified; a target
// that holds a store is refused without force; numbering goes on above
// the copied numbers.
func TestMigrateRoundTrip(t *testing.T) {
	c := etcdtest.Start(t, 1)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	f, err := store.Open(src, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	seedSellers(t, f, 2, 50_00, 20)
	var last uint64
	for i := range 5 {
		o, err := f.Outreach(store.Request{Kind: model.Message, Seller: "s0", Creator: fmt.Sprintf("c%d", i), Text: "hi", Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		last = o.Message
	}
	f.Close()

	rep, err := store.Migrate(src, c.URL(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Buckets) < 10 {
		t.Fatalf("report %+v", rep)
	}
	if _, err := store.Migrate(src, c.URL(), false); !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Fatalf("second migrate: %v, want ErrTargetNotEmpty", err)
	}
	if _, err := store.Migrate(src, c.URL(), true); err != nil {
		t.Fatalf("forced migrate: %v", err)
	}
	e := frontend(t, c, 5*time.Second)
	if q, err := e.Quota("s0", t0); err != nil || q.Used != 5 {
		t.Fatalf("quota on etcd %+v %v", q, err)
	}
	o, err := e.Outreach(store.Request{Kind: model.Message, Seller: "s0", Creator: "c9", Text: "hi", Now: t0})
	if err != nil || o.Message <= last {
		t.Fatalf("send on etcd: message %d after %d (%v)", o.Message, last, err)
	}
	back := filepath.Join(dir, "back.db")
	if _, err := store.Migrate(c.URL(), back, false); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Migrate(c.URL(), back, false); !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Fatalf("migrate onto an existing file: %v", err)
	}
	g, err := store.Open(back, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if q, err := g.Quota("s0", t0); err != nil || q.Used != 6 {
		t.Fatalf("quota back in the file %+v %v", q, err)
	}
	o2, err := g.Outreach(store.Request{Kind: model.Message, Seller: "s0", Creator: "c10", Text: "hi", Now: t0})
	if err != nil || o2.Message <= o.Message {
		t.Fatalf("send on the file: message %d after %d (%v)", o2.Message, o.Message, err)
	}
}

// With three members, one member stopped and then the leader killed while
// two frontends send: the frontends keep answering through the majority,
// and every acknowledged send is there afterwards, charged once.
func TestFaultsKeepAcknowledgedSends(t *testing.T) {
	c := etcdtest.Start(t, 3)
	a, b := frontend(t, c, 2*time.Second), frontend(t, c, 2*time.Second)
	const sellers, creators = 8, 400
	seeded := time.Now()
	seedSellers(t, a, sellers, 100_000_00, creators) // T4: unlimited
	t.Logf("seeded in %v", time.Since(seeded).Round(time.Millisecond))
	phase := 800 * time.Millisecond
	if *longFaults {
		phase = 10 * time.Second
	}
	type ack struct {
		seller, creator string
		msg             uint64
	}
	var mu sync.Mutex
	var acks []ack
	var pending atomic.Int64     // sends given up at the end after an error: maybe committed
	var progress [4]atomic.Int64 // acknowledged sends per phase: all up, follower down, leader down, back
	var cur atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 16 {
		fe := a
		if g%2 == 1 {
			fe = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r := store.Request{Kind: model.Message, Seller: fmt.Sprintf("s%d", g%sellers), Creator: fmt.Sprintf("c%d", (g/sellers)*200+i%200),
					Text: "hi", Key: fmt.Sprintf("g%d-%d", g, i), Now: t0.Add(time.Duration(i/200) * 7 * 24 * time.Hour)}
				for {
					o, err := fe.Outreach(r)
					if err == nil {
						mu.Lock()
						acks = append(acks, ack{r.Seller, r.Creator, o.Message})
						mu.Unlock()
						progress[cur.Load()].Add(1)
						break
					}
					if !errors.Is(err, store.ErrUnavailable) {
						t.Errorf("send: %v", err)
						return
					}
					select {
					case <-stop:
						pending.Add(1)
						return
					case <-time.After(50 * time.Millisecond): // the same key again: charged at most once
					}
				}
			}
		}()
	}
	began := time.Now()
	// Each phase lasts phase, and until a send was acknowledged in it (a
	// loaded machine can be slow to elect a leader), at most 20 seconds.
	next := func(p int32) {
		deadline := time.Now().Add(20 * time.Second)
		time.Sleep(phase)
		for progress[cur.Load()].Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("phase %d: %v, %d acknowledged", cur.Load(), time.Since(began).Round(time.Millisecond), progress[cur.Load()].Load())
		cur.Store(p)
	}
	next(1)
	follower := (c.Leader() + 1) % 3
	c.Stop(follower)
	next(2)
	if err := c.Restart(follower); err != nil {
		t.Fatal(err)
	}
	t.Logf("follower back at %v", time.Since(began).Round(time.Millisecond))
	leader := c.Leader()
	c.Stop(leader)
	next(3)
	if err := c.Restart(leader); err != nil {
		t.Fatal(err)
	}
	t.Logf("leader back at %v", time.Since(began).Round(time.Millisecond))
	next(3)
	close(stop)
	wg.Wait()
	t.Logf("sent for %v", time.Since(began).Round(time.Millisecond))
	for i := range progress {
		if progress[i].Load() == 0 {
			t.Errorf("phase %d: no send acknowledged", i)
		}
	}
	t.Logf("acknowledged per phase (up, follower down, leader down, back): %d %d %d %d",
		progress[0].Load(), progress[1].Load(), progress[2].Load(), progress[3].Load())
	seen := map[uint64]bool{}
	for _, x := range acks {
		if seen[x.msg] {
			t.Fatalf("message id %d acknowledged twice", x.msg)
		}
		seen[x.msg] = true
		msgs, err := b.Messages(x.seller, x.creator, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range msgs {
			found = found || m.Seq == x.msg
		}
		if !found {
			t.Fatalf("acknowledged message %d from %s to %s is missing", x.msg, x.seller, x.creator)
		}
	}
	total := 0
	for i := range sellers {
		ds, err := a.Decisions(fmt.Sprintf("s%d", i), 0)
		if err != nil {
			t.Fatal(err)
		}
		total += len(ds)
	}
	if total < len(acks) || total > len(acks)+int(pending.Load()) {
		t.Fatalf("%d decisions logged for %d acknowledged sends and %d given up (a retried send was recorded twice?)", total, len(acks), pending.Load())
	}
}

// The operations CLI runs on the cluster with --store or $OUTREACH_STORE,
// and migrate copies a file in and out through it.
func TestCLIOnCluster(t *testing.T) {
	c := etcdtest.Start(t, 1)
	run := func(args ...string) (int, string) {
		var out, errb strings.Builder
		code := (&cli.App{Out: &out, Err: &errb}).Run(args)
		return code, out.String() + errb.String()
	}
	for _, args := range [][]string{
		{"--store", c.URL(), "seller", "add", "s1", "--name", "One"},
		{"--store", c.URL(), "creator", "add", "c1", "--handle", "h1", "--followers", "10"},
		{"--store", c.URL(), "invite", "s1", "c1", "--key", "k1", "--now", "2026-11-18T12:00:00Z"},
	} {
		if code, out := run(args...); code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, out)
		}
	}
	t.Setenv("OUTREACH_STORE", c.URL())
	if code, out := run("quota", "s1", "--json", "--now", "2026-11-18T12:00:00Z"); code != 0 || !strings.Contains(out, `"used":1`) {
		t.Fatalf("quota through $OUTREACH_STORE: exit %d: %s", code, out)
	}
	if code, out := run("--store", "/tmp/x.db", "quota", "s1"); code != cli.ExitUsage {
		t.Fatalf("--store with a file: exit %d: %s", code, out)
	}
	file := filepath.Join(t.TempDir(), "copy.db")
	if code, out := run("migrate", "--from", c.URL(), "--to", file); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("migrate out: exit %d: %s", code, out)
	}
	if code, out := run("migrate", "--from", file, "--to", c.URL()); code != cli.ExitUsage || !strings.Contains(out, "--force") {
		t.Fatalf("migrate onto a store: exit %d: %s", code, out)
	}
	if code, out := run("migrate", "--from", file, "--to", c.URL(), "--force"); code != 0 {
		t.Fatalf("forced migrate in: exit %d: %s", code, out)
	}
	if code, out := run("--db", file, "quota", "s1", "--json", "--now", "2026-11-18T12:00:00Z"); code != 0 || !strings.Contains(out, `"used":1`) {
		t.Fatalf("quota on the copy: exit %d: %s", code, out)
	}
}

// Jobs that write in batches (the idempotency-key prune) keep each batch
// inside etcd's default transaction limits.
func TestPruneInBatchesOnCluster(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a := frontend(t, c, 5*time.Second)
	seedSellers(t, a, 1, 100_000_00, 50)
	for i := range 300 {
		r := store.Request{Kind: model.Message, Seller: "s0", Creator: fmt.Sprintf("c%d", i%50), Text: "hi", Key: fmt.Sprint("k", i), Now: t0}
		if _, err := a.Outreach(r); err != nil {
			t.Fatal(err)
		}
	}
	n, err := a.PruneIdempotencyKeys(t0.AddDate(0, 0, 30))
	if err != nil || n != 300 {
		t.Fatalf("pruned %d (%v), want 300", n, err)
	}
}
