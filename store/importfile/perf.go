package importfile

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"outreach/model"
	"outreach/model/program"
)

// PerfRow is one row of a performance import and the line it starts on,
// so the store can name the line of an unknown seller or creator.
type PerfRow struct {
	program.PerfDay
	Line int
}

// DefaultPerfLimits bounds a performance import: 1 GiB, 5,000,000 rows,
// 4 KiB per line (a row of every column is under 300 bytes).
var DefaultPerfLimits = Limits{
	MaxBytes:     1 << 30,
	MaxRows:      5_000_000,
	MaxLineBytes: 4 << 10,
}

func (l Limits) withPerfDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultPerfLimits.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultPerfLimits.MaxRows
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultPerfLimits.MaxLineBytes
	}
	return l
}

// ParsePerf reads a whole performance import (SPEC "Program screens and
// commands": seller, creator, day required; gmv, orders, items,
// refunded_orders, refunded_gmv, clicks, videos, lives, commission, code,
// self_purchase_orders optional, 0 when absent or empty, money in US
// dollars with at most two decimals). All-or-nothing, like Parse: on any
// error no rows come back; a bad file or row is an *Error naming the line
// and column; the same (seller, creator, day) twice in one file is an error
// naming both lines. Every row passes model.PerfDay.Validate. Whether the
// seller and creator exist is the store's to check.
func ParsePerf(r io.Reader, f Format, lim Limits) ([]PerfRow, error) {
	p, err := parsePerf(r, f, lim, nil)
	if err != nil {
		return nil, err
	}
	if p.out == nil {
		p.out = []PerfRow{}
	}
	return p.out, nil
}

// ParsePerfEach is ParsePerf without holding the rows: it calls fn with
// each good row in file order, so the store can write rows into its
// transaction as they are read. The file is still all-or-nothing, and some
// errors (a duplicate row) are only known at the end: when ParsePerfEach
// returns an error, fn may already have seen rows, and the caller must
// discard what it did with them (roll the transaction back). An error from
// fn stops the parse and is returned as it is.
func ParsePerfEach(r io.Reader, f Format, lim Limits, fn func(PerfRow) error) error {
	if fn == nil {
		return fmt.Errorf("ParsePerfEach: no function given: %w", model.ErrInvalid)
	}
	_, err := parsePerf(r, f, lim, fn)
	return err
}

func parsePerf(r io.Reader, f Format, lim Limits, emit func(PerfRow) error) (*perfParser, error) {
	lim = lim.withPerfDefaults()
	g := &guard{r: r, maxBytes: lim.MaxBytes, left: lim.MaxBytes, maxLine: lim.MaxLineBytes, line: 1}
	p := newPerfParser(lim)
	p.emit = emit
	var err error
	switch f {
	case CSV:
		err = p.parseCSV(g)
	case JSONL:
		err = p.parseJSONL(g)
	default:
		return nil, fmt.Errorf("import format %d: want CSV or JSONL: %w", int(f), model.ErrInvalid)
	}
	if err == nil {
		err = p.finish()
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// pcol names a performance import column.
type pcol int

const (
	pSeller pcol = iota
	pCreator
	pDay
	pGMV
	pOrders
	pItems
	pRefundedOrders
	pRefundedGMV
	pClicks
	pVideos
	pLives
	pCommission
	pCode
	pSelfPurchase
	numPerfCols
)

var perfColNames = [numPerfCols]string{
	pSeller: "seller", pCreator: "creator", pDay: "day", pGMV: "gmv", pOrders: "orders", pItems: "items",
	pRefundedOrders: "refunded_orders", pRefundedGMV: "refunded_gmv", pClicks: "clicks", pVideos: "videos",
	pLives: "lives", pCommission: "commission", pCode: "code", pSelfPurchase: "self_purchase_orders",
}

var perfRequired = [...]pcol{pSeller, pCreator, pDay}

var perfKnown = strings.Join(perfColNames[:], ", ")

// perfColByName finds a column by its exact (already lower-cased) name; a
// switch, as it runs for every key of every JSON line.
func perfColByName(name string) (pcol, bool) {
	switch name {
	case "seller":
		return pSeller, true
	case "creator":
		return pCreator, true
	case "day":
		return pDay, true
	case "gmv":
		return pGMV, true
	case "orders":
		return pOrders, true
	case "items":
		return pItems, true
	case "refunded_orders":
		return pRefundedOrders, true
	case "refunded_gmv":
		return pRefundedGMV, true
	case "clicks":
		return pClicks, true
	case "videos":
		return pVideos, true
	case "lives":
		return pLives, true
	case "commission":
		return pCommission, true
	case "code":
		return pCode, true
	case "self_purchase_orders":
		return pSelfPurchase, true
	}
	return -1, false
}

func perfColName(c pcol) string {
	if c < 0 || c >= numPerfCols {
		return ""
	}
	return perfColNames[c]
}

// kind of value a column holds.
func (c pcol) isText() bool  { return c == pSeller || c == pCreator || c == pDay || c == pCode }
func (c pcol) isMoney() bool { return c == pGMV || c == pRefundedGMV || c == pCommission }

// perfRaw is one row's fields as text, whatever the format.
type perfRaw struct {
	val [numPerfCols]string
	has [numPerfCols]bool
}

// perfFieldError is a bad field; the parser adds the line.
type perfFieldError struct {
	col pcol // -1: not one column
	msg string
}

const (
	msgCount    = "want a whole number 0..1000000000"
	msgMoney    = "want US dollars with at most two decimals, like 1234.50"
	msgRequired = "required, but missing or null"
)

// perfKey identifies a row for the duplicate check: interned seller and
// creator, the day, and the line it is on.
type perfKey struct {
	seller, creator uint32
	day             program.Day
	line            int32
}

// perfChunk is how many rows are kept per allocation while reading: a
// million rows are gathered in chunks and copied once into the result,
// instead of doubling one slice twenty times.
const perfChunk = 1 << 15

// perfParser holds what the rows of one file share: the rows read so far,
// the interned ids (a million rows name a few thousand creators, so each id
// is kept once) and every row's key for the duplicate check.
type perfParser struct {
	lim    Limits
	n      int
	chunks [][]PerfRow
	out    []PerfRow
	names  map[string]uint32
	strs   []string
	last   [numPerfCols]uint32 // per column, the id it interned last
	keys   []perfKey
	emit   func(PerfRow) error // when set, rows go to it instead of chunks
}

func newPerfParser(lim Limits) *perfParser {
	return &perfParser{lim: lim, names: make(map[string]uint32)}
}

// intern returns the kept copy of s and its number. *last is the number
// this column interned last, checked first: a file usually names one seller
// on every row, and lists a creator's days together.
func (p *perfParser) intern(s string, last *uint32) (string, uint32) {
	if *last < uint32(len(p.strs)) && p.strs[*last] == s {
		return p.strs[*last], *last
	}
	if n, ok := p.names[s]; ok {
		*last = n
		return p.strs[n], n
	}
	s = strings.Clone(s)
	n := uint32(len(p.strs))
	p.names[s] = n
	p.strs = append(p.strs, s)
	*last = n
	return s, n
}

// build checks every field of a row and returns the day it describes.
func (p *perfParser) build(r *perfRaw) (program.PerfDay, perfKey, *perfFieldError) {
	var (
		d   program.PerfDay
		key perfKey
	)
	for _, c := range perfRequired {
		if !r.has[c] {
			return d, key, &perfFieldError{col: c, msg: msgRequired}
		}
	}
	s := strings.TrimSpace(r.val[pSeller])
	if err := model.ValidID("seller", s); err != nil {
		return d, key, perfModelErr(pSeller, err)
	}
	d.SellerID, key.seller = p.intern(s, &p.last[pSeller])
	s = strings.TrimSpace(r.val[pCreator])
	if err := model.ValidID("creator", s); err != nil {
		return d, key, perfModelErr(pCreator, err)
	}
	d.CreatorID, key.creator = p.intern(s, &p.last[pCreator])
	day, err := program.ParseDay(strings.TrimSpace(r.val[pDay]))
	if err != nil {
		return d, key, perfModelErr(pDay, err)
	}
	d.Day, key.day = day, day
	counts := [...]struct {
		c   pcol
		dst *int64
	}{
		{pOrders, &d.Orders}, {pItems, &d.Items}, {pRefundedOrders, &d.RefundedOrders}, {pClicks, &d.Clicks},
		{pVideos, &d.Videos}, {pLives, &d.Lives}, {pSelfPurchase, &d.SelfPurchaseOrders},
	}
	for _, f := range counts {
		v := strings.TrimSpace(r.val[f.c])
		if v == "" {
			continue
		}
		n, ok := parseWhole(v, program.MaxDayCount)
		if !ok {
			if v[0] == '-' {
				if _, neg := parseWhole(v[1:], 1<<62); neg {
					return d, key, &perfFieldError{col: f.c, msg: msgNegative}
				}
			}
			return d, key, &perfFieldError{col: f.c, msg: msgCount}
		}
		*f.dst = n
	}
	money := [...]struct {
		c   pcol
		dst *model.Cents
	}{{pGMV, &d.GMV}, {pRefundedGMV, &d.RefundedGMV}, {pCommission, &d.Commission}}
	for _, f := range money {
		v := strings.TrimSpace(r.val[f.c])
		if v == "" {
			continue
		}
		c, err := model.ParseUSD(v)
		if err != nil {
			return d, key, &perfFieldError{col: f.c, msg: msgMoney}
		}
		if c < 0 {
			return d, key, &perfFieldError{col: f.c, msg: msgNegative}
		}
		*f.dst = c
	}
	if v := strings.TrimSpace(r.val[pCode]); v != "" {
		if err := program.ValidPerfCode("code", v); err != nil {
			return d, key, perfModelErr(pCode, err)
		}
		d.Code, _ = p.intern(program.NormCode(v), &p.last[pCode])
	}
	// The model has the last word: limits and the rules between fields
	// (refunds within orders and GMV).
	if err := d.Validate(); err != nil {
		msg := err.Error()
		col := pcol(-1)
		if i := strings.IndexAny(msg, " :"); i >= 0 {
			if c, ok := perfColByName(msg[:i]); ok {
				col = c
			}
		}
		return d, key, perfModelErr(col, err)
	}
	return d, key, nil
}

// perfModelErr turns a model error into a field error for col, without the
// ": invalid input" tail or the column's name at its head.
func perfModelErr(col pcol, err error) *perfFieldError {
	msg := strings.TrimSuffix(err.Error(), ": "+model.ErrInvalid.Error())
	if n := perfColName(col); n != "" {
		msg = strings.TrimPrefix(msg, n+" ")
	}
	return &perfFieldError{col: col, msg: msg}
}

// add keeps a row read from line, or hands it to emit.
func (p *perfParser) add(d program.PerfDay, key perfKey, line int) error {
	key.line = int32(line)
	p.keys = append(p.keys, key)
	p.n++
	if p.emit != nil {
		return p.emit(PerfRow{PerfDay: d, Line: line})
	}
	if len(p.chunks) == 0 || len(p.chunks[len(p.chunks)-1]) == perfChunk {
		p.chunks = append(p.chunks, make([]PerfRow, 0, min(perfChunk, p.lim.MaxRows)))
	}
	c := &p.chunks[len(p.chunks)-1]
	*c = append(*c, PerfRow{PerfDay: d, Line: line})
	return nil
}

// finish checks for rows with the same seller, creator and day, and
// gathers the rows. Keys are sorted rather than put in a map as they come:
// for a million rows that is several times faster and smaller. Of all
// duplicates, the one reported is the earliest repeat in the file, with the
// line it repeats.
func (p *perfParser) finish() error {
	slices.SortFunc(p.keys, func(a, b perfKey) int {
		if c := cmp.Compare(a.seller, b.seller); c != 0 {
			return c
		}
		if c := cmp.Compare(a.day, b.day); c != 0 {
			return c
		}
		if c := cmp.Compare(a.creator, b.creator); c != 0 {
			return c
		}
		return cmp.Compare(a.line, b.line)
	})
	var dup, first perfKey
	for i := 1; i < len(p.keys); i++ {
		a, b := p.keys[i-1], p.keys[i]
		if a.seller == b.seller && a.day == b.day && a.creator == b.creator && (dup.line == 0 || b.line < dup.line) {
			dup, first = b, a
		}
	}
	if dup.line != 0 {
		return &Error{Line: int(dup.line), Msg: fmt.Sprintf("seller %q, creator %q, day %s is already on line %d: one row per seller, creator and day",
			p.strs[dup.seller], p.strs[dup.creator], dup.day, first.line)}
	}
	p.keys = nil
	if p.emit != nil {
		return nil
	}
	p.out = make([]PerfRow, 0, p.n)
	for i, c := range p.chunks {
		p.out = append(p.out, c...)
		p.chunks[i] = nil
	}
	return nil
}
