package instruments

import (
	"fmt"
	"math"
)

// Reliability is a published reliability coefficient of a scale, used for
// the reliable change index (pssa change). Only values whose source is cited
// belong in a definition.
type Reliability struct {
	Value float64 `yaml:"value" json:"value"`
	// Kind is alpha (internal consistency) or test-retest.
	Kind   string `yaml:"kind" json:"kind"`
	Source string `yaml:"source" json:"source"`
}

// Norms are the published means and SDs of a functional and a dysfunctional
// population, from which the Jacobson–Truax cutoffs a, b and c are made.
// Either may be absent.
type Norms struct {
	Functional    *Norm `yaml:"functional,omitempty" json:"functional,omitempty"`
	Dysfunctional *Norm `yaml:"dysfunctional,omitempty" json:"dysfunctional,omitempty"`
}

// Norm is one population's mean and SD on a scale.
type Norm struct {
	Mean   float64 `yaml:"mean" json:"mean"`
	SD     float64 `yaml:"sd" json:"sd"`
	N      int     `yaml:"n,omitempty" json:"n,omitempty"`
	Source string  `yaml:"source" json:"source"`
}

// validateClinical checks a scale's reliability and norms: a value strictly
// between 0 and 1 of a known kind, finite means, positive SDs, and a source
// for every number.
func validateClinical(s *Scale) error {
	if r := s.Reliability; r != nil {
		if !(r.Value > 0 && r.Value < 1) {
			return fmt.Errorf("scale %s: reliability value %g must be between 0 and 1 (exclusive)", s.Code, r.Value)
		}
		if r.Kind != "alpha" && r.Kind != "test-retest" {
			return fmt.Errorf("scale %s: reliability kind %q is not alpha or test-retest", s.Code, r.Kind)
		}
		if r.Source == "" {
			return fmt.Errorf("scale %s: reliability needs a source (cite where the value was published)", s.Code)
		}
	}
	if s.Norms == nil {
		return nil
	}
	if s.Norms.Functional == nil && s.Norms.Dysfunctional == nil {
		return fmt.Errorf("scale %s: norms need a functional or a dysfunctional population", s.Code)
	}
	for _, p := range []struct {
		name string
		n    *Norm
	}{{"functional", s.Norms.Functional}, {"dysfunctional", s.Norms.Dysfunctional}} {
		if p.n == nil {
			continue
		}
		if math.IsNaN(p.n.Mean) || math.IsInf(p.n.Mean, 0) {
			return fmt.Errorf("scale %s: %s norm mean %g is not a number", s.Code, p.name, p.n.Mean)
		}
		if !(p.n.SD > 0) || math.IsInf(p.n.SD, 0) {
			return fmt.Errorf("scale %s: %s norm sd %g must be positive", s.Code, p.name, p.n.SD)
		}
		if p.n.N < 0 {
			return fmt.Errorf("scale %s: %s norm n %d is negative", s.Code, p.name, p.n.N)
		}
		if p.n.Source == "" {
			return fmt.Errorf("scale %s: %s norm needs a source (cite where the values were published)", s.Code, p.name)
		}
	}
	return nil
}
