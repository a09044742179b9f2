package dataset

import (
	"strconv"
)

// Kind says what a column of the wide file holds.
type Kind int

const (
	KindExtra  Kind = iota // passed through unchanged (site, sex, age, ...)
	KindID                 // the participant id
	KindGroup              // the participant group
	KindItem               // <INSTRUMENT>_<ITEM>_<TIME>
	KindRating             // COPM_PERF|SAT_<PROBLEM>_<TIME>
	KindScale              // <INSTRUMENT>_<SCALE>_<TIME>, pre-scored
)

// Instrument is what the loader needs to know of an instrument to read its
// columns: the schema is supplied by the instruments package.
type Instrument struct {
	Code  string // canonical code, e.g. "RAS-R"
	Label string // for messages, e.g. "CAMI (variant interleaved)"
	Items int    // item count; 0 for COPM
	COPM  bool
	// Min and Max are the response range of an item (or a COPM rating).
	Min, Max float64
	// Scales maps each scale code that may be given pre-scored to its range.
	Scales map[string][2]float64
	// ItemNames, when the definition names its items (A1, A2, ...), are
	// the names in upper case, item i's at i-1; column names may use them
	// in place of item numbers.
	ItemNames []string
}

// Schema resolves instrument codes (case-insensitive, aliases allowed).
type Schema interface {
	Instrument(code string) (*Instrument, bool)
	Codes() []string
}

// ColumnSpec is what a header name means.
type ColumnSpec struct {
	Kind       Kind
	Instrument string // canonical instrument code
	Item       int    // KindItem
	Scale      string // KindScale: scale code; KindRating: PERF or SAT
	Problem    string // KindRating: the COPM problem code
	Time       string // normalised time label, e.g. "T2"
	TimeIndex  int    // 2
}

// ParseColumnName applies the column grammar (README, "Input") to one
// header name. It returns an error message (without location) when the name
// claims to be an instrument column but is not a valid one.
func ParseColumnName(name string, schema Schema) (ColumnSpec, error) {
	return (*Mapping)(nil).ParseColumn(name, schema)
}

// parseTimeIndex reads T<n>, n ≥ 0, leading zeros allowed.
func parseTimeIndex(s string) (int, bool) {
	if len(s) < 2 || s[0] != 'T' || !isDigits(s[1:]) || len(s) > 8 {
		return 0, false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func validProblem(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// closest returns the candidate within edit distance 2 of s (the nearest),
// or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
