package store

import (
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// getFlags is an affiliate's kept flags (nil when never flagged).
func getFlags(tx engine.Tx, seller, creator string) ([]program.FlagState, error) {
	var fs []program.FlagState
	_, err := getJSON(tx, bAffFlags, key(seller, creator), &fs)
	return fs, err
}

// mergeFlagsTx folds found flags into the affiliate's kept ones (model's
// rule) and keeps the count of open ones on the affiliate; it reports how
// many were raised. The caller writes a.
func mergeFlagsTx(w *wtx, a *affiliateRecord, found []program.Flag, now time.Time) (int, error) {
	states, err := getFlags(w, a.SellerID, a.CreatorID)
	if err != nil {
		return 0, err
	}
	next, raised := program.MergeFlags(states, found, now)
	a.OpenFlags = uint8(len(program.OpenRules(next)))
	if err := putJSON(w, bAffFlags, key(a.SellerID, a.CreatorID), next); err != nil {
		return 0, err
	}
	return len(raised), nil
}

// codeDates is when one of the seller's codes may be used, nil when the
// seller has no such code.
func codeDates(tx engine.Tx, seller *model.Seller, code string) (*program.CodeDates, error) {
	var c offer.Code
	ok, err := getJSON(tx, bCodes, key(seller.ID, program.NormCode(code)), &c)
	if err != nil || !ok {
		return nil, err
	}
	loc := seller.Location()
	cd := &program.CodeDates{Code: c.Code, From: program.DayOf(c.From, loc)}
	if !c.Until.IsZero() {
		cd.Until = program.DayOf(c.Until.Add(-time.Nanosecond), loc) // Until is an exclusive end
	}
	return cd, nil
}

// PutCode records one of the seller's codes and its dates, for the
// code-window flag (the offers of part 2 make codes; the demo uses this).
func (s *Store) PutCode(c offer.Code) error {
	c.Code = offer.NormalizeCode(c.Code)
	if err := offer.ValidCode(c.Code); err != nil {
		return err
	}
	if err := model.CheckInstant(c.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	return s.update(func(w *wtx) error {
		if _, err := mustSeller(w, c.Seller); err != nil {
			return err
		}
		w.ch.add(ChangedProgram, c.Seller, c.Creator)
		return putJSON(w, bCodes, key(c.Seller, c.Code), &c)
	})
}

// AffiliateFlags is one affiliate's flags, open and cleared.
type AffiliateFlags struct {
	Creator string              `json:"creator"`
	Handle  string              `json:"handle"`
	Flags   []program.FlagState `json:"flags"`
}

// Flags lists the seller's flagged affiliates, by creator id; with open,
// only those with an open flag, and only their open flags.
func (s *Store) Flags(seller string, open bool) ([]AffiliateFlags, error) {
	var out []AffiliateFlags
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return tx.Scan(bAffFlags, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
			var fs []program.FlagState
			if err := decodeJSON(v, &fs); err != nil {
				return err
			}
			_, creator := splitPair(k)
			af := AffiliateFlags{Creator: creator}
			for _, f := range fs {
				if open && f.Cleared {
					continue
				}
				af.Flags = append(af.Flags, f)
			}
			if len(af.Flags) == 0 {
				return nil
			}
			out = append(out, af)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, s.view(func(tx engine.Tx) error {
		for i := range out {
			c, err := getCreator(tx, out[i].Creator)
			if err != nil {
				return err
			}
			if c != nil {
				out[i].Handle = c.Handle
			}
		}
		return nil
	})
}

// ClearFlag clears an affiliate's open flags (all of them, or only rule's)
// with a reason, audited under actor. Clearing nothing is
// model.ErrNotFound.
func (s *Store) ClearFlag(seller, creator string, rule program.FlagRule, reason, actor string, now time.Time) ([]program.FlagState, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	var cleared []program.FlagState
	err := s.update(func(w *wtx) error {
		cleared = nil
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		a, err := getAffiliate(w, seller, creator)
		if err != nil {
			return err
		}
		if a == nil {
			return notAffiliate(seller, creator)
		}
		fs, err := getFlags(w, seller, creator)
		if err != nil {
			return err
		}
		for i := range fs {
			if fs[i].Cleared || (rule != "" && fs[i].Rule != rule) {
				continue
			}
			if err := fs[i].Clear(actor, reason, now); err != nil {
				return err
			}
			cleared = append(cleared, fs[i])
			if err := audit(w, model.AuditEntry{At: now, Actor: actor, Action: "flag-clear", SellerID: seller,
				Detail: fmt.Sprintf("cleared flag %s of creator %s: %s", fs[i].Rule, creator, fs[i].Message), Reason: fs[i].Reason}); err != nil {
				return err
			}
		}
		if len(cleared) == 0 {
			what := "open flag"
			if rule != "" {
				what = "open " + string(rule) + " flag"
			}
			return fmt.Errorf("affiliate %s of %s has no %s: %w", model.Clip(model.SafeLine(creator), 64),
				model.Clip(model.SafeLine(seller), 64), what, model.ErrNotFound)
		}
		a.OpenFlags = uint8(len(program.OpenRules(fs)))
		w.ch.add(ChangedProgram, seller, creator)
		w.ch.add(ChangedAudit, seller, "")
		if err := putJSON(w, bAffFlags, key(seller, creator), fs); err != nil {
			return err
		}
		return putAffiliate(w, a)
	})
	return cleared, err
}
