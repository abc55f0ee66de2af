package backend

import (
	"time"

	"outreach/model"
	"outreach/store"
)

// Store is the store under the backend, for the console screens while they
// still read it directly. No door decides a permission with it: commands
// go through the principal's handles.
func (b *Backend) Store() *store.Store { return b.st }

// Path is the store file the backend serves.
func (b *Backend) Path() string { return b.st.Path() }

// Now is the instant this principal evaluates at: its fixed instant (--now)
// or the backend clock.
func (p *Principal) Now() time.Time { return p.clock()() }

// Local reports whether this is the local operator holding the store file.
func (p *Principal) Local() bool { return p.local }

// Relation is the relation with one seller, as the creator sees it.
func (v *CreatorView) Relation(seller string) (model.Relation, error) {
	return v.b.st.Relation(seller, v.id)
}

// Housekeeping is what one round of server housekeeping did.
type Housekeeping struct {
	// PrunedKeys is how many expired idempotency keys were dropped.
	PrunedKeys int
	// Levels is the level recomputation that ran, if it was due.
	Levels    store.LevelStats
	LevelsRan bool
	// Segments are the monthly segment evaluations that were due.
	Segments []store.SegmentEvaluation
	// Campaigns are the campaign passes carried out (see RunDueCampaigns).
	Campaigns []store.RunReport
	// Milestones is the milestone pass: what was sent or drafted.
	Milestones store.MilestoneReport
}

// Housekeep drops expired idempotency keys and, on the first run in a new
// month, recomputes creator levels for the month before and evaluates each
// seller's segments (in the seller's zone), as of the backend clock. The
// server runs it at start and every hour. Every round ends with the
// milestone pass (store.CheckMilestones).
func (b *Backend) Housekeep() (Housekeeping, error) {
	var h Housekeeping
	now := b.now()
	n, err := b.st.PruneIdempotencyKeys(now)
	if err != nil {
		return h, err
	}
	h.PrunedKeys = n
	h.LevelsRan, h.Levels, err = b.st.RecomputeLevelsIfDue(now)
	if err != nil {
		return h, err
	}
	h.Segments, err = b.st.SegmentsIfDue(now)
	if err != nil {
		return h, err
	}
	if h.Campaigns, err = b.st.RunDue(now); err != nil {
		return h, err
	}
	h.Milestones, err = b.st.CheckMilestones(now)
	return h, err
}

// LocalOperator is Operator named for the audit log ("operator-NAME"), for
// a CLI that knows the local user's name.
func (b *Backend) LocalOperator(name string) *Principal {
	p := b.Operator()
	p.id.Name = "operator-" + name
	return p
}
