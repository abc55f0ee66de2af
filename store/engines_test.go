package store

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"outreach/store/engine/etcd"
	"outreach/store/etcd/etcdtest"
)

// opener opens an empty store for one test.
type opener func(tb testing.TB, opts Options) *Store

// openBolt opens a store in a new file.
func openBolt(tb testing.TB, opts Options) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "t.db"), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// etcdOpener opens stores in one cluster, each under its own key prefix.
func etcdOpener(c *etcdtest.Cluster) opener {
	var n atomic.Int64
	return func(tb testing.TB, opts Options) *Store {
		tb.Helper()
		e, err := etcd.Open(etcd.Options{Endpoints: c.Endpoints(), Prefix: fmt.Sprintf("t%d/", n.Add(1))})
		if err != nil {
			tb.Fatal(err)
		}
		s, err := OpenEngine(e, c.URL(), opts)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}
}

// ruleCases are the store's rule and guarantee tests that hold whatever
// the engine: each runs on a bbolt file and on a one-member etcd cluster.
var ruleCases = []struct {
	name string
	run  func(*testing.T, opener)
}{
	{"ConcurrentSendsExactlyLimit", ruleConcurrentSendsExactlyLimit},
	{"OutreachFlow", ruleOutreachFlow},
	{"Idempotency", ruleIdempotency},
	{"IdempotencyKeyRules", ruleIdempotencyKeyRules},
	{"WeekFrozenAgainstLateGMV", ruleWeekFrozenAgainstLateGMV},
	{"QuotaReadDoesNotFreezeFutureWeek", ruleQuotaReadDoesNotFreezeFutureWeek},
	{"FeedTellsSubscribers", ruleFeedTellsSubscribers},
	{"PruneIdempotencyKeys", rulePruneIdempotencyKeys},
	{"BackupWhileInUse", ruleBackupWhileInUse},
	{"RecomputeLevels", ruleRecomputeLevels},
	{"RecomputeLevelsIfDue", ruleRecomputeLevelsIfDue},
	{"AddKeyRules", ruleAddKeyRules},
	{"RemoveKeyAudited", ruleRemoveKeyAudited},
}

func TestRulesOnBothEngines(t *testing.T) {
	engines := []struct {
		name string
		open func(t *testing.T) opener
	}{
		{"bolt", func(*testing.T) opener { return openBolt }},
		{"etcd", func(t *testing.T) opener { return etcdOpener(etcdtest.Start(t, 1)) }},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			open := e.open(t)
			for _, c := range ruleCases {
				t.Run(c.name, func(t *testing.T) { c.run(t, open) })
			}
		})
	}
}

// The group cache is the bbolt engine's (the etcd engine commits each
// update alone), and on etcd the test's order of commits is another legal
// one, so it runs on bbolt only.
func TestGroupCacheKeepsSellerWrites(t *testing.T) { ruleGroupCacheKeepsSellerWrites(t, openBolt) }
