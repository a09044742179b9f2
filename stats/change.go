package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// Better says which direction of a scale is an improvement.
type Better int

const (
	HigherIsBetter Better = iota
	LowerIsBetter
)

// String returns "higher" or "lower", the words of the instrument schema.
func (b Better) String() string {
	if b == LowerIsBetter {
		return "lower"
	}
	return "higher"
}

// ParseBetter reads "higher" or "lower". A scale whose direction is "none"
// (or anything else) has no improvement to count, so it is an error here.
func ParseBetter(s string) (Better, error) {
	switch s {
	case "higher":
		return HigherIsBetter, nil
	case "lower":
		return LowerIsBetter, nil
	}
	return HigherIsBetter, fmt.Errorf("direction %q is not higher or lower: a scale needs a direction (better: higher|lower) to tell improvement from deterioration", s)
}

// Category is the outcome of one participant's change, in the five
// exclusive classes of Jacobson & Truax (1991) as the R package
// clinicalsignificance names them.
type Category int

const (
	Recovered    Category = iota // reliable improvement, from dysfunctional to functional
	Improved                     // any other reliable improvement
	Unchanged                    // no reliable change
	Deteriorated                 // any other reliable deterioration
	Harmed                       // reliable deterioration, from functional to dysfunctional
	NumCategories
)

// String names the category.
func (c Category) String() string {
	switch c {
	case Recovered:
		return "recovered"
	case Improved:
		return "improved"
	case Unchanged:
		return "unchanged"
	case Deteriorated:
		return "deteriorated"
	case Harmed:
		return "harmed"
	}
	return "?"
}

// Norm is a population's mean and standard deviation on a scale.
type Norm struct{ Mean, SD float64 }

// Valid reports whether the norm has a finite mean and a positive SD.
func (n Norm) Valid() bool {
	return !math.IsNaN(n.Mean) && !math.IsInf(n.Mean, 0) && n.SD > 0 && !math.IsInf(n.SD, 0)
}

// CutoffA is Jacobson & Truax's (1991, J Consult Clin Psychol 59:12–19)
// criterion a: two standard deviations beyond the dysfunctional
// population's mean in the direction of functioning,
//
//	a = M_dys + 2·SD_dys (higher is better),   a = M_dys − 2·SD_dys (lower is better).
func CutoffA(dys Norm, better Better) float64 {
	if better == LowerIsBetter {
		return dys.Mean - 2*dys.SD
	}
	return dys.Mean + 2*dys.SD
}

// CutoffB is criterion b: two standard deviations from the functional
// population's mean toward dysfunction,
//
//	b = M_func − 2·SD_func (higher is better),   b = M_func + 2·SD_func (lower is better).
func CutoffB(fun Norm, better Better) float64 {
	if better == LowerIsBetter {
		return fun.Mean + 2*fun.SD
	}
	return fun.Mean - 2*fun.SD
}

// CutoffC is criterion c, the point where a score is equally likely to come
// from either population:
//
//	c = (SD_dys·M_func + SD_func·M_dys) / (SD_dys + SD_func).
func CutoffC(fun, dys Norm) float64 {
	return (dys.SD*fun.Mean + fun.SD*dys.Mean) / (dys.SD + fun.SD)
}

// Criterion is how changes are classified.
type Criterion struct {
	// Z is the threshold of the reliable change index (1.96 for 95%).
	Z float64
	// Better is the scale's direction: "improved" always means better.
	Better Better
	// Cutoff separates the functional from the dysfunctional range; NaN when
	// there is none (then only improved, unchanged and deteriorated occur).
	// A score exactly on the cutoff counts as functional.
	Cutoff float64
}

// ChangeResult is the classification of every participant's change on one
// scale and one contrast.
type ChangeResult struct {
	// SDiff is the denominator of the index: S_diff for Jacobson–Truax,
	// √(r_DD·(SE_from² + SE_to²)) for Hageman–Arrindell, the minimal
	// important difference for the MID method.
	SDiff float64
	// RDD is Hageman–Arrindell's reliability of the difference scores (NaN
	// for the other methods).
	RDD float64
	// Index is each participant's change index (RCI or RC_indiv), in the
	// scale's own sign (to − from, not direction-adjusted); NaN for MID.
	Index      []float64
	Categories []Category
	Counts     [NumCategories]int
}

func nanChange() ChangeResult {
	return ChangeResult{SDiff: math.NaN(), RDD: math.NaN()}
}

func checkPairs(from, to []float64) error {
	if len(from) != len(to) {
		panic("stats: from and to differ in length")
	}
	if len(from) == 0 {
		return degenerate("no participant has both scores")
	}
	return nil
}

func checkReliability(rxx float64) error {
	if !(rxx > 0 && rxx < 1) {
		return degenerate("reliability %g is not between 0 and 1 (exclusive)", rxx)
	}
	return nil
}

// JacobsonTruax classifies each participant's change from from[i] to to[i]
// with the reliable change index of Jacobson & Truax (1991, J Consult Clin
// Psychol 59:12–19):
//
//	S_diff = √2 · SD · √(1 − r_xx),   RCI_i = (to_i − from_i) / S_diff,
//
// where SD is the standard deviation the caller chose (by convention the
// SD, n − 1, of the from-scores) and r_xx the scale's reliability. A change is
// reliable when |to_i − from_i| > Z·S_diff (strictly). It matches the
// "JT" method of the R package clinicalsignificance, with the threshold Z
// given instead of fixed.
func JacobsonTruax(from, to []float64, sd, rxx float64, c Criterion) (ChangeResult, error) {
	res := nanChange()
	if err := checkPairs(from, to); err != nil {
		return res, err
	}
	if err := checkReliability(rxx); err != nil {
		return res, err
	}
	if !(sd > 0) || math.IsInf(sd, 0) {
		return res, degenerate("the SD for S_diff is %g; it must be positive", sd)
	}
	res.SDiff = math.Sqrt2 * sd * math.Sqrt(1-rxx)
	num := make([]float64, len(from))
	res.Index = make([]float64, len(from))
	for i := range from {
		num[i] = to[i] - from[i]
		res.Index[i] = num[i] / res.SDiff
	}
	classify(&res, from, to, num, c.Z*res.SDiff, true, c)
	return res, nil
}

// HAMinRDD is the smallest reliability of the difference scores for which
// Hageman & Arrindell's RC_indiv is reported: they advise against it below .40.
const HAMinRDD = 0.40

// HagemanArrindell classifies each participant's change with the
// reliability-corrected index RC_indiv of Hageman & Arrindell (1999, Behav
// Res Ther 37:1169–1193). With the means M, SDs s (n − 1) and correlation
// r_12 of the from- and to-scores of the participants given, and r_xx the
// scale's reliability at both occasions,
//
//	r_DD = (s₁²·r_xx + s₂²·r_xx − 2·s₁·s₂·r₁₂) / (s₁² + s₂² − 2·s₁·s₂·r₁₂)
//	SE_t = s_t·√(1 − r_xx)
//	RC_indiv,i = [(x₂ᵢ − x₁ᵢ)·r_DD + (M₂ − M₁)·(1 − r_DD)] / √(r_DD·(SE₁² + SE₂²))
//
// (The R package clinicalsignificance instead keeps the from-occasion's SE at
// both occasions, SE₂ = SE₁, with r_xx,2 = 1 − SE₁²/s₂²; the two agree when
// s₁ = s₂.) A change is reliable when |numerator| > Z·denominator (strictly). The
// categories read the observed scores against the cutoff, as for
// Jacobson–Truax (HA's true-score CS_indiv criterion is not implemented). When
// r_DD < .40 the index is not computed: the result carries r_DD and a
// *DegenerateError says why. There is no R function for it in base R or in the
// packages pssa is checked against; testdata/r/change_reference.R computes
// it from the formulas above.
func HagemanArrindell(from, to []float64, rxx float64, c Criterion) (ChangeResult, error) {
	res := nanChange()
	if err := checkPairs(from, to); err != nil {
		return res, err
	}
	if err := checkReliability(rxx); err != nil {
		return res, err
	}
	if len(from) < 3 {
		return res, degenerate("Hageman-Arrindell needs at least 3 complete pairs (have %d)", len(from))
	}
	m1, s1 := stat.MeanStdDev(from, nil)
	m2, s2 := stat.MeanStdDev(to, nil)
	if !(s1 > 0 && s2 > 0) {
		return res, degenerate("Hageman-Arrindell needs scores that vary at both time points")
	}
	r12 := stat.Correlation(from, to, nil)
	den := s1*s1 + s2*s2 - 2*s1*s2*r12
	if !(den > 0) {
		return res, degenerate("Hageman-Arrindell: every participant changed by the same amount, so the difference scores do not vary")
	}
	res.RDD = (s1*s1*rxx + s2*s2*rxx - 2*s1*s2*r12) / den
	if !(res.RDD >= HAMinRDD) {
		return res, degenerate("the reliability of the difference scores r_DD = %.3g is below %.2f (Hageman & Arrindell advise against RC_indiv then)", res.RDD, HAMinRDD)
	}
	se1sq := s1 * s1 * (1 - rxx)
	se2sq := s2 * s2 * (1 - rxx)
	res.SDiff = math.Sqrt(res.RDD * (se1sq + se2sq))
	num := make([]float64, len(from))
	res.Index = make([]float64, len(from))
	for i := range from {
		num[i] = (to[i]-from[i])*res.RDD + (m2-m1)*(1-res.RDD)
		res.Index[i] = num[i] / res.SDiff
	}
	classify(&res, from, to, num, c.Z*res.SDiff, true, c)
	return res, nil
}

// MinimalImportantChange classifies each change against a minimal important
// difference (the COPM's 2 points, Law et al. 2014) instead of a reliable
// change index: a change counts when |to_i − from_i| ≥ mid (at least the
// difference, as the COPM manual words it). Index is NaN; SDiff is mid.
func MinimalImportantChange(from, to []float64, mid float64, c Criterion) (ChangeResult, error) {
	res := nanChange()
	if err := checkPairs(from, to); err != nil {
		return res, err
	}
	if !(mid > 0) || math.IsInf(mid, 0) {
		return res, degenerate("the minimal important difference is %g; it must be positive", mid)
	}
	res.SDiff = mid
	num := make([]float64, len(from))
	res.Index = make([]float64, len(from))
	for i := range from {
		num[i] = to[i] - from[i]
		res.Index[i] = math.NaN()
	}
	classify(&res, from, to, num, mid, false, c)
	return res, nil
}

// classify puts each participant in a category: num[i] is the signed
// change measure (in the scale's sign), threshold what |num| must exceed
// (strict) or reach (not strict).
func classify(res *ChangeResult, from, to, num []float64, threshold float64, strict bool, c Criterion) {
	res.Categories = make([]Category, len(num))
	hasCut := !math.IsNaN(c.Cutoff)
	functional := func(x float64) bool {
		if c.Better == LowerIsBetter {
			return x <= c.Cutoff
		}
		return x >= c.Cutoff
	}
	for i, d := range num {
		a := math.Abs(d)
		reliable := a > threshold
		if !strict {
			reliable = a >= threshold
		}
		better := d > 0
		if c.Better == LowerIsBetter {
			better = d < 0
		}
		cat := Unchanged
		switch {
		case !reliable:
		case better:
			cat = Improved
			if hasCut && !functional(from[i]) && functional(to[i]) {
				cat = Recovered
			}
		default:
			cat = Deteriorated
			if hasCut && functional(from[i]) && !functional(to[i]) {
				cat = Harmed
			}
		}
		res.Categories[i] = cat
		res.Counts[cat]++
	}
}
