package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"outreach/model"

	"outreach/store/engine"
	"outreach/store/engine/bolt"
)

// t0 is a Wednesday; its week started Sunday 2026-11-15 00:00 UTC.
var t0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

func openTest(tb testing.TB, opts Options) *Store { // a bbolt file (see openBolt)
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "t.db"), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// seed adds a seller (with GMV, so no Starter Pack unless pack) and n creators c0..c(n-1).
func seed(tb testing.TB, s *Store, seller string, gmv model.Cents, n int) {
	tb.Helper()
	if _, err := s.PutSeller(model.Seller{ID: seller, Name: seller}, t0); err != nil {
		tb.Fatal(err)
	}
	if gmv != 0 {
		if _, err := s.AddGMV(seller, "2026-11-01", gmv); err != nil {
			tb.Fatal(err)
		}
	}
	cs := make([]model.Creator, n)
	for i := range cs {
		cs[i] = model.Creator{ID: fmt.Sprintf("c%d", i), Handle: fmt.Sprintf("handle%d", i), Followers: 1000}
	}
	if _, err := s.ImportCreators(cs, t0); err != nil {
		tb.Fatal(err)
	}
}

func ruleConcurrentSendsExactlyLimit(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 64) // T1: 50 a week; has GMV so no Starter Pack
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed, charged := 0, 0
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: fmt.Sprintf("c%d", i), Now: t0})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if o.Allowed {
				allowed++
			} else if o.Reason != model.ReasonQuotaExhausted {
				t.Errorf("c%d refused with %s", i, o.Reason)
			}
			charged += o.Charged
		}(i)
	}
	wg.Wait()
	if allowed != 50 || charged != 50 {
		t.Fatalf("allowed %d charged %d, want 50 and 50", allowed, charged)
	}
	q, err := s.Quota("s1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if q.Used != 50 || *q.Remaining != 0 {
		t.Fatalf("ledger used %d remaining %d, want 50 and 0", q.Used, *q.Remaining)
	}
	ds, err := s.Decisions("s1", 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range ds {
		if d.Allowed {
			n++
		}
	}
	if len(ds) != 64 || n != 50 {
		t.Fatalf("decision log has %d entries, %d allowed; want 64 and 50", len(ds), n)
	}
}

func ruleOutreachFlow(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 0, 3) // never had GMV: Starter Pack
	send := func(kind model.ActionKind, c string, at time.Time) Outcome {
		t.Helper()
		o, err := s.Outreach(Request{Kind: kind, Seller: "s1", Creator: c, Text: "hi", Now: at})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	steps := []struct {
		name    string
		do      func() Outcome
		reason  model.Reason
		charged int
	}{
		{"first invite is a new connection", func() Outcome { return send(model.Invite, "c0", t0) }, model.ReasonNewConnection, 1},
		{"message same week is free", func() Outcome { return send(model.Message, "c0", t0) }, model.ReasonCounted, 0},
		{"unknown creator", func() Outcome { return send(model.Message, "nope", t0) }, model.ReasonUnknownCreator, 0},
		{"unknown seller", func() Outcome {
			o, _ := s.Outreach(Request{Kind: model.Invite, Seller: "zz", Creator: "c0", Now: t0})
			return o
		}, model.ReasonUnknownSeller, 0},
		{"next week costs again", func() Outcome { return send(model.Invite, "c0", t0.AddDate(0, 0, 7)) }, model.ReasonNewConnection, 1},
	}
	for _, st := range steps {
		o := st.do()
		if o.Reason != st.reason || o.Charged != st.charged {
			t.Fatalf("%s: got %s charged %d, want %s charged %d", st.name, o.Reason, o.Charged, st.reason, st.charged)
		}
	}
	// Reply connects: later outreach is free, and it stays so after a block is lifted.
	if _, err := s.Reply("c1", "s1", "hello!", t0); err != nil {
		t.Fatal(err)
	}
	if o := send(model.Message, "c1", t0); o.Reason != model.ReasonConnected || o.Charged != 0 {
		t.Fatalf("after reply: %s", o.Reason)
	}
	if err := s.SetBlocked("s1", "c1", ByCreator, true); err != nil {
		t.Fatal(err)
	}
	if o := send(model.Message, "c1", t0); o.Reason != model.ReasonBlockedByCreator {
		t.Fatalf("after creator block: %s", o.Reason)
	}
	if _, err := s.Reply("c1", "s1", "x", t0); !errors.Is(err, ErrBlocked) {
		t.Fatalf("reply while blocking: %v", err)
	}
	q, _ := s.Quota("s1", t0)
	if q.StarterPack != 1000 || q.Used != 1 {
		t.Fatalf("quota %+v", q)
	}
}

func ruleIdempotency(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 3)
	r := Request{Kind: model.Message, Seller: "s1", Creator: "c0", Text: "hello", Key: "k1", Now: t0}
	first, err := s.Outreach(r)
	if err != nil || first.Reason != model.ReasonNewConnection {
		t.Fatal(first, err)
	}
	again, err := s.Outreach(r)
	if err != nil || !again.Replayed || again.Reason != first.Reason || again.Message != first.Message {
		t.Fatalf("replay: %+v %v", again, err)
	}
	msgs, _ := s.Messages("s1", "c0", 0)
	if len(msgs) != 1 {
		t.Fatalf("replay sent again: %d messages", len(msgs))
	}
	r.Text = "different"
	conflict, err := s.Outreach(r)
	if err != nil || conflict.Allowed || conflict.Reason != model.ReasonIdemConflict {
		t.Fatalf("conflict: %+v %v", conflict, err)
	}
	q, _ := s.Quota("s1", t0)
	if q.Used != 1 {
		t.Fatalf("used %d after replay, want 1", q.Used)
	}
}

// A week is frozen by its first use (a send), not by a read: GMV added
// later in the week counts from the next week on.
func ruleWeekFrozenAgainstLateGMV(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 1)
	q, _ := s.Quota("s1", t0)
	if q.Tier != "T1" {
		t.Fatalf("tier %s", q.Tier)
	}
	if _, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Now: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddGMV("s1", "2026-11-02", 10_000_00); err != nil {
		t.Fatal(err)
	}
	if q, _ = s.Quota("s1", t0); q.Tier != "T1" {
		t.Fatalf("tier changed mid-week to %s", q.Tier)
	}
	if q, _ = s.Quota("s1", t0.AddDate(0, 0, 7)); q.Tier != "T3" {
		t.Fatalf("next week tier %s, want T3", q.Tier)
	}
}

func TestSecondOpenIsInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
}

func ruleBackupWhileInUse(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 5)
	path := filepath.Join(t.TempDir(), "b.db")
	if _, err := s.BackupFile(path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BackupFile(path); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	b, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n := b.CreatorCount(); n != 5 {
		t.Fatalf("backup has %d creators, want 5", n)
	}
}

func ruleFeedTellsSubscribers(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 1)
	ch, cancel := s.Subscribe()
	defer cancel()
	if _, err := s.Reply("c0", "s1", "hi", t0); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-ch:
		if c.Seller != "s1" {
			t.Fatalf("change %+v", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change delivered")
	}
}

// BenchmarkCheckedSend measures durable (fsync on) checked sends per second
// with N concurrent senders, each to its own creators, and the p99 of one
// send's time from call to acknowledgement.
func BenchmarkCheckedSend(b *testing.B) {
	for _, senders := range []int{1, 8, 64, 256} {
		b.Run(fmt.Sprintf("senders=%d", senders), func(b *testing.B) {
			s := openTest(b, Options{})
			seed(b, s, "s1", 100_000_00, 4096) // T4: unlimited, so every send is a charged new connection per week
			per := b.N/senders + 1
			lat := make([][]time.Duration, senders)
			b.ResetTimer()
			var wg sync.WaitGroup
			for g := 0; g < senders; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					lat[g] = make([]time.Duration, 0, per)
					for i := 0; i < per; i++ {
						c := fmt.Sprintf("c%d", (g*per+i)%4096)
						start := time.Now()
						if _, err := s.Outreach(Request{Kind: model.Message, Seller: "s1", Creator: c, Text: "hello there", Now: t0}); err != nil {
							b.Error(err)
							return
						}
						lat[g] = append(lat[g], time.Since(start))
					}
				}(g)
			}
			wg.Wait()
			b.ReportMetric(float64(per*senders)/b.Elapsed().Seconds(), "sends/s")
			all := slices.Concat(lat...)
			slices.Sort(all)
			b.ReportMetric(float64(all[len(all)*99/100])/float64(time.Millisecond), "p99-ms")
			commits, updates := s.eng.(*bolt.DB).Stats()
			b.ReportMetric(float64(updates)/float64(commits), "writes/commit")
		})
	}
}

// A write that changes the seller record (GMV) in the same group as sends
// that spend the Starter Pack must lose neither.
func ruleGroupCacheKeepsSellerWrites(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 0, 80) // new seller: T1 (50) + pack
	var wg sync.WaitGroup
	for i := 0; i < 80; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i == 40 {
				if _, err := s.AddGMV("s1", "2026-11-16", 5_00); err != nil {
					t.Error(err)
				}
			}
			if _, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: fmt.Sprintf("c%d", i), Now: t0}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	sl, err := s.Seller("s1")
	if err != nil {
		t.Fatal(err)
	}
	q, _ := s.Quota("s1", t0)
	if !sl.HadGMV || q.Used != 80 || q.StarterPack != 1000-30 || sl.PackLeft != 970 {
		t.Fatalf("HadGMV %v used %d pack %d (seller record %d); want true, 80, 970", sl.HadGMV, q.Used, q.StarterPack, sl.PackLeft)
	}
}

// A schema-1 store (no seller index of invitations) is migrated on open.
func TestMigrateSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 50_00, 3)
	for _, c := range []string{"c0", "c1"} {
		if _, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: c, Now: t0}); err != nil {
			t.Fatal(err)
		}
	}
	// Make it look like schema 1: drop the index and the version.
	s.eng.Update(func(tx engine.Tx) error {
		tx.DeleteBucket(bInvBySl)
		return tx.Put(bMeta, []byte("schema"), u64(1))
	})
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	invs, err := s.InvitesOfSeller("s1", t0, 0)
	if err != nil || len(invs) != 2 || invs[0].CreatorID != "c1" {
		t.Fatalf("after migration: %+v %v", invs, err)
	}
	s.eng.View(func(tx engine.Tx) error {
		if raw, _ := tx.Get(bMeta, []byte("schema")); getU64(raw) != SchemaVersion {
			v := getU64(raw)
			t.Errorf("schema %d after migration", v)
		}
		return nil
	})
}

// A schema-2 file (no campaign cursors) opens as schema 3 with the bucket,
// and a read-only open of it refuses nothing and writes nothing.
func TestMigrateSchema2AddsCampaignCursors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s2.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.eng.Update(func(tx engine.Tx) error {
		tx.DeleteBucket(bCampaignCursors)
		return tx.Put(bMeta, schemaKey, u64(2))
	})
	s.Close()
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.eng.View(func(tx engine.Tx) error {
		if ok, err := tx.HasBucket(bCampaignCursors); !ok || err != nil {
			t.Errorf("campaign_cursors after migration: %v %v", ok, err)
		}
		if raw, _ := tx.Get(bMeta, schemaKey); getU64(raw) != 3 {
			t.Errorf("schema %d after migration, want 3", getU64(raw))
		}
		return nil
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, _ := Open(path, Options{})
	s.eng.Update(func(tx engine.Tx) error { return tx.Put(bMeta, []byte("schema"), u64(SchemaVersion+1)) })
	s.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open newer schema: %v", err)
	}
}

func rulePruneIdempotencyKeys(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 3)
	old := Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Key: "old", Now: t0}
	recent := Request{Kind: model.Invite, Seller: "s1", Creator: "c1", Key: "recent", Now: t0.AddDate(0, 0, 5)}
	for _, r := range []Request{old, recent} {
		if _, err := s.Outreach(r); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneIdempotencyKeys(t0.AddDate(0, 0, 8))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want 1: only the key older than 7 days", n, err)
	}
	// The recent key still replays; the old one is decided afresh.
	if o, _ := s.Outreach(recent); !o.Replayed {
		t.Fatal("a 3-day-old key was pruned")
	}
	old.Now = t0.AddDate(0, 0, 8)
	if o, _ := s.Outreach(old); o.Replayed {
		t.Fatal("a pruned key still replays")
	}
}
