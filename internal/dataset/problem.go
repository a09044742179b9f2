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
	// Where, when set, locates the problem in the input's own terms in
	// place of the line ("Sheet1!D14", "case 12, variable SSQ1_pre").
	Where string

	located bool // Where and Line are the input's own (see Dataset.Locate)
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	b.WriteString(": ")
	switch {
	case p.Where != "":
		b.WriteString(p.Where)
		b.WriteString(", ")
	case p.Line > 0:
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

// Locate returns p located in the input's own terms when the dataset was
// built from another table (a long layout pivoted, a sheet): the problems
// of the scorer, found in the built table, are then shown where the user
// can find them. Locating is done once per problem.
func (d *Dataset) Locate(p Problem) Problem {
	if d.locate != nil && !p.located {
		d.locate(&p)
		p.located = true
	}
	return p
}

// setLocate adds a step to the dataset's locating (after any it has, so
// that a long layout read from a sheet is located in the sheet) and
// applies that step to the problems found so far.
func (d *Dataset) setLocate(step func(*Problem)) {
	for i := range d.Problems {
		step(&d.Problems[i])
		d.Problems[i].located = true
	}
	inner := d.locate
	d.locate = func(p *Problem) {
		if inner != nil {
			inner(p)
		}
		step(p)
	}
}
