package store

import (
	"fmt"
	"math/rand/v2"

	"outreach/model"
	"outreach/store/engine"
)

// The catalog stamp lets a copy of the creator catalog kept outside the
// store (a snapshot file beside it) be used only while it is current:
// every transaction that writes a creator sets the stamp to a new random
// value in the same transaction, so a copy labelled with the stamp read
// together with the creators it holds matches the store's stamp exactly
// while no creator has been written since. A random value rather than a
// counter, so that a store restored from a backup, or another store put at
// the same path, never matches a copy of a different history.

// catalogStampKey is the meta key of the catalog stamp.
var catalogStampKey = []byte("catalog-stamp")

// newCatalogStamp is a fresh stamp; never 0, which means none.
func newCatalogStamp() []byte { return u64(rand.Uint64() | 1) }

// bumpCatalogStamp gives the store a new catalog stamp when w wrote a
// creator.
func bumpCatalogStamp(w *wtx) error {
	for _, c := range w.ch {
		if c.Kind == ChangedCreator {
			return w.Put(bMeta, catalogStampKey, newCatalogStamp())
		}
	}
	return nil
}

// CatalogStamp is the store's catalog stamp; ok is false when it has none
// (no creator written since stamps began, see InitCatalogStamp).
func (s *Store) CatalogStamp() (stamp uint64, ok bool, err error) {
	err = s.view(func(tx engine.Tx) error {
		stamp, ok, err = getCatalogStamp(tx)
		return err
	})
	return stamp, ok, err
}

func getCatalogStamp(tx engine.Tx) (uint64, bool, error) {
	raw, err := tx.Get(bMeta, catalogStampKey)
	if err != nil || len(raw) != 8 {
		return 0, false, err
	}
	v := getU64(raw)
	return v, v != 0, nil
}

// ForEachCreatorSummaryStamped is ForEachCreatorSummary that also returns
// the catalog stamp, read in the same transaction: the stamp of exactly
// the creators fn saw (ok false when the store has none).
func (s *Store) ForEachCreatorSummaryStamped(fn func(s *CreatorSummary) error) (stamp uint64, ok bool, err error) {
	var callerPanic any
	err = s.view(func(tx engine.Tx) error {
		if stamp, ok, err = getCatalogStamp(tx); err != nil {
			return err
		}
		var (
			sum CreatorSummary
			c   model.Creator
		)
		return tx.Scan(bCreators, engine.Range{}, func(k, v []byte) error {
			if err := decodeSummary(v, &sum, &c); err != nil {
				return fmt.Errorf("creator %q: %w", model.Clip(model.SafeLine(string(k)), 64), err)
			}
			return callSummary(fn, &sum, &callerPanic)
		})
	})
	if callerPanic != nil {
		panic(callerPanic) // the caller's own bug, not damage: raise it outside the transaction
	}
	return stamp, ok, err
}

// InitCatalogStamp gives a store without a catalog stamp its first one and
// returns it with ok true. A store that has one already (a creator was
// written since the caller found none) is left alone, with ok false: the
// caller's read is then of an unknown stamp. A read-only store refuses
// with ErrReadOnly.
func (s *Store) InitCatalogStamp() (stamp uint64, ok bool, err error) {
	err = s.update(func(w *wtx) error {
		_, had, err := getCatalogStamp(w)
		if err != nil || had {
			ok = false
			return err
		}
		raw := newCatalogStamp()
		stamp, ok = getU64(raw), true
		return w.Put(bMeta, catalogStampKey, raw)
	})
	return stamp, ok, err
}

// ReadOnly reports whether the store was opened read-only: such a process
// writes nothing, not even files beside the store.
func (s *Store) ReadOnly() bool { return s.eng.ReadOnly() }
