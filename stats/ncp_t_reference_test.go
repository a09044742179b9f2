package stats

import "testing"

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
