package store

import (
	"errors"
	"fmt"
	"time"

	"outreach/model"

	bolt "go.etcd.io/bbolt"
)

// ErrBlocked is returned when a creator action is stopped by a block.
var ErrBlocked = errors.New("blocked")

// PutSeller creates a seller or updates its name, zone and categories. It
// reports whether the seller is new.
func (s *Store) PutSeller(sl model.Seller, now time.Time) (created bool, err error) {
	if err := sl.Validate(); err != nil {
		return false, err
	}
	err = s.w.do(func(tx *bolt.Tx, ch *changes) error {
		if err := s.w.cache.evict(tx, sl.ID); err != nil {
			return err
		}
		old, err := getSeller(tx, sl.ID)
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
		ch.add(ChangedSeller, sl.ID, "")
		return putJSON(tx.Bucket(bSellers), []byte(sl.ID), &rec)
	})
	return created, err
}

// AddGMV adds amount to the seller's GMV for a local calendar day and
// returns the day's new total. GMV for days inside a week already evaluated
// counts from the next week on: weeks are frozen.
func (s *Store) AddGMV(seller, day string, amount model.Cents) (model.Cents, error) {
	if _, err := time.Parse(model.DayLayout, day); err != nil || len(day) != 10 {
		return 0, fmt.Errorf("day %q: want YYYY-MM-DD: %w", model.Clip(model.SafeLine(day), 20), model.ErrInvalid)
	}
	if amount > 1_000_000_000_00 || amount < -1_000_000_000_00 {
		return 0, fmt.Errorf("amount %s: at most 1,000,000,000 USD a day: %w", amount, model.ErrInvalid)
	}
	var total model.Cents
	err := s.w.do(func(tx *bolt.Tx, ch *changes) error {
		if err := s.w.cache.evict(tx, seller); err != nil {
			return err
		}
		sl, err := mustSeller(tx, seller)
		if err != nil {
			return err
		}
		k := key(seller, day)
		b := tx.Bucket(bGMV)
		total = model.Cents(int64(getU64(b.Get(k)))) + amount
		if total < 0 {
			return fmt.Errorf("amount %s: the day's GMV would fall below zero: %w", amount, model.ErrInvalid)
		}
		if err := b.Put(k, u64(uint64(total))); err != nil {
			return err
		}
		if amount > 0 && !sl.HadGMV {
			sl.HadGMV = true
			if err := putJSON(tx.Bucket(bSellers), []byte(seller), sl); err != nil {
				return err
			}
		}
		ch.add(ChangedSeller, seller, "")
		return nil
	})
	return total, err
}

// PutCreator creates or updates a creator; a level different from the
// stored one is added to the level history for now's month.
func (s *Store) PutCreator(c model.Creator, now time.Time) (created bool, err error) {
	if err := c.Validate(); err != nil {
		return false, err
	}
	err = s.w.do(func(tx *bolt.Tx, ch *changes) error {
		st, err := putCreatorTx(tx, &c, now)
		created = st == added
		ch.add(ChangedCreator, "", c.ID)
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
func putCreatorTx(tx *bolt.Tx, c *model.Creator, now time.Time) (putState, error) {
	b := tx.Bucket(bCreators)
	raw := b.Get([]byte(c.ID))
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
	return st, b.Put([]byte(c.ID), enc)
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
	var st ImportStats
	for i := range cs {
		if err := cs[i].Validate(); err != nil {
			return st, fmt.Errorf("creator %d (%s): %w", i+1, cs[i].ID, err)
		}
	}
	err := s.w.do(func(tx *bolt.Tx, ch *changes) error {
		st = ImportStats{}
		tx.Bucket(bCreators).FillPercent = 0.9 // imports mostly append ids in order
		for i := range cs {
			c := cs[i] // putCreatorTx may extend History: keep the caller's rows as given
			r, err := putCreatorTx(tx, &c, now)
			if err != nil {
				return fmt.Errorf("creator %s: %w", c.ID, err)
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
		if st.Added+st.Updated > 0 {
			ch.add(ChangedCreator, "", "")
		}
		return nil
	})
	return st, err
}

// Side says who acts in a block or unblock.
type Side uint8

// Sides of a relationship.
const (
	BySeller Side = iota
	ByCreator
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

// updateRel loads both parties and their relation, lets fn change it, and writes it back.
func (s *Store) updateRel(seller, creator string, fn func(tx *bolt.Tx, ch *changes, cr *model.Creator, r *model.Relation) error) error {
	return s.w.do(func(tx *bolt.Tx, ch *changes) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		cr, err := mustCreator(tx, creator)
		if err != nil {
			return err
		}
		r, err := getRel(tx, seller, creator)
		if err != nil {
			return err
		}
		if err := fn(tx, ch, cr, &r); err != nil {
			return err
		}
		ch.add(ChangedRelation, seller, creator)
		return putRel(tx, seller, creator, &r)
	})
}

// SetBlocked blocks (on) or unblocks (off) between seller and creator, as
// side. Each side lifts only its own block.
func (s *Store) SetBlocked(seller, creator string, by Side, on bool) error {
	return s.updateRel(seller, creator, func(_ *bolt.Tx, _ *changes, _ *model.Creator, r *model.Relation) error {
		if by == ByCreator {
			r.BlockedByCreator = on
		} else {
			r.BlockedBySeller = on
		}
		return nil
	})
}

// SetSaved bookmarks (or un-bookmarks) a creator for the seller.
func (s *Store) SetSaved(seller, creator string, on bool) error {
	return s.updateRel(seller, creator, func(_ *bolt.Tx, _ *changes, _ *model.Creator, r *model.Relation) error {
		r.Saved = on
		return nil
	})
}

// Reply records a creator's message to a seller, which connects them. A
// creator may start a conversation too. A block either way stops it.
func (s *Store) Reply(creator, seller, text string, now time.Time) (uint64, error) {
	text, err := model.LimitText("text", text, model.MaxMessageRunes)
	if err != nil {
		return 0, err
	}
	if text == "" {
		return 0, fmt.Errorf("text is empty: %w", model.ErrInvalid)
	}
	var seq uint64
	err = s.updateRel(seller, creator, func(tx *bolt.Tx, ch *changes, _ *model.Creator, r *model.Relation) error {
		if err := creatorMayAct(r); err != nil {
			return err
		}
		b := tx.Bucket(bMsgs)
		seq = nextSeq(b)
		m := model.ChatMessage{Seq: seq, SellerID: seller, CreatorID: creator, Text: text, At: now}
		if err := b.Put(msgKey(seller, creator, seq), encodeMessage(&m)); err != nil {
			return err
		}
		r.Connect()
		r.Messages++
		r.LastAt = now.UnixMilli()
		r.LastFromSeller = false
		r.SellerUnread++
		r.CreatorUnread = 0
		ch.add(ChangedMessages, seller, creator)
		ch.add(ChangedQuota, seller, "")
		return nil
	})
	return seq, err
}

func creatorMayAct(r *model.Relation) error {
	if r.BlockedByCreator {
		return fmt.Errorf("you blocked this seller; unblock them first: %w", ErrBlocked)
	}
	if r.BlockedBySeller {
		return fmt.Errorf("this seller has blocked you: %w", ErrBlocked)
	}
	return nil
}

// Showcase records that the creator featured one of the seller's products,
// which connects them.
func (s *Store) Showcase(creator, seller string) error {
	return s.updateRel(seller, creator, func(_ *bolt.Tx, _ *changes, _ *model.Creator, r *model.Relation) error {
		r.Connect()
		return nil
	})
}

// MarkRead clears the unread count of one side of a conversation.
func (s *Store) MarkRead(seller, creator string, by Side) error {
	return s.updateRel(seller, creator, func(_ *bolt.Tx, _ *changes, _ *model.Creator, r *model.Relation) error {
		if by == BySeller {
			r.SellerUnread = 0
		} else {
			r.CreatorUnread = 0
		}
		return nil
	})
}

// RespondInvite is a creator accepting (which connects) or declining a
// pending invitation.
func (s *Store) RespondInvite(creator string, id uint64, accept bool, now time.Time) (model.Invitation, error) {
	var inv model.Invitation
	err := s.w.do(func(tx *bolt.Tx, ch *changes) error {
		ok, err := getJSON(tx.Bucket(bInvites), u64(id), &inv)
		if err != nil {
			return err
		}
		if !ok || inv.CreatorID != creator {
			return fmt.Errorf("invitation %d: %w", id, model.ErrNotFound)
		}
		if st := inviteState(&inv, now); st != model.Pending {
			return fmt.Errorf("invitation %d is %s, not pending: %w", id, st, model.ErrInvalid)
		}
		r, err := getRel(tx, inv.SellerID, creator)
		if err != nil {
			return err
		}
		if accept {
			if err := creatorMayAct(&r); err != nil {
				return err
			}
			inv.State = model.Accepted
			r.Connect()
		} else {
			inv.State = model.Declined
		}
		inv.Updated = now
		r.CreatorUnread = max(0, r.CreatorUnread-1)
		ch.add(ChangedInvites, inv.SellerID, creator)
		ch.add(ChangedRelation, inv.SellerID, creator)
		if err := putRel(tx, inv.SellerID, creator, &r); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bInvites), u64(id), &inv)
	})
	return inv, err
}

// CancelInvite is a seller withdrawing a pending invitation.
func (s *Store) CancelInvite(seller string, id uint64, now time.Time) error {
	return s.w.do(func(tx *bolt.Tx, ch *changes) error {
		var inv model.Invitation
		ok, err := getJSON(tx.Bucket(bInvites), u64(id), &inv)
		if err != nil {
			return err
		}
		if !ok || inv.SellerID != seller {
			return fmt.Errorf("invitation %d: %w", id, model.ErrNotFound)
		}
		if st := inviteState(&inv, now); st != model.Pending {
			return fmt.Errorf("invitation %d is %s, not pending: %w", id, st, model.ErrInvalid)
		}
		inv.State, inv.Updated = model.Canceled, now
		ch.add(ChangedInvites, seller, inv.CreatorID)
		return putJSON(tx.Bucket(bInvites), u64(id), &inv)
	})
}

// inviteState is the state as of now: a pending invitation whose
// collaboration has ended is expired.
func inviteState(inv *model.Invitation, now time.Time) model.InviteState {
	if inv.State == model.Pending && inv.Collab != nil && !inv.Collab.EndDate.After(now) {
		return model.Expired
	}
	return inv.State
}

// MaxGrant bounds one support grant.
const MaxGrant = 100_000

// Grant gives a seller extra credits for the current week, audited.
func (s *Store) Grant(seller string, credits int, reason, actor string, now time.Time) (model.QuotaStatus, error) {
	var st model.QuotaStatus
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
	err = s.w.do(func(tx *bolt.Tx, ch *changes) error {
		sq, err := s.cachedQuota(tx, seller, now)
		if err != nil {
			return err
		}
		if sq == nil {
			return fmt.Errorf("seller %q: %w", seller, model.ErrNotFound)
		}
		sq.q.Week.Granted += credits
		sq.dirty = true
		st = sq.q.Status()
		ch.add(ChangedQuota, seller, "")
		ch.add(ChangedAudit, seller, "")
		return audit(tx, model.AuditEntry{At: now, Actor: actor, Action: "grant", SellerID: seller,
			Detail: fmt.Sprintf("granted %d credits for the week of %s", credits, sq.q.Week.Start.Format(model.DayLayout)), Reason: reason})
	})
	return st, err
}

func audit(tx *bolt.Tx, e model.AuditEntry) error {
	b := tx.Bucket(bAudit)
	e.Seq = nextSeq(b)
	return putJSON(b, u64(e.Seq), &e)
}
