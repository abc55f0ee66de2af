package store

import (
	"time"

	"outreach/model"
	"outreach/model/offer"
	"outreach/store/engine"
)

// CreatorOffers is what a creator's inbox shows of the sellers' offers:
// the boosts that cover it, its codes, the contests it can win with its
// rank, and the surveys it was sent.
type CreatorOffers struct {
	Boosts   []CreatorBoost   `json:"boosts"`
	Codes    []offer.Code     `json:"codes"`
	Contests []CreatorContest `json:"contests"`
	Surveys  []CreatorSurvey  `json:"surveys"`
}

// CreatorBoost is a boost as its creator sees it.
type CreatorBoost struct {
	Seller string    `json:"seller"`
	Rate   float64   `json:"rate"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Active bool      `json:"active"`
}

// CreatorContest is a contest as an affiliate sees it.
type CreatorContest struct {
	Seller string `json:"seller"`
	offer.Contest
	Rank  int   `json:"rank,omitempty"`
	Of    int   `json:"of"`
	Total int64 `json:"total"`
}

// CreatorSurvey is a survey as the creator sees it.
type CreatorSurvey struct {
	Seller   string    `json:"seller"`
	Sent     time.Time `json:"sent"`
	Answered bool      `json:"answered"`
	Answer   string    `json:"answer,omitempty"`
}

// OffersOf lists the offers of every seller the creator is an affiliate
// of, as of now: boosts not ended, codes still valid, contests not ended
// (flagged affiliates see none of the boosts and contests they are left out
// of), and surveys. It writes nothing.
func (s *Store) OffersOf(creator string, now time.Time) (CreatorOffers, error) {
	out := CreatorOffers{Boosts: []CreatorBoost{}, Codes: []offer.Code{}, Contests: []CreatorContest{}, Surveys: []CreatorSurvey{}}
	if err := validNow(now); err != nil {
		return out, err
	}
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustCreator(tx, creator); err != nil {
			return err
		}
		var sellers []*model.Seller
		err := tx.Scan(bSellers, engine.Range{}, func(_, v []byte) error {
			var sl model.Seller
			if err := decodeJSON(v, &sl); err != nil {
				return err
			}
			sellers = append(sellers, &sl)
			return nil
		})
		if err != nil {
			return err
		}
		for _, sl := range sellers {
			a, err := getAffiliate(tx, sl.ID, creator)
			if err != nil {
				return err
			}
			if a == nil {
				continue
			}
			flagged, seg := a.OpenFlags > 0, segName(a.Seg.Segment)
			bs, err := boostsOf(tx, sl.ID)
			if err != nil {
				return err
			}
			for i := range bs {
				if !bs[i].Ended(now) && bs[i].Covers(creator, seg, flagged) {
					out.Boosts = append(out.Boosts, CreatorBoost{Seller: sl.ID, Rate: bs[i].Rate, Start: bs[i].Start, End: bs[i].End, Active: bs[i].Active(now)})
				}
			}
			err = tx.Scan(bCodes, engine.Range{Prefix: prefix(sl.ID)}, func(_, v []byte) error {
				var c offer.Code
				if err := decodeJSON(v, &c); err != nil {
					return err
				}
				if c.Creator == creator && now.Before(c.Until) {
					out.Codes = append(out.Codes, c)
				}
				return nil
			})
			if err != nil {
				return err
			}
			if !flagged {
				cs, err := contestsOf(tx, sl.ID)
				if err != nil {
					return err
				}
				for i := range cs {
					if !now.Before(cs[i].End) {
						continue
					}
					rows, err := leaderboardTx(tx, sl, &cs[i])
					if err != nil {
						return err
					}
					cc := CreatorContest{Seller: sl.ID, Contest: cs[i].Contest, Of: len(rows)}
					for _, r := range rows {
						if r.Creator == creator {
							cc.Rank, cc.Total = r.Rank, r.Total
						}
					}
					out.Contests = append(out.Contests, cc)
				}
			}
			var sr surveyRecord
			ok, err := getJSON(tx, bSurveys, key(sl.ID, creator), &sr)
			if err != nil {
				return err
			}
			if ok {
				out.Surveys = append(out.Surveys, CreatorSurvey{Seller: sl.ID, Sent: sr.Sent, Answered: sr.Answer != 0, Answer: sr.Answer.String()})
			}
		}
		return nil
	})
	return out, err
}
