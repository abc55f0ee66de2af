package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"outreach/model"
)

// Creators and relations are the records read in bulk (1M creators load into
// the finder) and on every send, so they use a compact binary encoding: a
// version byte, then varints and length-prefixed strings. Measured with
// BenchmarkDecodeCreators: see codec_test.go.

// errCorrupt marks a record that does not decode: the file is damaged.
var errCorrupt = fmt.Errorf("a record does not decode: %w", ErrDamaged)

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

type enc struct{ b []byte }

func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) boolean(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

type dec struct {
	b   []byte
	err error
}

func (d *dec) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) > 0 && d.b[0] < 0x80 { // one byte: most counts
		v := uint64(d.b[0])
		d.b = d.b[1:]
		return v
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) > 0 && d.b[0] < 0x80 { // one byte: -64..63
		u := d.b[0]
		d.b = d.b[1:]
		return int64(u>>1) ^ -int64(u&1)
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

// bytes is a length-prefixed string as a slice of the record (no copy).
func (d *dec) bytes() []byte {
	n := d.uvarint()
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)) {
		d.err = errCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// end marks a record with bytes after its last field as corrupt.
func (d *dec) end() {
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
}

func (d *dec) boolean() bool {
	if d.err != nil || len(d.b) == 0 {
		d.err = errCorrupt
		return false
	}
	v := d.b[0] != 0
	d.b = d.b[1:]
	return v
}

// Creator records: version 1 (earlier files) and version 2 (written now).
// Version 2 puts what the finder's catalog needs first (id, handle, name,
// followers, level, type, the falling mark, categories, GMV, active days),
// so that loading a million creators reads a short prefix of each record and
// never decodes bios and monthly records it would throw away.
const (
	creatorCodecV1 = 1
	creatorCodec   = 2
)

// creator record flags (version 2).
const creatorFalling = 1

func encodeCreator(c *model.Creator) []byte {
	e := enc{b: make([]byte, 0, 96+len(c.Bio)+len(c.Name))}
	e.b = append(e.b, creatorCodec)
	e.str(c.ID)
	e.str(c.Handle)
	e.str(c.Name)
	e.varint(c.Followers)
	e.uvarint(uint64(c.Level))
	e.uvarint(uint64(c.Type))
	var flags uint64
	if c.Falling() {
		flags |= creatorFalling
	}
	e.uvarint(flags)
	e.uvarint(uint64(len(c.Categories)))
	for _, s := range c.Categories {
		e.str(s)
	}
	e.varint(int64(c.GMV30))
	e.varint(int64(c.ActiveDays30))
	e.str(c.Country)
	e.str(c.Bio)
	e.varint(c.AvgViews)
	e.uvarint(uint64(len(c.Perf)))
	for _, p := range c.Perf {
		e.str(p.Month)
		e.varint(int64(p.GMV))
		e.varint(int64(p.ActiveDays))
		e.varint(int64(p.Products))
	}
	e.uvarint(uint64(len(c.History)))
	for _, h := range c.History {
		e.str(h.Month)
		e.uvarint(uint64(h.Level))
	}
	return e.b
}

func decodeCreator(b []byte, c *model.Creator) error {
	if len(b) == 0 || (b[0] != creatorCodec && b[0] != creatorCodecV1) {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	v2 := b[0] == creatorCodec
	d := dec{b: b[1:]}
	c.ID = d.str()
	c.Handle = d.str()
	c.Name = d.str()
	c.Followers = d.varint()
	c.Level = model.Level(d.uvarint())
	c.Type = model.CreatorType(d.uvarint())
	if v2 {
		d.uvarint() // flags: derived from the history, decoded below
	}
	n := d.uvarint()
	if n > 1000 {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	c.Categories = nil
	if n > 0 {
		c.Categories = make([]string, n)
		for i := range c.Categories {
			c.Categories[i] = d.str()
		}
	}
	if v2 {
		c.GMV30 = model.Cents(d.varint())
		c.ActiveDays30 = int(d.varint())
	}
	c.Country = d.str()
	c.Bio = d.str()
	if !v2 {
		c.GMV30 = model.Cents(d.varint())
		c.ActiveDays30 = int(d.varint())
	}
	c.AvgViews = d.varint()
	n = d.uvarint()
	if n > 10000 {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	c.Perf = nil
	if n > 0 {
		c.Perf = make([]model.MonthPerf, n)
		for i := range c.Perf {
			c.Perf[i] = model.MonthPerf{Month: d.str(), GMV: model.Cents(d.varint()), ActiveDays: int(d.varint()), Products: int(d.varint())}
		}
	}
	n = d.uvarint()
	if n > 10000 {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	c.History = nil
	if n > 0 {
		c.History = make([]model.LevelChange, n)
		for i := range c.History {
			c.History[i] = model.LevelChange{Month: d.str(), Level: model.Level(d.uvarint())}
		}
	}
	d.end()
	if d.err != nil {
		return fmt.Errorf("creator: %w", d.err)
	}
	return nil
}

// CreatorSummary is what the finder's catalog needs of one creator. The
// byte slices are valid only during the callback that receives it (they
// point into the store's pages or a reused buffer): copy what is kept.
type CreatorSummary struct {
	ID, Handle, Name []byte
	Followers        int64
	Level            model.Level
	Type             model.CreatorType
	Falling          bool
	Categories       [][]byte
	GMV30            model.Cents
	ActiveDays30     int
}

// decodeSummary reads the catalog's fields of a creator record: the
// prefix of a version 2 record (the rest is not looked at, so a record
// damaged beyond it is reported by full reads, not here), or the whole of a
// version 1 record. s's slices alias b (or c's strings for version 1).
func decodeSummary(b []byte, s *CreatorSummary, c *model.Creator) error {
	if len(b) > 0 && b[0] == creatorCodecV1 {
		if err := decodeCreator(b, c); err != nil {
			return err
		}
		s.ID, s.Handle, s.Name = []byte(c.ID), []byte(c.Handle), []byte(c.Name)
		s.Followers, s.Level, s.Type, s.Falling = c.Followers, c.Level, c.Type, c.Falling()
		s.Categories = s.Categories[:0]
		for _, x := range c.Categories {
			s.Categories = append(s.Categories, []byte(x))
		}
		s.GMV30, s.ActiveDays30 = c.GMV30, c.ActiveDays30
		return nil
	}
	if len(b) == 0 || b[0] != creatorCodec {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	s.ID = d.bytes()
	s.Handle = d.bytes()
	s.Name = d.bytes()
	s.Followers = d.varint()
	s.Level = model.Level(d.uvarint())
	s.Type = model.CreatorType(d.uvarint())
	s.Falling = d.uvarint()&creatorFalling != 0
	n := d.uvarint()
	if n > 1000 {
		return fmt.Errorf("creator: %w", errCorrupt)
	}
	s.Categories = s.Categories[:0]
	for range n {
		s.Categories = append(s.Categories, d.bytes())
	}
	s.GMV30 = model.Cents(d.varint())
	s.ActiveDays30 = int(d.varint())
	if d.err != nil {
		return fmt.Errorf("creator: %w", d.err)
	}
	return nil
}

const relCodec = 1

func encodeRel(r *model.Relation) []byte {
	e := enc{b: make([]byte, 0, 48)}
	e.b = append(e.b, relCodec)
	var flags uint64
	for i, f := range []bool{r.Connected, r.BlockedBySeller, r.BlockedByCreator, r.Saved, r.LastFromSeller} {
		if f {
			flags |= 1 << i
		}
	}
	e.uvarint(flags)
	e.varint(r.CountedWeek)
	e.varint(r.MsgWeek)
	e.varint(int64(r.MsgCount))
	e.varint(int64(r.Messages))
	e.varint(r.LastAt)
	e.varint(int64(r.SellerUnread))
	e.varint(int64(r.CreatorUnread))
	e.varint(int64(r.Invites))
	return e.b
}

func decodeRel(b []byte, r *model.Relation) error {
	*r = model.Relation{}
	if b == nil {
		return nil
	}
	if len(b) == 0 || b[0] != relCodec {
		return fmt.Errorf("relation: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	flags := d.uvarint()
	r.Connected = flags&1 != 0
	r.BlockedBySeller = flags&2 != 0
	r.BlockedByCreator = flags&4 != 0
	r.Saved = flags&8 != 0
	r.LastFromSeller = flags&16 != 0
	r.CountedWeek = d.varint()
	r.MsgWeek = d.varint()
	r.MsgCount = int(d.varint())
	r.Messages = int(d.varint())
	r.LastAt = d.varint()
	r.SellerUnread = int(d.varint())
	r.CreatorUnread = int(d.varint())
	r.Invites = int(d.varint())
	d.end()
	if d.err != nil {
		return fmt.Errorf("relation: %w", d.err)
	}
	return nil
}

// Messages and decision records are written on every send, so they are
// binary too. A record that starts with '{' is the JSON of earlier files.

const msgCodec, decisionCodec = 1, 1

func encodeMessage(m *model.ChatMessage) []byte {
	e := enc{b: make([]byte, 0, 32+len(m.SellerID)+len(m.CreatorID)+len(m.Text))}
	e.b = append(e.b, msgCodec)
	e.uvarint(m.Seq)
	e.str(m.SellerID)
	e.str(m.CreatorID)
	e.boolean(m.FromSeller)
	e.str(m.Text)
	e.varint(m.At.UnixNano())
	e.uvarint(m.Invite)
	return e.b
}

func decodeMessage(b []byte, m *model.ChatMessage) error {
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, m); err != nil {
			return fmt.Errorf("message: %w", errCorrupt)
		}
		return nil
	}
	if len(b) == 0 || b[0] != msgCodec {
		return fmt.Errorf("message: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	m.Seq = d.uvarint()
	m.SellerID = d.str()
	m.CreatorID = d.str()
	m.FromSeller = d.boolean()
	m.Text = d.str()
	m.At = time.Unix(0, d.varint()).UTC()
	m.Invite = d.uvarint()
	d.end()
	if d.err != nil {
		return fmt.Errorf("message: %w", d.err)
	}
	return nil
}

func encodeDecision(r *model.DecisionRecord) []byte {
	e := enc{b: make([]byte, 0, 64+len(r.Message)+len(r.Key))}
	e.b = append(e.b, decisionCodec)
	e.uvarint(r.Seq)
	e.varint(r.At.UnixNano())
	e.str(r.SellerID)
	e.str(r.CreatorID)
	e.str(r.Kind)
	e.boolean(r.Allowed)
	e.str(string(r.Reason))
	e.str(r.Message)
	e.varint(int64(r.Charged))
	e.str(r.Credit)
	e.str(r.Key)
	e.str(r.Actor)
	return e.b
}

func decodeDecision(b []byte, r *model.DecisionRecord) error {
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, r); err != nil {
			return fmt.Errorf("decision: %w", errCorrupt)
		}
		return nil
	}
	if len(b) == 0 || b[0] != decisionCodec {
		return fmt.Errorf("decision: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	r.Seq = d.uvarint()
	r.At = time.Unix(0, d.varint()).UTC()
	r.SellerID = d.str()
	r.CreatorID = d.str()
	r.Kind = d.str()
	r.Allowed = d.boolean()
	r.Reason = model.Reason(d.str())
	r.Message = d.str()
	r.Charged = int(d.varint())
	r.Credit = d.str()
	r.Key = d.str()
	r.Actor = d.str()
	d.end()
	if d.err != nil {
		return fmt.Errorf("decision: %w", d.err)
	}
	return nil
}
