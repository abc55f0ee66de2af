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
	want := make(map[string]bool, len(seller.Categories))
	for _, c := range seller.Categories {
		want[strings.ToLower(c)] = true
	}
	type scored struct {
		i     int
		score float64
	}
	var ss []scored
	for i := range cands {
		c := &cands[i]
		if c.Blocked || c.Connected || followerCap != Unlimited && c.Followers > followerCap {
			continue
		}
		overlap := 0
		for _, cat := range c.Categories {
			if want[strings.ToLower(cat)] {
				overlap++
			}
		}
		if len(want) > 0 && overlap == 0 {
			continue
		}
		ss = append(ss, scored{i, fitScore(c, overlap)})
	}
	slices.SortFunc(ss, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(cands[a.i].ID, cands[b.i].ID)
	})
	if n > 0 && len(ss) > n {
		ss = ss[:n]
	}
	out := make([]Recommendation, len(ss))
	for k, s := range ss {
		out[k] = Recommendation{ID: cands[s.i].ID, Score: s.score, Reasons: reasons(&cands[s.i], want, followerCap)}
	}
	return out
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
