package scoring

import "math"

// Exact differences of compact scores. A difference of two scores formed
// from items is exact when formed from their ratios (Ratio): (n₂·d₁ −
// n₁·d₂)/(d₁·d₂), rounded once. The analysis forms it that way where a
// score is fractional and as b − a where both are whole numbers, which is
// the same number (an integer difference of exact integers). For scores in
// a compact form the ratios are a table by key or code, so each row's
// difference takes two lookups and no branch: a missing score's ratio is
// 0/0, which makes the difference NaN.

// codeAt is row i's key or code, for a score in a compact form.
func (s *Score) codeAt(i int) int {
	if s.keys != nil {
		return int(s.keys[i])
	}
	return int(s.nib[i>>1] >> (uint(i&1) << 2) & 15)
}

// RatioTable reports whether s is held in a compact form whose ratios are a
// table by key or code (ExactPairs and ExactChange need it).
func (s *Score) RatioTable() bool {
	return (s.keys != nil || s.nib != nil) && s.ratios != nil && s.ratio != nil
}

// WholeValued reports whether every score s holds is a whole number (a
// compact form's table says so; false for the float64 form, which would
// take a pass over the rows).
func (s *Score) WholeValued() bool {
	if s.keys == nil && s.nib == nil {
		return false
	}
	for k, v := range s.table {
		if s.present[k] == 1 && v != math.Trunc(v) {
			return false
		}
	}
	return true
}

// ExactPairs gathers the rows where both from and to have a score: x = to's
// score, y = from's, d = their exact difference (to − from), at slots 0, 1,
// ... of x, y and d, each with room for one more than the pairs (a row's
// values are written before it is known to count); it returns the number
// of pairs. ok is false, and nothing is written, unless both scores are in
// a compact form with ratios.
func ExactPairs(from, to *Score, rows []int, x, y, d []float64) (n int, ok bool) {
	if !from.RatioTable() || !to.RatioTable() {
		return 0, false
	}
	ft, tt, fp, tp := from.table, to.table, from.present, to.present
	j := 0
	if from.WholeValued() && to.WholeValued() {
		for _, i := range rows {
			a, b := from.codeAt(i), to.codeAt(i)
			va, vb := ft[a], tt[b]
			x[j], y[j], d[j] = vb, va, vb-va
			j += int(fp[a] & tp[b])
		}
		return j, true
	}
	fr, tr := from.ratios, to.ratios
	for _, i := range rows {
		a, b := from.codeAt(i), to.codeAt(i)
		r1, r2 := fr[a], tr[b]
		x[j], y[j] = tt[b], ft[a]
		d[j] = float64(r2[0]*r1[1]-r1[0]*r2[1]) / float64(r1[1]*r2[1])
		j += int(fp[a] & tp[b])
	}
	return j, true
}

// ExactChange returns row i's exact change from from to to (NaN when either
// score is missing), for two scores whose RatioTable is true.
func ExactChange(from, to *Score, i int) float64 {
	r1, r2 := from.ratios[from.codeAt(i)], to.ratios[to.codeAt(i)]
	return float64(r2[0]*r1[1]-r1[0]*r2[1]) / float64(r1[1]*r2[1])
}
