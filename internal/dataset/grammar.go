package dataset

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
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
	up := strings.ToUpper(strings.TrimSpace(name))
	switch up {
	case "ID":
		return ColumnSpec{Kind: KindID}, nil
	case "GROUP":
		return ColumnSpec{Kind: KindGroup}, nil
	}
	parts := strings.Split(up, "_")
	inst, known := schema.Instrument(parts[0])
	if known && len(parts) >= 2 {
		// A known instrument's prefix commits the column to the grammar:
		// nothing that starts with SSQ_ is passed through silently.
		if len(parts) < 3 {
			return ColumnSpec{}, fmt.Errorf("%s columns are %s_<ITEM>_<TIME> or %s_<SCALE>_<TIME>, e.g. %s_1_T1", inst.Code, inst.Code, inst.Code, inst.Code)
		}
		if _, ok := parseTime(parts[len(parts)-1]); !ok {
			return ColumnSpec{}, fmt.Errorf("time label %q is not T followed by a positive whole number (T1, T2, ...)", parts[len(parts)-1])
		}
	}
	if len(parts) < 3 {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	timeIdx, ok := parseTime(parts[len(parts)-1])
	if !ok {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	spec := ColumnSpec{Time: "T" + strconv.Itoa(timeIdx), TimeIndex: timeIdx}
	if !known {
		hint := closest(parts[0], schema.Codes())
		looksLikeItem := len(parts) == 3 && isDigits(parts[1])
		if hint == "" && !looksLikeItem && parts[1] != "TOTAL" {
			return ColumnSpec{Kind: KindExtra}, nil
		}
		msg := fmt.Sprintf("unknown instrument %q (known: %s)", parts[0], strings.Join(schema.Codes(), ", "))
		if hint != "" {
			msg += fmt.Sprintf("; did you mean %s?", hint)
		}
		return spec, fmt.Errorf("%s; define it with --instruments, or rename the column if it is not an instrument column", msg)
	}
	spec.Instrument = inst.Code
	mid := parts[1 : len(parts)-1]
	if inst.COPM {
		if len(mid) >= 1 && (mid[0] == "PERF" || mid[0] == "SAT") {
			switch len(mid) {
			case 1:
				spec.Kind, spec.Scale = KindScale, mid[0]
				return spec, nil
			case 2:
				if validProblem(mid[1]) {
					spec.Kind, spec.Scale, spec.Problem = KindRating, mid[0], mid[1]
					return spec, nil
				}
			}
		}
		return spec, fmt.Errorf("COPM columns are COPM_PERF_<PROBLEM>_<TIME> or COPM_SAT_<PROBLEM>_<TIME> (PROBLEM: letters, digits, hyphens), or pre-scored COPM_PERF_<TIME> and COPM_SAT_<TIME>")
	}
	if len(mid) != 1 {
		return spec, fmt.Errorf("%s columns are %s_<ITEM>_<TIME> or %s_<SCALE>_<TIME>", inst.Code, inst.Code, inst.Code)
	}
	if isDigits(mid[0]) {
		n, err := strconv.Atoi(mid[0])
		if err != nil || n < 1 || n > inst.Items {
			return spec, fmt.Errorf("item %s is beyond %s's %d items (expected 1..%d)", mid[0], inst.Label, inst.Items, inst.Items)
		}
		spec.Kind, spec.Item = KindItem, n
		return spec, nil
	}
	if _, ok := inst.Scales[mid[0]]; ok {
		spec.Kind, spec.Scale = KindScale, mid[0]
		return spec, nil
	}
	codes := make([]string, 0, len(inst.Scales))
	for c := range inst.Scales {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	msg := fmt.Sprintf("%q is neither an item number nor a scale of %s (scales: %s)", mid[0], inst.Label, strings.Join(codes, ", "))
	if h := closest(mid[0], codes); h != "" {
		msg += fmt.Sprintf("; did you mean %s?", h)
	}
	return spec, fmt.Errorf("%s", msg)
}

// parseTime reads T<n>, n ≥ 1, leading zeros allowed.
func parseTime(s string) (int, bool) {
	if len(s) < 2 || s[0] != 'T' || !isDigits(s[1:]) || len(s) > 8 {
		return 0, false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 1 {
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
