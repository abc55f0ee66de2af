package store

import (
	"time"

	"outreach/model"

	"outreach/store/engine"
)

// LevelStats counts what a level recomputation did.
type LevelStats struct {
	Month     string `json:"month"`
	Computed  int    `json:"computed"`
	Changed   int    `json:"changed"`
	Falling   int    `json:"falling"`
	Untouched int    `json:"untouched"` // no performance records: the imported level stands
}

// RecomputeLevels computes every creator's level for month (YYYY-MM) from
// its performance record and appends it to the level history, in batches
// of 20,000 creators a transaction. Running it again for the same month
// changes nothing; creators without any performance record keep the level
// they were imported with.
func (s *Store) RecomputeLevels(month string, now time.Time) (LevelStats, error) {
	st := LevelStats{Month: month}
	if err := model.ValidMonth(month); err != nil {
		return st, err
	}
	if err := validNow(now); err != nil {
		return st, err
	}
	var after []byte
	for {
		var batch LevelStats
		var last []byte
		err := s.update(func(w *wtx) error {
			batch, last = LevelStats{}, nil
			type put struct{ k, v []byte }
			var puts []put
			r := engine.Range{Limit: s.batch(levelBatch)}
			if after != nil {
				r.Start = append(append([]byte{}, after...), 0) // the next key after
			}
			var cr model.Creator
			err := w.Scan(bCreators, r, func(k, v []byte) error {
				last = append(last[:0], k...)
				if err := decodeCreator(v, &cr); err != nil {
					return err
				}
				if len(cr.Perf) == 0 {
					batch.Untouched++
					return nil
				}
				before := cr.Level
				if !s.policy.Relevel(&cr, month) {
					return nil
				}
				batch.Computed++
				if cr.Level != before {
					batch.Changed++
				}
				if cr.Falling() {
					batch.Falling++
				}
				puts = append(puts, put{append([]byte{}, k...), encodeCreator(&cr)})
				return nil
			})
			if err != nil {
				return err
			}
			for _, p := range puts { // writes wait for the end of the scan
				if err := w.Put(bCreators, p.k, p.v); err != nil {
					return err
				}
			}
			if batch.Computed > 0 {
				w.ch.add(ChangedCreator, "", "")
			}
			return nil
		})
		if err != nil {
			return st, err
		}
		st.Computed += batch.Computed
		st.Changed += batch.Changed
		st.Falling += batch.Falling
		st.Untouched += batch.Untouched
		if last == nil {
			return st, nil
		}
		after = append([]byte{}, last...)
	}
}

// levelBatch is how many creators one transaction of RecomputeLevels reads.
const levelBatch = 20_000

// RecomputeLevelsIfDue recomputes the previous month's levels once: on the
// first call in a new month (the server calls it at start and every hour).
// It reports whether it ran.
func (s *Store) RecomputeLevelsIfDue(now time.Time) (bool, LevelStats, error) {
	if err := validNow(now); err != nil {
		return false, LevelStats{}, err
	}
	month := model.PrevMonth(now)
	last, err := s.Meta("levels-month")
	if err != nil || last >= month {
		return false, LevelStats{}, err
	}
	st, err := s.RecomputeLevels(month, now)
	if err == nil {
		err = s.SetMeta("levels-month", month)
	}
	return err == nil, st, err
}
