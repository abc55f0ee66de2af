package store

import (
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/engage"
	moffer "outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// boostRecord is a commission boost as stored.
type boostRecord struct {
	ID     uint64 `json:"id"`
	Seller string `json:"seller"`
	moffer.Boost
	Created time.Time `json:"created"`
	// Reached are the affiliates covered when it was made (announced to),
	// LeftOut the flagged ones it left out.
	Reached   []string `json:"reached"`
	LeftOut   []string `json:"left_out,omitempty"`
	Announced int      `json:"announced"` // announcements sent
}

// BoostInfo is a boost as the seller sees it.
type BoostInfo struct {
	ID      uint64    `json:"id"`
	Rate    float64   `json:"rate"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Segment string    `json:"segment,omitempty"`
	// Creators are the affiliates it was made for (a hand-picked boost).
	Creators  []string  `json:"creators,omitempty"`
	Reached   []string  `json:"reached"`
	LeftOut   []string  `json:"left_out"`
	Announced int       `json:"announced"`
	Active    bool      `json:"active"`
	Ended     bool      `json:"ended"`
	Outcomes  []Outcome `json:"announcements,omitempty"`
}

func (b *boostRecord) info(now time.Time) BoostInfo {
	return BoostInfo{ID: b.ID, Rate: b.Rate, Start: b.Start, End: b.End, Segment: string(b.Segment), Creators: b.Creators,
		Reached: nonNilIDs(b.Reached), LeftOut: nonNilIDs(b.LeftOut), Announced: b.Announced, Active: b.Active(now), Ended: b.Ended(now)}
}

func nonNilIDs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func boostKey(seller string, id uint64) []byte { return append(prefix(seller), u64(id)...) }

// boostsOf lists the seller's boosts, oldest first.
func boostsOf(tx engine.Tx, seller string) ([]boostRecord, error) {
	var out []boostRecord
	err := tx.Scan(bBoosts, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
		var b boostRecord
		if err := decodeJSON(v, &b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// BoostSpec is a boost as the seller asks for it.
type BoostSpec struct {
	Rate     float64
	From, To string // local days, YYYY-MM-DD; the boost runs through To
	Segment  program.SegmentName
	Creators []string
}

// ErrNobodyCovered marks an offer whose audience, flagged affiliates left
// out, is nobody.
var ErrNobodyCovered = fmt.Errorf("no affiliate would get it (flagged affiliates are left out): %w", model.ErrInvalid)

// AddBoost checks and records a commission boost from the start of From to
// the end of To in the seller's zone, at most 80%, for a segment or
// hand-picked affiliates, flagged affiliates left out, and announces it to
// each covered affiliate with a message naming the rate and the dates
// (through the checker, with the key boost-ID/0/0/creator, so announcing
// again after a crash sends nothing twice). It ends by itself: nothing
// switches it off. Nothing is written on bad input.
func (s *Store) AddBoost(seller string, sp BoostSpec, actor string, now time.Time) (BoostInfo, error) {
	if err := validNow(now); err != nil {
		return BoostInfo{}, err
	}
	var rec boostRecord
	var texts []string
	err := s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		loc := sl.Location()
		start, err := moffer.StartOfDay(sp.From, loc)
		if err != nil {
			return fmt.Errorf("boost --from: %w", err)
		}
		end, err := moffer.EndOfDay(sp.To, loc)
		if err != nil {
			return fmt.Errorf("boost --to: %w", err)
		}
		b, err := moffer.NewBoost(sp.Rate, start, end, sp.Segment, sp.Creators, now)
		if err != nil {
			return err
		}
		all, err := affiliatesOf(w, seller)
		if err != nil {
			return err
		}
		reached, left, err := coverage(all, b.Segment, b.Creators)
		if err != nil {
			return fmt.Errorf("boost: %w", err)
		}
		if len(reached) == 0 {
			return fmt.Errorf("boost: %w", ErrNobodyCovered)
		}
		id, err := w.NextSequence(bBoosts)
		if err != nil {
			return err
		}
		rec = boostRecord{ID: id, Seller: seller, Boost: *b, Created: now, LeftOut: left}
		byID := map[string]*recipient{}
		for i := range all {
			byID[all[i].id] = &all[i]
		}
		texts = texts[:0]
		for _, id := range reached {
			rec.Reached = append(rec.Reached, id)
			texts = append(texts, boostMessage(sl, byID[id], b, loc))
		}
		w.ch.add(ChangedOffers, seller, "")
		return putJSON(w, bBoosts, boostKey(seller, id), &rec)
	})
	if err != nil {
		return BoostInfo{}, err
	}
	outs, err := s.announce(seller, fmt.Sprintf("boost-%d", rec.ID), rec.Reached, texts, actor, now)
	info := rec.info(now)
	info.Outcomes = outs
	for _, o := range outs {
		if o.Allowed {
			info.Announced++
		}
	}
	if err != nil {
		return info, err
	}
	err = s.update(func(w *wtx) error {
		var r boostRecord
		ok, err := getJSON(w, bBoosts, boostKey(seller, rec.ID), &r)
		if err != nil || !ok {
			return err
		}
		r.Announced = info.Announced
		return putJSON(w, bBoosts, boostKey(seller, rec.ID), &r)
	})
	return info, err
}

func boostMessage(sl *model.Seller, r *recipient, b *moffer.Boost, loc *time.Location) string {
	name := sl.Name
	if name == "" {
		name = sl.ID
	}
	who := "there"
	if r != nil && r.name != "" {
		who = r.name
	} else if r != nil && r.handle != "" {
		who = "@" + r.handle
	}
	return fmt.Sprintf("Hi %s, good news from %s: your commission is %s from %s through %s. "+
		"The boost ends by itself after %s; every sale in between earns the higher rate.",
		model.Clip(who, model.MaxNameRunes), model.Clip(name, model.MaxNameRunes), engage.FormatPercent(b.Rate),
		engage.FormatDay(b.Start, loc), engage.FormatLastDay(b.End, loc), engage.FormatLastDay(b.End, loc))
}

// coverage splits the affiliates an offer is for into those it reaches and
// the flagged ones it leaves out; a hand-picked creator who is not an
// affiliate is an error naming it.
func coverage(all []recipient, seg program.SegmentName, creators []string) (reached, left []string, err error) {
	byID := make(map[string]*recipient, len(all))
	for i := range all {
		byID[all[i].id] = &all[i]
	}
	var ids []string
	if seg != "" {
		for i := range all {
			if all[i].seg == seg {
				ids = append(ids, all[i].id)
			}
		}
	} else {
		for _, id := range creators {
			if byID[id] == nil {
				return nil, nil, fmt.Errorf("creator %q is not an affiliate of this seller: %w", model.Clip(model.SafeLine(id), 64), model.ErrInvalid)
			}
			ids = append(ids, id)
		}
	}
	reached, left = moffer.ExcludeFlagged(ids, func(id string) bool { return byID[id].flagged })
	return reached, left, nil
}

// announce sends each creator its text through the checker, in durable
// batches, with the key OFFER/0/0/creator.
func (s *Store) announce(seller, offer string, creators, texts []string, actor string, now time.Time) ([]Outcome, error) {
	out := make([]Outcome, 0, len(creators))
	for start := 0; start < len(creators); start += CampaignBatch {
		end := min(start+CampaignBatch, len(creators))
		rs := make([]Request, 0, end-start)
		for i := start; i < end; i++ {
			rs = append(rs, Request{Kind: model.Message, Seller: seller, Creator: creators[i], Text: texts[i],
				Key: engage.SendKey(offer, 0, 0, creators[i]), Actor: actor, Now: now})
		}
		o, err := s.OutreachBatch(rs)
		if err != nil {
			return out, err
		}
		out = append(out, o...)
	}
	return out, nil
}

// Boosts lists the seller's boosts, oldest first, as of now. It writes nothing.
func (s *Store) Boosts(seller string, now time.Time) ([]BoostInfo, error) {
	var out []BoostInfo
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		bs, err := boostsOf(tx, seller)
		for i := range bs {
			out = append(out, bs[i].info(now))
		}
		return err
	})
	return out, err
}
