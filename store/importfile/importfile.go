// Package importfile parses a creator import file (CSV with a header row, or
// JSON Lines) into validated creators.
//
// It reads only the reader it is given and touches no database: the store
// writes the result in one transaction, so an import is all-or-nothing. A bad
// row is reported as an *Error carrying its line number and column name.
package importfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"outreach/model"
)

// Format of an import file.
type Format int

const (
	// CSV is comma-separated values with a header row naming the columns.
	CSV Format = iota
	// JSONL is JSON Lines: one JSON object per line.
	JSONL
)

// String is the format's usual file extension, without the dot.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSONL:
		return "jsonl"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatFor picks the format from a file name: ".jsonl" (and ".ndjson") is
// JSONL, ".csv" is CSV (case does not matter), anything else is an error
// naming the extension.
func FormatFor(name string) (Format, error) {
	ext := filepath.Ext(name)
	switch strings.ToLower(ext) {
	case ".csv":
		return CSV, nil
	case ".jsonl", ".ndjson":
		return JSONL, nil
	}
	if ext == "" {
		return 0, fmt.Errorf("import file %q has no extension: want .csv, .jsonl or .ndjson: %w",
			model.Clip(model.SafeLine(filepath.Base(name)), 60), model.ErrInvalid)
	}
	return 0, fmt.Errorf("import file extension %q is not supported: want .csv, .jsonl or .ndjson: %w",
		model.Clip(model.SafeLine(ext), 20), model.ErrInvalid)
}

// Limits bounds an import. A zero or negative field means the default.
type Limits struct {
	MaxBytes     int64 // size of the whole file
	MaxRows      int   // creators in the file
	MaxLineBytes int   // bytes in one line (not counting the newline), and in one CSV record
}

// DefaultLimits: 1 GiB, 2,000,000 rows, 64 KiB per line/record.
var DefaultLimits = Limits{
	MaxBytes:     1 << 30,
	MaxRows:      2_000_000,
	MaxLineBytes: 64 << 10,
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultLimits.MaxRows
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultLimits.MaxLineBytes
	}
	return l
}

// Error is a bad file or a bad row: the line number (1-based; the header is
// line 1 in CSV; 0 when the error is about the whole file), the column (field
// name, empty when the error is not about one field) and what is wrong. Every
// part is safe to print on a terminal.
type Error struct {
	Line   int
	Column string
	Msg    string
}

// Error formats as "line 12, column followers: want a whole number 0..10000000000".
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column != "":
		return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	case e.Column != "":
		return fmt.Sprintf("column %s: %s", e.Column, e.Msg)
	}
	return e.Msg
}

// Unwrap returns model.ErrInvalid: every *Error is bad input.
func (e *Error) Unwrap() error { return model.ErrInvalid }

// Parse reads the whole file and returns every creator, or the first error.
// All-or-nothing: on any error, no creators are returned. Problems with the
// file are *Error (and model.ErrInvalid); a failure of r itself is returned
// wrapped, as it is. A file with a CSV header and no rows gives an empty,
// non-nil slice; a file with nothing in it (not even a header) is an error.
func Parse(r io.Reader, f Format, lim Limits) ([]model.Creator, error) {
	out := []model.Creator{}
	err := parse(r, f, lim, func(c model.Creator) error {
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseEach is Parse without holding the creators: it calls fn with each
// good creator in file order, so a large file is never held whole. The
// checks are Parse's, including a duplicate id, which is reported on the
// second row that carries it. When ParseEach returns an error, fn may
// already have seen creators, and the caller must discard what it did
// with them (roll its transaction back): the file is still all-or-nothing.
// An error from fn stops the parse and is returned as it is. The creators
// fn gets share no memory with each other or with the parser, except
// that a creator's strings may keep its row's text alive.
func ParseEach(r io.Reader, f Format, lim Limits, fn func(model.Creator) error) error {
	if fn == nil {
		return fmt.Errorf("ParseEach: no function given: %w", model.ErrInvalid)
	}
	return parse(r, f, lim, fn)
}

func parse(r io.Reader, f Format, lim Limits, emit func(model.Creator) error) error {
	lim = lim.withDefaults()
	g := &guard{r: r, maxBytes: lim.MaxBytes, left: lim.MaxBytes, maxLine: lim.MaxLineBytes, line: 1}
	switch f {
	case CSV:
		return parseCSV(g, lim, emit)
	case JSONL:
		return parseJSONL(g, lim, emit)
	}
	return fmt.Errorf("import format %d: want CSV or JSONL: %w", int(f), model.ErrInvalid)
}

// errLimit is what the guard returns once a limit is hit; the parsers turn
// it back into the guard's *Error.
var errLimit = errors.New("import limit reached")

// guard enforces the file size and line length limits while the parsers read,
// so neither a huge file nor a huge line is ever buffered whole. When a limit
// is hit it delivers the bytes before the offending point, then errLimit, and
// keeps err for the parser to report.
type guard struct {
	r        io.Reader
	maxBytes int64
	left     int64 // bytes still allowed
	maxLine  int
	run      int // bytes of the current line read so far
	line     int // current line, 1-based
	err      *Error
}

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, errLimit
	}
	if len(p) == 0 {
		return 0, nil
	}
	if int64(len(p)) > g.left+1 {
		p = p[:g.left+1] // one byte more than allowed tells "too big" from "exactly the limit"
	}
	n, err := g.r.Read(p)
	if n <= 0 || n > len(p) {
		return 0, err
	}
	end, over := n, false
	if int64(n) > g.left {
		end, over = int(g.left), true
	}
	data := p[:end]
	for i := 0; i < end; {
		j := bytes.IndexByte(data[i:], '\n')
		seg := end - i
		if j >= 0 {
			seg = j
		}
		if g.run+seg > g.maxLine {
			cut := i + g.maxLine - g.run
			g.left -= int64(cut)
			g.err = &Error{Line: g.line, Msg: fmt.Sprintf("longer than %d bytes", g.maxLine)}
			return cut, errLimit
		}
		if j < 0 {
			g.run += seg
			break
		}
		g.run = 0
		g.line++
		i += j + 1
	}
	g.left -= int64(end)
	if over {
		g.err = &Error{Msg: fmt.Sprintf("file is larger than %d bytes", g.maxBytes)}
		return end, errLimit
	}
	return n, err
}

// readErr turns an error from reading through the guard into what Parse
// returns: the guard's *Error for a limit, else the reader's own failure.
func (g *guard) readErr(err error) error {
	if errors.Is(err, errLimit) && g.err != nil {
		return g.err
	}
	return fmt.Errorf("reading import file: %w", err)
}

// skipBOM drops a UTF-8 byte order mark at the start of the file.
func skipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(3); len(b) == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		_, _ = br.Discard(3)
	}
}

// colID names an import column.
type colID int

const (
	cID colID = iota
	cHandle
	cFollowers
	cName
	cLevel
	cType
	cCategories
	cCountry
	cBio
	cGMV
	cActiveDays
	cAvgViews
	numCols
)

// colNames are the column names (CSV header names, JSON Lines keys), in the
// order rows are checked.
var colNames = [numCols]string{
	cID:         "id",
	cHandle:     "handle",
	cFollowers:  "followers",
	cName:       "name",
	cLevel:      "level",
	cType:       "type",
	cCategories: "categories",
	cCountry:    "country",
	cBio:        "bio",
	cGMV:        "gmv_30d",
	cActiveDays: "active_days_30d",
	cAvgViews:   "avg_views",
}

var requiredCols = [...]colID{cID, cHandle, cFollowers}

var colByName = func() map[string]colID {
	m := make(map[string]colID, numCols)
	for c, n := range colNames {
		m[n] = colID(c)
	}
	return m
}()

var knownCols = strings.Join(colNames[:], ", ")

// columnName is the column's name, or "" for none (-1).
func columnName(c colID) string {
	if c < 0 || c >= numCols {
		return ""
	}
	return colNames[c]
}

// safeName makes an untrusted name (an unknown column or key) printable.
func safeName(s string) string { return model.Clip(model.SafeLine(s), 40) }

// row is one record's raw fields, whatever the file format.
type row struct {
	val  [numCols]string
	has  [numCols]bool
	cats []string // categories, already split; build may reuse the array
}

// fieldError is a bad field of a row; the parser adds the line.
type fieldError struct {
	col colID // -1: not one column
	msg string
}

// modelErr turns a model validation error into a fieldError for col, without
// the ": invalid input" tail or a "categories: " head the column already says.
func modelErr(col colID, err error) *fieldError {
	msg := strings.TrimSuffix(err.Error(), ": "+model.ErrInvalid.Error())
	if n := columnName(col); n != "" {
		msg = strings.TrimPrefix(msg, n+": ")
	}
	return &fieldError{col: col, msg: msg}
}

const (
	msgFollowers  = "want a whole number 0..10000000000"
	msgActiveDays = "want a whole number 0..30"
	msgAvgViews   = "want a whole number 0 or more"
	msgGMV        = "want US dollars with at most two decimals, like 1234.50"
	msgNegative   = "must not be negative"
)

// build checks every field of the row, column by column, and returns the
// creator it describes, safe and valid, or the first bad field.
func (r *row) build() (model.Creator, *fieldError) {
	var c model.Creator
	for _, col := range requiredCols {
		if !r.has[col] {
			return c, &fieldError{col: col, msg: "required, but missing or null"}
		}
	}
	var err error
	c.ID = strings.TrimSpace(r.val[cID])
	if err = model.ValidID("id", c.ID); err != nil {
		return c, modelErr(cID, err)
	}
	c.Handle = strings.TrimSpace(r.val[cHandle])
	if err = model.ValidHandle(c.Handle); err != nil {
		return c, modelErr(cHandle, err)
	}
	n, ok := parseWhole(r.val[cFollowers], model.MaxFollowers)
	if !ok {
		return c, &fieldError{col: cFollowers, msg: msgFollowers}
	}
	c.Followers = n
	if c.Name, err = model.LimitLine("name", r.val[cName], model.MaxNameRunes); err != nil {
		return c, modelErr(cName, err)
	}
	if s := strings.TrimSpace(r.val[cLevel]); s != "" {
		if c.Level, err = model.ParseLevel(s); err != nil {
			return c, modelErr(cLevel, err)
		}
	}
	if c.Type, err = model.ParseCreatorType(strings.TrimSpace(r.val[cType])); err != nil {
		return c, modelErr(cType, err)
	}
	// Categories: blanks are dropped here; the model's CleanCategories makes
	// the rest safe and checks the limits in Validate below (calling it here
	// too would only double the allocations).
	c.Categories = r.cats[:0] // filtered in place; Validate makes a new slice
	for _, s := range r.cats {
		if strings.TrimSpace(s) != "" {
			c.Categories = append(c.Categories, s)
		}
	}
	if c.Country, err = model.LimitLine("country", r.val[cCountry], model.MaxCountryRunes); err != nil {
		return c, modelErr(cCountry, err)
	}
	if c.Bio, err = model.LimitText("bio", r.val[cBio], model.MaxBioRunes); err != nil {
		return c, modelErr(cBio, err)
	}
	if s := strings.TrimSpace(r.val[cGMV]); s != "" {
		if c.GMV30, err = model.ParseUSD(s); err != nil {
			return c, &fieldError{col: cGMV, msg: msgGMV}
		}
		if c.GMV30 < 0 {
			return c, &fieldError{col: cGMV, msg: msgNegative}
		}
	}
	if s := r.val[cActiveDays]; strings.TrimSpace(s) != "" {
		n, ok := parseWhole(s, 30)
		if !ok {
			return c, &fieldError{col: cActiveDays, msg: msgActiveDays}
		}
		c.ActiveDays30 = int(n)
	}
	if s := r.val[cAvgViews]; strings.TrimSpace(s) != "" {
		n, ok := parseWhole(s, 1<<63-1)
		if !ok {
			return c, &fieldError{col: cAvgViews, msg: msgAvgViews}
		}
		c.AvgViews = n
	}
	// The final word is the model's; of the checks above it repeats all but
	// the categories', which it is the one to make.
	if err = c.Validate(); err != nil {
		return c, modelErr(columnOfModelErr(err), err)
	}
	if len(c.Categories) == 0 {
		c.Categories = nil
	}
	return c, nil
}

// columnOfModelErr finds the column a model validation message is about: the
// model's messages start with the field's name.
func columnOfModelErr(err error) colID {
	msg := err.Error()
	if i := strings.IndexAny(msg, " :"); i >= 0 {
		msg = msg[:i]
	}
	if c, ok := colByName[msg]; ok {
		return c
	}
	return -1
}

// parseWhole reads a whole number 0..max written in decimal digits only,
// surrounding spaces allowed.
func parseWhole(s string, max int64) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 19 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := s[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		if dd := int64(d - '0'); max-dd < 0 || n > (max-dd)/10 {
			return 0, false
		}
		n = n*10 + int64(d-'0')
	}
	return n, true
}

// ids tracks the ids seen so far and the line of each, to refuse a
// duplicate. Files usually list ids in order, so the ids that were each
// greater than all before them are kept packed in one sorted array (no map,
// no string per id) and searched by halving; only the others go to a map.
// Every id is in one of the two, so a duplicate is always found.
type ids struct {
	run   []byte   // the in-order ids, one after the other
	ends  []uint32 // where each in-order id ends in run
	lines []int32  // the line of each in-order id
	other map[string]int32
}

// at is the i-th in-order id, valid until run grows.
func (s *ids) at(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.run[start:s.ends[i]]
}

// add records id on line, or reports the line it was already on.
func (s *ids) add(id string, line int) *Error {
	n := len(s.ends)
	if n == 0 || string(s.at(n-1)) < id {
		if len(s.run)+len(id) <= math.MaxUint32 {
			s.run = append(s.run, id...)
			s.ends = append(s.ends, uint32(len(s.run)))
			s.lines = append(s.lines, int32(line))
			return nil
		}
	}
	i := sort.Search(n, func(i int) bool { return string(s.at(i)) >= id })
	prev, dup := 0, false
	if i < n && string(s.at(i)) == id {
		prev, dup = int(s.lines[i]), true
	} else if l, ok := s.other[id]; ok {
		prev, dup = int(l), true
	}
	if dup {
		return &Error{Line: line, Column: "id", Msg: fmt.Sprintf("%q already on line %d", id, prev)}
	}
	if s.other == nil {
		s.other = make(map[string]int32)
	}
	s.other[strings.Clone(id)] = int32(line)
	return nil
}

func tooManyRows(line, max int) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf("more than %d rows", max)}
}
