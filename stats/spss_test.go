package stats

import (
	"math"
	"testing"
)

// SPSS's Z and Ranks counts as PSPP (the free reimplementation of SPSS's
// NPAR TESTS) prints them for testdata/r/pspp_z.sps; its output is
// testdata/r/pspp_z.csv. PSPP prints two decimals.
func TestSPSSZAgainstPSPP(t *testing.T) {
	x := []float64{5, 6, 4, 7, 5, 6, 3, 5, 6, 7, 4, 5}
	y := []float64{4, 6, 3, 5, 5, 4, 3, 6, 4, 5, 4, 3}
	// PSPP's pair "y - x": Negative Ranks 7, Positive Ranks 1, Ties 4, Z −2.31.
	d := make([]float64, len(x))
	for i := range x {
		d[i] = y[i] - x[i]
	}
	neg, pos, ties := SignCounts(d)
	if neg != 7 || pos != 1 || ties != 4 {
		t.Errorf("counts %d, %d, %d; PSPP 7, 1, 4", neg, pos, ties)
	}
	for _, pair := range [][2][]float64{{y, x}, {x, y}} {
		w, err := SignedRank(pair[0], pair[1], RankOptions{Method: Asymptotic})
		if err != nil {
			t.Fatal(err)
		}
		if z := SPSSZ(w.Z); math.Abs(z-(-2.31)) > 0.005 {
			t.Errorf("signed-rank Z = %.4f, PSPP −2.31", z)
		}
	}
	// Mann-Whitney of v by g: U 15.00, Z −1.22, whichever group is first.
	g1 := []float64{0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46}
	g2 := []float64{1.15, 0.88, 0.9, 0.74, 1.21}
	for _, pair := range [][2][]float64{{g1, g2}, {g2, g1}} {
		m, err := MannWhitney(pair[0], pair[1], RankOptions{Method: Asymptotic})
		if err != nil {
			t.Fatal(err)
		}
		if z := SPSSZ(m.Z); math.Abs(z-(-1.22)) > 0.005 {
			t.Errorf("Mann-Whitney Z = %.4f, PSPP −1.22", z)
		}
		if u := math.Min(m.W, float64(m.N1*m.N2)-m.W); u != 15 {
			t.Errorf("smaller U = %g, PSPP 15", u)
		}
	}
}
