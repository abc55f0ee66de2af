package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
)

// The affiliate program's buckets (SPEC "The affiliate program"). Keys are
// seller NUL creator, so that one prefix scan reads a seller's whole program
// and a longer one an affiliate's.
const (
	// bAffiliates: seller\0creator -> affiliateRecord (binary).
	bAffiliates = "affiliates"
	// bPerf: seller\0creator\0block (uint32) -> a packed block of 16 weeks:
	// each week's rollup and its daily rows (see perf_codec.go).
	bPerf = "perf"
	// bAffFlags: seller\0creator -> JSON []model.FlagState, only for
	// affiliates that were ever flagged.
	bAffFlags = "affiliate_flags"
	// bSegRuns: seller\0seq -> a packed model.SegmentRun, every evaluation.
	bSegRuns = "segment_runs"
	// bGoals: seller\0month\0target -> JSON model.Goal.
	bGoals = "goals"
	// bCreatorMonths: creator\0YYYY-MM -> each seller's share of the
	// creator's monthly record for levels (see perf_month.go).
	bCreatorMonths = "creator_months"
	// bCodes: seller\0CODE -> JSON model.Code, the seller's codes and
	// their dates (the code-window flag reads them).
	bCodes = "codes"
)

var programBuckets = []string{bAffiliates, bPerf, bAffFlags, bSegRuns, bGoals, bCreatorMonths, bCodes}

// ChangedProgram is a change to a seller's affiliate program: performance,
// affiliates, segments, goals or flags.
const ChangedProgram ChangeKind = 16

// affiliateRecord is an affiliate as stored: how it joined, the bounds of
// its activity (kept with every write of its days, so that reads need not
// scan its history), and its segment at the latest evaluation.
type affiliateRecord struct {
	program.ProgramAffiliate
	FirstSale, LastSale     program.Day
	FirstActive, LastActive program.Day
	// Seg is the latest evaluation's result (Segment SegNone: never evaluated).
	Seg       program.SegmentResult
	MoveMonth string // month of the latest evaluation that moved it
	OpenFlags uint8  // number of open flags, so reads skip the flags bucket
}

const affCodec = 1

func encodeAffiliate(a *affiliateRecord) []byte {
	e := enc{b: make([]byte, 0, 64)}
	e.b = append(e.b, affCodec)
	e.varint(a.Joined.UnixNano())
	e.varint(int64(a.JoinedDay))
	e.uvarint(uint64(a.Via))
	e.uvarint(uint64(a.Attribution))
	for _, d := range [...]program.Day{a.FirstSale, a.LastSale, a.FirstActive, a.LastActive} {
		e.varint(int64(d))
	}
	r := &a.Seg
	e.uvarint(uint64(r.Segment))
	e.uvarint(uint64(r.Kind))
	e.boolean(r.Dormant)
	e.uvarint(uint64(r.Previous))
	e.varint(int64(r.Move))
	e.varint(int64(r.GMV))
	e.varint(r.Orders)
	e.varint(int64(r.Rank))
	e.str(a.MoveMonth)
	e.uvarint(uint64(a.OpenFlags))
	return e.b
}

func decodeAffiliate(k, b []byte, a *affiliateRecord) error {
	seller, _ := splitPair(k)
	return decodeAffiliateOf(seller, k, b, a)
}

// decodeAffiliateOf decodes an affiliate of a seller the caller knows (its
// id is not allocated again for every record).
func decodeAffiliateOf(seller string, k, b []byte, a *affiliateRecord) error {
	return decodeAffiliateInto(seller, k, b, a, true)
}

// decodeAffiliateSeg decodes and checks an affiliate record as
// decodeAffiliateOf does but allocates nothing: CreatorID, Seg.CreatorID
// and MoveMonth are left empty (for a kpi, which needs the segment).
func decodeAffiliateSeg(seller string, k, b []byte, a *affiliateRecord) error {
	return decodeAffiliateInto(seller, k, b, a, false)
}

func decodeAffiliateInto(seller string, k, b []byte, a *affiliateRecord, strs bool) error {
	if len(b) == 0 || b[0] != affCodec {
		return fmt.Errorf("affiliate: %w", errCorrupt)
	}
	creator := ""
	if strs && len(k) > len(seller)+1 {
		creator = string(k[len(seller)+1:])
	}
	d := dec{b: b[1:]}
	*a = affiliateRecord{}
	a.SellerID, a.CreatorID = seller, creator
	a.Joined = time.Unix(0, d.varint()).UTC()
	a.JoinedDay = program.Day(d.varint())
	a.Via = program.JoinEvent(d.uvarint())
	a.Attribution = program.Attribution(d.uvarint())
	for _, p := range [...]*program.Day{&a.FirstSale, &a.LastSale, &a.FirstActive, &a.LastActive} {
		*p = program.Day(d.varint())
	}
	r := &a.Seg
	r.CreatorID = creator
	r.Segment = program.Segment(d.uvarint())
	r.Kind = program.InactiveKind(d.uvarint())
	r.Dormant = d.boolean()
	r.Previous = program.Segment(d.uvarint())
	r.Move = program.Move(d.varint())
	r.GMV = model.Cents(d.varint())
	r.Orders = d.varint()
	r.Rank = int(d.varint())
	if strs {
		a.MoveMonth = d.str()
	} else if n := d.uvarint(); d.err == nil && n > uint64(len(d.b)) {
		d.err = errCorrupt
	} else if d.err == nil {
		d.b = d.b[n:]
	}
	a.OpenFlags = uint8(d.uvarint())
	d.end()
	if d.err != nil {
		return fmt.Errorf("affiliate: %w", d.err)
	}
	return nil
}

// splitPair splits a seller\0creator key (or the first two parts of a longer one).
func splitPair(k []byte) (string, string) {
	i := indexByte(k, 0)
	if i < 0 {
		return string(k), ""
	}
	rest := k[i+1:]
	j := indexByte(rest, 0)
	if j < 0 {
		return string(k[:i]), string(rest)
	}
	return string(k[:i]), string(rest[:j])
}

func indexByte(b []byte, c byte) int {
	for i := range b {
		if b[i] == c {
			return i
		}
	}
	return -1
}

func getAffiliate(tx engine.Tx, seller, creator string) (*affiliateRecord, error) {
	k := key(seller, creator)
	raw, err := tx.Get(bAffiliates, k)
	if err != nil || raw == nil {
		return nil, err
	}
	var a affiliateRecord
	if err := decodeAffiliate(k, raw, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

func putAffiliate(tx engine.Tx, a *affiliateRecord) error {
	return tx.Put(bAffiliates, key(a.SellerID, a.CreatorID), encodeAffiliate(a))
}

// joinAffiliate records a qualifying event (an accepted invitation, a
// showcase) inside the event's own transaction: the creator becomes the
// seller's affiliate, joined at the first such event.
func joinAffiliate(w *wtx, seller *model.Seller, creator string, ev program.JoinEvent, collab bool, at time.Time) error {
	a, err := getAffiliate(w, seller.ID, creator)
	if err != nil {
		return err
	}
	if a == nil {
		a = &affiliateRecord{}
		a.SellerID, a.CreatorID = seller.ID, creator
	}
	changed, err := a.Join(ev, collab, at, program.DayOf(at, seller.Location()))
	if err != nil || !changed {
		return err
	}
	w.ch.add(ChangedProgram, seller.ID, creator)
	return putAffiliate(w, a)
}

// u32 is a big-endian uint32, for keys that sort by number.
func u32(v uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return b[:]
}

// ProgramAffiliate returns one affiliate of a seller; model.ErrNotFound
// when the creator is not in the seller's program.
func (s *Store) ProgramAffiliate(seller, creator string) (program.ProgramAffiliate, error) {
	var out program.ProgramAffiliate
	err := s.view(func(tx engine.Tx) error {
		a, err := getAffiliate(tx, seller, creator)
		if err != nil {
			return err
		}
		if a == nil {
			return notAffiliate(seller, creator)
		}
		out = a.ProgramAffiliate
		return nil
	})
	return out, err
}

func notAffiliate(seller, creator string) error {
	return fmt.Errorf("creator %q is not an affiliate of seller %q: %w", model.Clip(model.SafeLine(creator), 64),
		model.Clip(model.SafeLine(seller), 64), model.ErrNotFound)
}

// Join is one qualifying event for JoinAffiliates.
type Join struct {
	Creator string
	Event   program.JoinEvent // JoinInvitation or JoinShowcase
	Collab  bool              // the invitation was a Target Collaboration
	At      time.Time
}

// JoinAffiliates records many qualifying events of one seller in one
// transaction (imports of a seller's history, the demo): each creator joins
// the program at its first event. Unknown creators are model.ErrNotFound.
func (s *Store) JoinAffiliates(seller string, joins []Join) error {
	for _, j := range joins {
		if err := validNow(j.At); err != nil {
			return err
		}
		if j.Event != program.JoinInvitation && j.Event != program.JoinShowcase {
			return fmt.Errorf("join event %q: want invitation or showcase: %w", j.Event, model.ErrInvalid)
		}
	}
	return s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		for _, j := range joins {
			if _, err := mustCreator(w, j.Creator); err != nil {
				return err
			}
			if err := joinAffiliate(w, sl, j.Creator, j.Event, j.Collab, j.At); err != nil {
				return err
			}
			// An accepted invitation or a showcase connects them (SPEC), as
			// RespondInvite and ShowcaseAt do one at a time.
			rel, err := getRel(w, seller, j.Creator)
			if err != nil {
				return err
			}
			if !rel.Connected {
				rel = rel.Showcased()
				if err := putRel(w, seller, j.Creator, &rel); err != nil {
					return err
				}
				w.ch.add(ChangedRelation, seller, j.Creator)
			}
		}
		return nil
	})
}
