package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
)

// scanner splits a CSV stream into records without allocating per record:
// the fields of a record without quotes are sub-slices of the reader's
// buffer, valid until the next call; quoted records are copied into a
// reused buffer. It follows encoding/csv's rules (RFC 4180: "" inside a
// quoted field is a quote; a quoted field may span lines; a quote inside an
// unquoted field is an error) and reports errors as *csv.ParseError, so the
// loader reads researchers' files the way encoding/csv would, at the speed a
// registry-sized file needs.
type scanner struct {
	r      *bufio.Reader
	delim  byte
	line   int // physical lines consumed so far
	fields [][]byte
	// span is the record's bytes from the first field's start to the last
	// field's end, and starts/ends each field's position in it, so that a
	// record can be copied whole (Span) instead of field by field.
	span           []byte
	starts, ends32 []int32
	long           []byte // a physical line longer than the reader's buffer
	rec            []byte // a quoted record, unquoted
	ends           []int
	// Offset is the number of bytes consumed so far.
	Offset int64
}

func newScanner(r *bufio.Reader, delim rune) *scanner {
	return &scanner{r: r, delim: byte(delim)}
}

// readLine returns the next physical line, without its line end.
func (s *scanner) readLine() ([]byte, error) {
	l, err := s.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], l...)
		for err == bufio.ErrBufferFull {
			if len(s.long) > MaxLineBytes {
				return nil, errLineTooLong
			}
			l, err = s.r.ReadSlice('\n')
			s.long = append(s.long, l...)
		}
		if len(s.long) > MaxLineBytes {
			return nil, errLineTooLong
		}
		l = s.long
	}
	if len(l) == 0 && err != nil {
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	s.line++
	s.Offset += int64(len(l))
	n := len(l)
	switch {
	case n > 0 && l[n-1] == '\n':
		n--
		if n > 0 && l[n-1] == '\r' {
			n--
		}
	case n > 0 && l[n-1] == '\r':
		n-- // a \r just before the end of the input, as encoding/csv
	}
	return l[:n], nil
}

// Read returns the next record's fields and the line it starts on; io.EOF
// at the end. Empty lines are skipped, as encoding/csv does.
func (s *scanner) Read() ([][]byte, int, error) {
	var l []byte
	for {
		var err error
		l, err = s.readLine()
		if err != nil {
			return nil, 0, err
		}
		if len(l) > 0 {
			break
		}
	}
	start := s.line
	if bytes.IndexByte(l, '"') < 0 {
		s.fields = s.fields[:0]
		s.starts, s.ends32 = s.starts[:0], s.ends32[:0]
		s.span = l
		// One pass over the line: most fields are a byte or two, where a
		// call to bytes.IndexByte per field costs more than the bytes.
		d, from := s.delim, 0
		for j, c := range l {
			if c == d {
				s.fields = append(s.fields, l[from:j])
				s.starts = append(s.starts, int32(from))
				s.ends32 = append(s.ends32, int32(j))
				from = j + 1
			}
		}
		s.fields = append(s.fields, l[from:])
		s.starts = append(s.starts, int32(from))
		s.ends32 = append(s.ends32, int32(len(l)))
		return s.fields, start, nil
	}
	return s.readQuoted(l, start)
}

// readQuoted parses a record with quotes, reading further lines while a
// quoted field is open.
func (s *scanner) readQuoted(l []byte, start int) ([][]byte, int, error) {
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	perr := func(col int, err error) error {
		return &csv.ParseError{StartLine: start, Line: s.line, Column: col, Err: err}
	}
	pos := 0 // position in l, for error columns
	for {
		// At the start of a field.
		if len(l) > pos && l[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(l[pos:], '"')
				if i < 0 {
					// The field goes on past the end of the line.
					s.rec = append(s.rec, l[pos:]...)
					s.rec = append(s.rec, '\n')
					next, err := s.readLine()
					if err == io.EOF {
						return nil, 0, perr(len(l)+1, csv.ErrQuote)
					}
					if err != nil {
						return nil, 0, err
					}
					l, pos = next, 0
					continue
				}
				s.rec = append(s.rec, l[pos:pos+i]...)
				pos += i + 1
				switch {
				case pos < len(l) && l[pos] == '"':
					s.rec = append(s.rec, '"')
					pos++
				case pos == len(l):
					s.ends = append(s.ends, len(s.rec))
					return s.split(), start, nil
				case l[pos] == s.delim:
					s.ends = append(s.ends, len(s.rec))
					pos++
					goto nextField
				default:
					return nil, 0, perr(pos+1, csv.ErrQuote)
				}
			}
		}
		// An unquoted field.
		{
			end := bytes.IndexByte(l[pos:], s.delim)
			field := l[pos:]
			if end >= 0 {
				field = l[pos : pos+end]
			}
			if q := bytes.IndexByte(field, '"'); q >= 0 {
				return nil, 0, perr(pos+q+1, csv.ErrBareQuote)
			}
			s.rec = append(s.rec, field...)
			s.ends = append(s.ends, len(s.rec))
			if end < 0 {
				return s.split(), start, nil
			}
			pos += end + 1
		}
	nextField:
		if pos == len(l) && len(l) > 0 && l[len(l)-1] == s.delim {
			// A trailing delimiter: one last, empty field.
			s.ends = append(s.ends, len(s.rec))
			return s.split(), start, nil
		}
	}
}

func (s *scanner) split() [][]byte {
	s.fields = s.fields[:0]
	s.starts, s.ends32 = s.starts[:0], s.ends32[:0]
	s.span = s.rec
	from := 0
	for _, e := range s.ends {
		s.fields = append(s.fields, s.rec[from:e])
		s.starts = append(s.starts, int32(from))
		s.ends32 = append(s.ends32, int32(e))
		from = e
	}
	return s.fields
}
