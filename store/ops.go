package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
)

// ErrBlocked is returned when a creator action is stopped by a block.
var ErrBlocked = model.ErrBlocked

// PutSeller creates a seller or updates its name, zone and categories. It
// reports whether the seller is new.
func (s *Store) PutSeller(sl model.Seller, now time.Time) (created bool, err error) {
	if err := validNow(now); err != nil {
		return false, err
	}
	if err := sl.Validate(); err != nil {
		return false, err
	}
	err = s.update(func(w *wtx) error {
		if err := w.q.evict(w, sl.ID); err != nil {
			return err
		}
		old, err := getSeller(w, sl.ID)
		if err != nil {
			return err
		}
		rec := sl
		created = old == nil
		if old != nil {
			rec.Created, rec.HadGMV, rec.PackGranted, rec.PackLeft = old.Created, old.HadGMV, old.PackGranted, old.PackLeft
		} else {
			rec.Created = now
			rec.HadGMV, rec.PackGranted, rec.PackLeft = false, false, 0
		}
		w.ch.add(ChangedSeller, sl.ID, "")
		return putJSON(w, bSellers, []byte(sl.ID), &rec)
	})
	return created, err
}

// AddGMV adds amount to the seller's GMV for a local calendar day and
// returns the day's new total. GMV for days inside a week already evaluated
// counts from the next week on: weeks are frozen.
func (s *Store) AddGMV(seller, day string, amount model.Cents) (model.Cents, error) {
	d, err := time.Parse(model.DayLayout, day)
	if err != nil || len(day) != 10 {
		return 0, fmt.Errorf("day %q: want YYYY-MM-DD: %w", model.Clip(model.SafeLine(day), 20), model.ErrInvalid)
	}
	if err := model.CheckInstant(d); err != nil {
		return 0, fmt.Errorf("day %s: %w", day, err)
	}
	if amount > 1_000_000_000_00 || amount < -1_000_000_000_00 {
		return 0, fmt.Errorf("amount %s: at most 1,000,000,000 USD a day: %w", amount, model.ErrInvalid)
	}
	var total model.Cents
	err = s.update(func(w *wtx) error {
		if err := w.q.evict(w, seller); err != nil {
			return err
		}
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		k := key(seller, day)
		raw, err := w.Get(bGMV, k)
		if err != nil {
			return err
		}
		total = model.Cents(int64(getU64(raw))) + amount
		if total < 0 {
			return fmt.Errorf("amount %s: the day's GMV would fall below zero: %w", amount, model.ErrInvalid)
		}
		if err := w.Put(bGMV, k, u64(uint64(total))); err != nil {
			return err
		}
		if amount > 0 && !sl.HadGMV {
			sl.HadGMV = true
			if err := putJSON(w, bSellers, []byte(seller), sl); err != nil {
				return err
			}
		}
		w.ch.add(ChangedSeller, seller, "")
		return nil
	})
	return total, err
}

// PutCreator creates or updates a creator; a level different from the
// stored one is added to the level history for now's month.
func (s *Store) PutCreator(c model.Creator, now time.Time) (created bool, err error) {
	if err := validNow(now); err != nil {
		return false, err
	}
	if err := c.Validate(); err != nil {
		return false, err
	}
	err = s.update(func(w *wtx) error {
		c := c // putCreatorTx may extend History: a retry starts from the caller's value
		st, err := putCreatorTx(w, &c, now)
		created = st == added
		w.ch.add(ChangedCreator, "", c.ID)
		return err
	})
	return created, err
}

type putState int

const (
	unchanged putState = iota
	added
	updated
)

// putCreatorTx upserts c, keeping its stored history and performance when
// c carries none, and writes nothing when nothing changed.
func putCreatorTx(tx engine.Tx, c *model.Creator, now time.Time) (putState, error) {
	raw, err := tx.Get(bCreators, []byte(c.ID))
	if err != nil {
		return unchanged, err
	}
	month := now.UTC().Format("2006-01")
	st := added
	if raw != nil {
		var old model.Creator
		if err := decodeCreator(raw, &old); err != nil {
			return unchanged, err
		}
		st = updated
		if c.Perf == nil {
			c.Perf = old.Perf
		}
		if c.History == nil {
			c.History = old.History
		}
	}
	if n := len(c.History); n == 0 || c.History[n-1].Level != c.Level {
		c.History = append(c.History[:n:n], model.LevelChange{Month: month, Level: c.Level})
	}
	enc := encodeCreator(c)
	if raw != nil && string(raw) == string(enc) {
		return unchanged, nil
	}
	return st, tx.Put(bCreators, []byte(c.ID), enc)
}

// ImportStats counts what an import did.
type ImportStats struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportCreators writes already-validated creators in one transaction: all
// or nothing. Importing the same rows again changes nothing.
func (s *Store) ImportCreators(cs []model.Creator, now time.Time) (ImportStats, error) {
	if err := validNow(now); err != nil {
		return ImportStats{}, err
	}
	for i := range cs {
		if err := cs[i].Validate(); err != nil {
			return ImportStats{}, fmt.Errorf("creator %d (%s): %w", i+1, cs[i].ID, err)
		}
	}
	return s.importCreators(func(yield func(model.Creator) error) error {
		for i := range cs {
			if err := yield(cs[i]); err != nil {
				return err
			}
		}
		return nil
	}, false, now)
}

// CreatorSource hands every creator of an import to yield, in any order,
// and returns the first error (an error from yield is returned as it is).
// It may be called more than once (the engine may run a transaction again)
// and must then give the same creators: read the file from its start.
type CreatorSource func(yield func(model.Creator) error) error

// ImportCreatorsFrom is ImportCreators fed by a stream, so that a large
// import is never held whole: the creators src gives are validated and
// written, in sorted chunks, into one transaction, and any error from src
// or from a creator rolls all of it back. Duplicate ids are the source's
// to refuse (importfile.ParseEach does); a later one would win here.
func (s *Store) ImportCreatorsFrom(src CreatorSource, now time.Time) (ImportStats, error) {
	if err := validNow(now); err != nil {
		return ImportStats{}, err
	}
	if src == nil {
		return ImportStats{}, fmt.Errorf("import: no source given: %w", model.ErrInvalid)
	}
	return s.importCreators(src, true, now)
}

// importChunk is how many creators an import sorts by id before writing
// them: bbolt inserts in key order far faster than at random places.
const importChunk = 16 << 10

func (s *Store) importCreators(src CreatorSource, validate bool, now time.Time) (ImportStats, error) {
	var st ImportStats
	chunk := make([]model.Creator, 0, importChunk)
	err := s.update(func(w *wtx) error {
		st = ImportStats{}
		chunk = chunk[:0]
		n := 0
		write := func() error {
			slices.SortStableFunc(chunk, func(a, b model.Creator) int { return strings.Compare(a.ID, b.ID) })
			for i := range chunk {
				r, err := putCreatorTx(w, &chunk[i], now)
				if err != nil {
					return fmt.Errorf("creator %s: %w", chunk[i].ID, err)
				}
				switch r {
				case added:
					st.Added++
				case updated:
					st.Updated++
				default:
					st.Unchanged++
				}
			}
			clear(chunk) // drop the rows' text before the next chunk
			chunk = chunk[:0]
			return nil
		}
		err := src(func(c model.Creator) error {
			n++
			if validate {
				if err := c.Validate(); err != nil {
					return fmt.Errorf("creator %d (%s): %w", n, model.Clip(model.SafeLine(c.ID), 40), err)
				}
			}
			chunk = append(chunk, c)
			if len(chunk) == cap(chunk) {
				return write()
			}
			return nil
		})
		if err == nil {
			err = write()
		}
		if err != nil {
			clear(chunk)
			return err
		}
		if st.Added+st.Updated > 0 {
			w.ch.add(ChangedCreator, "", "")
		}
		return nil
	})
	if err != nil {
		return ImportStats{}, err
	}
	return st, nil
}

// Side says who acts in a block, an unblock or a read.
type Side = model.Side

// Sides of a relationship.
const (
	BySeller  = model.BySeller
	ByCreator = model.ByCreator
)

// ParseSide reads "seller" or "creator".
func ParseSide(s string) (Side, error) {
	switch s {
	case "seller", "":
		return BySeller, nil
	case "creator":
		return ByCreator, nil
	}
	return 0, fmt.Errorf("--by %q: want seller or creator: %w", model.Clip(model.SafeLine(s), 20), model.ErrInvalid)
}

// updateRel loads both parties and their relation, asks fn (model's rule)
// for the relation after, and writes it back.
func (s *Store) updateRel(seller, creator string, fn func(w *wtx, r model.Relation) (model.Relation, error)) error {
	return s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		if _, err := mustCreator(w, creator); err != nil {
			return err
		}
		r, err := getRel(w, seller, creator)
		if err != nil {
			return err
		}
		if r, err = fn(w, r); err != nil {
			return err
		}
		w.ch.add(ChangedRelation, seller, creator)
		return putRel(w, seller, creator, &r)
	})
}

// SetBlocked blocks (on) or unblocks (off) between seller and creator, as
// side. Each side lifts only its own block.
func (s *Store) SetBlocked(seller, creator string, by Side, on bool) error {
	return s.updateRel(seller, creator, func(_ *wtx, r model.Relation) (model.Relation, error) {
		return r.Blocked(by, on), nil
	})
}

// SetSaved bookmarks (or un-bookmarks) a creator for the seller.
func (s *Store) SetSaved(seller, creator string, on bool) error {
	return s.updateRel(seller, creator, func(_ *wtx, r model.Relation) (model.Relation, error) {
		r.Saved = on
		return r, nil
	})
}

// Reply records a creator's message to a seller, which connects them. A
// creator may start a conversation too. A block either way stops it.
func (s *Store) Reply(creator, seller, text string, now time.Time) (uint64, error) {
	if err := validNow(now); err != nil {
		return 0, err
	}
	text, err := model.LimitText("text", text, model.MaxMessageRunes)
	if err != nil {
		return 0, err
	}
	if text == "" {
		return 0, fmt.Errorf("text is empty: %w", model.ErrInvalid)
	}
	var seq uint64
	err = s.updateRel(seller, creator, func(w *wtx, r model.Relation) (model.Relation, error) {
		after, err := r.Replied(now)
		if err != nil {
			return r, err
		}
		if seq, err = nextSeq(w, bMsgs); err != nil {
			return r, err
		}
		m := model.ChatMessage{Seq: seq, SellerID: seller, CreatorID: creator, Text: text, At: now}
		if err := w.Put(bMsgs, msgKey(seller, creator, seq), encodeMessage(&m)); err != nil {
			return r, err
		}
		w.ch.add(ChangedMessages, seller, creator)
		w.ch.add(ChangedQuota, seller, "")
		return after, surveyReplyTx(w, seller, creator, text, now)
	})
	return seq, err
}

// Showcase records that the creator featured one of the seller's products,
// which connects them, at the store's clock.
func (s *Store) Showcase(creator, seller string) error {
	return s.ShowcaseAt(creator, seller, s.clock())
}

// ShowcaseAt is Showcase at now: the creator also joins the seller's
// affiliate program (at the first such event), in the same transaction.
func (s *Store) ShowcaseAt(creator, seller string, now time.Time) error {
	if err := validNow(now); err != nil {
		return err
	}
	return s.updateRel(seller, creator, func(w *wtx, r model.Relation) (model.Relation, error) {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return r, err
		}
		return r.Showcased(), joinAffiliate(w, sl, creator, program.JoinShowcase, false, now)
	})
}

// MarkRead clears the unread count of one side of a conversation.
func (s *Store) MarkRead(seller, creator string, by Side) error {
	return s.updateRel(seller, creator, func(_ *wtx, r model.Relation) (model.Relation, error) {
		return r.Read(by), nil
	})
}

// RespondInvite is a creator accepting (which connects) or declining a
// pending invitation.
func (s *Store) RespondInvite(creator string, id uint64, accept bool, now time.Time) (model.Invitation, error) {
	var inv model.Invitation
	if err := validNow(now); err != nil {
		return inv, err
	}
	err := s.update(func(w *wtx) error {
		inv = model.Invitation{}
		ok, err := getJSON(w, bInvites, u64(id), &inv)
		if err != nil {
			return err
		}
		if !ok || inv.CreatorID != creator {
			return fmt.Errorf("invitation %d: %w", id, model.ErrNotFound)
		}
		r, err := getRel(w, inv.SellerID, creator)
		if err != nil {
			return err
		}
		after, rel, err := inv.Answered(r, accept, now)
		if err != nil {
			return err
		}
		inv = after
		if accept {
			sl, err := mustSeller(w, inv.SellerID)
			if err != nil {
				return err
			}
			if err := joinAffiliate(w, sl, creator, program.JoinInvitation, inv.Collab != nil, now); err != nil {
				return err
			}
		}
		w.ch.add(ChangedInvites, inv.SellerID, creator)
		w.ch.add(ChangedRelation, inv.SellerID, creator)
		if err := putRel(w, inv.SellerID, creator, &rel); err != nil {
			return err
		}
		return putJSON(w, bInvites, u64(id), &inv)
	})
	return inv, err
}

// CancelInvite is a seller withdrawing a pending invitation.
func (s *Store) CancelInvite(seller string, id uint64, now time.Time) error {
	if err := validNow(now); err != nil {
		return err
	}
	return s.update(func(w *wtx) error {
		var inv model.Invitation
		ok, err := getJSON(w, bInvites, u64(id), &inv)
		if err != nil {
			return err
		}
		if !ok || inv.SellerID != seller {
			return fmt.Errorf("invitation %d: %w", id, model.ErrNotFound)
		}
		if inv, err = inv.Canceled(now); err != nil {
			return err
		}
		w.ch.add(ChangedInvites, seller, inv.CreatorID)
		return putJSON(w, bInvites, u64(id), &inv)
	})
}

// MaxGrant bounds one support grant.
const MaxGrant = 100_000

// Grant gives a seller extra credits for the current week, audited.
func (s *Store) Grant(seller string, credits int, reason, actor string, now time.Time) (model.QuotaStatus, error) {
	var st model.QuotaStatus
	if err := validNow(now); err != nil {
		return st, err
	}
	if credits < 1 || credits > MaxGrant {
		return st, fmt.Errorf("credits %d: want 1..%d: %w", credits, MaxGrant, model.ErrInvalid)
	}
	reason, err := model.LimitLine("reason", reason, model.MaxReasonRunes)
	if err != nil {
		return st, err
	}
	if reason == "" {
		return st, fmt.Errorf("reason is empty: say why the credits are granted: %w", model.ErrInvalid)
	}
	err = s.update(func(w *wtx) error {
		sq, err := s.cachedQuota(w, seller, now)
		if err != nil {
			return err
		}
		if sq == nil {
			return fmt.Errorf("seller %q: %w", model.Clip(model.SafeLine(seller), 64), model.ErrNotFound)
		}
		q := sq.q
		q.Week.Granted += credits
		sq.set(q)
		st = sq.q.Status()
		w.ch.add(ChangedQuota, seller, "")
		w.ch.add(ChangedAudit, seller, "")
		return audit(w, model.AuditEntry{At: now, Actor: actor, Action: "grant", SellerID: seller,
			Detail: fmt.Sprintf("granted %d credits for the week of %s", credits, sq.q.Week.Start.Format(model.DayLayout)), Reason: reason})
	})
	return st, err
}

func audit(tx engine.Tx, e model.AuditEntry) error {
	seq, err := nextSeq(tx, bAudit)
	if err != nil {
		return err
	}
	e.Seq = seq
	return putJSON(tx, bAudit, u64(e.Seq), &e)
}
