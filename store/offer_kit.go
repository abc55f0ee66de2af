package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// AddKitItem adds (or replaces, by name regardless of case) one item of the
// seller's kit for a segment ("" for all segments). Nothing is written on
// bad input.
func (s *Store) AddKitItem(seller string, seg program.SegmentName, it offer.KitItem, now time.Time) (offer.Kit, error) {
	var out offer.Kit
	if err := validNow(now); err != nil {
		return out, err
	}
	err := s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		var k offer.Kit
		if _, err := getJSON(w, bKits, key(seller, string(seg)), &k); err != nil {
			return err
		}
		k.Segment = seg
		k.Items = slices.DeleteFunc(slices.Clone(k.Items), func(x offer.KitItem) bool { return strings.EqualFold(x.Name, it.Name) })
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
func (s *Store) Kits(seller string) ([]offer.Kit, error) {
	var out []offer.Kit
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return tx.Scan(bKits, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var k offer.Kit
			if err := decodeJSON(v, &k); err != nil {
				return fmt.Errorf("kit: %w", err)
			}
			out = append(out, k)
			return nil
		})
	})
	return out, err
}
