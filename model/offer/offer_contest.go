package offer

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"

	"outreach/model"
)

// ContestMetric is what a contest counts.
type ContestMetric string

// The contest metrics: GMV in cents, or orders.
const (
	ContestGMV    ContestMetric = "gmv"
	ContestOrders ContestMetric = "orders"
)

// Contest limits.
const (
	MaxContestNameRunes  = 60
	MaxContestPrizeRunes = 200
	MaxContestThreshold  = 1_000_000_000_00 // a billion dollars in cents, or orders
)

// Contest is a race among a seller's affiliates over a window: the first to
// reach the threshold wins, or, with Draw, a draw among all who reached it,
// made with a recorded seed (see DrawWinner) so anyone can repeat it.
type Contest struct {
	Name      string        `json:"name"`
	Metric    ContestMetric `json:"metric"`
	Threshold int64         `json:"threshold"` // cents for gmv, a count for orders
	Start     time.Time     `json:"start"`
	End       time.Time     `json:"end"` // exclusive
	Prize     string        `json:"prize"`
	Draw      bool          `json:"draw"`
}

// NewContest checks and builds a contest made at now: a name (one line,
// 1..60 runes), a metric, a threshold above 0, a window whose end is after
// its start and after now, and a prize (one line, 1..200 runes, made safe).
func NewContest(name string, metric ContestMetric, threshold int64, start, end time.Time, prize string, draw bool, now time.Time) (*Contest, error) {
	n, err := model.LimitLine("contest name", name, MaxContestNameRunes)
	if err != nil {
		return nil, err
	}
	if n == "" {
		return nil, fmt.Errorf("contest name is empty: %w", model.ErrInvalid)
	}
	if metric != ContestGMV && metric != ContestOrders {
		return nil, fmt.Errorf("contest %q metric %q: want gmv or orders: %w", n, model.Clip(model.SafeLine(string(metric)), 20), model.ErrInvalid)
	}
	if threshold <= 0 || threshold > MaxContestThreshold {
		return nil, fmt.Errorf("contest %q threshold %d: want above 0 (a contest needs a threshold): %w", n, threshold, model.ErrInvalid)
	}
	for _, t := range []time.Time{start, end} {
		if err := model.CheckInstant(t); err != nil {
			return nil, fmt.Errorf("contest %q: %w", n, err)
		}
	}
	if !end.After(start) {
		return nil, fmt.Errorf("contest %q ends %s, not after its start %s: %w", n, end.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	if !end.After(now) {
		return nil, fmt.Errorf("contest %q ends %s, which has passed: %w", n, end.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	p, err := model.LimitLine(fmt.Sprintf("contest %q prize", n), prize, MaxContestPrizeRunes)
	if err != nil {
		return nil, err
	}
	if p == "" {
		return nil, fmt.Errorf("contest %q prize is empty: %w", n, model.ErrInvalid)
	}
	return &Contest{Name: n, Metric: metric, Threshold: threshold, Start: start, End: end, Prize: p, Draw: draw}, nil
}

// ContestEntry is progress of one affiliate: Amount (cents or orders, >= 0)
// added at At, e.g. one day's figures at that day's end.
type ContestEntry struct {
	Creator string
	At      time.Time
	Amount  int64
}

// LeaderRow is one line of a contest's leaderboard.
type LeaderRow struct {
	Rank      int       `json:"rank"` // equal totals share a rank: 1, 2, 2, 4
	Creator   string    `json:"creator"`
	Total     int64     `json:"total"`
	ReachedAt time.Time `json:"reached_at"` // when the total reached its value
	Qualified bool      `json:"qualified"`  // Total >= Threshold
}

type tally struct {
	total   int64
	reached time.Time // of the latest increase
	crossed time.Time // when it first reached the threshold
}

// tallies adds up the entries inside the window, in time order, leaving out
// flagged affiliates (nil flagged leaves out nobody).
func (c *Contest) tallies(entries []ContestEntry, flagged func(string) bool) map[string]*tally {
	es := slices.Clone(entries)
	slices.SortStableFunc(es, func(a, b ContestEntry) int { return a.At.Compare(b.At) })
	m := map[string]*tally{}
	for _, e := range es {
		if e.Amount <= 0 || e.At.Before(c.Start) || !e.At.Before(c.End) || flagged != nil && flagged(e.Creator) {
			continue
		}
		t := m[e.Creator]
		if t == nil {
			t = &tally{}
			m[e.Creator] = t
		}
		t.total += e.Amount
		t.reached = e.At
		if t.crossed.IsZero() && t.total >= c.Threshold {
			t.crossed = e.At
		}
	}
	return m
}

// Leaderboard ranks the affiliates with progress in the window, flagged ones
// left out: by total, highest first; equal totals share a rank and are
// listed by who got there first, then by id.
func (c *Contest) Leaderboard(entries []ContestEntry, flagged func(string) bool) []LeaderRow {
	m := c.tallies(entries, flagged)
	rows := make([]LeaderRow, 0, len(m))
	for id, t := range m {
		rows = append(rows, LeaderRow{Creator: id, Total: t.total, ReachedAt: t.reached, Qualified: t.total >= c.Threshold})
	}
	slices.SortFunc(rows, func(a, b LeaderRow) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), a.ReachedAt.Compare(b.ReachedAt), cmp.Compare(a.Creator, b.Creator))
	})
	for i := range rows {
		if i > 0 && rows[i].Total == rows[i-1].Total {
			rows[i].Rank = rows[i-1].Rank
		} else {
			rows[i].Rank = i + 1
		}
	}
	return rows
}

// ContestResult is the outcome of a contest.
type ContestResult struct {
	Winner     string    `json:"winner,omitempty"` // empty: nobody reached the threshold
	ReachedAt  time.Time `json:"reached_at,omitzero"`
	Qualifiers []string  `json:"qualifiers,omitempty"` // sorted; those drawn from, when a draw decided
	Seed       uint64    `json:"seed"`
	Drawn      bool      `json:"drawn"` // a draw decided (a Draw contest, or a tie at the first crossing)
}

// Winner decides the contest from the entries (flagged affiliates left
// out) with the recorded seed. Without Draw, the first affiliate to reach
// the threshold wins; several reaching it at the same instant (day figures
// make that likely) are tied and a draw among them decides. With Draw, the
// draw is among everyone who reached the threshold in the window.
func (c *Contest) Winner(entries []ContestEntry, flagged func(string) bool, seed uint64) ContestResult {
	m := c.tallies(entries, flagged)
	res := ContestResult{Seed: seed}
	var first time.Time
	for id, t := range m {
		if t.crossed.IsZero() {
			continue
		}
		switch {
		case c.Draw:
			res.Qualifiers = append(res.Qualifiers, id)
		case first.IsZero() || t.crossed.Before(first):
			first = t.crossed
			res.Qualifiers = append(res.Qualifiers[:0], id)
		case t.crossed.Equal(first):
			res.Qualifiers = append(res.Qualifiers, id)
		}
	}
	if len(res.Qualifiers) == 0 {
		return ContestResult{Seed: seed}
	}
	slices.Sort(res.Qualifiers)
	if len(res.Qualifiers) == 1 && !c.Draw {
		res.Winner = res.Qualifiers[0]
	} else {
		res.Winner, _ = DrawWinner(seed, res.Qualifiers)
		res.Drawn = true
	}
	res.ReachedAt = m[res.Winner].crossed
	return res
}

// DrawWinner draws one of ids with seed, the same way every time and in any
// language: sort the ids (byte order) and drop duplicates; take SHA-256 of
// the seed in decimal followed by "\n", then each id followed by "\n"; read
// the digest's first 8 bytes as a big-endian unsigned integer; the winner is
// the id at that number modulo the count (0-based). For example
// `printf '42\nann\nbob\n' | sha256sum` gives the digest for seed 42 over
// ann and bob. ok is false for no ids.
func DrawWinner(seed uint64, ids []string) (winner string, ok bool) {
	s := slices.Clone(ids)
	slices.Sort(s)
	s = slices.Compact(s)
	if len(s) == 0 {
		return "", false
	}
	h := sha256.New()
	h.Write(strconv.AppendUint(nil, seed, 10))
	h.Write([]byte{'\n'})
	for _, id := range s {
		h.Write([]byte(id))
		h.Write([]byte{'\n'})
	}
	sum := h.Sum(nil)
	return s[binary.BigEndian.Uint64(sum[:8])%uint64(len(s))], true
}
