package stats

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The noncentralities in ../testdata/r/ncp_t_reference.tsv were found by R
// (4.2.2; testdata/r/ncp_t_reference.R made them) with uniroot on pt(ncp = )
// where pt uses its normal approximation (ncp beyond about 37.62, or df >
// 4e5) and, for contrast, where it does not.
func TestNcpTAgainstR(t *testing.T) {
	cases := readReference(t, "ncp_t_reference.tsv")
	if len(cases) == 0 {
		t.Fatal("no reference cases")
	}
	for _, c := range cases {
		tt, df, target := c.num(t, "t"), c.num(t, "df"), c.num(t, "target")
		check(t, "ncp "+c["t"]+"/"+c["df"]+"/"+c["target"], ncpFor(tt, df, target), c.num(t, "ncp"), invTol)
	}
}

// Below R's switch to the normal approximation, noncentralT.cdf is gonum's
// NoncentralT.CDF to the bit (it only hoists the terms that do not depend
// on the noncentrality).
func TestNoncentralTMatchesGonum(t *testing.T) {
	for _, df := range []float64{1, 2.5, 7, 39, 158, 1000, 39999, 399999} {
		for tt := 0.0; tt < 45; tt += 0.731 {
			nt := newNoncentralT(tt, df)
			for ncp := -37.5; ncp <= 37.5; ncp += 0.417 {
				got, want := nt.cdf(ncp), distuv.NoncentralT{Nu: df, Mu: ncp}.CDF(tt)
				if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("t %g, df %g, ncp %g: %v, gonum %v", tt, df, ncp, got, want)
				}
			}
		}
	}
}
