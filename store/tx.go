package store

import (
	"encoding/json"
	"fmt"
	"time"

	"outreach/model"
	"outreach/store/engine"
)

// Small helpers used inside transactions. Values an engine returns are only
// valid inside the transaction; every helper decodes (copies) before
// returning.

func decodeJSON(raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return errCorrupt
	}
	return nil
}

func getJSON(tx engine.Tx, bucket string, k []byte, v any) (bool, error) {
	raw, err := tx.Get(bucket, k)
	if err != nil || raw == nil {
		return false, err
	}
	if err := decodeJSON(raw, v); err != nil {
		return true, fmt.Errorf("decode %s record %q: %w", bucket, model.Clip(model.SafeLine(string(k)), 60), err)
	}
	return true, nil
}

func putJSON(tx engine.Tx, bucket string, k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(bucket, k, raw)
}

func getSeller(tx engine.Tx, id string) (*model.Seller, error) {
	var s model.Seller
	ok, err := getJSON(tx, bSellers, []byte(id), &s)
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

func mustSeller(tx engine.Tx, id string) (*model.Seller, error) {
	s, err := getSeller(tx, id)
	if err == nil && s == nil {
		err = fmt.Errorf("seller %q: %w", model.Clip(model.SafeLine(id), 64), model.ErrNotFound)
	}
	return s, err
}

func getCreator(tx engine.Tx, id string) (*model.Creator, error) {
	raw, err := tx.Get(bCreators, []byte(id))
	if err != nil || raw == nil {
		return nil, err
	}
	var c model.Creator
	if err := decodeCreator(raw, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func mustCreator(tx engine.Tx, id string) (*model.Creator, error) {
	c, err := getCreator(tx, id)
	if err == nil && c == nil {
		err = fmt.Errorf("creator %q: %w", model.Clip(model.SafeLine(id), 64), model.ErrNotFound)
	}
	return c, err
}

func getRel(tx engine.Tx, seller, creator string) (model.Relation, error) {
	var r model.Relation
	raw, err := tx.Get(bRels, key(seller, creator))
	if err != nil {
		return r, err
	}
	err = decodeRel(raw, &r)
	return r, err
}

func putRel(tx engine.Tx, seller, creator string, r *model.Relation) error {
	return tx.Put(bRels, key(seller, creator), encodeRel(r))
}

func nextSeq(tx engine.Tx, bucket string) (uint64, error) { return tx.NextSequence(bucket) }

// weekRecord is a frozen week as stored.
type weekRecord struct {
	Start       int64  `json:"start"`
	GMV30       int64  `json:"gmv30"`
	Tier        string `json:"tier"`
	Limit       int    `json:"limit"`
	FollowerCap int64  `json:"follower_cap"`
	WeeklyUsed  int    `json:"weekly_used"`
	Granted     int    `json:"granted"`
	GrantedUsed int    `json:"granted_used"`
	PackUsed    int    `json:"pack_used"`
}

func weekKey(seller string, start time.Time) []byte {
	return append(prefix(seller), u64(uint64(start.Unix()))...)
}

// sellerQuota is a seller's quota as loaded in a transaction, with what must
// be written back when it is kept.
type sellerQuota struct {
	seller    *model.Seller
	q         model.Quota
	weekNew   bool // evaluated now: freeze it on write
	packNew   bool // Starter Pack granted now
	loc       *time.Location
	dirty     bool // changed since loaded: save before the commit
	packDirty bool // the pack balance changed
}

// loadQuota loads the week containing now for seller, or evaluates it when
// it was never frozen, and grants the Starter Pack to a seller who has never
// had GMV. It writes nothing: a write that keeps the quota saves it.
func (s *Store) loadQuota(tx engine.Tx, seller *model.Seller, now time.Time) (*sellerQuota, error) {
	loc := seller.Location()
	ws := model.WeekStart(now, loc)
	sq := &sellerQuota{seller: seller, loc: loc}
	var wr weekRecord
	ok, err := getJSON(tx, bWeeks, weekKey(seller.ID, ws), &wr)
	if err != nil {
		return nil, err
	}
	if ok {
		sq.q.Week = model.Week{
			Start: ws, End: model.NextWeekStart(ws, loc), GMV30: model.Cents(wr.GMV30), Tier: wr.Tier,
			Limit: wr.Limit, FollowerCap: wr.FollowerCap, WeeklyUsed: wr.WeeklyUsed,
			Granted: wr.Granted, GrantedUsed: wr.GrantedUsed, PackUsed: wr.PackUsed,
		}
	} else {
		g, err := gmv30(tx, seller.ID, ws, loc)
		if err != nil {
			return nil, err
		}
		sq.q.Week = s.policy.EvaluateWeek(ws, loc, g)
		sq.weekNew = true
	}
	if !seller.PackGranted && !seller.HadGMV {
		seller.PackGranted = true
		seller.PackLeft = s.policy.StarterPack
		sq.packNew = true
	}
	sq.q.PackLeft = seller.PackLeft
	return sq, nil
}

// set replaces the quota with q (the effect of an allowed action).
func (sq *sellerQuota) set(q model.Quota) {
	sq.packDirty = sq.packDirty || q.PackLeft != sq.q.PackLeft
	sq.q = q
	sq.dirty = true
}

// save writes the week and, when the pack changed, the seller.
func (sq *sellerQuota) save(tx engine.Tx) error {
	w := sq.q.Week
	wr := weekRecord{Start: w.Start.Unix(), GMV30: int64(w.GMV30), Tier: w.Tier, Limit: w.Limit, FollowerCap: w.FollowerCap,
		WeeklyUsed: w.WeeklyUsed, Granted: w.Granted, GrantedUsed: w.GrantedUsed, PackUsed: w.PackUsed}
	if err := putJSON(tx, bWeeks, weekKey(sq.seller.ID, w.Start), &wr); err != nil {
		return err
	}
	if sq.packNew || sq.packDirty {
		sq.seller.PackLeft = sq.q.PackLeft
		return putJSON(tx, bSellers, []byte(sq.seller.ID), sq.seller)
	}
	return nil
}

// gmv30 sums the seller's GMV over the 30 local days before the week.
func gmv30(tx engine.Tx, seller string, ws time.Time, loc *time.Location) (model.Cents, error) {
	from, to := model.GMVWindow(ws, loc)
	p := prefix(seller)
	lo, hi := append(append([]byte{}, p...), from...), append(append([]byte{}, p...), to...)
	var sum model.Cents
	err := tx.Scan(bGMV, engine.Range{Start: lo, End: append(hi, 0)}, func(_, v []byte) error {
		sum += model.Cents(int64(getU64(v)))
		return nil
	})
	return sum, err
}

// quotaCache keeps each seller's quota decoded once per commit group: the
// writes of one group that touch the same seller share the loaded seller and
// week, and each is written back once, just before the commit (Flush). The
// engine makes a fresh one for every attempt at a group.
type quotaCache struct {
	m map[string]*sellerQuota
}

// Flush writes back every changed quota.
func (c *quotaCache) Flush(tx engine.Tx) error {
	for _, sq := range c.m {
		if sq.dirty {
			if err := sq.save(tx); err != nil {
				return err
			}
		}
	}
	return nil
}

// cachedQuota returns the seller's quota for the week containing now,
// loading it on first use in the group; nil when there is no such seller. A
// write that keeps it marks it dirty.
func (s *Store) cachedQuota(w *wtx, seller string, now time.Time) (*sellerQuota, error) {
	c := w.q
	if sq := c.m[seller]; sq != nil {
		if model.WeekStart(now, sq.loc).Equal(sq.q.Week.Start) {
			return sq, nil
		}
		if err := c.evict(w, seller); err != nil { // another week in the same group (--now)
			return nil, err
		}
	}
	sl, err := getSeller(w, seller)
	if err != nil || sl == nil {
		return nil, err
	}
	sq, err := s.loadQuota(w, sl, now)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sellerQuota{}
	}
	c.m[seller] = sq
	return sq, nil
}

// keep marks the quota as used by a write: a week evaluated or a pack
// granted while loading it is frozen with the commit.
func (sq *sellerQuota) keep() {
	if sq.weekNew || sq.packNew {
		sq.dirty = true
	}
}

// evict writes back and forgets one seller, before a write that changes the
// seller record itself.
func (c *quotaCache) evict(tx engine.Tx, seller string) error {
	sq := c.m[seller]
	if sq == nil {
		return nil
	}
	delete(c.m, seller)
	if sq.dirty {
		return sq.save(tx)
	}
	return nil
}
