package store

import (
	"encoding/json"
	"fmt"
	"time"

	"outreach/model"

	bolt "go.etcd.io/bbolt"
)

// Small helpers used inside transactions. Values from Get are only valid
// inside the transaction; every helper decodes (copies) before returning.

func getJSON(b *bolt.Bucket, k []byte, v any) (bool, error) {
	raw := b.Get(k)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode record %q: %w", k, errCorrupt)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, raw)
}

func getSeller(tx *bolt.Tx, id string) (*model.Seller, error) {
	var s model.Seller
	ok, err := getJSON(tx.Bucket(bSellers), []byte(id), &s)
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

func mustSeller(tx *bolt.Tx, id string) (*model.Seller, error) {
	s, err := getSeller(tx, id)
	if err == nil && s == nil {
		err = fmt.Errorf("seller %q: %w", id, model.ErrNotFound)
	}
	return s, err
}

func getCreator(tx *bolt.Tx, id string) (*model.Creator, error) {
	raw := tx.Bucket(bCreators).Get([]byte(id))
	if raw == nil {
		return nil, nil
	}
	var c model.Creator
	if err := decodeCreator(raw, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func mustCreator(tx *bolt.Tx, id string) (*model.Creator, error) {
	c, err := getCreator(tx, id)
	if err == nil && c == nil {
		err = fmt.Errorf("creator %q: %w", id, model.ErrNotFound)
	}
	return c, err
}

func getRel(tx *bolt.Tx, seller, creator string) (model.Relation, error) {
	var r model.Relation
	err := decodeRel(tx.Bucket(bRels).Get(key(seller, creator)), &r)
	return r, err
}

func putRel(tx *bolt.Tx, seller, creator string, r *model.Relation) error {
	return tx.Bucket(bRels).Put(key(seller, creator), encodeRel(r))
}

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

// loadQuota loads (or evaluates, the first time it is needed) the week
// containing now for seller, and grants the Starter Pack to a seller who has
// never had GMV.
func (s *Store) loadQuota(tx *bolt.Tx, seller *model.Seller, now time.Time) (*sellerQuota, error) {
	loc := seller.Location()
	ws := model.WeekStart(now, loc)
	sq := &sellerQuota{seller: seller, loc: loc}
	var wr weekRecord
	ok, err := getJSON(tx.Bucket(bWeeks), weekKey(seller.ID, ws), &wr)
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
		sq.q.Week = s.policy.EvaluateWeek(ws, loc, gmv30(tx, seller.ID, ws, loc))
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

// save writes the week and, when the pack changed, the seller.
func (sq *sellerQuota) save(tx *bolt.Tx) error {
	w := sq.q.Week
	wr := weekRecord{Start: w.Start.Unix(), GMV30: int64(w.GMV30), Tier: w.Tier, Limit: w.Limit, FollowerCap: w.FollowerCap,
		WeeklyUsed: w.WeeklyUsed, Granted: w.Granted, GrantedUsed: w.GrantedUsed, PackUsed: w.PackUsed}
	if err := putJSON(tx.Bucket(bWeeks), weekKey(sq.seller.ID, w.Start), &wr); err != nil {
		return err
	}
	if sq.packNew || sq.packDirty {
		sq.seller.PackLeft = sq.q.PackLeft
		return putJSON(tx.Bucket(bSellers), []byte(sq.seller.ID), sq.seller)
	}
	return nil
}

// gmv30 sums the seller's GMV over the 30 local days before the week.
func gmv30(tx *bolt.Tx, seller string, ws time.Time, loc *time.Location) model.Cents {
	from, to := model.GMVWindow(ws, loc)
	lo, hi := append(prefix(seller), from...), append(prefix(seller), to...)
	var sum model.Cents
	c := tx.Bucket(bGMV).Cursor()
	for k, v := c.Seek(lo); k != nil && string(k) <= string(hi); k, v = c.Next() {
		sum += model.Cents(int64(getU64(v)))
	}
	return sum
}

func nextSeq(b *bolt.Bucket) uint64 {
	n, _ := b.NextSequence() // fails only outside a writable transaction
	return n
}

// quotaCache keeps each seller's quota decoded once per group commit: the
// writes of one group that touch the same seller share the loaded seller and
// week, and each is written back once, just before the commit. It belongs to
// the writer goroutine; it is reset for every attempt at a group.
type quotaCache struct {
	m map[string]*sellerQuota
}

func (c *quotaCache) reset() { clear(c.m) }

// get returns the seller's quota for the week containing now, loading it on
// first use in the group; nil when there is no such seller.
func (s *Store) cachedQuota(tx *bolt.Tx, seller string, now time.Time) (*sellerQuota, error) {
	c := &s.w.cache
	if sq := c.m[seller]; sq != nil {
		if !model.WeekStart(now, sq.loc).Equal(sq.q.Week.Start) {
			if err := c.evict(tx, seller); err != nil { // another week in the same group (--now)
				return nil, err
			}
		} else {
			return sq, nil
		}
	}
	sl, err := getSeller(tx, seller)
	if err != nil || sl == nil {
		return nil, err
	}
	sq, err := s.loadQuota(tx, sl, now)
	if err != nil {
		return nil, err
	}
	sq.dirty = sq.weekNew || sq.packNew
	if c.m == nil {
		c.m = map[string]*sellerQuota{}
	}
	c.m[seller] = sq
	return sq, nil
}

// evict writes back and forgets one seller, before a write that changes the
// seller record itself.
func (c *quotaCache) evict(tx *bolt.Tx, seller string) error {
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

// flush writes back every changed quota.
func (c *quotaCache) flush(tx *bolt.Tx) error {
	for _, sq := range c.m {
		if sq.dirty {
			if err := sq.save(tx); err != nil {
				return err
			}
		}
	}
	return nil
}
