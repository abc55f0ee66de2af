package importfile

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// parseJSONL reads a performance JSON Lines file: one flat object per line,
// blank lines skipped. Objects are scanned by hand rather than decoded with
// encoding/json: values are only strings, numbers and null, a repeated key
// must be refused (encoding/json keeps the last), and a million lines must
// parse in well under a second.
func (p *perfParser) parseJSONL(g *guard) error {
	br := bufio.NewReaderSize(g, 64<<10)
	skipBOM(br)
	var (
		buf   []byte
		line  int
		empty = true
		r     perfRaw
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
			if p.n >= p.lim.MaxRows {
				return tooManyRows(line, p.lim.MaxRows)
			}
			// One string per line: every value is a substring of it, and
			// nothing keeps it once the row is built (ids are interned).
			if e := scanPerfObject(string(t), &r); e != nil {
				e.Line = line
				return e
			}
			d, key, fe := p.build(&r)
			if fe != nil {
				return &Error{Line: line, Column: perfColName(fe.col), Msg: fe.msg}
			}
			if err := p.add(d, key, line); err != nil {
				return err
			}
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

// objScanner walks one line's JSON object.
type objScanner struct {
	b string
	i int
}

func (s *objScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

func (s *objScanner) syntax(what string) *Error {
	if s.i >= len(s.b) {
		return &Error{Msg: "not valid JSON: the line ends inside the object"}
	}
	return &Error{Msg: fmt.Sprintf("not valid JSON: %s, at byte %d", what, s.i+1)}
}

// str reads a JSON string at s.i (the opening quote) and returns its value.
func (s *objScanner) str() (string, *Error) {
	start := s.i
	s.i++
	plain := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			if plain {
				return s.b[start+1 : s.i-1], nil
			}
			var v string
			if err := json.Unmarshal([]byte(s.b[start:s.i]), &v); err != nil {
				s.i = start
				return "", s.syntax("a bad escape in a string")
			}
			return v, nil
		case c == '\\':
			plain = false
			s.i += 2
			continue
		case c < 0x20:
			return "", s.syntax("a control character inside a string")
		case c >= utf8.RuneSelf:
			plain = false // let encoding/json replace invalid UTF-8
		}
		s.i++
	}
	return "", s.syntax("")
}

// num reads a JSON number at s.i and returns its text.
func (s *objScanner) num() (string, *Error) {
	start := s.i
	digits := func() int {
		n := 0
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.b[s.i] == '-' {
		s.i++
	}
	if s.i < len(s.b) && s.b[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return "", s.syntax("a number without digits")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return "", s.syntax("a number without digits after the point")
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return "", s.syntax("a number without digits in its exponent")
		}
	}
	return s.b[start:s.i], nil
}

// literal checks that the word at s.i is lit.
func (s *objScanner) literal(lit string) bool {
	if strings.HasPrefix(s.b[s.i:], lit) {
		s.i += len(lit)
		return true
	}
	return false
}

// scanPerfObject reads one line's object into r; the caller sets Line.
func scanPerfObject(t string, r *perfRaw) *Error {
	*r = perfRaw{}
	s := objScanner{b: t}
	if t[0] != '{' {
		return &Error{Msg: "want a JSON object, {...}, on each line"}
	}
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
	} else {
		var seen [numPerfCols]bool
		for {
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != '"' {
				return s.syntax("want a key in double quotes")
			}
			key, e := s.str()
			if e != nil {
				return e
			}
			col, ok := perfColByName(key)
			if !ok {
				n := safeName(key)
				return &Error{Column: n, Msg: fmt.Sprintf("unknown key %q (the keys are %s)", n, perfKnown)}
			}
			if seen[col] {
				return &Error{Column: perfColNames[col], Msg: "key appears twice on the line"}
			}
			seen[col] = true
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return s.syntax("want a ':' after the key")
			}
			s.i++
			s.ws()
			if s.i >= len(s.b) {
				return s.syntax("")
			}
			if e := s.value(col, r); e != nil {
				return e
			}
			s.ws()
			if s.i >= len(s.b) {
				return s.syntax("")
			}
			if s.b[s.i] == ',' {
				s.i++
				continue
			}
			if s.b[s.i] == '}' {
				s.i++
				break
			}
			return s.syntax("want ',' or '}' after a value")
		}
	}
	s.ws()
	if s.i != len(s.b) {
		return &Error{Msg: "more than one JSON value on the line: want one object per line"}
	}
	return nil
}

// value reads the value of column col at s.i into r.
func (s *objScanner) value(col pcol, r *perfRaw) *Error {
	want := func() *Error {
		switch {
		case col.isText():
			return &Error{Column: perfColNames[col], Msg: "want a string"}
		case col.isMoney():
			return &Error{Column: perfColNames[col], Msg: "want a number or a string of US dollars"}
		}
		return &Error{Column: perfColNames[col], Msg: "want a whole number"}
	}
	c := s.b[s.i]
	switch {
	case c == '"':
		v, e := s.str()
		if e != nil {
			return e
		}
		if !col.isText() && !col.isMoney() {
			return want()
		}
		r.val[col], r.has[col] = v, true
	case c == '-' || c >= '0' && c <= '9':
		v, e := s.num()
		if e != nil {
			return e
		}
		if col.isText() {
			return want()
		}
		r.val[col], r.has[col] = v, true
	case c == 'n':
		if !s.literal("null") {
			return s.syntax("want null")
		}
	case c == 't' || c == 'f':
		if !s.literal("true") && !s.literal("false") {
			return s.syntax("want true or false")
		}
		return want()
	case c == '{' || c == '[':
		return want()
	default:
		return s.syntax("want a value")
	}
	return nil
}
