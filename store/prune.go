package store

import (
	"encoding/json"
	"errors"
	"time"

	"outreach/store/engine"
)

// pruneBatch bounds how many keys one transaction of the prune deletes.
const pruneBatch = 10_000

// PruneIdempotencyKeys deletes idempotency keys older than the policy's
// retention (at least 7 days) as of now, in batches so writers are not held
// up, and returns how many it deleted. The server runs it periodically
// (see Housekeeping).
func (s *Store) PruneIdempotencyKeys(now time.Time) (int, error) {
	if err := validNow(now); err != nil {
		return 0, err
	}
	cutoff := now.AddDate(0, 0, -s.policy.IdempotencyDays)
	total := 0
	var from []byte
	for {
		var expired [][]byte
		var last []byte
		err := s.view(func(tx engine.Tx) error {
			return tx.Scan(bIdem, engine.Range{Start: from}, func(k, v []byte) error {
				var rec struct {
					At time.Time `json:"at"`
				}
				last = append(last[:0], k...)
				if json.Unmarshal(v, &rec) == nil && rec.At.Before(cutoff) {
					expired = append(expired, append([]byte{}, k...))
					if len(expired) == s.batch(pruneBatch) {
						return errBatchFull
					}
				}
				return nil
			})
		})
		if err == errBatchFull {
			err = nil
		}
		if err != nil || len(expired) == 0 {
			return total, err
		}
		err = s.update(func(w *wtx) error {
			for _, k := range expired {
				if err := w.Delete(bIdem, k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(expired)
		if len(expired) < s.batch(pruneBatch) {
			return total, nil
		}
		from = append(last, 0)
	}
}

// Housekeeping is the server's periodic upkeep at the store's clock: it
// drops expired idempotency keys and, on the first run in a new month,
// recomputes the previous month's creator levels.
func (s *Store) Housekeeping() (pruned int, levels LevelStats, leveled bool, err error) {
	now := s.clock()
	if pruned, err = s.PruneIdempotencyKeys(now); err != nil {
		return pruned, levels, false, err
	}
	leveled, levels, err = s.RecomputeLevelsIfDue(now)
	return pruned, levels, leveled, err
}

// errBatchFull ends a scan that collected a full batch.
var errBatchFull = errors.New("batch full")
