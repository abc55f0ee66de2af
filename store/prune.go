package store

import (
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PruneIdempotencyKeys deletes idempotency keys older than the policy's
// retention (at least 7 days) as of now, in batches so writers are not held
// up, and returns how many it deleted. The server runs it periodically.
func (s *Store) PruneIdempotencyKeys(now time.Time) (int, error) {
	cutoff := now.AddDate(0, 0, -s.policy.IdempotencyDays)
	total := 0
	for {
		var expired [][]byte
		err := s.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bIdem).ForEach(func(k, v []byte) error {
				var rec struct {
					At time.Time `json:"at"`
				}
				if json.Unmarshal(v, &rec) == nil && rec.At.Before(cutoff) && len(expired) < 10_000 {
					expired = append(expired, append([]byte{}, k...))
				}
				return nil
			})
		})
		if err != nil || len(expired) == 0 {
			return total, err
		}
		err = s.w.do(func(tx *bolt.Tx, _ *changes) error {
			b := tx.Bucket(bIdem)
			for _, k := range expired {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(expired)
		if len(expired) < 10_000 {
			return total, nil
		}
	}
}
