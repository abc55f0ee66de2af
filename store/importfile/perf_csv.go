package importfile

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// parseCSV reads a performance CSV file with a header row naming the columns.
func (p *perfParser) parseCSV(g *guard) error {
	br := bufio.NewReaderSize(g, 64<<10)
	skipBOM(br)
	cr := csv.NewReader(br)
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return &Error{Msg: "file is empty"}
	}
	if err != nil {
		return csvErr(g, err, len(header), 0)
	}
	idx, err := perfCSVColumns(cr, header)
	if err != nil {
		return err
	}
	width := len(header)
	var r perfRaw
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(g, err, len(rec), width)
		}
		start, _ := cr.FieldPos(0)
		if p.n >= p.lim.MaxRows {
			return tooManyRows(start, p.lim.MaxRows)
		}
		size := len(rec) - 1
		for _, f := range rec {
			size += len(f)
		}
		if size > p.lim.MaxLineBytes {
			return &Error{Line: start, Msg: fmt.Sprintf("row is longer than %d bytes", p.lim.MaxLineBytes)}
		}
		for c, i := range idx {
			if i >= 0 {
				r.val[c], r.has[c] = rec[i], true
			}
		}
		d, key, fe := p.build(&r)
		if fe != nil {
			line := start
			if fe.col >= 0 && idx[fe.col] >= 0 {
				line, _ = cr.FieldPos(idx[fe.col])
			}
			return &Error{Line: line, Column: perfColName(fe.col), Msg: fe.msg}
		}
		if err := p.add(d, key, start); err != nil {
			return err
		}
	}
}

// perfCSVColumns maps the header to the field each column is in (-1: absent).
func perfCSVColumns(cr *csv.Reader, header []string) ([numPerfCols]int, error) {
	var idx [numPerfCols]int
	for i := range idx {
		idx[i] = -1
	}
	for i, h := range header {
		line, _ := cr.FieldPos(i)
		name := strings.ToLower(strings.TrimSpace(h))
		c, ok := perfColByName(name)
		if !ok {
			s := safeName(h)
			return idx, &Error{Line: line, Column: s, Msg: fmt.Sprintf("unknown column %q (the columns are %s)", s, perfKnown)}
		}
		if prev := idx[c]; prev >= 0 {
			return idx, &Error{Line: line, Column: name,
				Msg: fmt.Sprintf("column appears twice in the header (fields %d and %d)", prev+1, i+1)}
		}
		idx[c] = i
	}
	line, _ := cr.FieldPos(0)
	for _, c := range perfRequired {
		if idx[c] < 0 {
			return idx, &Error{Line: line, Column: perfColNames[c], Msg: "required column is missing from the header"}
		}
	}
	return idx, nil
}
