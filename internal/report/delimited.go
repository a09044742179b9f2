package report

import (
	"unicode"
	"unicode/utf8"
)

// AppendField appends one csv/tsv field as encoding/csv's Writer writes it
// (comma the delimiter, no CRLF): quoted, with quotes doubled, when it holds
// the delimiter, a quote, a carriage return or a line feed, is `\.`, or
// begins with white space. Writers that build rows in a buffer use it
// instead of a csv.Writer, with the same bytes out.
func AppendField(dst []byte, field string, comma byte) []byte {
	if !fieldNeedsQuotes(field, comma) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(field); i++ {
		if field[i] == '"' {
			dst = append(dst, '"', '"')
		} else {
			dst = append(dst, field[i])
		}
	}
	return append(dst, '"')
}

// AppendText appends a text cell: SafeText's spreadsheet rule, then
// AppendField's quoting.
func AppendText(dst []byte, s string, comma byte) []byte {
	return AppendField(dst, SafeText(s), comma)
}

func fieldNeedsQuotes(field string, comma byte) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		c := field[i]
		if c == '\n' || c == '\r' || c == '"' || c == comma {
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}
