package report

import (
	"math"

	"github.com/pssa-project/pssa/internal/results"
)

// Compound cells: text as the reading formats show it, with the numbers
// behind it as Parts for the xlsx writer.

func part(name string, v float64, digits int) Cell {
	c := N(v, digits)
	c.Text = name
	return c
}

// mSDCell is "61.17 (16.37)" with parts M and SD.
func mSDCell(m, sd float64) Cell {
	c := T(mSD(m, sd))
	c.Parts = []Cell{part("M", m, 2), part("SD", sd, 2)}
	return c
}

// intervalCell is "[−0.02, 1.11]" with parts low and high.
func intervalCell(lo, hi float64, digits int) Cell {
	c := T(interval(lo, hi, digits))
	c.Parts = []Cell{part("low", lo, digits), part("high", hi, digits)}
	return c
}

// tdfCell is "2.05 (13)" with parts t and df.
func tdfCell(t, df float64) Cell {
	c := T(tdf(t, df))
	d := 0
	if df != math.Trunc(df) {
		d = 1
	}
	c.Parts = []Cell{part("t", t, 2), part("df", df, d)}
	return c
}

// fstatCell is "3.88 (2, 20)" with parts F, df1 and df2.
func fstatCell(o *results.Omnibus) Cell {
	c := T(fstat(o))
	c.Parts = []Cell{part("F", o.F, 2), part("df1", o.DF1, 0), part("df2", o.DF2, 0)}
	return c
}

// signedCell is "+5.36": one number, shown with its sign.
func signedCell(v float64, digits int) Cell {
	c := T(signed(v, digits))
	c.Parts = []Cell{part("", v, digits)}
	return c
}
