package mixed

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/pssa-project/pssa/stats"
)

// ANOVAEffect is one line of the mixed ANOVA table.
type ANOVAEffect struct {
	Effect      string // "group", "time" or "group:time"
	SS, ErrorSS float64
	DF1, DF2    float64
	F, P        float64
	// PartialEtaSq is SS/(SS + ErrorSS); GeneralizedEtaSq is
	// SS/(SS + SS_error,between + SS_error,within), afex's default with no
	// factor declared observed (Olejnik & Algina 2003; Bakeman 2005).
	PartialEtaSq, GeneralizedEtaSq float64
	// Sphericity corrections of the within effects: NaN for the group
	// effect, 1 (and the uncorrected p) with two time points, NaN when the
	// within-subject error matrix is singular (fewer error df than contrasts).
	GGEpsilon, GGP float64
	HFEpsilon, HFP float64 // HFEpsilon capped at 1; HFP uses the capped value
}

// ANOVAResult is the outcome of the mixed (split-plot) ANOVA.
type ANOVAResult struct {
	Effects []ANOVAEffect // group, time, group:time
	// MauchlyW and MauchlyP test sphericity of the within-subject error
	// (the same test serves time and group:time); NaN with two time points or
	// a singular error matrix.
	MauchlyW, MauchlyP float64
	HFEpsilonRaw       float64 // the Huynh–Feldt epsilon before the cap at 1
	N                  int     // complete participants used
	NPerGroup          []int   // complete participants per group, in Groups order
	Dropped            int     // participants left out for a missing value
}

// Effect returns the row of the named effect ("group", "time", "group:time").
func (r *ANOVAResult) Effect(name string) (ANOVAEffect, bool) {
	for _, e := range r.Effects {
		if e.Effect == name {
			return e, true
		}
	}
	return ANOVAEffect{}, false
}

// MixedANOVA performs the mixed (split-plot) ANOVA of d: one between-subjects
// factor (group) and one within-subjects factor (time), on the participants
// observed at every time point (complete cases), with type III sums of
// squares and sum-to-zero contrasts, so unequal group sizes are allowed. It
// matches afex::aov_ez(id, dv, data, between = "group", within = "time",
// type = 3) and car::Anova on the multivariate linear model (summary with
// multivariate = FALSE), and SPSS's GLM Repeated Measures.
//
// The scores are rotated by an orthonormal k × k matrix T = [1/√k | C]
// (C: orthonormal contrasts). With groups g = 1..G of n_g participants, z̄_g the
// mean of the rotated scores in group g, z̄ = Σ n_g z̄_g / N, and E the pooled
// within-group sums of squares and products of the rotated scores (ν = N − G
// error df; E₀₀ its first element, E_w its contrast block, p = k − 1):
//
//	group:       SS = Σ n_g (z̄_g0 − z̄_0)²,              df = (G − 1, ν),     error E₀₀
//	time:        SS = Σ_c ū_c² / (Σ_g 1/n_g / G²),        df = (p, pν),        error tr E_w
//	             with ū_c = Σ_g z̄_gc / G (the type III intercept of contrast c)
//	group:time:  SS = Σ_c Σ_g n_g (z̄_gc − z̄_c)²,        df = ((G − 1)p, pν), error tr E_w
//	F = (SS/df₁)/(error/df₂).
//
// Mauchly's test and the Greenhouse–Geisser and Huynh–Feldt epsilons come
// from stats.Sphericity(E_w, ν), the latter with Lecoutre's correction
// ((ν + 1)pε − 2)/(p(ν − pε)) as car and afex compute it, capped at 1 for
// the corrected p-value.
//
// Degenerate designs return an error (a *stats.DegenerateError) with the
// reason: fewer than two groups or time points or a group with no
// observation at some time point (no result), a group with fewer than two
// complete participants (a result with the counts only, no effects). When an
// error sum of squares is zero (no variance) the result is returned with F
// and p NaN for the effects it tests, together with an error.
func MixedANOVA(d Design) (*ANOVAResult, error) {
	acc, err := NewANOVAAccumulator(d)
	if err != nil {
		return nil, err
	}
	for i := 0; i < d.N(); i++ {
		if err := acc.Add(d.Group[i], d.Row(i)); err != nil {
			return nil, fmt.Errorf("participant %d: %w", i+1, err)
		}
	}
	return acc.Result()
}

// ANOVAAccumulator gathers the per-group sufficient statistics of the mixed
// ANOVA (count, mean vector, sums of squares and products about the mean,
// updated as Welford's algorithm) one participant at a time, so a caller can
// feed scores as it computes them without building a Design.
type ANOVAAccumulator struct {
	groups, times []string
	k             int
	n             []int       // complete participants per group
	mean          [][]float64 // per group, k
	ssp           [][]float64 // per group, k × k row-major
	dropped       int
	observed      [][]bool // per group × time: any observation at all
	delta         []float64
	// ref is the first complete participant's first score: every score is
	// added as y − ref, so that data far from zero (10^6 ± 1) keep their
	// digits. One common shift of every score changes none of the ANOVA's
	// sums of squares (the time contrasts sum to zero; the group effect is
	// of differences between groups), so nothing adds it back.
	ref    float64
	hasRef bool
}

// NewANOVAAccumulator returns an empty accumulator for the groups and times
// of d (d.Y and d.Group are not read).
func NewANOVAAccumulator(d Design) (*ANOVAAccumulator, error) {
	g, k := len(d.Groups), len(d.Times)
	if g < 2 {
		return nil, &stats.DegenerateError{Reason: fmt.Sprintf("a mixed ANOVA needs at least 2 groups (have %d)", g)}
	}
	if k < 2 {
		return nil, &stats.DegenerateError{Reason: fmt.Sprintf("a mixed ANOVA needs at least 2 time points (have %d)", k)}
	}
	a := &ANOVAAccumulator{groups: d.Groups, times: d.Times, k: k,
		n: make([]int, g), mean: make([][]float64, g), ssp: make([][]float64, g),
		observed: make([][]bool, g), delta: make([]float64, k)}
	for i := range a.mean {
		a.mean[i] = make([]float64, k)
		a.ssp[i] = make([]float64, k*k)
		a.observed[i] = make([]bool, k)
	}
	return a, nil
}

// Add records one participant of group index group with scores y (one per
// time point, NaN missing). A participant with any missing score counts as
// dropped.
func (a *ANOVAAccumulator) Add(group int, y []float64) error {
	if group < 0 || group >= len(a.groups) {
		return fmt.Errorf("group index %d is outside 0..%d", group, len(a.groups)-1)
	}
	if len(y) != a.k {
		return fmt.Errorf("%d scores for %d time points", len(y), a.k)
	}
	complete := true
	for j, v := range y {
		if math.IsNaN(v) {
			complete = false
		} else {
			a.observed[group][j] = true
		}
	}
	if !complete {
		a.dropped++
		return nil
	}
	if !a.hasRef {
		a.ref, a.hasRef = y[0], true
	}
	a.n[group]++
	inv := 1 / float64(a.n[group])
	m, s, dl := a.mean[group], a.ssp[group], a.delta
	for j, v := range y {
		dl[j] = (v - a.ref) - m[j]
		m[j] += dl[j] * inv
	}
	// S += δ·(y − m_new)ᵀ, the multivariate Welford update.
	for r := 0; r < a.k; r++ {
		row := s[r*a.k : (r+1)*a.k]
		for c, v := range y {
			row[c] += dl[r] * ((v - a.ref) - m[c])
		}
	}
	return nil
}

// Result computes the ANOVA from what has been added (see MixedANOVA).
//
// Long because the split-plot table is formed in one place: each effect's
// sums of squares from the per-group moments, then the sphericity tests and
// corrections (Mauchly, Greenhouse–Geisser, Huynh–Feldt) and the effect
// sizes, a few lines each.
func (a *ANOVAAccumulator) Result() (*ANOVAResult, error) {
	g, k := len(a.groups), a.k
	for gi := range a.groups {
		for j, ok := range a.observed[gi] {
			if !ok {
				return nil, &stats.DegenerateError{Reason: fmt.Sprintf("group %s has no observation at %s", a.groups[gi], a.times[j])}
			}
		}
	}
	res := &ANOVAResult{NPerGroup: append([]int(nil), a.n...), Dropped: a.dropped}
	for _, n := range a.n {
		res.N += n
	}
	for gi, n := range a.n {
		if n < 2 {
			// The counts are returned: they say why.
			return res, &stats.DegenerateError{Reason: fmt.Sprintf(
				"group %s has %d participant(s) with every time point; the mixed ANOVA needs at least 2 in each group", a.groups[gi], n)}
		}
	}
	p := k - 1
	fg, fN, fp := float64(g), float64(res.N), float64(p)
	nu := fN - fg

	// T = [1/√k | C], orthonormal.
	t := mat.NewDense(k, k, nil)
	c := stats.OrthonormalContrasts(k)
	for i := 0; i < k; i++ {
		t.Set(i, 0, 1/math.Sqrt(float64(k)))
		for j := 0; j < p; j++ {
			t.Set(i, j+1, c.At(i, j))
		}
	}
	// Rotated group means and pooled rotated SSP.
	zbar := make([][]float64, g)
	grand := make([]float64, k)
	pooled := mat.NewDense(k, k, nil)
	for gi := range a.groups {
		zbar[gi] = make([]float64, k)
		mat.NewVecDense(k, zbar[gi]).MulVec(t.T(), mat.NewVecDense(k, a.mean[gi]))
		for j, v := range zbar[gi] {
			grand[j] += float64(a.n[gi]) * v / fN
		}
		pooled.Add(pooled, mat.NewDense(k, k, a.ssp[gi]))
	}
	var tmp, e mat.Dense
	tmp.Mul(t.T(), pooled)
	e.Mul(&tmp, t)

	ssGroup, ssGT := 0.0, 0.0
	for gi, z := range zbar {
		fn := float64(a.n[gi])
		ssGroup += fn * (z[0] - grand[0]) * (z[0] - grand[0])
		for j := 1; j < k; j++ {
			ssGT += fn * (z[j] - grand[j]) * (z[j] - grand[j])
		}
	}
	invN := 0.0
	for _, n := range a.n {
		invN += 1 / float64(n)
	}
	invN /= fg * fg
	ssTime := 0.0
	for j := 1; j < k; j++ {
		u := 0.0
		for _, z := range zbar {
			u += z[j]
		}
		u /= fg
		ssTime += u * u / invN
	}
	errBetween := e.At(0, 0)
	ew := mat.NewSymDense(p, nil)
	errWithin := 0.0
	for r := 0; r < p; r++ {
		for s := r; s < p; s++ {
			ew.SetSym(r, s, (e.At(r+1, s+1)+e.At(s+1, r+1))/2)
		}
		errWithin += e.At(r+1, r+1)
	}

	sph := stats.Sphericity(ew, nu)
	res.MauchlyW, res.MauchlyP, res.HFEpsilonRaw = sph.MauchlyW, sph.MauchlyP, sph.HFEpsilonRaw
	if nu < fp {
		// E_w is singular: car reports no epsilons for it.
		sph.GGEpsilon, sph.HFEpsilon, res.HFEpsilonRaw = math.NaN(), math.NaN(), math.NaN()
	}
	errTotal := errBetween + errWithin
	// The scale of each stratum (its total sum of squares about zero for the
	// contrasts, about the grand mean for the participant means) tells a zero
	// error sum of squares from rounding noise.
	betweenTotal := ssGroup + errBetween
	withinTotal := ssGT + errWithin
	for j := 1; j < k; j++ {
		withinTotal += fN * grand[j] * grand[j]
	}
	var reasons []string
	betweenOK := errBetween > 1e-12*betweenTotal
	if !betweenOK {
		reasons = append(reasons, "every participant of a group has the same mean score: the error sum of squares of group is zero, its F is undefined")
	}
	withinOK := errWithin > 1e-12*withinTotal
	if !withinOK {
		reasons = append(reasons, "every participant of a group changes by the same amounts: the within-subject error sum of squares is zero, F of time and group:time is undefined")
	}
	nan := math.NaN()
	effect := func(name string, ss, errSS, df1, df2 float64, within, ok bool) ANOVAEffect {
		ef := ANOVAEffect{Effect: name, SS: ss, ErrorSS: errSS, DF1: df1, DF2: df2,
			PartialEtaSq: ss / (ss + errSS), GeneralizedEtaSq: ss / (ss + errTotal),
			F: nan, P: nan, GGEpsilon: nan, GGP: nan, HFEpsilon: nan, HFP: nan}
		if !ok {
			return ef
		}
		ef.F = (ss / df1) / (errSS / df2)
		ef.P = stats.FUpper(ef.F, df1, df2)
		if within {
			ef.GGEpsilon, ef.HFEpsilon = sph.GGEpsilon, sph.HFEpsilon
			ef.GGP = stats.FUpper(ef.F, df1*ef.GGEpsilon, df2*ef.GGEpsilon)
			ef.HFP = stats.FUpper(ef.F, df1*ef.HFEpsilon, df2*ef.HFEpsilon)
		}
		return ef
	}
	res.Effects = []ANOVAEffect{
		effect("group", ssGroup, errBetween, fg-1, nu, false, betweenOK),
		effect("time", ssTime, errWithin, fp, fp*nu, true, withinOK),
		effect("group:time", ssGT, errWithin, (fg-1)*fp, fp*nu, true, withinOK),
	}
	if len(reasons) > 0 {
		return res, &stats.DegenerateError{Reason: strings.Join(reasons, "; ")}
	}
	return res, nil
}
