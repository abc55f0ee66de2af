package store

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"outreach/model"
	"outreach/model/program"
)

// Performance feeds the creator's own monthly record for levels (SPEC
// "Affiliates and their performance"). The record a creator came with (an
// import, the demo) may hold activity with sellers outside this store, so
// performance is added on top of it: each seller's share of a month is kept
// (GMV, the days with activity as a bit mask, whether it sold), and when a
// share changes the record moves by the difference between the creator's
// performance before and after: GMV by the sum, active days by the days any
// seller was active (a day active for two sellers counts once), distinct
// products by the sellers the creator sold for (a seller's products are one
// at least; the data says no more). Replacing a day moves it back exactly.

// monthShare is one seller's part of a creator's month.
type monthShare struct {
	seller string
	gmv    model.Cents
	mask   uint32 // bit i: day i+1 of the month had activity
	sold   bool
}

// monthShares is a creator's month as performance made it.
type monthShares struct {
	shares []monthShare // by seller
	dirty  bool
}

// sum is the creator's performance of the month from every seller.
func (m *monthShares) sum() (gmv model.Cents, active, products int) {
	var mask uint32
	for _, s := range m.shares {
		gmv += s.gmv
		mask |= s.mask
		if s.sold {
			products++
		}
	}
	return gmv, bits.OnesCount32(mask), products
}

func encodeMonthShares(m *monthShares) []byte {
	e := enc{b: make([]byte, 0, 16+len(m.shares)*24)}
	e.b = append(e.b, 1)
	e.uvarint(uint64(len(m.shares)))
	for _, s := range m.shares {
		e.str(s.seller)
		e.varint(int64(s.gmv))
		e.uvarint(uint64(s.mask))
		e.boolean(s.sold)
	}
	return e.b
}

func decodeMonthShares(b []byte) (*monthShares, error) {
	if len(b) == 0 || b[0] != 1 {
		return nil, fmt.Errorf("creator month: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	n := d.uvarint()
	if n > uint64(len(b)) {
		return nil, fmt.Errorf("creator month: %w", errCorrupt)
	}
	m := &monthShares{shares: make([]monthShare, 0, n)}
	for i := uint64(0); i < n && d.err == nil; i++ {
		m.shares = append(m.shares, monthShare{seller: d.str(), gmv: model.Cents(d.varint()), mask: uint32(d.uvarint()), sold: d.boolean()})
	}
	d.end()
	if d.err != nil {
		return nil, fmt.Errorf("creator month: %w", d.err)
	}
	return m, nil
}

// monthShare recomputes seller's share of creator's month from its stored
// days and moves the creator's monthly record by the difference.
func (pw *perfWriter) monthShare(seller, creator, month string, mw program.Window, ab *affBlocks) error {
	var sh monthShare
	sh.seller = seller
	ab.eachDay(mw, func(p *program.PerfDay) {
		sh.gmv += p.GMV
		if p.Active() {
			sh.mask |= 1 << (p.Day - mw.From)
		}
		if p.Sold() {
			sh.sold = true
		}
	})
	k := string(key(creator, month))
	m := pw.months[k]
	if m == nil {
		raw, err := pw.w.Get(bCreatorMonths, []byte(k))
		if err != nil {
			return err
		}
		m = &monthShares{}
		if raw != nil {
			if m, err = decodeMonthShares(raw); err != nil {
				return err
			}
		}
		pw.months[k] = m
	}
	g0, a0, p0 := m.sum()
	i, ok := slices.BinarySearchFunc(m.shares, seller, func(s monthShare, id string) int { return strings.Compare(s.seller, id) })
	empty := sh.gmv == 0 && sh.mask == 0 && !sh.sold
	switch {
	case ok && empty:
		m.shares = slices.Delete(m.shares, i, i+1)
	case ok:
		if m.shares[i] == sh {
			return nil
		}
		m.shares[i] = sh
	case empty:
		return nil
	default:
		m.shares = slices.Insert(m.shares, i, sh)
	}
	m.dirty = true
	g1, a1, p1 := m.sum()
	if g0 == g1 && a0 == a1 && p0 == p1 {
		return nil
	}
	cc := pw.creators[creator]
	if cc == nil {
		c, err := mustCreator(pw.w, creator)
		if err != nil {
			return err
		}
		cc = &creatorCtx{c: c}
		pw.creators[creator] = cc
	}
	c := cc.c
	j := slices.IndexFunc(c.Perf, func(p model.MonthPerf) bool { return p.Month == month })
	if j < 0 {
		j, _ = slices.BinarySearchFunc(c.Perf, month, func(p model.MonthPerf, m string) int { return strings.Compare(p.Month, m) })
		c.Perf = slices.Insert(slices.Clip(c.Perf), j, model.MonthPerf{Month: month})
	}
	p := &c.Perf[j]
	p.GMV = max(0, p.GMV+g1-g0)
	p.ActiveDays = min(mw.Days(), max(0, p.ActiveDays+a1-a0))
	p.Products = max(0, p.Products+p1-p0)
	cc.dirty = true
	return nil
}
