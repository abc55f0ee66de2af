package model

import (
	"fmt"
	"slices"
	"strings"
)

// RecCandidate is what ranking needs of one creator, seen from one seller.
type RecCandidate struct {
	ID           string
	Handle       string
	Level        Level
	Falling      bool
	Followers    int64
	Categories   []string
	ActiveDays30 int
	GMV30        Cents
	Connected    bool
	Blocked      bool // by either side
}

// Recommendation is one recommended creator with why.
type Recommendation struct {
	ID      string
	Score   float64
	Reasons []string
}

// Recommend ranks creators by fit for seller and returns the best n (all
// when n <= 0), best first, ties by id. Blocked and connected creators are
// left out, and so are those above followerCap (Unlimited = no cap), whom the
// seller could not invite. Fit is category overlap with the seller (the
// strongest signal), then level, then activity over the last 30 days, with a
// small GMV bonus and a penalty for a falling level. A seller without
// categories is ranked on level and activity alone.
func Recommend(seller Seller, followerCap int64, cands []RecCandidate, n int) []Recommendation {
	rk := NewRecRanker(seller, followerCap)
	type scored struct {
		i     int
		score float64
	}
	var ss []scored
	for i := range cands {
		c := &cands[i]
		if c.Blocked || c.Connected {
			continue
		}
		if score, ok := rk.Score(c); ok {
			ss = append(ss, scored{i, score})
		}
	}
	slices.SortFunc(ss, func(a, b scored) int { return RecBefore(a.score, cands[a.i].ID, b.score, cands[b.i].ID) })
	if n > 0 && len(ss) > n {
		ss = ss[:n]
	}
	out := make([]Recommendation, len(ss))
	for k, s := range ss {
		out[k] = Recommendation{ID: cands[s.i].ID, Score: s.score, Reasons: rk.Reasons(&cands[s.i])}
	}
	return out
}

// RecRanker scores creators for one seller and follower cap: the rule of
// Recommend, one candidate at a time, for callers that keep only a top k
// of many (a shared ranking of a million creators).
type RecRanker struct {
	want        map[string]bool // the seller's categories, lower case
	followerCap int64
}

// NewRecRanker is the ranker for seller and followerCap (Unlimited = no cap).
func NewRecRanker(seller Seller, followerCap int64) *RecRanker {
	want := make(map[string]bool, len(seller.Categories))
	for _, c := range seller.Categories {
		want[strings.ToLower(c)] = true
	}
	return &RecRanker{want: want, followerCap: followerCap}
}

// Wants reports whether category cat (any case) is one of the seller's.
func (rk *RecRanker) Wants(cat string) bool { return rk.want[strings.ToLower(cat)] }

// HasCategories reports whether the seller has categories: then only
// creators sharing one are ranked.
func (rk *RecRanker) HasCategories() bool { return len(rk.want) > 0 }

// Score is c's fit, and false when c is not ranked at all: above the
// follower cap, or sharing no category with a seller who has some.
// Connected and Blocked are the caller's to check (they depend on the
// seller's relations, not on the creator).
func (rk *RecRanker) Score(c *RecCandidate) (float64, bool) {
	if rk.followerCap != Unlimited && c.Followers > rk.followerCap {
		return 0, false
	}
	overlap := 0
	for _, cat := range c.Categories {
		if rk.want[strings.ToLower(cat)] {
			overlap++
		}
	}
	return rk.ScoreOverlap(c, overlap)
}

// ScoreOverlap is Score for a caller that counted the shared categories
// itself (overlap); it checks the follower cap too.
func (rk *RecRanker) ScoreOverlap(c *RecCandidate, overlap int) (float64, bool) {
	if rk.followerCap != Unlimited && c.Followers > rk.followerCap {
		return 0, false
	}
	if len(rk.want) > 0 && overlap == 0 {
		return 0, false
	}
	return fitScore(c, overlap), true
}

// Reasons says why c is recommended.
func (rk *RecRanker) Reasons(c *RecCandidate) []string { return reasons(c, rk.want, rk.followerCap) }

// RecBefore orders recommendations: a higher score first, ties by id. It
// returns -1 when (sa, ida) comes first, 1 when (sb, idb) does, 0 when equal.
func RecBefore(sa float64, ida string, sb float64, idb string) int {
	if sa != sb {
		if sa > sb {
			return -1
		}
		return 1
	}
	return strings.Compare(ida, idb)
}

func fitScore(c *RecCandidate, overlap int) float64 {
	s := 10*float64(min(overlap, 3)) + 2*float64(c.Level) + float64(min(max(c.ActiveDays30, 0), 30))/5
	switch {
	case c.GMV30 >= 10_000_00:
		s += 3
	case c.GMV30 >= 1_000_00:
		s += 2
	case c.GMV30 > 0:
		s++
	}
	if c.Falling {
		s -= 4
	}
	return s
}

func reasons(c *RecCandidate, want map[string]bool, followerCap int64) []string {
	var out []string
	var shared []string
	for _, cat := range c.Categories {
		if want[strings.ToLower(cat)] {
			shared = append(shared, cat)
		}
	}
	if len(shared) > 0 {
		out = append(out, "shares "+strings.Join(shared, ", "))
	}
	out = append(out, "level "+c.Level.String())
	if c.ActiveDays30 >= 15 {
		out = append(out, fmt.Sprintf("active %d of 30 days", c.ActiveDays30))
	}
	if c.GMV30 > 0 {
		out = append(out, "GMV $"+Thousands(int64(c.GMV30/100))+" in 30 days")
	}
	if followerCap != Unlimited {
		out = append(out, "within your "+Thousands(followerCap)+"-follower cap")
	}
	if c.Falling {
		out = append(out, "level falling")
	}
	return out
}
