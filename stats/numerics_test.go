package stats

import "testing"

func TestWelchLargeOffsetReproducer(t *testing.T) {
	a := []float64{1000000.0001, 1000000.0002, 1000000.0004}
	b := []float64{1000000.0003, 1000000.0005, 1000000.0006}
	r, err := WelchT(a, b, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	// t.test(a - 1e6, b - 1e6)$statistic: the subtraction is exact.
	check(t, "t", r.T, -1.8708282266874987, 1e-9)
}
