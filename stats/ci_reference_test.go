package stats

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// The expected values in ../testdata/r/ci_reference.tsv were printed by R
// (4.2.2, coin 1.4.2, psych 2.2.9, effectsize 0.8.3) with 17 significant
// digits; testdata/r/ci_reference.R made them. Intervals that invert a
// distribution are R's exact inversions (uniroot, tol = 1e-13), held here
// at invTol; closed forms at relTol.

// invTol is the tolerance for bounds found by inverting a distribution
// (both sides find a root of an iteratively computed CDF).
const invTol = 1e-10

// etaTol is invTol for the noncentral F: its CDF is a series that R and
// pssa both truncate at 1e-9 (R's pnbeta errmax), which at a registry's
// df2 (millions) moves the inverted bound by ~1e-9.
const etaTol = 1e-8

func loadCIReference(t *testing.T) []refCase { return readReference(t, "ci_reference.tsv") }

// checkAbs compares near zero, where a relative tolerance means nothing
// (a bound of exactly 0 against 1e-17).
func checkAbs(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(want) < 1e-12 {
		if math.Abs(got) > 1e-12 {
			t.Errorf("%s = %.17g, want %.17g (R)", what, got, want)
		}
		return
	}
	check(t, what, got, want, tol)
}

func TestCIAgainstR(t *testing.T) {
	counts := map[string]int{}
	for _, c := range loadCIReference(t) {
		counts[c["test"]]++
		name := c["test"] + "/" + c["name"] + "/" + c["level"]
		switch c["test"] {
		case "ncf":
			name = "ncf/" + c["x"] + "/" + c["df1"] + "/" + c["df2"] + "/" + c["ncp"]
			t.Run(name, func(t *testing.T) {
				got := NoncentralFCDF(c.num(t, "x"), c.num(t, "df1"), c.num(t, "df2"), c.num(t, "ncp"))
				// R sums the series in long double: agree to 1e-12
				// relative or 1e-15 absolute (far tails).
				if want := c.num(t, "p"); math.Abs(got-want) > 1e-15 {
					check(t, "pf", got, want, 1e-12)
				}
			})
		case "eta":
			name = "eta/" + c["f"] + "/" + c["df1"] + "/" + c["df2"] + "/" + c["level"]
			t.Run(name, func(t *testing.T) {
				f, df1, df2, lev := c.num(t, "f"), c.num(t, "df1"), c.num(t, "df2"), c.num(t, "level")
				checkAbs(t, "ncp lo", NoncentralFNcp(f, df1, df2, 1-(1-lev)/2), c.num(t, "ncp_lo"), etaTol)
				checkAbs(t, "ncp hi", NoncentralFNcp(f, df1, df2, (1-lev)/2), c.num(t, "ncp_hi"), etaTol)
				lo, hi, err := PartialEtaSqCI(f, df1, df2, lev)
				if err != nil {
					t.Fatal(err)
				}
				checkAbs(t, "lo", lo, c.num(t, "lo"), etaTol)
				checkAbs(t, "hi", hi, c.num(t, "hi"), etaTol)
				// effectsize's own bounds, from its coarse optimiser: the
				// same mapping, to a few digits. At a registry's df its
				// Nelder-Mead never leaves its start, 1.1·F·df1, and both
				// bounds come out as 1.1F·df1/(1.1F·df1 + df2).
				if df2 < 1e5 {
					checkAbs(t, "lo (effectsize)", lo, c.num(t, "lo_es"), 1e-3)
					checkAbs(t, "hi (effectsize)", hi, c.num(t, "hi_es"), 1e-3)
				}
			})
		case "paired":
			t.Run(name, func(t *testing.T) {
				x, y, lev := c.vec(t, "x"), c.vec(t, "y"), c.num(t, "level")
				ci, err := PairedCI(x, y, lev)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "mean lo", ci.MeanDiffLow, c.num(t, "mean_lo"), relTol)
				check(t, "mean hi", ci.MeanDiffHigh, c.num(t, "mean_hi"), relTol)
				check(t, "d_z lo", ci.DzLow, c.num(t, "dz_lo"), invTol)
				check(t, "d_z hi", ci.DzHigh, c.num(t, "dz_hi"), invTol)
				check(t, "d_z lo (effectsize)", ci.DzLow, c.num(t, "dz_lo_es"), 1e-2)
				check(t, "d_z hi (effectsize)", ci.DzHigh, c.num(t, "dz_hi_es"), 1e-2)
				check(t, "d_av lo", ci.DavLow, c.num(t, "dav_lo"), invTol)
				check(t, "d_av hi", ci.DavHigh, c.num(t, "dav_hi"), invTol)

				tt, err := PairedT(x, y, TwoSided)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "t", tt.T, c.num(t, "t"), relTol)
				check(t, "df", tt.DF, c.num(t, "df"), relTol)

				diff := make([]float64, len(x))
				for i := range x {
					diff[i] = x[i] - y[i]
				}
				neg, pos, ties := SignCounts(diff)
				check(t, "negative", float64(neg), c.num(t, "n_negative"), 0)
				check(t, "positive", float64(pos), c.num(t, "n_positive"), 0)
				check(t, "ties", float64(ties), c.num(t, "n_ties"), 0)

				sr, err := SignedRank(x, y, RankOptions{Method: Asymptotic})
				if err != nil {
					t.Fatal(err)
				}
				check(t, "z", sr.Z, c.num(t, "z"), relTol)
				check(t, "SPSS Z", SPSSZ(sr.Z), c.num(t, "spss_z"), relTol)
				check(t, "r", sr.R, c.num(t, "r"), relTol)
				lo, hi, err := CorrelationCI(sr.R, sr.N, lev)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "r lo", lo, c.num(t, "r_lo"), relTol)
				check(t, "r hi", hi, c.num(t, "r_hi"), relTol)
				check(t, "rank-biserial", sr.RankBiserial, c.num(t, "rank_biserial"), relTol)
				lo, hi, err = SignedRankRankBiserialCI(sr.RankBiserial, sr.NRanked, lev)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "rank-biserial lo", lo, c.num(t, "rb_lo"), relTol)
				check(t, "rank-biserial hi", hi, c.num(t, "rb_hi"), relTol)
				if sr.NZero == 0 {
					check(t, "rank-biserial lo (effectsize)", lo, c.num(t, "rb_lo_es"), relTol)
					check(t, "rank-biserial hi (effectsize)", hi, c.num(t, "rb_hi_es"), relTol)
				}
			})
		case "independent":
			t.Run(name, func(t *testing.T) {
				x, y, lev := c.vec(t, "x"), c.vec(t, "y"), c.num(t, "level")
				for _, pooled := range []bool{false, true} {
					ci, err := IndependentCI(x, y, pooled, lev)
					if err != nil {
						t.Fatal(err)
					}
					k := "welch"
					if pooled {
						k = "student"
					}
					check(t, k+" lo", ci.MeanDiffLow, c.num(t, k+"_lo"), relTol)
					check(t, k+" hi", ci.MeanDiffHigh, c.num(t, k+"_hi"), relTol)
					check(t, "d lo", ci.DLow, c.num(t, "d_lo"), invTol)
					check(t, "d hi", ci.DHigh, c.num(t, "d_hi"), invTol)
					check(t, "d lo (effectsize)", ci.DLow, c.num(t, "d_lo_es"), 1e-2)
					check(t, "d hi (effectsize)", ci.DHigh, c.num(t, "d_hi_es"), 1e-2)
					check(t, "g lo", ci.GLow, c.num(t, "g_lo"), invTol)
					check(t, "g hi", ci.GHigh, c.num(t, "g_hi"), invTol)
				}
				mw, err := MannWhitney(x, y, RankOptions{Method: Asymptotic})
				if err != nil {
					t.Fatal(err)
				}
				check(t, "z", mw.Z, c.num(t, "z"), relTol)
				check(t, "SPSS Z", SPSSZ(mw.Z), c.num(t, "spss_z"), relTol)
				check(t, "r", mw.R, c.num(t, "r"), relTol)
				lo, hi, err := CorrelationCI(mw.R, mw.N1+mw.N2, lev)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "r lo", lo, c.num(t, "r_lo"), relTol)
				check(t, "r hi", hi, c.num(t, "r_hi"), relTol)
				check(t, "rank-biserial", mw.RankBiserial, c.num(t, "rank_biserial"), relTol)
				lo, hi, err = MannWhitneyRankBiserialCI(mw.RankBiserial, mw.N1, mw.N2, lev)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "rank-biserial lo", lo, c.num(t, "rb_lo"), relTol)
				check(t, "rank-biserial hi", hi, c.num(t, "rb_hi"), relTol)
			})
		case "omega":
			t.Run("omega/"+c["name"], func(t *testing.T) {
				k := int(c.num(t, "k"))
				flat := c.vec(t, "data")
				var data [][]float64
				for i := 0; i < len(flat); i += k {
					data = append(data, flat[i:i+k])
				}
				om, err := McDonaldOmega(data)
				if c["heywood"] == "TRUE" {
					if err == nil {
						t.Fatalf("omega = %g, want a Heywood-case error", om.Omega)
					}
					item := fmt.Sprintf("item %d's", int(c.num(t, "heywood_item")))
					if !strings.Contains(err.Error(), "Heywood") || !strings.Contains(err.Error(), item) {
						t.Errorf("error %q does not name the Heywood case at %s", err, item)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				check(t, "omega", om.Omega, c.num(t, "omega"), 1e-10)
				for i, u := range c.vec(t, "uniquenesses") {
					check(t, "uniqueness", om.Uniquenesses[i], u, 1e-10)
				}
				for i, l := range c.vec(t, "loadings") {
					check(t, "|loading|", math.Abs(om.Loadings[i]), l, 1e-8)
				}
				// factanal's default stopping rule is looser than 1e-6.
				check(t, "omega (factanal default)", om.Omega, c.num(t, "omega_default"), 1e-5)
				if allInts(flat) {
					acc := NewIntCovAccumulator(k)
					row := make([]uint32, k)
					for _, r := range data {
						for j, v := range r {
							row[j] = uint32(v)
						}
						acc.Add(row)
					}
					oi, err := acc.Omega()
					if err != nil {
						t.Fatal(err)
					}
					check(t, "omega (int)", oi.Omega, c.num(t, "omega"), 1e-10)
				}
			})
		default:
			t.Errorf("unknown reference test %q", c["test"])
		}
	}
	for _, k := range []string{"ncf", "eta", "paired", "independent", "omega"} {
		if counts[k] == 0 {
			t.Errorf("no reference cases for %s", k)
		}
	}
}

func allInts(x []float64) bool {
	for _, v := range x {
		if v != math.Trunc(v) || v < 0 {
			return false
		}
	}
	return true
}
