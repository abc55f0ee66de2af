package backend

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"outreach/catalog"
	"outreach/model"
)

// Recommended creators are the same ranking for every seller with the same
// categories and follower cap, less each seller's related creators. The
// catalog ranks once per snapshot and (categories, cap), keeping a top list
// a little longer than asked (recSpare) so that excluding a seller's
// connected and blocked creators rarely exhausts it; when it does, the
// ranking is made again, longer. A hundred sessions logging in at once
// cost one pass over the catalog, not a hundred sorts of it.

// recMaxEntries bounds the shared rankings kept for one snapshot.
const recMaxEntries = 1024

// recEntry is one shared ranking.
type recEntry struct {
	version  uint64
	done     chan struct{} // closed when ranked is set
	ix       *catalog.Index
	ranked   []recRanked // best first
	complete bool        // ranked holds every creator the rule ranks
}

type recRanked struct {
	score float64
	row   int32
}

// recSpare is how many more than n a shared ranking keeps.
func recSpare(n int) int { return 3*n + 256 }

// Recommend is the best n creators for seller under followerCap
// (model.Unlimited = no cap), best first, ties by id, leaving out every
// creator for which exclude reports true (the seller's connected and
// blocked creators; nil excludes none): the same answer as model.Recommend
// over the catalog's rows with those creators marked. The ranking is shared
// by every seller with the same categories and cap until the catalog
// changes. It waits for the first catalog load like Wait.
func (c *Catalog) Recommend(ctx context.Context, seller model.Seller, followerCap int64, exclude func(id string) bool, n int) ([]model.Recommendation, error) {
	snap, err := c.Wait(ctx)
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		n = snap.Index.Live()
	}
	rk := model.NewRecRanker(seller, followerCap)
	key := recKey(seller.Categories, followerCap)
	k := n + recSpare(n)
	for {
		e, err := c.ranking(ctx, snap, key, rk, k)
		if err != nil {
			return nil, err
		}
		out := make([]model.Recommendation, 0, n)
		for _, r := range e.ranked {
			row := e.ix.Row(int(r.row))
			if exclude != nil && exclude(row.ID) {
				continue
			}
			cand := recCandidate(row)
			out = append(out, model.Recommendation{ID: row.ID, Score: r.score, Reasons: rk.Reasons(&cand)})
			if len(out) == n {
				return out, nil
			}
		}
		if e.complete {
			return out, nil
		}
		k = 2 * len(e.ranked) // exclusions ate the spare: rank again, longer
	}
}

// recKey names a shared ranking: the seller's categories (lower case,
// sorted, distinct) and the cap.
func recKey(cats []string, followerCap int64) string {
	cs := make([]string, len(cats))
	for i, x := range cats {
		cs[i] = strings.ToLower(x)
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	return strconv.FormatInt(followerCap, 10) + "\x00" + strings.Join(cs, "\x00")
}

// ranking is the shared ranking of key for snap with at least k entries
// (or all), made by the first caller that needs it while the others wait.
func (c *Catalog) ranking(ctx context.Context, snap *Snapshot, key string, rk *model.RecRanker, k int) (*recEntry, error) {
	for {
		c.recMu.Lock()
		e := c.recs[key]
		if e != nil && e.version != snap.Version {
			e = nil
		}
		if e == nil {
			if c.recs == nil || len(c.recs) >= recMaxEntries {
				c.recs = map[string]*recEntry{}
			}
			for kk, old := range c.recs { // a newer snapshot retires every older ranking
				if old.version != snap.Version {
					delete(c.recs, kk)
				}
			}
			e = &recEntry{version: snap.Version, done: make(chan struct{}), ix: snap.Index}
			c.recs[key] = e
			c.recMu.Unlock()
			e.ranked, e.complete = rankTop(snap.Index, rk, k)
			close(e.done)
			return e, nil
		}
		c.recMu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.complete || len(e.ranked) >= k {
			return e, nil
		}
		// Too short for this caller: replace it with a longer one (unless
		// someone did already).
		c.recMu.Lock()
		if c.recs[key] == e {
			delete(c.recs, key)
		}
		c.recMu.Unlock()
	}
}

// rankTop ranks every live row of ix and keeps the best k (a bounded
// heap, not a sort of them all); complete reports that no ranked row was
// dropped.
func rankTop(ix *catalog.Index, rk *model.RecRanker, k int) (ranked []recRanked, complete bool) {
	// Which of the catalog's category names the seller wants, decided once
	// per name rather than once per row.
	wants := map[string]bool{}
	if rk.HasCategories() {
		for _, cat := range ix.Categories() {
			if rk.Wants(cat) {
				wants[cat] = true
			}
		}
	}
	// h is a heap whose root is the worst kept entry.
	h := make([]recRanked, 0, min(k, ix.Live())+1)
	worse := func(a, b recRanked) bool { // a ranks after b
		return model.RecBefore(a.score, ix.ID(int(a.row)), b.score, ix.ID(int(b.row))) > 0
	}
	dropped := false
	var (
		cand model.RecCandidate
		view catalog.Row
	)
	row := &view // valid while ix is: nothing of it is kept
	for i := range ix.Len() {
		if ix.Dead(i) {
			continue
		}
		ix.View(i, row)
		overlap := 0
		if len(wants) > 0 {
			for _, cat := range row.Categories {
				if wants[cat] {
					overlap++
				}
			}
		}
		cand = recCandidate(row)
		score, ok := rk.ScoreOverlap(&cand, overlap)
		if !ok {
			continue
		}
		r := recRanked{score, int32(i)}
		if len(h) < k {
			h = append(h, r)
			up(h, len(h)-1, worse)
			continue
		}
		dropped = true
		if worse(r, h[0]) {
			continue
		}
		h[0] = r
		down(h, 0, worse)
	}
	slices.SortFunc(h, func(a, b recRanked) int {
		return model.RecBefore(a.score, ix.ID(int(a.row)), b.score, ix.ID(int(b.row)))
	})
	return h, !dropped
}

func up(h []recRanked, j int, worse func(a, b recRanked) bool) {
	for j > 0 {
		p := (j - 1) / 2
		if !worse(h[j], h[p]) {
			return
		}
		h[j], h[p] = h[p], h[j]
		j = p
	}
}

func down(h []recRanked, j int, worse func(a, b recRanked) bool) {
	for {
		l := 2*j + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && worse(h[r], h[l]) {
			m = r
		}
		if !worse(h[m], h[j]) {
			return
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}

// recCandidate is what ranking needs of a catalog row.
func recCandidate(r *catalog.Row) model.RecCandidate {
	return model.RecCandidate{
		ID: r.ID, Handle: r.Handle, Level: r.Level, Falling: r.Falling, Followers: r.Followers,
		Categories: r.Categories, ActiveDays30: r.ActiveDays30, GMV30: r.GMV30,
	}
}
