package mixed

import (
	"fmt"
	"math"
	"math/bits"

	"gonum.org/v1/gonum/mat"
)

// lmmCell gathers the participants of one group who share one pattern of
// observed time points. They share the design matrix X_i (the group's cell
// means at those time points) and the covariance block V_i, so their
// contribution to the REML criterion depends on their data only through the
// count, the mean vector and the centred scatter matrix:
//
//	Σ_i (y_i − μ)ᵀ V⁻¹ (y_i − μ) = tr(V⁻¹ M) + n (ȳ − μ)ᵀ V⁻¹ (ȳ − μ),
//	M = Σ_i (y_i − ȳ)(y_i − ȳ)ᵀ.
//
// With a few time points there are at most groups × 2^k cells whatever the
// number of participants, so one evaluation of the criterion costs O(cells).
type lmmCell struct {
	g       int
	pat     int   // index into lmmSuffStats.patterns
	idx     []int // observed time indices, ascending
	n       float64
	mean    []float64
	scatter *mat.SymDense
}

type lmmPattern struct {
	mask uint64
	idx  []int
}

type lmmSuffStats struct {
	k, nGroups int
	cells      []lmmCell
	patterns   []lmmPattern
	// est[g][t] is the position of cell mean (g, t) in the parameter vector
	// (group-major), −1 when group g has no data at time t.
	est        [][]int
	groupStart []int // first parameter of each group
	groupTimes [][]int
	p          int
	nObs       int
	nPart      int
	nPartial   int
	groupN     []int
	emptyCells [][2]int
	// kRed maps the sum-to-zero coded coefficients β (R's column order,
	// aliased columns of an incomplete design dropped as lme4 does) to the
	// cell means: m = kRed·β. logDetK2 = 2·log|det kRed| turns our
	// cell-means REML criterion into R's (X in the sum-to-zero coding).
	kRed     *mat.Dense
	logDetK2 float64
}

// newSuffStats reads the design once: validation, counts, and the
// per-cell sufficient statistics (Welford's update of mean and scatter).
//
// Long because validation, the table of cells (group × pattern of observed
// time points) and the update of each cell's moments are one pass over the
// participants.
func newSuffStats(d Design) (*lmmSuffStats, error) {
	k, G := len(d.Times), len(d.Groups)
	if k < 2 {
		return nil, lmmDegenerate("a group × time model needs at least 2 time points (have %d)", k)
	}
	if k > 64 {
		return nil, fmt.Errorf("at most 64 time points are supported (have %d)", k)
	}
	if G < 2 {
		return nil, lmmDegenerate("a group × time model needs at least 2 groups (have %d)", G)
	}
	if len(d.Group) != d.N() {
		return nil, fmt.Errorf("design has %d rows of data but %d group indices", d.N(), len(d.Group))
	}
	s := &lmmSuffStats{k: k, nGroups: G, groupN: make([]int, G)}
	type key struct {
		g    int
		mask uint64
	}
	cellOf := map[key]int{}
	// With up to 12 time points a table indexed by group and pattern replaces
	// the map (the hot loop of a million-row design).
	var cellTab []int32
	if k <= 12 && G<<k <= 1<<22 {
		cellTab = make([]int32, G<<k)
		for i := range cellTab {
			cellTab[i] = -1
		}
	}
	var raw [][]float64 // per cell, the m×m scatter accumulated row-major (upper triangle)
	patOf := map[uint64]int{}
	observed := make([][]bool, G)
	for g := range observed {
		observed[g] = make([]bool, k)
	}
	delta := make([]float64, k)
	for i := 0; i < d.N(); i++ {
		row := d.Row(i)
		if len(row) != k {
			return nil, fmt.Errorf("participant %d has %d values, not %d", i+1, len(row), k)
		}
		g := d.Group[i]
		if g < 0 || g >= G {
			return nil, fmt.Errorf("participant %d has group index %d outside 0..%d", i+1, g, G-1)
		}
		var mask uint64
		for t, v := range row {
			if math.IsInf(v, 0) {
				return nil, fmt.Errorf("participant %d has an infinite value at %s", i+1, d.Times[t])
			}
			if !math.IsNaN(v) {
				mask |= 1 << t
			}
		}
		if mask == 0 {
			continue
		}
		m := bits.OnesCount64(mask)
		s.nPart++
		s.nObs += m
		if m < k {
			s.nPartial++
		}
		s.groupN[g]++
		ci, ok := -1, false
		if cellTab != nil {
			if v := cellTab[g<<k|int(mask)]; v >= 0 {
				ci, ok = int(v), true
			}
		} else {
			ci, ok = cellOf[key{g, mask}]
		}
		if !ok {
			pi, ok := patOf[mask]
			if !ok {
				pi = len(s.patterns)
				patOf[mask] = pi
				var idx []int
				for t := 0; t < k; t++ {
					if mask&(1<<t) != 0 {
						idx = append(idx, t)
					}
				}
				s.patterns = append(s.patterns, lmmPattern{mask: mask, idx: idx})
			}
			idx := s.patterns[pi].idx
			for _, t := range idx {
				observed[g][t] = true
			}
			ci = len(s.cells)
			if cellTab != nil {
				cellTab[g<<k|int(mask)] = int32(ci)
			} else {
				cellOf[key{g, mask}] = ci
			}
			s.cells = append(s.cells, lmmCell{g: g, pat: pi, idx: idx, mean: make([]float64, m)})
			raw = append(raw, make([]float64, m*m))
		}
		c := &s.cells[ci]
		c.n++
		// Welford: M += (y − ȳ_old)(y − ȳ_new)ᵀ, symmetric in exact arithmetic.
		mean, M, idx := c.mean, raw[ci], c.idx
		for a, t := range idx {
			delta[a] = row[t] - mean[a]
			mean[a] += delta[a] / c.n
		}
		for a := range idx {
			da := delta[a]
			for b := a; b < len(idx); b++ {
				M[a*m+b] += da * (row[idx[b]] - mean[b])
			}
		}
	}
	for ci := range s.cells {
		m := len(s.cells[ci].idx)
		sc := mat.NewSymDense(m, nil)
		for a := 0; a < m; a++ {
			for b := a; b < m; b++ {
				sc.SetSym(a, b, raw[ci][a*m+b])
			}
		}
		s.cells[ci].scatter = sc
	}
	for g, n := range s.groupN {
		if n == 0 {
			return nil, lmmDegenerate("group %s has no observations", d.Groups[g])
		}
	}
	s.est = make([][]int, G)
	s.groupStart = make([]int, G)
	s.groupTimes = make([][]int, G)
	for g := 0; g < G; g++ {
		s.groupStart[g] = s.p
		s.est[g] = make([]int, k)
		for t := 0; t < k; t++ {
			if observed[g][t] {
				s.est[g][t] = s.p
				s.groupTimes[g] = append(s.groupTimes[g], t)
				s.p++
			} else {
				s.est[g][t] = -1
				s.emptyCells = append(s.emptyCells, [2]int{g, t})
			}
		}
	}
	if s.nObs <= s.p {
		return nil, lmmDegenerate("no residual degrees of freedom: %d observations for %d cell means", s.nObs, s.p)
	}
	// No variance: every observation equals its cell's mean.
	rss, scale := 0.0, 0.0
	sum := make([]float64, s.p)
	cnt := make([]float64, s.p)
	for _, c := range s.cells {
		for a, t := range c.idx {
			j := s.est[c.g][t]
			sum[j] += c.n * c.mean[a]
			cnt[j] += c.n
		}
	}
	for _, c := range s.cells {
		for a, t := range c.idx {
			j := s.est[c.g][t]
			dv := c.mean[a] - sum[j]/cnt[j]
			rss += c.scatter.At(a, a) + c.n*dv*dv
			scale += c.n * c.mean[a] * c.mean[a]
		}
	}
	if !(rss > 1e-24*scale) {
		return nil, lmmDegenerate("no variance: every observation equals its group's mean at its time point")
	}
	s.buildContrastCoding()
	return s, nil
}

// buildContrastCoding sets kRed and logDetK2. R's model matrix for
// y ~ group*time with contr.sum has columns (Intercept), group1..group(G−1),
// time1..time(k−1), then the products group_a:time_b with a varying fastest;
// contr.sum codes level j < last as the unit vector e_j and the last level as
// −1 everywhere. An incomplete design makes some columns aliased: lme4 keeps
// the first rank columns of R's pivoting QR (qr(X, tol = 1e-7)), which keeps
// each column that is independent of the columns kept before it.
func (s *lmmSuffStats) buildContrastCoding() {
	G, k := s.nGroups, s.k
	sc := func(levels, j, a int) float64 { // contr.sum[j, a]
		if j == levels-1 {
			return -1
		}
		if j == a {
			return 1
		}
		return 0
	}
	ncol := G * k
	row := func(g, t int) []float64 {
		r := make([]float64, 0, ncol)
		r = append(r, 1)
		for a := 0; a < G-1; a++ {
			r = append(r, sc(G, g, a))
		}
		for b := 0; b < k-1; b++ {
			r = append(r, sc(k, t, b))
		}
		for b := 0; b < k-1; b++ {
			for a := 0; a < G-1; a++ {
				r = append(r, sc(G, g, a)*sc(k, t, b))
			}
		}
		return r
	}
	full := mat.NewDense(s.p, ncol, nil)
	for g := 0; g < G; g++ {
		for t := 0; t < k; t++ {
			if j := s.est[g][t]; j >= 0 {
				full.SetRow(j, row(g, t))
			}
		}
	}
	// Greedy column selection by Gram–Schmidt, R's 1e-7 relative tolerance.
	var kept []int
	var basis [][]float64
	for c := 0; c < ncol && len(kept) < s.p; c++ {
		v := mat.Col(nil, c, full)
		norm0 := math.Sqrt(dot(v, v))
		for _, q := range basis {
			a := dot(v, q)
			for i := range v {
				v[i] -= a * q[i]
			}
		}
		nv := math.Sqrt(dot(v, v))
		if nv <= 1e-7*norm0 {
			continue
		}
		for i := range v {
			v[i] /= nv
		}
		basis = append(basis, v)
		kept = append(kept, c)
	}
	s.kRed = mat.NewDense(s.p, s.p, nil)
	for j, c := range kept {
		for i := 0; i < s.p; i++ {
			s.kRed.Set(i, j, full.At(i, c))
		}
	}
	var lu mat.LU
	lu.Factorize(s.kRed)
	ld, _ := lu.LogDet()
	s.logDetK2 = 2 * ld
}

// checkPairs reports a pair of time points never observed together, whose
// covariance the unstructured model cannot estimate.
func (s *lmmSuffStats) checkPairs(times []string) error {
	var seen uint64
	pairs := make([][]bool, s.k)
	for i := range pairs {
		pairs[i] = make([]bool, s.k)
	}
	for _, p := range s.patterns {
		seen |= p.mask
		for _, a := range p.idx {
			for _, b := range p.idx {
				pairs[a][b] = true
			}
		}
	}
	for a := 0; a < s.k; a++ {
		if seen&(1<<a) == 0 {
			return lmmDegenerate("no participant was observed at %s", times[a])
		}
		for b := a + 1; b < s.k; b++ {
			if !pairs[a][b] {
				return lmmDegenerate("no participant was observed at both %s and %s: the unstructured covariance cannot be estimated (use the random-intercept model)", times[a], times[b])
			}
		}
	}
	return nil
}

// momentCovariance is a starting value for the optimiser: the pairwise
// covariance of the residuals from the ordinary cell means.
func (s *lmmSuffStats) momentCovariance() *mat.SymDense {
	k := s.k
	sum := make([]float64, s.p)
	cnt := make([]float64, s.p)
	for _, c := range s.cells {
		for a, t := range c.idx {
			j := s.est[c.g][t]
			sum[j] += c.n * c.mean[a]
			cnt[j] += c.n
		}
	}
	num := mat.NewSymDense(k, nil)
	den := mat.NewSymDense(k, nil)
	for _, c := range s.cells {
		dv := make([]float64, len(c.idx))
		for a, t := range c.idx {
			j := s.est[c.g][t]
			dv[a] = c.mean[a] - sum[j]/cnt[j]
		}
		for a, ta := range c.idx {
			for b, tb := range c.idx[a:] {
				b += a
				num.SetSym(ta, tb, num.At(ta, tb)+c.scatter.At(a, b)+c.n*dv[a]*dv[b])
				den.SetSym(ta, tb, den.At(ta, tb)+c.n)
			}
		}
	}
	S := mat.NewSymDense(k, nil)
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			if den.At(a, b) > 1 {
				S.SetSym(a, b, num.At(a, b)/(den.At(a, b)-1))
			}
		}
	}
	return S
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
