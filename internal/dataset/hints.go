package dataset

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// missingCodes are the values questionnaires' data commonly use to mark a
// missing answer.
var missingCodes = []float64{9, 99, 999, 9999, -9, -99, -999, -1, -8, 88, 98}

// missingHint is added to an out-of-range value's message when the value
// looks like a missing-value code.
func missingHint(v float64) string {
	for _, c := range missingCodes {
		if v == c {
			s := strconv.FormatFloat(v, 'f', -1, 64)
			return fmt.Sprintf("; if %s marks a missing answer, add --missing %s", s, s)
		}
	}
	return ""
}

// explainLabels adds, before the problems it explains, one error that says
// what is wrong when item cells hold words ("Strongly agree"): the file
// was exported with value labels in place of values.
func (d *Dataset) explainLabels() {
	isItem := map[string]bool{}
	for _, c := range d.Columns {
		if c.Kind == KindItem || c.Kind == KindRating {
			isItem[c.Name] = true
		}
	}
	var first *Problem
	n := 0
	for i := range d.Problems {
		p := &d.Problems[i]
		if p.Warning || !isItem[p.Column] || !strings.HasPrefix(p.Message, `value "`) || !strings.Contains(p.Message, "is not a number") {
			continue
		}
		v, err := strconv.Unquote(strings.SplitN(p.Message[len("value "):], `" is`, 2)[0] + `"`)
		if err != nil || !isWords(v) {
			continue
		}
		n++
		if first == nil {
			first = p
		}
	}
	if n < 2 {
		return
	}
	v := strings.SplitN(first.Message[len("value "):], " is", 2)[0]
	msg := fmt.Sprintf("item cells hold words, such as %s in column %q: the file was exported with value labels in place of values; export the values (the numbers) instead, or give pssa the SPSS .sav file itself", v, first.Column)
	d.errors++
	d.Problems = append([]Problem{{File: d.File, Message: msg}}, d.Problems...)
}

// isWords says whether s is text of letters (a value label), not a number
// written oddly.
func isWords(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}
