package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/store/engine"
)

// A pass's batches save their cursor beside the campaign record; a read
// of the record takes the saved cursor when it is for the record's pass
// and ahead of the record's own (a record written before cursors were
// saved apart, or by a batch of an older version, keeps its own).
func TestCampaignCursorMerge(t *testing.T) {
	at := t0.Add(time.Hour)
	for _, c := range []struct {
		name   string
		record string // the record's own cursor
		entry  []byte // the saved entry, nil for none
		want   string
		err    error
	}{
		{"no entry", "k10", nil, "k10", nil},
		{"entry ahead", "k10", append(u64(uint64(at.UnixNano())), "k20"...), "k20", nil},
		{"entry behind", "k30", append(u64(uint64(at.UnixNano())), "k20"...), "k30", nil},
		{"entry of another pass", "k10", append(u64(uint64(at.Add(time.Second).UnixNano())), "k90"...), "k10", nil},
		{"record without cursor", "", append(u64(uint64(at.UnixNano())), "k5"...), "k5", nil},
		{"damaged entry", "k10", []byte{1, 2, 3}, "", errCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t, Options{NoSync: true})
			rec := campaignRecord{Pass: &campaignPass{At: at, Cursor: []byte(c.record)}}
			rec.Seller, rec.ID = "s1", "c1"
			err := s.eng.Update(func(tx engine.Tx) error {
				if err := putJSON(tx, bCampaigns, key("s1", "c1"), &rec); err != nil {
					return err
				}
				if c.entry != nil {
					return tx.Put(bCampaignCursors, key("s1", "c1"), c.entry)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var got *campaignRecord
			err = s.view(func(tx engine.Tx) (err error) {
				got, err = getCampaign(tx, "s1", "c1")
				return err
			})
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("error %v, want %v", err, c.err)
				}
				return
			}
			if err != nil || string(got.Pass.Cursor) != c.want {
				t.Fatalf("cursor %q (%v), want %q", got.Pass.Cursor, err, c.want)
			}
		})
	}
}

// A campaign paused while its run is in progress stops after the batch it
// is in (its record rewritten between batches is read again), and started
// again it sends to every recipient exactly once, however the pause fell.
func TestCampaignPausedMidRunResumesOnce(t *testing.T) {
	const n = 400
	s, _ := programStore(t, n, 0, false)
	if _, err := s.CreateCampaign("s1", CampaignSpec{Name: "news", Template: "casual-quick-wins",
		Audience: engage.Audience{Creators: ids("k", n)}}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StartCampaign("s1", "news", t0); err != nil {
		t.Fatal(err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	done := make(chan RunReport, 1)
	go func() {
		rep, err := s.runCampaign("s1", mustID(t, s, "news"), t0, 10)
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	for c := range ch { // pause once a batch has committed
		if c.Kind == ChangedCampaigns {
			break
		}
	}
	if _, err := s.PauseCampaign("s1", "news", t0); err != nil && !errors.Is(err, model.ErrInvalid) {
		t.Fatal(err) // ErrInvalid: the run was already over
	}
	first := <-done
	t.Logf("stopped mid-run: %v", first.Stopped)
	if first.Stopped {
		if _, err := s.StartCampaign("s1", "news", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RunCampaign("s1", "news", t0); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Campaign("s1", "news")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range d.Results {
		seen[r.Creator]++
	}
	for i := range n {
		c := fmt.Sprintf("k%d", i)
		if seen[c] != 1 {
			t.Fatalf("%s has %d results (stopped mid-run: %v)", c, seen[c], first.Stopped)
		}
		if m, err := s.Messages("s1", c, 0); err != nil || len(m) != 1 {
			t.Fatalf("%s got %d messages (%v), want 1 (stopped mid-run: %v)", c, len(m), err, first.Stopped)
		}
	}
	if d.Counts.Sent != n {
		t.Fatalf("sent %d, want %d", d.Counts.Sent, n)
	}
}

func mustID(t *testing.T, s *Store, name string) string {
	t.Helper()
	var id string
	err := s.view(func(tx engine.Tx) error {
		c, err := campaignByName(tx, "s1", name)
		if err == nil {
			id = c.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
