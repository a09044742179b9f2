package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/results"
)

func TestFormatP(t *testing.T) {
	cases := map[float64]string{0.038: ".038", 0.0004: "< .001", 0.001: ".001", 0.0495: ".050", 1: "1.000", 0.5: ".500", math.NaN(): "–"}
	for p, want := range cases {
		if got := FormatP(p); got != want {
			t.Errorf("FormatP(%v) = %q, want %q", p, got, want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	if got := FormatNumber(-0.001, 2); got != "0.00" {
		t.Errorf("negative zero shows as %q", got)
	}
	if got := FormatNumber(12.345, 1); got != "12.3" {
		t.Errorf("got %q", got)
	}
	a, b := 0.1, 0.2
	if got := FullPrecision(a + b); got != "0.30000000000000004" {
		t.Errorf("full precision %q", got)
	}
}

// Text cells that a spreadsheet would run as formulas are neutralised;
// numbers are not (OWASP CSV injection).
func TestCSVInjection(t *testing.T) {
	doc := &Document{Tables: []Table{{Columns: []string{"id", "x"}, Rows: [][]Cell{
		{T("=HYPERLINK(\"x\")"), N(-1.5, 2)},
		{T("+1"), N(2, 2)},
		{T("-3"), N(-3, 2)},
		{T("@SUM(A1)"), I(-4)},
		{T("\tx"), N(0, 2)},
		{T("\rx"), N(0, 2)},
		{T("plain"), P(0.5)},
	}}}}
	var b bytes.Buffer
	if err := Render(&b, "csv", doc); err != nil {
		t.Fatal(err)
	}
	want := "id,x\n\"'=HYPERLINK(\"\"x\"\")\",-1.5\n'+1,2\n'-3,-3\n'@SUM(A1),-4\n'\tx,0\n\"'\rx\",0\nplain,0.5\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestLatexEscape(t *testing.T) {
	if got := LatexEscape("RAS-R_PCH 50% & ↑ < .001 α"); got != `RAS-R\_PCH 50\% \& $\uparrow$ $<$ .001 $\alpha$` {
		t.Errorf("got %q", got)
	}
}

func TestWrap(t *testing.T) {
	got := wrap(strings.Repeat("word ", 30), 22)
	for _, l := range strings.Split(got, "\n") {
		if len([]rune(l)) > 22 {
			t.Errorf("line %q longer than 22", l)
		}
	}
}

// Every result section has a table layout: a new section of
// results.Analysis without one would be left out of the tables silently.
func TestEverySectionRendered(t *testing.T) {
	for _, s := range (&results.Analysis{}).Sections() {
		if _, ok := sectionTables[s.Key]; !ok && !slices.Contains(coreSections, s.Key) {
			t.Errorf("section %s has no entry in sectionTables", s.Key)
		}
	}
}

// Column names come from the user's file too: they get the same guard.
func TestDelimitedHeaderIsSafe(t *testing.T) {
	var b strings.Builder
	err := StreamDelimited(&b, "csv", []string{"id", "=HYPERLINK(\"x\")"}, 1, func(i int, row []Cell) {
		row[0], row[1] = T("a"), T("-1+1")
	})
	if err != nil || b.String() != "id,\"'=HYPERLINK(\"\"x\"\")\"\na,'-1+1\n" {
		t.Errorf("%q %v", b.String(), err)
	}
}
