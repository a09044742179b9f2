package sav

import (
	"math"
	"strconv"
	"strings"
)

// File is a whole system file: its dictionary and its cases.
type File struct {
	Variables []Variable
	// Cases is the number of cases read (rows of data).
	Cases int
	// Encoding is the character encoding the strings were decoded from:
	// the name in the file's character encoding record, else the one its
	// code page number stands for, else "UTF-8" when every string is
	// valid UTF-8 and "windows-1252" when not.
	Encoding string
	// Product is the writer's product string from the file header
	// ("@(#) SPSS DATA FILE GNU pspp ..."), trimmed.
	Product string
	// Label is the file label, trimmed; Documents the lines of the
	// document record (DOCUMENT command), trimmed.
	Label     string
	Documents []string
	// Compression is how the cases were stored: "none", "bytecode" or
	// "zlib" (a .zsav).
	Compression string
	// Weight is the name of the weighting variable, "" if unweighted.
	Weight string
}

// Variable is one variable: its dictionary entry and its values.
type Variable struct {
	Name      string // the long variable name (up to 64 bytes), as users see it
	ShortName string // the 8-byte name of the variable record
	Label     string
	// Width is 0 for a numeric variable, else the string width in bytes
	// (1..32767).
	Width int
	// ValueLabels in the order of the file. Variables that share a label
	// set in the file share the slice: treat it as read-only.
	ValueLabels []ValueLabel
	Missing     MissingSpec
	// Numeric holds a numeric variable's values, one per case, with the
	// system-missing value as NaN; user-missing codes are kept as they
	// are. Nil for a string variable.
	Numeric []float64
	// Strings holds a string variable's values, one per case, trailing
	// spaces removed. Nil for a numeric variable.
	Strings []string

	// slots where this variable's data sit in a case (8 bytes each), per
	// segment: a very long string is several segments.
	segs []segment
}

// ValueLabel is one value label: Value for a numeric variable, Text (trailing
// spaces removed) for a string variable.
type ValueLabel struct {
	Value float64
	Text  string
	Label string
}

// MissingSpec is a variable's user-missing values: up to three discrete
// values, or a range (Low to High, both included; -Inf for LO/LOWEST, +Inf
// for HI/HIGHEST) plus at most one discrete value. String variables have only
// discrete values (Strings, trailing spaces removed).
type MissingSpec struct {
	Values    []float64
	Strings   []string
	Range     bool
	Low, High float64
}

// IsMissing reports whether x is one of the user-missing values of a numeric
// variable. NaN (system-missing) is not a user-missing value.
func (m *MissingSpec) IsMissing(x float64) bool {
	if m.Range && x >= m.Low && x <= m.High {
		return true
	}
	for _, v := range m.Values {
		if x == v {
			return true
		}
	}
	return false
}

// IsMissingString reports whether s (trailing spaces removed) is a
// user-missing value of a string variable.
func (m *MissingSpec) IsMissingString(s string) bool {
	for _, v := range m.Strings {
		if s == v {
			return true
		}
	}
	return false
}

// Empty reports whether there are no user-missing values.
func (m *MissingSpec) Empty() bool {
	return !m.Range && len(m.Values) == 0 && len(m.Strings) == 0
}

// String writes the specification the way PSPP's DISPLAY DICTIONARY does:
// "90 THRU 99; -9", "999", "LOWEST THRU 0", `"NA"`.
func (m *MissingSpec) String() string {
	var parts []string
	num := func(x float64) string {
		switch {
		case math.IsInf(x, -1):
			return "LOWEST"
		case math.IsInf(x, 1):
			return "HIGHEST"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if m.Range {
		parts = append(parts, num(m.Low)+" THRU "+num(m.High))
	}
	for _, v := range m.Values {
		parts = append(parts, num(v))
	}
	for _, s := range m.Strings {
		parts = append(parts, strconv.Quote(s))
	}
	return strings.Join(parts, "; ")
}

// CountMissing counts the cases whose value is user-missing and those whose
// value is system-missing (NaN; a string variable has none).
func (v *Variable) CountMissing() (user, system int) {
	if v.Width == 0 {
		for _, x := range v.Numeric {
			if x != x {
				system++
			} else if v.Missing.IsMissing(x) {
				user++
			}
		}
		return user, system
	}
	if len(v.Missing.Strings) == 0 {
		return 0, 0
	}
	for _, s := range v.Strings {
		if v.Missing.IsMissingString(s) {
			user++
		}
	}
	return user, 0
}
