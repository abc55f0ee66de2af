package importfile

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"outreach/model"
)

// parseCSV reads a CSV file with a header row naming the columns.
func parseCSV(g *guard, lim Limits, emit func(model.Creator) error) error {
	br := bufio.NewReaderSize(g, 64<<10)
	skipBOM(br)
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	// FieldsPerRecord stays 0: the header sets it and every row must match.

	header, err := cr.Read()
	if err == io.EOF {
		return &Error{Msg: "file is empty"}
	}
	if err != nil {
		return csvErr(g, err, len(header), 0)
	}
	idx, err := csvColumns(cr, header)
	if err != nil {
		return err
	}
	width := len(header)

	var (
		n    int
		seen = &ids{}
		r    row
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvErr(g, err, len(rec), width)
		}
		start, _ := cr.FieldPos(0)
		if n >= lim.MaxRows {
			return tooManyRows(start, lim.MaxRows)
		}
		size := len(rec) - 1
		for _, f := range rec {
			size += len(f)
		}
		if size > lim.MaxLineBytes {
			return &Error{Line: start, Msg: fmt.Sprintf("row is longer than %d bytes", lim.MaxLineBytes)}
		}

		r = row{}
		for c, i := range idx {
			if i >= 0 {
				r.val[c] = rec[i]
				r.has[c] = true
			}
		}
		if r.val[cCategories] != "" {
			r.cats = strings.Split(r.val[cCategories], ";")
		}
		c, fe := r.build()
		if fe != nil {
			line := start
			if fe.col >= 0 && idx[fe.col] >= 0 {
				line, _ = cr.FieldPos(idx[fe.col])
			}
			return &Error{Line: line, Column: columnName(fe.col), Msg: fe.msg}
		}
		idLine, _ := cr.FieldPos(idx[cID])
		if e := seen.add(c.ID, idLine); e != nil {
			return e
		}
		if err := emit(c); err != nil {
			return err
		}
		n++
	}
	return nil
}

// csvColumns maps the header to the column each field holds: idx[col] is the
// field index of col, -1 when the file has no such column.
func csvColumns(cr *csv.Reader, header []string) ([numCols]int, error) {
	var idx [numCols]int
	for i := range idx {
		idx[i] = -1
	}
	for i, h := range header {
		line, _ := cr.FieldPos(i)
		name := strings.ToLower(strings.TrimSpace(h))
		c, ok := colByName[name]
		if !ok {
			s := safeName(h)
			return idx, &Error{Line: line, Column: s,
				Msg: fmt.Sprintf("unknown column %q (the columns are %s)", s, knownCols)}
		}
		if prev := idx[c]; prev >= 0 {
			return idx, &Error{Line: line, Column: name,
				Msg: fmt.Sprintf("column appears twice in the header (fields %d and %d)", prev+1, i+1)}
		}
		idx[c] = i
	}
	line, _ := cr.FieldPos(0)
	for _, c := range requiredCols {
		if idx[c] < 0 {
			return idx, &Error{Line: line, Column: colNames[c], Msg: "required column is missing from the header"}
		}
	}
	return idx, nil
}

// csvErr turns a csv.Reader error into an *Error with the right line; n is
// the number of fields the bad record had, want the header's.
func csvErr(g *guard, err error, n, want int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return g.readErr(err)
	}
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return &Error{Line: pe.StartLine, Msg: fmt.Sprintf("row has %d fields, the header has %d", n, want)}
	}
	var msg string
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = `a " inside a field that is not quoted (quote the field and double the ", as in "say ""hi""")`
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = `a quoted field is not closed, or has a stray " (double a " inside quotes)`
	default:
		msg = model.SafeLine(pe.Err.Error())
	}
	msg += fmt.Sprintf(", at byte %d", pe.Column)
	if pe.StartLine != pe.Line {
		msg += fmt.Sprintf(", in the row that starts on line %d", pe.StartLine)
	}
	return &Error{Line: pe.Line, Msg: msg}
}
