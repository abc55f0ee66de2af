package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"outreach/model"
	"outreach/model/program"
)

// Performance is stored per seller, affiliate and block of 16 outreach
// weeks: one record holds each week's rollup (model.WeekRollup) and, after
// it, that week's daily rows, length-prefixed so that a reader of whole
// weeks skips the days without decoding them. A 90-day window reads one or
// two records per affiliate, and a write of a day rewrites the week's rollup
// in the same record as the day, so rows and rollups never disagree.

// weeksPerBlock is how many weeks one perf record holds.
const weeksPerBlock = 16

const perfCodec = 1

// weekNo numbers outreach weeks from the one holding 1970-01-01 (week 0).
func weekNo(d program.Day) uint32 { return uint32((int(d.WeekStart()) + 3) / 7) }

// weekStartOf is the Sunday starting week number n.
func weekStartOf(n uint32) program.Day { return program.Day(int(n)*7 - 3) }

// blockOf is the block holding day d.
func blockOf(d program.Day) uint32 { return weekNo(d) / weeksPerBlock }

// blockWindow is the first and last day of block b.
func blockWindow(b uint32) program.Window {
	from := weekStartOf(b * weeksPerBlock)
	return program.Window{From: from, To: from + 7*weeksPerBlock - 1}
}

func perfKey(seller, creator string, block uint32) []byte {
	return append(prefix(seller, creator), u32(block)...)
}

// perfKeyBlock is the block number at the end of a perf key.
func perfKeyBlock(k []byte) uint32 {
	if len(k) < 4 {
		return 0
	}
	return binary.BigEndian.Uint32(k[len(k)-4:])
}

// perfWeek is one week of a block: its rollup and its days, in day order.
type perfWeek struct {
	roll program.WeekRollup
	days []program.PerfDay
}

// perfBlock is a decoded block, weeks in order.
type perfBlock struct {
	no    uint32
	weeks []perfWeek
	dirty bool
}

func (b *perfBlock) week(start program.Day, create bool) *perfWeek {
	i, ok := slices.BinarySearchFunc(b.weeks, start, func(w perfWeek, d program.Day) int { return int(w.roll.Week - d) })
	if ok {
		return &b.weeks[i]
	}
	if !create {
		return nil
	}
	b.weeks = slices.Insert(b.weeks, i, perfWeek{roll: program.WeekRollup{Week: start}})
	return &b.weeks[i]
}

// day finds a stored day, nil when absent.
func (w *perfWeek) day(d program.Day) *program.PerfDay {
	i, ok := slices.BinarySearchFunc(w.days, d, func(p program.PerfDay, d program.Day) int { return int(p.Day - d) })
	if !ok {
		return nil
	}
	return &w.days[i]
}

// put replaces (or adds, or with nd nil deletes) the row of a day and
// updates the week's rollup by model's rule. nd must be a day of w.
func (w *perfWeek) put(day program.Day, nd *program.PerfDay) error {
	i, ok := slices.BinarySearchFunc(w.days, day, func(p program.PerfDay, d program.Day) int { return int(p.Day - d) })
	var old *program.PerfDay
	if ok {
		o := w.days[i]
		old = &o
	}
	if nd != nil && nd.Day != day {
		return fmt.Errorf("day %s given as %s: %w", nd.Day, day, model.ErrInvalid)
	}
	if err := w.roll.Replace(old, nd); err != nil {
		return err
	}
	switch {
	case nd == nil && ok:
		w.days = slices.Delete(w.days, i, i+1)
	case nd != nil && ok:
		w.days[i] = *nd
	case nd != nil:
		w.days = slices.Insert(w.days, i, *nd)
	}
	return nil
}

func encSums(e *enc, s *program.PerfSums) {
	e.varint(int64(s.GMV))
	e.varint(s.Orders)
	e.varint(s.Items)
	e.varint(s.RefundedOrders)
	e.varint(int64(s.RefundedGMV))
	e.varint(s.Clicks)
	e.varint(s.Videos)
	e.varint(s.Lives)
	e.varint(int64(s.Commission))
	e.varint(s.SelfPurchaseOrders)
	e.varint(s.CodeOrders)
}

func decSums(d *dec, s *program.PerfSums) {
	if d.err != nil {
		return
	}
	// The hot loop of every program read: the eleven figures decoded from
	// a local slice, with the one- and two-byte cases inline.
	var v [11]int64
	b := d.b
	for i := range v {
		var u uint64
		switch {
		case len(b) > 0 && b[0] < 0x80:
			u, b = uint64(b[0]), b[1:]
		case len(b) > 1 && b[1] < 0x80:
			u, b = uint64(b[0]&0x7f)|uint64(b[1])<<7, b[2:]
		default:
			x, n := binary.Uvarint(b)
			if n <= 0 {
				d.err = errCorrupt
				return
			}
			u, b = x, b[n:]
		}
		v[i] = int64(u>>1) ^ -int64(u&1)
	}
	d.b = b
	s.GMV, s.Orders, s.Items, s.RefundedOrders = model.Cents(v[0]), v[1], v[2], v[3]
	s.RefundedGMV, s.Clicks, s.Videos, s.Lives = model.Cents(v[4]), v[5], v[6], v[7]
	s.Commission, s.SelfPurchaseOrders, s.CodeOrders = model.Cents(v[8]), v[9], v[10]
}

func encodeBlock(b *perfBlock) []byte {
	e := enc{b: make([]byte, 0, 32+len(b.weeks)*160)}
	e.b = append(e.b, perfCodec)
	n := 0
	for i := range b.weeks {
		if len(b.weeks[i].days) > 0 {
			n++
		}
	}
	e.uvarint(uint64(n))
	var days enc
	for i := range b.weeks {
		w := &b.weeks[i]
		if len(w.days) == 0 {
			continue
		}
		e.uvarint(uint64(weekNo(w.roll.Week) - b.no*weeksPerBlock))
		e.b = append(e.b, w.roll.SaleMask, w.roll.ActiveMask)
		encSums(&e, &w.roll.PerfSums)
		days.b = days.b[:0]
		days.uvarint(uint64(len(w.days)))
		for j := range w.days {
			p := &w.days[j]
			days.b = append(days.b, byte(p.Day-w.roll.Week))
			days.varint(int64(p.GMV))
			days.varint(p.Orders)
			days.varint(p.Items)
			days.varint(p.RefundedOrders)
			days.varint(int64(p.RefundedGMV))
			days.varint(p.Clicks)
			days.varint(p.Videos)
			days.varint(p.Lives)
			days.varint(int64(p.Commission))
			days.varint(p.SelfPurchaseOrders)
			days.str(p.Code)
		}
		e.uvarint(uint64(len(days.b)))
		e.b = append(e.b, days.b...)
	}
	return e.b
}

// blockReader walks a stored block without decoding what it is not asked.
type blockReader struct {
	d     dec
	no    uint32
	left  uint64
	roll  program.WeekRollup
	days  []byte // the current week's encoded days
	first bool
}

func newBlockReader(no uint32, raw []byte) (*blockReader, error) {
	r := &blockReader{}
	return r, r.reset(no, raw)
}

func (r *blockReader) reset(no uint32, raw []byte) error {
	if len(raw) == 0 || raw[0] != perfCodec {
		return fmt.Errorf("performance: %w", errCorrupt)
	}
	r.d = dec{b: raw[1:]}
	r.no = no
	r.left = r.d.uvarint()
	if r.d.err == nil && r.left > weeksPerBlock {
		r.d.err = errCorrupt
	}
	return r.d.err
}

// next moves to the next week; false at the end or on damage (see err).
func (r *blockReader) next() bool {
	if r.d.err != nil || r.left == 0 {
		return false
	}
	r.left--
	off := r.d.uvarint()
	if r.d.err == nil && (off >= weeksPerBlock || len(r.d.b) < 2) {
		r.d.err = errCorrupt
	}
	if r.d.err != nil {
		return false
	}
	r.roll = program.WeekRollup{Week: weekStartOf(r.no*weeksPerBlock + uint32(off))}
	r.roll.SaleMask, r.roll.ActiveMask = r.d.b[0], r.d.b[1]
	r.d.b = r.d.b[2:]
	decSums(&r.d, &r.roll.PerfSums)
	n := r.d.uvarint()
	if r.d.err == nil && n > uint64(len(r.d.b)) {
		r.d.err = errCorrupt
	}
	if r.d.err != nil {
		return false
	}
	r.days = r.d.b[:n]
	r.d.b = r.d.b[n:]
	return true
}

func (r *blockReader) err() error {
	if r.d.err != nil {
		return fmt.Errorf("performance: %w", r.d.err)
	}
	if r.left == 0 && len(r.d.b) != 0 {
		return fmt.Errorf("performance: %w", errCorrupt)
	}
	return nil
}

// daysWithin reports whether every stored day of the current week lies in
// [from, to], reading only the days' offsets: a week cut by a window whose
// rows all fall inside it counts by its rollup. False on damage (eachDay
// then reports it).
func (r *blockReader) daysWithin(from, to program.Day) bool {
	lo, hi := int(from-r.roll.Week), int(to-r.roll.Week)
	b := r.days
	n, k := binary.Uvarint(b)
	if k <= 0 || n > 7 {
		return false
	}
	b = b[k:]
	for range n {
		if len(b) == 0 || int(b[0]) < lo || int(b[0]) > hi {
			return false
		}
		// Skip the figures: dayVarints varints, each ending at a byte
		// below 0x80 or after binary.MaxVarintLen64 continuation bytes.
		i, need, run := 1, dayVarints, 0
		for need > 0 {
			if i >= len(b) {
				return false
			}
			if b[i] < 0x80 || run == binary.MaxVarintLen64 {
				need, run = need-1, 0
			} else {
				run++
			}
			i++
		}
		b = b[i:]
		l, k := binary.Uvarint(b) // the code
		if k <= 0 || l > uint64(len(b)-k) {
			return false
		}
		b = b[k+int(l):]
	}
	return len(b) == 0
}

// dayVarints is how many varint figures a stored day has before its code.
const dayVarints = 10

// eachDay decodes the current week's days into p (reused) and calls fn.
func (r *blockReader) eachDay(seller, creator string, fn func(p *program.PerfDay) error) error {
	d := dec{b: r.days}
	n := d.uvarint()
	if d.err == nil && n > 7 {
		d.err = errCorrupt
	}
	var p program.PerfDay
	for i := uint64(0); i < n && d.err == nil; i++ {
		if len(d.b) == 0 {
			d.err = errCorrupt
			break
		}
		off := d.b[0]
		d.b = d.b[1:]
		if off > 6 {
			d.err = errCorrupt
			break
		}
		p = program.PerfDay{SellerID: seller, CreatorID: creator, Day: r.roll.Week + program.Day(off)}
		p.GMV = model.Cents(d.varint())
		p.Orders = d.varint()
		p.Items = d.varint()
		p.RefundedOrders = d.varint()
		p.RefundedGMV = model.Cents(d.varint())
		p.Clicks = d.varint()
		p.Videos = d.varint()
		p.Lives = d.varint()
		p.Commission = model.Cents(d.varint())
		p.SelfPurchaseOrders = d.varint()
		p.Code = d.str()
		if d.err != nil {
			break
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	d.end()
	if d.err != nil {
		return fmt.Errorf("performance: %w", d.err)
	}
	return nil
}

// decodeBlock decodes a whole block, for a write.
func decodeBlock(seller, creator string, no uint32, raw []byte) (*perfBlock, error) {
	b := &perfBlock{no: no}
	r, err := newBlockReader(no, raw)
	if err != nil {
		return nil, err
	}
	for r.next() {
		w := perfWeek{roll: r.roll}
		err := r.eachDay(seller, creator, func(p *program.PerfDay) error {
			w.days = append(w.days, *p)
			return nil
		})
		if err != nil {
			return nil, err
		}
		b.weeks = append(b.weeks, w)
	}
	return b, r.err()
}
