package store

import (
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
)

// goalKey is seller\0month\0c:creator or seller\0month\0s:segment: one goal
// per affiliate or segment and month; setting it again replaces it.
func goalKey(g *program.Goal) []byte {
	target := "c:" + g.CreatorID
	if g.CreatorID == "" {
		target = "s:" + g.Segment.String()
	}
	return key(g.SellerID, g.Month, target)
}

// goalRecord is a goal as stored (model's JSON writes names it does not read back).
type goalRecord struct {
	Seller  string `json:"seller"`
	Creator string `json:"creator,omitempty"`
	Segment uint8  `json:"segment,omitempty"`
	Metric  uint8  `json:"metric"`
	Target  int64  `json:"target"`
	Month   string `json:"month"`
}

func goalRec(g *program.Goal) goalRecord {
	return goalRecord{Seller: g.SellerID, Creator: g.CreatorID, Segment: uint8(g.Segment), Metric: uint8(g.Metric), Target: g.Target, Month: g.Month}
}

func (r *goalRecord) goal() program.Goal {
	return program.Goal{SellerID: r.Seller, CreatorID: r.Creator, Segment: program.Segment(r.Segment), Metric: program.GoalMetric(r.Metric), Target: r.Target, Month: r.Month}
}

// goalsOf lists a seller's goals for month ("" for every month), oldest
// month first.
func goalsOf(tx engine.Tx, seller, month string) ([]program.Goal, error) {
	p := prefix(seller)
	if month != "" {
		p = prefix(seller, month)
	}
	var out []program.Goal
	err := tx.Scan(bGoals, engine.Range{Prefix: p}, func(_, v []byte) error {
		var r goalRecord
		if err := decodeJSON(v, &r); err != nil {
			return err
		}
		out = append(out, r.goal())
		return nil
	})
	return out, err
}

// SetGoal sets (or replaces) a goal of the seller for one affiliate or
// one segment and month.
func (s *Store) SetGoal(g program.Goal, now time.Time) error {
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
		rec := goalRec(&g)
		return putJSON(w, bGoals, goalKey(&g), &rec)
	})
}

// Goals lists the seller's goals for month ("" for all), by month.
func (s *Store) Goals(seller, month string) ([]program.Goal, error) {
	if month != "" {
		if err := model.ValidMonth(month); err != nil {
			return nil, err
		}
	}
	var out []program.Goal
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
