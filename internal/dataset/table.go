package dataset

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Table is any CSV read whole, for commands that work on named columns
// (pssa test): the header, the records and the line of each record.
type Table struct {
	File         string
	Header       []string
	Records      [][]string
	Lines        []int
	DecimalComma bool
	missing      missingSet
}

// LoadTable reads a CSV with the same delimiter, encoding and missing-value
// rules as Load, but no column grammar.
func LoadTable(r io.Reader, name string, delim rune, missing []string) (*Table, error) {
	cr, delim, err := openCSV(r, name, delim)
	if err != nil {
		return nil, err
	}
	cr.ReuseRecord = false
	t := &Table{File: name, DecimalComma: delim != ',', missing: newMissingSet(missing, delim != ',')}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FatalError{Problem{File: name, Message: "the file is empty (expected a header line)"}}
	}
	if err != nil {
		return nil, csvFatal(name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	t.Header = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvFatal(name, err)
		}
		line, _ := cr.FieldPos(0)
		if allEmpty(rec) {
			continue
		}
		if len(rec) != len(header) {
			return nil, &FatalError{Problem{File: name, Line: line, Message: fmt.Sprintf("the row has %d fields, the header has %d", len(rec), len(header))}}
		}
		t.Records = append(t.Records, rec)
		t.Lines = append(t.Lines, line)
	}
	return t, nil
}

// Column returns the index of a column by name (case-insensitive), or an
// error that lists the columns.
func (t *Table) Column(name string) (int, error) {
	for i, h := range t.Header {
		if strings.EqualFold(h, strings.TrimSpace(name)) {
			return i, nil
		}
	}
	list := t.Header
	more := ""
	if len(list) > 12 {
		list, more = list[:12], fmt.Sprintf(", ... (%d columns)", len(t.Header))
	}
	return -1, fmt.Errorf("%s: no column %q (columns: %s%s)", t.File, name, strings.Join(list, ", "), more)
}

// Numeric returns a column's values, NaN where missing; a value that is
// neither missing nor a number is an error naming its line and column.
func (t *Table) Numeric(col int) ([]float64, error) {
	out := make([]float64, len(t.Records))
	for i, rec := range t.Records {
		s := strings.TrimSpace(rec[col])
		if t.missing.has(s) {
			out[i] = math.NaN()
			continue
		}
		v, err := ParseNumber(s, t.DecimalComma)
		if err != nil {
			return nil, Problem{File: t.File, Line: t.Lines[i], Column: t.Header[col], Message: fmt.Sprintf("value %q is %v (expected a number or a missing-value code)", clip(s), err)}.asError()
		}
		if t.missing.numeric(v) {
			v = math.NaN()
		}
		out[i] = v
	}
	return out, nil
}

// Text returns a column's cells, trimmed; missing codes become "".
func (t *Table) Text(col int) []string {
	out := make([]string, len(t.Records))
	for i, rec := range t.Records {
		s := strings.TrimSpace(rec[col])
		if !t.missing.has(s) {
			out[i] = s
		}
	}
	return out
}

type problemError struct{ p Problem }

func (e problemError) Error() string { return e.p.String() }

func (p Problem) asError() error { return problemError{p} }
