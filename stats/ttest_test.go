package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// PairedEffects and WelchEffects are PairedT and WelchT without the
// p-value, every other field bit for bit.
func TestEffectsSameAsTTests(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 500; trial++ {
		n := 2 + trial%30
		x, y := make([]float64, n), make([]float64, n+trial%3)
		for i := range x {
			x[i] = math.Round(r.NormFloat64()*10) / 2
		}
		for i := range y {
			y[i] = math.Round(r.NormFloat64()*10)/2 + 1
		}
		if trial%7 == 0 {
			copy(y, x) // equal pairs, zero variance of the changes
		}
		p, err1 := PairedT(x, y[:n], TwoSided)
		e, err2 := PairedEffects(x, y[:n])
		if err1 == nil {
			p.P = math.NaN()
		}
		if (err1 == nil) != (err2 == nil) || fmt.Sprintf("%#v", p) != fmt.Sprintf("%#v", e) {
			t.Fatalf("paired %d: %+v %v, effects %+v %v", trial, p, err1, e, err2)
		}
		w, err1 := WelchT(x, y, TwoSided)
		we, err2 := WelchEffects(x, y)
		if err1 == nil {
			w.P = math.NaN()
		}
		if (err1 == nil) != (err2 == nil) || fmt.Sprintf("%#v", w) != fmt.Sprintf("%#v", we) {
			t.Fatalf("welch %d: %+v %v, effects %+v %v", trial, w, err1, we, err2)
		}
	}
}

// MeanSD is Describe's Mean and SD.
func TestMeanSDAsDescribe(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 300; n++ {
		x := make([]float64, n%40)
		for i := range x {
			x[i] = math.Round(r.NormFloat64()*20) / 4
		}
		d := Describe(x)
		m, sd := MeanSD(x)
		if fmt.Sprint(m, sd) != fmt.Sprint(d.Mean, d.SD) || math.Float64bits(m) != math.Float64bits(d.Mean) && !math.IsNaN(m) {
			t.Fatalf("n %d: MeanSD %v %v, Describe %v %v", len(x), m, sd, d.Mean, d.SD)
		}
	}
}

// TestPairedScratchSame: the Scratch variants give PairedT's, PairedEffects'
// and PairedCI's results bit for bit, with scratch nil, too small, or
// holding another call's differences.
func TestPairedScratchSame(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	scratch := make([]float64, 3)
	for trial := 0; trial < 200; trial++ {
		n := 2 + r.IntN(60)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = float64(r.IntN(30))/float64(1+r.IntN(4)), float64(r.IntN(30))/3
		}
		for _, s := range [][]float64{nil, scratch[:0], scratch} {
			want, werr := PairedT(x, y, TwoSided)
			got, gerr := PairedTScratch(x, y, s, TwoSided)
			wantE, _ := PairedEffects(x, y)
			gotE, _ := PairedEffectsScratch(x, y, s)
			wantCI, cerr := PairedCI(x, y, 0.95)
			gotCI, gcerr := PairedCIScratch(x, y, s, 0.95)
			if fmt.Sprintf("%#v %v %#v %#v %v", want, werr, wantE, wantCI, cerr) != fmt.Sprintf("%#v %v %#v %#v %v", got, gerr, gotE, gotCI, gcerr) {
				t.Fatalf("trial %d, scratch of %d: the Scratch variants differ", trial, cap(s))
			}
		}
		if cap(scratch) < n {
			scratch = make([]float64, n+r.IntN(10))
		}
	}
}
