package store

import (
	"time"

	"outreach/model"
	"outreach/store/engine"
)

// goalKey is seller\0month\0c:creator or seller\0month\0s:segment: one goal
// per affiliate or segment and month; setting it again replaces it.
func goalKey(g *model.Goal) []byte {
	target := "c:" + g.CreatorID
	if g.CreatorID == "" {
		target = "s:" + g.Segment.String()
	}
	return key(g.SellerID, g.Month, target)
}

// goalsOf lists a seller's goals for month ("" for every month), oldest
// month first.
func goalsOf(tx engine.Tx, seller, month string) ([]model.Goal, error) {
	p := prefix(seller)
	if month != "" {
		p = prefix(seller, month)
	}
	var out []model.Goal
	err := tx.Scan(bGoals, engine.Range{Prefix: p}, func(_, v []byte) error {
		var g model.Goal
		if err := decodeJSON(v, &g); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	})
	return out, err
}

// SetGoal sets (or replaces) a goal of the seller for one affiliate or
// one segment and month.
func (s *Store) SetGoal(g model.Goal, now time.Time) error {
	if err := validNow(now); err != nil {
		return err
	}
	if err := g.Validate(); err != nil {
		return err
	}
	return s.update(func(w *wtx) error {
		if _, err := mustSeller(w, g.SellerID); err != nil {
			return err
		}
		if g.CreatorID != "" {
			a, err := getAffiliate(w, g.SellerID, g.CreatorID)
			if err != nil {
				return err
			}
			if a == nil {
				return notAffiliate(g.SellerID, g.CreatorID)
			}
		}
		w.ch.add(ChangedProgram, g.SellerID, g.CreatorID)
		return putJSON(w, bGoals, goalKey(&g), &g)
	})
}

// Goals lists the seller's goals for month ("" for all), by month.
func (s *Store) Goals(seller, month string) ([]model.Goal, error) {
	if month != "" {
		if err := model.ValidMonth(month); err != nil {
			return nil, err
		}
	}
	var out []model.Goal
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		var err error
		out, err = goalsOf(tx, seller, month)
		return err
	})
	return out, err
}
