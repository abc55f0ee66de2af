package store

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// contestRecord is a contest as stored, with its recorded seed and, once
// decided, its result.
type contestRecord struct {
	offer.Contest
	Seller  string               `json:"seller"`
	Created time.Time            `json:"created"`
	Seed    uint64               `json:"seed"`
	Result  *offer.ContestResult `json:"result,omitempty"`
}

func contestsOf(tx engine.Tx, seller string) ([]contestRecord, error) {
	var out []contestRecord
	err := tx.Scan(bContests, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
		var c contestRecord
		if err := decodeJSON(v, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

func contestOf(tx engine.Tx, seller, name string) (*contestRecord, error) {
	var c contestRecord
	ok, err := getJSON(tx, bContests, key(seller, name), &c)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("contest %q: %w", model.Clip(model.SafeLine(name), 60), model.ErrNotFound)
	}
	return &c, nil
}

// ContestSpec is a contest as the seller asks for it.
type ContestSpec struct {
	Name      string
	Metric    offer.ContestMetric
	Threshold int64 // cents for gmv, a count for orders
	From, To  string
	Prize     string
	Draw      bool
	// Seed is the draw's seed; 0 picks one at random. It is recorded, so
	// anyone can repeat the draw.
	Seed uint64
}

// ErrContestExists marks a contest name the seller already used.
var ErrContestExists = fmt.Errorf("the seller already has a contest of that name: %w", model.ErrInvalid)

// AddContest checks and records a contest over the local days From
// through To. Nothing is written on bad input.
func (s *Store) AddContest(seller string, sp ContestSpec, now time.Time) (ContestInfo, error) {
	if err := validNow(now); err != nil {
		return ContestInfo{}, err
	}
	var rec contestRecord
	err := s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		loc := sl.Location()
		start, err := offer.StartOfDay(sp.From, loc)
		if err != nil {
			return fmt.Errorf("contest --from: %w", err)
		}
		end, err := offer.EndOfDay(sp.To, loc)
		if err != nil {
			return fmt.Errorf("contest --to: %w", err)
		}
		c, err := offer.NewContest(sp.Name, sp.Metric, sp.Threshold, start, end, sp.Prize, sp.Draw, now)
		if err != nil {
			return err
		}
		if raw, err := w.Get(bContests, key(seller, c.Name)); err != nil {
			return err
		} else if raw != nil {
			return fmt.Errorf("contest %q: %w", c.Name, ErrContestExists)
		}
		seed := sp.Seed
		for seed == 0 {
			var b [8]byte
			if _, err := rand.Read(b[:]); err != nil {
				return err
			}
			seed = binary.BigEndian.Uint64(b[:])
		}
		rec = contestRecord{Contest: *c, Seller: seller, Created: now, Seed: seed}
		w.ch.add(ChangedOffers, seller, "")
		return putJSON(w, bContests, key(seller, c.Name), &rec)
	})
	return ContestInfo{Contest: rec.Contest, Seed: rec.Seed}, err
}

// ContestInfo is a contest with its leaderboard and, once decided, result.
type ContestInfo struct {
	offer.Contest
	Seed        uint64               `json:"seed"`
	Running     bool                 `json:"running"`
	Leaderboard []offer.LeaderRow    `json:"leaderboard,omitempty"`
	Result      *offer.ContestResult `json:"result,omitempty"`
}

// contestEntries is each affiliate's daily progress inside the contest's
// window, each day counted at its last instant, and the flagged ones.
func contestEntries(tx engine.Tx, sl *model.Seller, c *contestRecord) ([]offer.ContestEntry, func(string) bool, error) {
	loc := sl.Location()
	win := program.Window{From: program.DayOf(c.Start, loc), To: program.DayOf(c.End.Add(-time.Nanosecond), loc)}
	all, err := affiliatesOf(tx, sl.ID)
	if err != nil {
		return nil, nil, err
	}
	flagged := map[string]bool{}
	var es []offer.ContestEntry
	for i := range all {
		if all[i].flagged {
			flagged[all[i].id] = true
			continue
		}
		ab, err := loadAffBlocks(tx, sl.ID, all[i].id)
		if err != nil {
			return nil, nil, err
		}
		ab.eachDay(win, func(p *program.PerfDay) {
			amt := p.Orders
			if c.Metric == offer.ContestGMV {
				amt = int64(p.GMV)
			}
			y, m, d := p.Day.Date()
			at := time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
			es = append(es, offer.ContestEntry{Creator: all[i].id, At: at, Amount: amt})
		})
	}
	return es, func(id string) bool { return flagged[id] }, nil
}

func leaderboardTx(tx engine.Tx, sl *model.Seller, c *contestRecord) ([]offer.LeaderRow, error) {
	es, flagged, err := contestEntries(tx, sl, c)
	if err != nil {
		return nil, err
	}
	return c.Leaderboard(es, flagged), nil
}

// Contests lists the seller's contests by name, each with its live
// leaderboard. It writes nothing.
func (s *Store) Contests(seller string, now time.Time) ([]ContestInfo, error) {
	var out []ContestInfo
	err := s.view(func(tx engine.Tx) error {
		sl, err := mustSeller(tx, seller)
		if err != nil {
			return err
		}
		cs, err := contestsOf(tx, seller)
		if err != nil {
			return err
		}
		for i := range cs {
			rows, err := leaderboardTx(tx, sl, &cs[i])
			if err != nil {
				return err
			}
			out = append(out, ContestInfo{Contest: cs[i].Contest, Seed: cs[i].Seed, Running: !now.Before(cs[i].Start) && now.Before(cs[i].End),
				Leaderboard: rows, Result: cs[i].Result})
		}
		return nil
	})
	return out, err
}

// Leaderboard is one contest with its leaderboard as of the stored
// performance. It writes nothing.
func (s *Store) Leaderboard(seller, name string, now time.Time) (ContestInfo, error) {
	var out ContestInfo
	err := s.view(func(tx engine.Tx) error {
		sl, err := mustSeller(tx, seller)
		if err != nil {
			return err
		}
		c, err := contestOf(tx, seller, name)
		if err != nil {
			return err
		}
		rows, err := leaderboardTx(tx, sl, c)
		out = ContestInfo{Contest: c.Contest, Seed: c.Seed, Running: !now.Before(c.Start) && now.Before(c.End),
			Leaderboard: rows, Result: c.Result}
		return err
	})
	return out, err
}

// ErrContestRunning marks a draw asked for before the contest's end.
var ErrContestRunning = fmt.Errorf("the contest has not ended; its leaderboard shows the progress: %w", model.ErrInvalid)

// DrawContest decides a contest that has ended, with its recorded seed, and
// records the result; a contest already decided keeps its result.
func (s *Store) DrawContest(seller, name string, now time.Time) (ContestInfo, error) {
	if err := validNow(now); err != nil {
		return ContestInfo{}, err
	}
	var out ContestInfo
	err := s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		c, err := contestOf(w, seller, name)
		if err != nil {
			return err
		}
		es, flagged, err := contestEntries(w, sl, c)
		if err != nil {
			return err
		}
		out = ContestInfo{Contest: c.Contest, Seed: c.Seed, Leaderboard: c.Leaderboard(es, flagged)}
		if c.Result != nil {
			out.Result = c.Result
			return nil
		}
		if now.Before(c.End) {
			return fmt.Errorf("contest %q ends %s: %w", c.Name, c.End.UTC().Format(time.RFC3339), ErrContestRunning)
		}
		r := c.Winner(es, flagged, c.Seed)
		c.Result, out.Result = &r, &r
		w.ch.add(ChangedOffers, seller, r.Winner)
		return putJSON(w, bContests, key(seller, c.Name), c)
	})
	return out, err
}
