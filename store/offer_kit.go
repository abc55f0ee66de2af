package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"outreach/model/engage"
	"outreach/store/engine"
)

// AddKitItem adds (or replaces, by name regardless of case) one item of the
// seller's kit for a segment ("" for all segments). Nothing is written on
// bad input.
func (s *Store) AddKitItem(seller string, seg engage.SegmentName, it engage.KitItem, now time.Time) (engage.Kit, error) {
	var out engage.Kit
	if err := validNow(now); err != nil {
		return out, err
	}
	err := s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		var k engage.Kit
		if _, err := getJSON(w, bKits, key(seller, string(seg)), &k); err != nil {
			return err
		}
		k.Segment = seg
		k.Items = slices.DeleteFunc(slices.Clone(k.Items), func(x engage.KitItem) bool { return strings.EqualFold(x.Name, it.Name) })
		k.Items = append(k.Items, it)
		if err := k.Validate(); err != nil {
			return err
		}
		out = k
		w.ch.add(ChangedOffers, seller, "")
		return putJSON(w, bKits, key(seller, string(seg)), &k)
	})
	return out, err
}

// Kits lists the seller's kits, the one for all segments first. It writes nothing.
func (s *Store) Kits(seller string) ([]engage.Kit, error) {
	var out []engage.Kit
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return tx.Scan(bKits, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var k engage.Kit
			if err := decodeJSON(v, &k); err != nil {
				return fmt.Errorf("kit: %w", err)
			}
			out = append(out, k)
			return nil
		})
	})
	return out, err
}
