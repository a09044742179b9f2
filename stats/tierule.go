package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// The tie rule of the rank tests.
//
// Before ranking, values (and paired differences) are rounded to
// DigitsRank significant digits, R's wilcox.test(digits.rank = ) argument,
// so that floating-point noise does not create false distinct ranks:
// 2.3 − 2.1 and 1.2 − 1.0 are 0.19999999999999973 and 0.19999999999999996
// in binary and tie only after rounding (the trap of SciPy issue #17667).
// pssa's default is 12 digits; R's is Inf (no rounding), which DigitsRankExact
// selects. Data whose values really differ beyond the kept digits
// (1000000.000001 and 1000000.000003 at 12 digits) are then ranked as ties;
// the result says so in a warning, given when a tie group made by the
// rounding spans more than floating-point noise of the data (noiseULPs units
// in the last place of the numbers the values were formed from).

// DefaultDigitsRank is the number of significant digits kept before
// ranking when RankOptions.DigitsRank is 0.
const DefaultDigitsRank = 12

// DigitsRankExact as RankOptions.DigitsRank ranks the values as they are,
// without rounding (R's digits.rank = Inf). Any value of 17 or more has the
// same effect: a float64 has at most 17 significant digits.
const DigitsRankExact = math.MaxInt

// digitsRank is the number of digits the options keep.
func (o RankOptions) digitsRank() int {
	if o.DigitsRank <= 0 {
		return DefaultDigitsRank
	}
	return o.DigitsRank
}

// FormatDigitsRank writes a DigitsRank value as the command line takes it:
// "inf" for DigitsRankExact (or anything from 17 up), the number otherwise.
func FormatDigitsRank(d int) string {
	switch {
	case d <= 0:
		return strconv.Itoa(DefaultDigitsRank)
	case d >= 17:
		return "inf"
	}
	return strconv.Itoa(d)
}

// ParseDigitsRank reads "inf" (also "Inf", "exact") or a whole number of
// digits from 1 up.
func ParseDigitsRank(s string) (int, error) {
	switch s {
	case "inf", "Inf", "INF", "exact":
		return DigitsRankExact, nil
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 {
		return 0, fmt.Errorf("digits-rank %q is not a number of significant digits (1 or more) or inf", s)
	}
	return d, nil
}

// signifDigits rounds x to digits significant digits (R's signif), exactly
// in decimal: the decimal digits of x's binary value are rounded half to
// even and the result is the float64 nearest to the rounded decimal. R's
// signif rounds in long double and may differ from this by one unit in the
// last kept digit when x lies within 10^-19 of a rounding boundary.
func signifDigits(x float64, digits int) float64 {
	if digits >= 17 || x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	if x == math.Trunc(x) && math.Abs(x) < math.Pow10(digits) {
		return x // a whole number of at most digits digits is already exact
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	return v
}

// signifMemo remembers signifDigits of recent values: a sample of a million
// scores holds a few hundred distinct ones, and formatting each (the exact
// decimal rounding above) cost a fifth of a registry's analysis. It is a
// direct-mapped cache on the value's bits, so a miss costs one
// signifDigits and the result is the same number either way.
type signifMemo struct {
	digits int
	keys   [512]uint64
	vals   [512]float64
	full   [512]bool
}

func newSignifMemo(digits int) *signifMemo { return &signifMemo{digits: digits} }

// round returns signifDigits(x, m.digits).
func (m *signifMemo) round(x float64) float64 {
	if m.digits >= 17 || x == math.Trunc(x) && math.Abs(x) < 1e12 && m.digits >= 12 {
		return signifDigits(x, m.digits) // no formatting on these paths
	}
	b := math.Float64bits(x)
	h := (b ^ b>>29 ^ b>>47) * 0x9E3779B97F4A7C15 >> 55 // 9 bits
	if m.full[h] && m.keys[h] == b {
		return m.vals[h]
	}
	v := signifDigits(x, m.digits)
	m.keys[h], m.vals[h], m.full[h] = b, v, true
	return v
}

// mergedTies looks for values that the tie rule made equal although they
// differ by more than floating-point noise: raw holds the values before
// rounding and rounded after (aligned); scale(i) is the magnitude of the
// numbers raw[i] was computed from (the value itself, or max(|x|, |y|) for a
// difference x − y). Values written with 16 or 17 digits (item means k/12)
// and differences of decimals (2.3 − 2.1 against 1.2 − 1.0) differ from
// their neighbours by a few units in the last place of those numbers; only a
// spread beyond noiseULPs of them, and beyond noiseRelative of the values,
// counts. It returns the extreme values of
// the first such tie group (ok false when there is none).
func mergedTies(raw, rounded []float64, scale func(i int) float64) (a, b string, ok bool) {
	changed := false
	for i := range raw {
		if raw[i] != rounded[i] {
			changed = true
			break
		}
	}
	if !changed {
		return "", "", false // nothing was rounded: no tie was made
	}
	if len(raw) >= countingMinN {
		if a, b, ok, counted := mergedTiesCounted(raw, rounded, scale); counted {
			return a, b, ok
		}
	}
	return mergedTiesSorted(raw, rounded, scale)
}

// mergedTiesSorted is mergedTies by sorting the values.
func mergedTiesSorted(raw, rounded []float64, scale func(i int) float64) (a, b string, ok bool) {
	idx := make([]int, len(raw))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		if c := cmp.Compare(rounded[i], rounded[j]); c != 0 {
			return c
		}
		return cmp.Compare(raw[i], raw[j])
	})
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		s := scale(idx[lo])
		for hi < len(idx) && rounded[idx[hi]] == rounded[idx[lo]] {
			s = math.Max(s, scale(idx[hi]))
			hi++
		}
		first, last := raw[idx[lo]], raw[idx[hi-1]]
		noise := math.Max(noiseULPs*epsilon*s, noiseRelative*math.Max(math.Abs(first), math.Abs(last)))
		if last-first > noise {
			return plain(first), plain(last), true
		}
		lo = hi
	}
	return "", "", false
}

// mergedTiesCounted is mergedTies for a large sample with few distinct
// rounded values: each tie group's smallest and largest raw value and
// largest scale are gathered in one pass over a table of the rounded
// values, and the groups are visited in increasing order as the sort
// would visit them. counted is false when there are too many groups.
func mergedTiesCounted(raw, rounded []float64, scale func(i int) float64) (a, b string, ok, counted bool) {
	t := newDistinctTable()
	limit := min(maxDistinct, len(raw)/4)
	var lo, hi, sc []float64
	for i, r := range rounded {
		k := t.add(r+0, limit) // −0 and +0 are one group, as cmp.Compare has them
		if k < 0 {
			return "", "", false, false
		}
		s := scale(i)
		if k == len(lo) {
			lo, hi, sc = append(lo, raw[i]), append(hi, raw[i]), append(sc, s)
			continue
		}
		if cmp.Less(raw[i], lo[k]) {
			lo[k] = raw[i]
		}
		if cmp.Less(hi[k], raw[i]) {
			hi[k] = raw[i]
		}
		sc[k] = math.Max(sc[k], s)
	}
	for _, k := range t.order() {
		noise := math.Max(noiseULPs*epsilon*sc[k], noiseRelative*math.Max(math.Abs(lo[k]), math.Abs(hi[k])))
		if hi[k]-lo[k] > noise {
			return plain(lo[k]), plain(hi[k]), true, true
		}
	}
	return "", "", false, true
}

// plain writes x with every digit it needs and, between 10^-4 and 10^15,
// without an exponent (1000000.000001, not 1.000000000001e+06).
func plain(x float64) string {
	if a := math.Abs(x); a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// epsilon is the float64 machine epsilon, 2^-52.
const epsilon = 0x1p-52

// noiseULPs is how many units in the last place of the data a tie group
// may span and still be floating-point noise.
const noiseULPs = 16

// noiseRelative is the relative spread below which a tie group is taken
// for noise whatever its origin: values computed elsewhere (change scores
// from a spreadsheet) carry the noise of operands the test does not see.
// Values that differ in their 13th significant digit still count.
const noiseRelative = 1e-13

// absAt is the scale of mergedTies for values read as they are.
func absAt(v []float64) func(i int) float64 { return func(i int) float64 { return math.Abs(v[i]) } }

// tieRuleWarning is the warning carried by a result whose data need more
// digits than the tie rule keeps.
func tieRuleWarning(what, a, b string, digits int) string {
	return fmt.Sprintf("%s that differ beyond %d significant digits were ranked as ties (e.g. %s and %s): "+
		"the data need more digits than the tie rule keeps; use --digits-rank inf to rank them exactly",
		what, digits, a, b)
}
