package backend

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"

	gossh "golang.org/x/crypto/ssh"
)

// roFixture is a store with one seller and two creators, and a read-only
// backend principal for each role.
func roFixture(t *testing.T) (*store.Store, *Backend) {
	t.Helper()
	st := openStore(t, 2)
	if _, err := st.PutSeller(model.Seller{ID: "s1", Name: "Acme", TZ: "UTC"}, testNow); err != nil {
		t.Fatal(err)
	}
	b := New(st, Options{Now: func() time.Time { return testNow }})
	t.Cleanup(b.Close)
	return st, b
}

// TestReadOnlyRefusesEveryWrite: a read-only principal hands out the same
// handles, every read works, every write refuses with ErrReadOnly (which
// wraps model.ErrForbidden) and the store is unchanged.
func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	st, b := roFixture(t)
	for _, tc := range []struct {
		name string
		p    *Principal
	}{
		{"operator --read-only", b.Operator().ReadOnly()},
		{"seller key --read-only", b.As(Identity{Role: RoleSeller, Account: "s1", ReadOnly: true})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.p.IsReadOnly() {
				t.Fatal("not read-only")
			}
			sl, err := tc.p.Seller("s1")
			if err != nil {
				t.Fatalf("a read-only principal still gets its handle to read: %v", err)
			}
			if _, err := sl.Quota(); err != nil {
				t.Fatalf("read refused: %v", err)
			}
			writes := map[string]func() error{
				"invite":  func() error { _, err := sl.Invite("c000000", "hi", "", nil); return err },
				"message": func() error { _, err := sl.Message("c000000", "hi", ""); return err },
				"batch": func() error {
					_, err := sl.SendBatch(model.Invite, []Outreach{{Creator: "c000001"}})
					return err
				},
				"block":            func() error { return sl.Block("c000000") },
				"unblock":          func() error { return sl.Unblock("c000000") },
				"save":             func() error { return sl.Save("c000000", true) },
				"cancel":           func() error { return sl.CancelInvite(1) },
				"perf":             func() error { _, err := sl.PutPerf(program.PerfDay{}); return err },
				"segments":         func() error { _, err := sl.RecomputeSegments(); return err },
				"goal":             func() error { return sl.SetGoal(program.Goal{}) },
				"flag":             func() error { _, err := sl.ClearFlag("c000000", "", "x"); return err },
				"template":         func() error { _, err := sl.AddTemplate(nil, false); return err },
				"rm template":      func() error { return sl.RemoveTemplate("x") },
				"campaign":         func() error { _, err := sl.CreateCampaign(store.CampaignSpec{}); return err },
				"start":            func() error { _, _, err := sl.StartCampaign("x"); return err },
				"pause":            func() error { _, err := sl.PauseCampaign("x"); return err },
				"cancel campaign":  func() error { _, err := sl.CancelCampaign("x"); return err },
				"set milestone":    func() error { _, err := sl.SetMilestone(engage.MilestoneRule{}); return err },
				"rm milestone":     func() error { _, err := sl.RemoveMilestone(engage.MilestoneRule{}); return err },
				"check milestones": func() error { _, err := sl.CheckMilestones(); return err },
				"approve draft":    func() error { _, err := sl.ApproveDraft("d1"); return err },
				"discard draft":    func() error { return sl.DiscardDraft("d1") },
				"boost":            func() error { _, err := sl.AddBoost(store.BoostSpec{}); return err },
				"code":             func() error { _, err := sl.AddCode(store.CodeSpec{}); return err },
				"contest":          func() error { _, err := sl.AddContest(store.ContestSpec{}); return err },
				"draw":             func() error { _, err := sl.DrawContest("x"); return err },
				"survey":           func() error { _, err := sl.SendSurvey(store.SurveySpec{}); return err },
				"kit":              func() error { _, err := sl.AddKitItem(program.SegmentPower, offer.KitItem{}); return err },
			}
			if tc.p.Identity().Role == RoleAdmin {
				cr, err := tc.p.Creator("c000000")
				if err != nil {
					t.Fatal(err)
				}
				ag, err := tc.p.Agent()
				if err != nil {
					t.Fatal(err)
				}
				ad, err := tc.p.Admin()
				if err != nil {
					t.Fatal(err)
				}
				writes["reply"] = func() error { _, err := cr.Reply("s1", "hello"); return err }
				writes["showcase"] = func() error { return cr.Showcase("s1") }
				writes["respond"] = func() error { _, err := cr.Respond(1, true); return err }
				writes["creator block"] = func() error { return cr.Block("s1") }
				writes["grant"] = func() error { _, err := ag.Grant("s1", 5, "help"); return err }
				writes["admin grant"] = func() error { _, err := ad.Agent().Grant("s1", 5, "help"); return err }
				writes["put seller"] = func() error { _, err := ad.PutSeller(model.Seller{ID: "s2", Name: "B", TZ: "UTC"}); return err }
				writes["gmv"] = func() error { _, err := ad.AddGMV("s1", "2026-11-01", 100); return err }
				writes["put creator"] = func() error {
					_, err := ad.PutCreator(model.Creator{ID: "c9", Handle: "zz", Name: "Z"})
					return err
				}
				writes["import"] = func() error { _, err := ad.ImportCreators(nil); return err }
				writes["levels"] = func() error { _, err := ad.RecomputeLevels("2026-10"); return err }
				writes["add key"] = func() error { return ad.AddKey(store.Key{}) }
				writes["remove key"] = func() error { return ad.RemoveKey("SHA256:x") }
				writes["import perf"] = func() error { _, err := ad.ImportPerf(nil); return err }
				writes["agent clear flag"] = func() error { _, err := ag.ClearFlag("s1", "c000000", "", "x"); return err }
				if err := cr.MarkRead("s1"); err != nil {
					t.Errorf("mark read: %v; want a silent no-op", err)
				}
			}
			for name, w := range writes {
				err := w()
				if !errors.Is(err, ErrReadOnly) || !errors.Is(err, model.ErrForbidden) {
					t.Errorf("%s: %v; want ErrReadOnly wrapping model.ErrForbidden", name, err)
				}
			}
			if err := sl.MarkRead("c000000"); err != nil {
				t.Errorf("mark read: %v; want a silent no-op", err)
			}
			if rel, _ := st.Relation("s1", "c000000"); rel.BlockedBySeller || rel.Saved || rel.Messages > 0 {
				t.Errorf("the store changed: %+v", rel)
			}
			if q, _ := st.Quota("s1", testNow); q.Used != 0 || q.Granted != 0 {
				t.Errorf("the quota changed: %+v", q)
			}
			if ss, _ := st.Sellers(); len(ss) != 1 {
				t.Errorf("sellers %d", len(ss))
			}
		})
	}
}

// TestReadOnlyKeepsRolesAndInstant: read-only narrows, never widens: a
// read-only seller key still may not act as another seller, At keeps the
// mode, and a writable principal still writes.
func TestReadOnlyKeepsRolesAndInstant(t *testing.T) {
	_, b := roFixture(t)
	p := b.As(Identity{Role: RoleSeller, Account: "s1"}).ReadOnly()
	if _, err := p.Seller("s2"); !errors.Is(err, model.ErrForbidden) || errors.Is(err, ErrReadOnly) {
		t.Errorf("another seller: %v; want the role refusal", err)
	}
	q, err := p.At(testNow)
	if err != nil || !q.IsReadOnly() {
		t.Fatalf("At lost read-only: %v", err)
	}
	w := b.As(Identity{Role: RoleSeller, Account: "s1"})
	sl, _ := w.Seller("s1")
	if err := sl.Save("c000000", true); err != nil {
		t.Fatalf("writable principal: %v", err)
	}
	if b.As(Identity{Role: RoleSeller, Account: "s1"}).IsReadOnly() {
		t.Fatal("ReadOnly changed the original principal")
	}
}

// TestKeyIdentityReadOnly: a key stored with ReadOnly gives a read-only
// identity and principal; its comment names it.
func TestKeyIdentityReadOnly(t *testing.T) {
	st, b := roFixture(t)
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	fp := gossh.FingerprintSHA256(pk)
	k := store.Key{Fingerprint: fp, Role: "agent", Comment: "support laptop", ReadOnly: true,
		PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))), Added: testNow}
	if err := st.AddKey(k); err != nil {
		t.Fatal(err)
	}
	id, ok, err := b.KeyIdentity(fp)
	if err != nil || !ok || !id.ReadOnly || id.Name != "support laptop" {
		t.Fatalf("identity %+v %v %v", id, ok, err)
	}
	ag, err := b.As(id).Agent()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ag.Grant("s1", 1, "x"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("grant: %v", err)
	}
}
