package offer

import (
	"fmt"
	"slices"
	"time"

	"outreach/model"
	"outreach/model/program"
)

// Boost limits: a rate is a commission percentage.
const (
	MaxBoostRate     = 80.0
	MaxBoostCreators = 50_000
)

// Boost is a commission boost: a higher rate for chosen affiliates or a
// segment from Start to End (exclusive). It ends by itself: Active is false
// from End on, nothing needs to switch it off.
type Boost struct {
	Rate     float64             `json:"rate"` // percent, (0, 80]
	Start    time.Time           `json:"start"`
	End      time.Time           `json:"end"`
	Segment  program.SegmentName `json:"segment,omitempty"`
	Creators []string            `json:"creators,omitempty"`
}

// NewBoost checks and builds a boost made at now: a rate above 0 and at
// most 80%, an end after the start and after now, and either a segment or
// 1..50,000 creators (ids checked, duplicates dropped, sorted), not both.
func NewBoost(rate float64, start, end time.Time, seg program.SegmentName, creators []string, now time.Time) (*Boost, error) {
	if !(rate > 0 && rate <= MaxBoostRate) { // also refuses NaN
		return nil, fmt.Errorf("boost rate %.4g%%: want above 0%% and at most %g%%: %w", rate, MaxBoostRate, model.ErrInvalid)
	}
	for _, t := range []time.Time{start, end} {
		if err := model.CheckInstant(t); err != nil {
			return nil, fmt.Errorf("boost: %w", err)
		}
	}
	if !end.After(start) {
		return nil, fmt.Errorf("boost ends %s, not after its start %s: %w", end.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	if !end.After(now) {
		return nil, fmt.Errorf("boost ends %s, which has passed: %w", end.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	b := &Boost{Rate: rate, Start: start, End: end}
	switch {
	case seg != "" && len(creators) > 0:
		return nil, fmt.Errorf("boost: a segment or creators, not both: %w", model.ErrInvalid)
	case seg != "":
		if _, err := program.ParseSegmentName(string(seg)); err != nil {
			return nil, fmt.Errorf("boost: %w", err)
		}
		b.Segment = seg
	case len(creators) == 0:
		return nil, fmt.Errorf("boost: no segment and no creators: %w", model.ErrInvalid)
	default:
		ids, err := model.ValidIDs("boost creators", creators, MaxBoostCreators)
		if err != nil {
			return nil, err
		}
		b.Creators = ids
	}
	return b, nil
}

// Active reports whether the boost applies at at: Start <= at < End.
func (b *Boost) Active(at time.Time) bool { return !at.Before(b.Start) && at.Before(b.End) }

// Ended reports whether the boost is over at at.
func (b *Boost) Ended(at time.Time) bool { return !at.Before(b.End) }

// RateAt is the commission rate for an affiliate at at: the boost's rate
// while it is active and higher than base, base otherwise.
func (b *Boost) RateAt(at time.Time, base float64) float64 {
	if b.Active(at) && b.Rate > base {
		return b.Rate
	}
	return base
}

// Covers reports whether the boost is for an affiliate with this id and
// segment. A flagged affiliate is never covered: boosts and contests leave
// flagged affiliates out until the flag is cleared.
func (b *Boost) Covers(creator string, seg program.SegmentName, flagged bool) bool {
	if flagged {
		return false
	}
	if b.Segment != "" {
		return b.Segment == seg
	}
	_, ok := slices.BinarySearch(b.Creators, creator)
	return ok
}

// ExcludeFlagged splits ids into those an offer may reach and the flagged
// ones it leaves out, keeping order.
func ExcludeFlagged(ids []string, flagged func(id string) bool) (kept, left []string) {
	for _, id := range ids {
		if flagged(id) {
			left = append(left, id)
		} else {
			kept = append(kept, id)
		}
	}
	return kept, left
}
