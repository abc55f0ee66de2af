package importfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"outreach/model"
)

// jsonRecord is one JSON Lines object. id and handle are pointers so a
// missing key (or null) is told from ""; for the optional text keys missing,
// null and "" all mean "none", so they are plain strings (fewer allocations).
// Numbers are taken raw and parsed by the same code as CSV, so 1.5, 1e3 and
// "100" are refused as whole numbers with the column named; gmv_30d may be a
// number or a string.
type jsonRecord struct {
	ID         *string         `json:"id"`
	Handle     *string         `json:"handle"`
	Followers  json.RawMessage `json:"followers"`
	Name       string          `json:"name"`
	Level      string          `json:"level"`
	Type       string          `json:"type"`
	Categories []string        `json:"categories"`
	Country    string          `json:"country"`
	Bio        string          `json:"bio"`
	GMV        json.RawMessage `json:"gmv_30d"`
	ActiveDays json.RawMessage `json:"active_days_30d"`
	AvgViews   json.RawMessage `json:"avg_views"`
}

// lineDecoder decodes one line at a time with a single json.Decoder, fed
// each line through src, so the decoder's buffers are reused. Parsing stops
// at the first error, so the decoder's sticky errors never matter.
type lineDecoder struct {
	src lineSource
	dec *json.Decoder
}

type lineSource struct{ b []byte }

func (s *lineSource) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

func newLineDecoder() *lineDecoder {
	d := &lineDecoder{}
	d.dec = json.NewDecoder(&d.src)
	d.dec.DisallowUnknownFields()
	return d
}

// parseJSONL reads a JSON Lines file: one object per line, blank lines skipped.
func parseJSONL(g *guard, lim Limits, emit func(model.Creator) error) error {
	br := bufio.NewReaderSize(g, 64<<10)
	skipBOM(br)
	var (
		n     int
		seen  = &ids{}
		dec   = newLineDecoder()
		buf   []byte
		line  int
		empty = true
	)
	for {
		b, err := readLine(br, &buf)
		if err != nil && err != io.EOF {
			return g.readErr(err)
		}
		if len(b) == 0 && err == io.EOF {
			break
		}
		line++
		if t := trimJSONSpace(b); len(t) > 0 {
			empty = false
			if n >= lim.MaxRows {
				return tooManyRows(line, lim.MaxRows)
			}
			c, e := dec.parse(t)
			if e != nil {
				e.Line = line
				return e
			}
			if e := seen.add(c.ID, line); e != nil {
				return e
			}
			if err := emit(c); err != nil {
				return err
			}
			n++
		}
		if err == io.EOF {
			break
		}
	}
	if empty {
		return &Error{Msg: "file is empty"}
	}
	return nil
}

// readLine returns the next line including its newline, using buf when the
// line does not fit bufio's buffer. The guard bounds the line's length.
func readLine(br *bufio.Reader, buf *[]byte) ([]byte, error) {
	b, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return b, err
	}
	*buf = append((*buf)[:0], b...)
	for err == bufio.ErrBufferFull {
		b, err = br.ReadSlice('\n')
		*buf = append(*buf, b...)
	}
	return *buf, err
}

// trimJSONSpace trims JSON whitespace (space, tab, CR, LF) from both ends.
func trimJSONSpace(b []byte) []byte {
	return bytes.Trim(b, " \t\r\n")
}

// parse decodes and checks one non-blank line; the caller sets Line.
func (d *lineDecoder) parse(t []byte) (model.Creator, *Error) {
	if t[0] != '{' {
		return model.Creator{}, &Error{Msg: "want a JSON object, {...}, on each line"}
	}
	start := d.dec.InputOffset()
	d.src.b = t
	var rec jsonRecord
	if err := d.dec.Decode(&rec); err != nil {
		return model.Creator{}, jsonErr(err, start)
	}
	if d.dec.InputOffset()-start != int64(len(t)) {
		return model.Creator{}, &Error{Msg: "more than one JSON value on the line: want one object per line"}
	}
	var r row
	str := func(c colID, p *string) {
		if p != nil {
			r.val[c], r.has[c] = *p, true
		}
	}
	num := func(c colID, raw json.RawMessage) {
		if len(raw) > 0 && string(raw) != "null" {
			r.val[c], r.has[c] = string(raw), true
		}
	}
	str(cID, rec.ID)
	str(cHandle, rec.Handle)
	num(cFollowers, rec.Followers)
	r.val[cName] = rec.Name
	r.val[cLevel] = rec.Level
	r.val[cType] = rec.Type
	r.cats = rec.Categories
	r.val[cCountry] = rec.Country
	r.val[cBio] = rec.Bio
	num(cGMV, rec.GMV)
	if len(rec.GMV) > 0 && rec.GMV[0] == '"' {
		var s string
		if err := json.Unmarshal(rec.GMV, &s); err != nil {
			return model.Creator{}, &Error{Column: colNames[cGMV], Msg: msgGMV}
		}
		r.val[cGMV] = s
	}
	num(cActiveDays, rec.ActiveDays)
	num(cAvgViews, rec.AvgViews)

	c, fe := r.build()
	if fe != nil {
		return model.Creator{}, &Error{Column: columnName(fe.col), Msg: fe.msg}
	}
	return c, nil
}

// jsonErr turns an encoding/json error into an *Error naming the key when
// there is one.
// start is the stream offset where the line began.
func jsonErr(err error, start int64) *Error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se):
		return &Error{Msg: fmt.Sprintf("not valid JSON: %s, at byte %d", model.SafeLine(se.Error()), se.Offset-start)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Msg: "not valid JSON: the line ends inside the object"}
	case errors.As(err, &te):
		key := te.Field
		if i := strings.IndexAny(key, ".["); i >= 0 {
			key = key[:i]
		}
		c, ok := colByName[key]
		if !ok {
			return &Error{Column: safeName(key), Msg: "wrong JSON type"}
		}
		want := "want a string"
		if c == cCategories {
			want = "want an array of strings"
		}
		return &Error{Column: colNames[c], Msg: want}
	}
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key, uerr := strconv.Unquote(rest)
		if uerr != nil {
			key = rest
		}
		s := safeName(key)
		return &Error{Column: s, Msg: fmt.Sprintf("unknown key %q (the keys are %s)", s, knownCols)}
	}
	return &Error{Msg: "not valid JSON: " + model.SafeLine(err.Error())}
}
