package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outreach/model"

	bbolt "go.etcd.io/bbolt"
)

// Reading a future week's quota must not freeze that week's tier: GMV added
// afterwards counts when the week is first used.
func ruleQuotaReadDoesNotFreezeFutureWeek(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 2) // T1 this week
	nextSunday := model.NextWeekStart(model.WeekStart(t0, time.UTC), time.UTC)
	if q, err := s.Quota("s1", nextSunday); err != nil || q.Tier != "T1" {
		t.Fatalf("next week's quota read: %+v %v", q, err)
	}
	if _, err := s.AddGMV("s1", t0.Format(model.DayLayout), 10_000_00); err != nil {
		t.Fatal(err)
	}
	o, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Now: nextSunday.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if o.Quota.Tier != "T3" {
		t.Fatalf("first use of next week sees tier %s, want T3 (the GMV added after the read)", o.Quota.Tier)
	}
}

// Every read, at any instant, leaves the file byte for byte as it was.
func TestReadsLeaveTheFileUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 0, 3) // no GMV: a read would grant the Starter Pack
	if _, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Now: t0}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	s, err = Open(path, Options{}) // a writing open of a current store writes nothing either
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, now := range []time.Time{t0, t0.AddDate(0, 0, 7), t0.AddDate(1, 0, 0), t0.AddDate(-1, 0, 0)} {
		reads := map[string]func() error{
			"quota":     func() error { _, err := s.Quota("s1", now); return err },
			"dry run":   func() error { _, _, err := s.DryRun("s1", []string{"c0", "c1", "zz"}, model.Invite, now); return err },
			"decisions": func() error { _, err := s.Decisions("s1", 0); return err },
			"creator":   func() error { _, err := s.Creator("c1"); return err },
			"seller":    func() error { _, err := s.Seller("s1"); return err },
			"sellers":   func() error { _, err := s.Sellers(); return err },
			"relations": func() error { _, err := s.Relations("s1"); return err },
			"invites":   func() error { _, err := s.InvitesOfSeller("s1", now, 0); return err },
			"inbox":     func() error { _, err := s.InvitesOfCreator("c0", now); return err },
			"messages":  func() error { _, err := s.Messages("s1", "c0", 0); return err },
			"audit":     func() error { _, err := s.Audit(0); return err },
			"keys":      func() error { _, err := s.ListKeys(); return err },
			"meta":      func() error { _, err := s.Meta("x"); return err },
		}
		for name, read := range reads {
			if err := read(); err != nil {
				t.Fatalf("%s at %s: %v", name, now, err)
			}
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("reads changed the file")
	}
}

// Instants outside 1970..2200 are refused before anything is written, so an
// error never hides a commit.
func TestInstantsOutOfRangeWriteNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "i.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 50_00, 2)
	s.Close()
	before, _ := os.ReadFile(path)
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, now := range []time.Time{
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	} {
		end := now.AddDate(0, 1, 0)
		collab := &model.Collab{Name: "x", Products: []model.Product{{ID: "p1", Commission: 10}}, EndDate: end, Email: "a@b.co"}
		ops := map[string]func() error{
			"invite": func() error {
				_, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Now: now})
				return err
			},
			"message": func() error {
				_, err := s.Outreach(Request{Kind: model.Message, Seller: "s1", Creator: "c0", Text: "hi", Now: now})
				return err
			},
			"collab": func() error {
				_, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c1", Collab: collab, Now: t0})
				return err
			},
			"seller":  func() error { _, err := s.PutSeller(model.Seller{ID: "s2"}, now); return err },
			"creator": func() error { _, err := s.PutCreator(model.Creator{ID: "c9", Handle: "h9"}, now); return err },
			"import":  func() error { _, err := s.ImportCreators([]model.Creator{{ID: "c8", Handle: "h8"}}, now); return err },
			"reply":   func() error { _, err := s.Reply("c0", "s1", "hi", now); return err },
			"grant":   func() error { _, err := s.Grant("s1", 1, "why", "agent", now); return err },
			"gmv":     func() error { _, err := s.AddGMV("s1", now.Format(model.DayLayout), 100); return err },
			"quota":   func() error { _, err := s.Quota("s1", now); return err },
			"preview": func() error { _, _, err := s.DryRun("s1", []string{"c0"}, model.Invite, now); return err },
			"levels":  func() error { _, err := s.RecomputeLevels("2026-10", now); return err },
			"prune":   func() error { _, err := s.PruneIdempotencyKeys(now); return err },
			"key":     func() error { return s.RemoveKeyAs("SHA256:x", "", now) },
		}
		for name, op := range ops {
			if name == "collab" && (end.Before(model.MaxInstant) && !end.Before(t0)) {
				continue // the end date is in range: not this case
			}
			if err := op(); !errors.Is(err, model.ErrInvalid) {
				t.Errorf("%s at %s: %v, want ErrInvalid", name, now.Format(time.RFC3339), err)
			}
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a refused instant changed the file")
	}
}

func ruleIdempotencyKeyRules(t *testing.T, openTest opener) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 1)
	cases := []struct {
		key string
		ok  bool
	}{
		{"", true},
		{"order-42 retry#1 ~", true},
		{strings.Repeat("k", MaxKeyBytes), true},
		{strings.Repeat("k", MaxKeyBytes+1), false},
		{"esc\x1b]0;title\x07", false},
		{"c1\u009b31m", false},
		{"bidi\u202e", false},
		{"tab\tkey", false},
		{"nul\x00", false},
		{"del\x7f", false},
		{"caf\u00e9", false},
		{"bad\xff", false},
	}
	for _, c := range cases {
		_, err := s.Outreach(Request{Kind: model.Message, Seller: "s1", Creator: "c0", Text: "hi", Key: c.key, Now: t0})
		if c.ok && err != nil {
			t.Errorf("key %q refused: %v", c.key, err)
		}
		if !c.ok && (!errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "printable ASCII")) {
			t.Errorf("key %q: %v, want ErrInvalid naming the rule", c.key, err)
		}
	}
	ds, _ := s.Decisions("s1", 0)
	if len(ds) != 3 {
		t.Fatalf("%d decisions logged, want 3 (refused keys write nothing)", len(ds))
	}
}

// A store written with NoFreelistSync (by earlier versions) has no
// persisted freelist; it opens without the flag and keeps its data.
func TestOpenStoreWrittenWithoutFreelist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, s, "s1", 50_00, 50)
	s.Close()
	// Rewrite it the old way: a commit with NoFreelistSync drops the freelist.
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{NoFreelistSync: true, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bbolt.Tx) error { return tx.Bucket([]byte(bMeta)).Put([]byte("x:old"), []byte("1")) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if probs, err := Check(path); err != nil || len(probs) > 0 {
		t.Fatalf("check of the old store: %v %v", probs, err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.CreatorCount(); n != 50 {
		t.Fatalf("%d creators, want 50", n)
	}
	if _, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c1", Now: t0}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if probs, err := Check(path); err != nil || len(probs) > 0 {
		t.Fatalf("check after reopening: %v %v", probs, err)
	}
}
