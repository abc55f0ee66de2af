package store

import (
	"fmt"
	"time"

	"outreach/model/offer"
	"outreach/store/engine"
)

// CodeSpec is an exclusive code as the seller asks for it.
type CodeSpec struct {
	Creator  string
	Code     string // empty: made from the seller's name, the handle and the discount
	Discount int
	Until    string // the last local day it is valid, YYYY-MM-DD
	Uses     int    // 0: unlimited
}

// AddCode checks and records an exclusive code for one of the seller's
// affiliates, unique for the seller regardless of case (a code that exists
// is an error naming it), valid from now through the end of Until in the
// seller's zone. Orders that carry it in performance imports are counted
// for the affiliate the import names. Nothing is written on bad input.
func (s *Store) AddCode(seller string, sp CodeSpec, now time.Time) (offer.Code, error) {
	var out offer.Code
	if err := validNow(now); err != nil {
		return out, err
	}
	err := s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		a, err := getAffiliate(w, seller, sp.Creator)
		if err != nil {
			return err
		}
		if a == nil {
			return fmt.Errorf("code: %w", notAffiliate(seller, sp.Creator))
		}
		until, err := offer.EndOfDay(sp.Until, sl.Location())
		if err != nil {
			return fmt.Errorf("code --until: %w", err)
		}
		taken := func(code string) bool {
			raw, err := w.Get(bCodes, key(seller, offer.NormalizeCode(code)))
			return err != nil || raw != nil
		}
		code := sp.Code
		if code == "" {
			cr, err := mustCreator(w, sp.Creator)
			if err != nil {
				return err
			}
			name := sl.Name
			if name == "" {
				name = sl.ID
			}
			if code, err = offer.MakeCode(name, cr.Handle, sp.Discount, taken); err != nil {
				return err
			}
		}
		c, err := offer.NewCode(code, seller, sp.Creator, sp.Discount, until, sp.Uses, now, taken)
		if err != nil {
			return err
		}
		out = *c
		w.ch.add(ChangedOffers, seller, sp.Creator)
		return putJSON(w, bCodes, key(seller, c.Code), c)
	})
	return out, err
}

// CodeInfo is a code as the seller sees it.
type CodeInfo struct {
	offer.Code
	Valid bool `json:"valid"`
}

// Codes lists the seller's codes by code, as of now. It writes nothing.
func (s *Store) Codes(seller string, now time.Time) ([]CodeInfo, error) {
	var out []CodeInfo
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return tx.Scan(bCodes, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var c offer.Code
			if err := decodeJSON(v, &c); err != nil {
				return err
			}
			out = append(out, CodeInfo{Code: c, Valid: c.Valid(now, 0)})
			return nil
		})
	})
	return out, err
}
