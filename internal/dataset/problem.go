package dataset

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an input file, located as precisely as the
// file allows.
type Problem struct {
	File    string
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Column  string // header name as written; "" when not about one column
	Message string // says the value and what was expected
	Warning bool   // warnings do not stop a computation
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	b.WriteString(": ")
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d, ", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, "column %q: ", p.Column)
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ProblemsError is returned when a file has errors; it lists them all (up
// to the cap) so that a user can fix a file in one pass.
type ProblemsError struct {
	File     string
	Problems []Problem // errors only
	Omitted  int       // errors beyond the cap
}

func (e *ProblemsError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.Omitted
	noun := "errors"
	if n == 1 {
		noun = "error"
	}
	fmt.Fprintf(&b, "%s: %d %s", e.File, n, noun)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "\n  ... and %d more", e.Omitted)
	}
	return b.String()
}
