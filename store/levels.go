package store

import (
	"time"

	"outreach/model"

	bolt "go.etcd.io/bbolt"
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
	var after []byte
	for {
		var batch LevelStats
		var last []byte
		err := s.w.do(func(tx *bolt.Tx, ch *changes) error {
			batch, last = LevelStats{}, nil
			c := tx.Bucket(bCreators).Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && string(k) == string(after) {
					k, v = c.Next()
				}
			}
			var cr model.Creator
			for n := 0; k != nil && n < 20_000; k, v = c.Next() {
				n++
				last = append(last[:0], k...)
				if err := decodeCreator(v, &cr); err != nil {
					return err
				}
				if len(cr.Perf) == 0 {
					batch.Untouched++
					continue
				}
				before := cr.Level
				if !s.policy.Relevel(&cr, month) {
					continue
				}
				batch.Computed++
				if cr.Level != before {
					batch.Changed++
				}
				if cr.Falling() {
					batch.Falling++
				}
				// Put during iteration invalidates the cursor: re-seek after.
				if err := tx.Bucket(bCreators).Put(append([]byte{}, k...), encodeCreator(&cr)); err != nil {
					return err
				}
				c.Seek(last)
			}
			if batch.Computed > 0 {
				ch.add(ChangedCreator, "", "")
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

// RecomputeLevelsIfDue recomputes the previous month's levels once: on the
// first call in a new month (the server calls it at start and every hour).
// It reports whether it ran.
func (s *Store) RecomputeLevelsIfDue(now time.Time) (bool, LevelStats, error) {
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
