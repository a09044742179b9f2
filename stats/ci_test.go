package stats

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestOmegaDegenerate(t *testing.T) {
	var de *DegenerateError
	for _, tc := range []struct {
		name  string
		items [][]float64
	}{
		{"two items", [][]float64{{1, 2}, {2, 3}, {3, 3}, {4, 5}}},
		{"zero variance", [][]float64{{1, 2, 3}, {1, 3, 4}, {1, 4, 4}, {1, 5, 6}}},
		{"one respondent", [][]float64{{1, 2, 3}}},
		{"singular", [][]float64{{1, 2, 3}, {2, 3, 5}, {3, 3, 6}, {4, 6, 10}, {5, 5, 10}}},
		{"none", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			om, err := McDonaldOmega(tc.items)
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a DegenerateError", err)
			}
			if !math.IsNaN(om.Omega) {
				t.Errorf("omega = %g, want NaN", om.Omega)
			}
		})
	}
}

// The exactly identified three-item model reproduces the correlations:
// λ_1² = r12·r13/r23.
func TestOmegaThreeItemsClosedForm(t *testing.T) {
	r12, r13, r23 := 0.5, 0.4, 0.3
	l := []float64{math.Sqrt(r12 * r13 / r23), math.Sqrt(r12 * r23 / r13), math.Sqrt(r13 * r23 / r12)}
	s := l[0] + l[1] + l[2]
	u := 3 - l[0]*l[0] - l[1]*l[1] - l[2]*l[2]
	want := s * s / (s*s + u)
	om, err := OmegaFromCorrelation(mat.NewSymDense(3, []float64{1, r12, r13, r12, 1, r23, r13, r23, 1}))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "omega", om.Omega, want, 1e-8)
}

func TestIntervalsContainEstimate(t *testing.T) {
	x := []float64{5, 7, 6, 9, 4, 8, 7, 6, 5, 9, 8}
	y := []float64{4, 6, 6, 7, 5, 6, 5, 6, 3, 7, 6}
	pc, err := PairedCI(x, y, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	tt, _ := PairedT(x, y, TwoSided)
	if !(pc.DzLow < tt.Dz && tt.Dz < pc.DzHigh && pc.DavLow < tt.Dav && tt.Dav < pc.DavHigh &&
		pc.MeanDiffLow < tt.MeanDiff && tt.MeanDiff < pc.MeanDiffHigh) {
		t.Errorf("paired intervals %+v do not contain d_z %g, d_av %g, mean %g", pc, tt.Dz, tt.Dav, tt.MeanDiff)
	}
	narrow, _ := PairedCI(x, y, 0.80)
	if !(narrow.DzLow > pc.DzLow && narrow.DzHigh < pc.DzHigh) {
		t.Errorf("80%% interval %v is not inside the 95%% one %v", narrow, pc)
	}
	lo, hi, err := PartialEtaSqCI(4.2, 2, 30, 0.95)
	eta := 4.2 * 2 / (4.2*2 + 30)
	if err != nil || !(lo < eta && eta < hi) {
		t.Errorf("partial eta² interval [%g, %g] does not contain %g (err %v)", lo, hi, eta, err)
	}
	if _, _, err := PartialEtaSqCI(4.2, 2, 30, 1.5); err == nil {
		t.Error("a confidence level of 1.5 was accepted")
	}
	if _, _, err := CorrelationCI(0.3, 3, 0.95); err == nil {
		t.Error("an interval of r from 3 observations was given")
	}
}

// A negative t with large df once sent the interval search into an endless
// loop (gonum's normal approximation for t < 0 never reaches the target);
// the interval is now found through the symmetry of the noncentral t and
// mirrors the positive one exactly.
func TestCohensDCINegativeLargeDF(t *testing.T) {
	for _, c := range []struct{ t, df float64 }{{-41.18, 39828}, {-95, 99999}, {-300, 999999}, {-2.5, 12}} {
		lo, hi, err := CohensDCI(c.t, c.df, 1, 0.95)
		plo, phi, perr := CohensDCI(-c.t, c.df, 1, 0.95)
		if err != nil || perr != nil || math.IsNaN(lo) || lo != -phi || hi != -plo || !(lo < c.t && c.t < hi) {
			t.Errorf("t = %g, df = %g: [%v, %v] (%v); mirrored [%v, %v]", c.t, c.df, lo, hi, err, plo, phi)
		}
	}
}
