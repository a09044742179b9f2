package dataset

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseNumber reads a decimal number as researchers' files write it:
// optional sign, digits, an optional decimal point (or comma, when
// decimalComma is set: files saved by a spreadsheet in a Spanish or Catalan
// locale), an optional exponent. Anything else is an error with a reason:
// thousands separators, NaN, infinities, hexadecimal, numbers too large for
// float64. Negative zero reads as zero.
func ParseNumber(s string, decimalComma bool) (float64, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	if len(s) > 64 {
		return 0, errors.New("not a number (more than 64 characters)")
	}
	// Validate on the string; copy only to turn a decimal comma into a point.
	var buf [64]byte
	b := buf[:0]
	b = append(b, s...)
	comma := false
	i := 0
	if b[i] == '+' || b[i] == '-' {
		i++
	}
	digits, points := 0, 0
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',':
			if c == ',' && !decimalComma {
				return 0, errors.New("not a number (a comma is a decimal separator only in files delimited by ';' or tabs)")
			}
			if c == '.' && decimalComma && strings.Contains(s, ",") {
				return 0, errors.New("not a number (both '.' and ',' in one value: thousands separators are not read)")
			}
			points++
			if points > 1 {
				return 0, errors.New("not a number (more than one decimal separator)")
			}
			if c == ',' {
				b[i] = '.'
				comma = true
			}
		case c == 'e' || c == 'E':
			if digits == 0 {
				return 0, errors.New("not a number")
			}
			j := i + 1
			if j < len(b) && (b[j] == '+' || b[j] == '-') {
				j++
			}
			if j == len(b) {
				return 0, errors.New("not a number (incomplete exponent)")
			}
			for ; j < len(b); j++ {
				if b[j] < '0' || b[j] > '9' {
					return 0, errors.New("not a number")
				}
			}
			i = len(b)
		default:
			return 0, errors.New("not a number")
		}
	}
	if digits == 0 {
		return 0, errors.New("not a number")
	}
	text := s
	if comma {
		text = string(b)
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("not a finite number (too large)")
	}
	if v == 0 {
		v = 0 // drop the sign of -0
	}
	return v, nil
}
