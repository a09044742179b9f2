package stats

import (
	"fmt"
	"math"
)

// Alternative is the alternative hypothesis of a test.
type Alternative int

const (
	TwoSided Alternative = iota
	Less
	Greater
)

// String returns the name R uses for the alternative.
func (a Alternative) String() string {
	switch a {
	case Less:
		return "less"
	case Greater:
		return "greater"
	default:
		return "two-sided"
	}
}

// ParseAlternative reads "two-sided" (also "two.sided"), "less" or "greater".
func ParseAlternative(s string) (Alternative, error) {
	switch s {
	case "two-sided", "two.sided", "twosided", "":
		return TwoSided, nil
	case "less":
		return Less, nil
	case "greater":
		return Greater, nil
	}
	return TwoSided, fmt.Errorf("alternative %q is not one of two-sided, less, greater", s)
}

// Method says how a rank test's p-value is obtained.
type Method int

const (
	// Auto is exact when the sample is small (R's thresholds: fewer than
	// ExactThreshold+1 pairs, or each group at most ExactThreshold), asymptotic
	// otherwise.
	Auto Method = iota
	Exact
	Asymptotic
)

// ExactThreshold is the largest sample size (pairs, or members of each
// group) for which Auto chooses the exact distribution.
const ExactThreshold = 50

// String names the method.
func (m Method) String() string {
	switch m {
	case Exact:
		return "exact"
	case Asymptotic:
		return "asymptotic"
	default:
		return "auto"
	}
}

// ParseMethod reads "exact", "asymptotic" or "auto".
func ParseMethod(s string) (Method, error) {
	switch s {
	case "auto", "":
		return Auto, nil
	case "exact":
		return Exact, nil
	case "asymptotic", "normal":
		return Asymptotic, nil
	}
	return Auto, fmt.Errorf("method %q is not one of exact, asymptotic, auto", s)
}

// DegenerateError reports data on which a statistic is not defined.
type DegenerateError struct{ Reason string }

func (e *DegenerateError) Error() string { return e.Reason }

func degenerate(format string, args ...any) error {
	return &DegenerateError{Reason: fmt.Sprintf(format, args...)}
}

// tailP turns a standard normal deviate into a p-value for the alternative,
// as R's wilcox.test does: two-sided 2·min(Φ(z), 1 − Φ(z)).
func tailP(z float64, alt Alternative) float64 {
	switch alt {
	case Less:
		return normCDF(z)
	case Greater:
		return normCDF(-z)
	}
	return math.Min(1, 2*normCDF(-math.Abs(z)))
}

// normCDF is Φ(x) through erfc, which keeps full relative precision in the
// lower tail (1 − Φ would not).
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// continuity is R's CORRECTION term for a centred statistic.
func continuity(centred float64, alt Alternative, correct bool) float64 {
	if !correct {
		return 0
	}
	switch alt {
	case Less:
		return -0.5
	case Greater:
		return 0.5
	}
	switch {
	case centred > 0:
		return 0.5
	case centred < 0:
		return -0.5
	}
	return 0
}
