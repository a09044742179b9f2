package sav

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSVOptions sets how WriteCSV writes cells.
type CSVOptions struct {
	// Labels selects the variables whose value labels are written instead
	// of their codes (a labelled numeric group variable, say). A value
	// without a label is written as its code. Nil selects none.
	Labels func(varName string) bool
}

// WriteCSV writes the file as CSV: a header of the variable names, then
// one line per case. Numbers are written in their shortest form (whole
// numbers below 10^15 without exponent or ".0", others as strconv's 'g');
// system-missing and user-missing values are empty cells; strings lose
// their trailing spaces, and a line break inside one becomes a space (so
// that line n+1 is case n); cells are quoted as RFC 4180 requires.
func (f *File) WriteCSV(w io.Writer, opt CSVOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	labels := make([]map[float64]string, len(f.Variables))
	textLabels := make([]map[string]string, len(f.Variables))
	for i := range f.Variables {
		v := &f.Variables[i]
		if opt.Labels == nil || len(v.ValueLabels) == 0 || !opt.Labels(v.Name) {
			continue
		}
		if v.Width == 0 {
			labels[i] = map[float64]string{}
			for _, l := range v.ValueLabels {
				if l.Label != "" { // an empty label would read as a missing cell
					labels[i][l.Value] = l.Label
				}
			}
		} else {
			textLabels[i] = map[string]string{}
			for _, l := range v.ValueLabels {
				if l.Label != "" {
					textLabels[i][l.Text] = l.Label
				}
			}
		}
	}
	var line []byte
	for i := range f.Variables {
		if i > 0 {
			line = append(line, ',')
		}
		line = appendCell(line, f.Variables[i].Name)
	}
	line = append(line, '\n')
	bw.Write(line)
	for c := 0; c < f.Cases; c++ {
		line = line[:0]
		for i := range f.Variables {
			if i > 0 {
				line = append(line, ',')
			}
			v := &f.Variables[i]
			if v.Width > 0 {
				s := v.Strings[c]
				if len(v.Missing.Strings) > 0 && v.Missing.IsMissingString(s) {
					continue
				}
				if textLabels[i] != nil {
					if l, ok := textLabels[i][s]; ok {
						s = l
					}
				}
				line = appendCell(line, oneLine(s))
				continue
			}
			x := v.Numeric[c]
			if x != x || (v.Missing.Range || len(v.Missing.Values) > 0) && v.Missing.IsMissing(x) {
				continue
			}
			if labels[i] != nil {
				if l, ok := labels[i][x]; ok {
					line = appendCell(line, oneLine(l))
					continue
				}
			}
			if x >= 0 && x <= 9 && x == float64(int(x)) {
				line = append(line, '0'+byte(x)) // the common Likert answer
				continue
			}
			line = AppendNumber(line, x)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// lineBreaks turns a line break inside a string value into a space, so that
// line n+1 of the CSV is case n (Location relies on it).
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

func oneLine(s string) string {
	if strings.ContainsAny(s, "\r\n") {
		return lineBreaks.Replace(s)
	}
	return s
}

// AppendNumber appends x in the form WriteCSV writes: the shortest digits
// that read back as x, without exponent from 10^-4 to 10^15 in magnitude
// ("3", "10000000000", "12345678.25", "0.1") and in strconv's 'g' form
// outside it ("1e-05", "1e+20"). Whole numbers never get ".0".
func AppendNumber(b []byte, x float64) []byte {
	ax := math.Abs(x)
	switch {
	case x == 0:
		return append(b, '0') // also -0
	case x == math.Trunc(x) && ax < 1e15:
		return strconv.AppendInt(b, int64(x), 10)
	case ax >= 1e-4 && ax < 1e15:
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// appendCell appends s, quoted if it holds a comma, quote, CR or LF or
// starts or ends with a space.
func appendCell(b []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// Location names the case and variable behind a line and column of the
// CSV that WriteCSV writes: line 1 is the header, line 2 the first case;
// col counts from 0. For example "case 12, variable SSQ_1_T1".
func (f *File) Location(line, col int) string {
	var where string
	switch {
	case line == 1:
		where = "the header"
	case line >= 2 && line-2 < f.Cases:
		where = fmt.Sprintf("case %d", line-1)
	default:
		where = fmt.Sprintf("line %d", line)
	}
	if col >= 0 && col < len(f.Variables) {
		return where + ", variable " + f.Variables[col].Name
	}
	return fmt.Sprintf("%s, column %d", where, col+1)
}

// MissingCount is the number of user-missing and system-missing cells of
// one variable.
type MissingCount struct {
	Variable     string
	User, System int
}

// MissingCounts counts each variable's missing cells, in dictionary order.
func (f *File) MissingCounts() []MissingCount {
	out := make([]MissingCount, len(f.Variables))
	for i := range f.Variables {
		u, s := f.Variables[i].CountMissing()
		out[i] = MissingCount{Variable: f.Variables[i].Name, User: u, System: s}
	}
	return out
}
