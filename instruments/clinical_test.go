package instruments_test

import (
	"strings"
	"testing"

	"github.com/pssa-project/pssa/instruments"
)

func TestClinicalKeys(t *testing.T) {
	base := "code: X\nvariant: v\nname: X\ncitation: c\nstatus: provisional\nitems: 3\nmin: 1\nmax: 5\nscales:\n  - {code: T, name: t, items: [1-3], "
	for _, c := range []struct{ name, extra, want string }{
		{"reliability 1", "reliability: {value: 1, kind: alpha, source: s}", "reliability value 1 must be between 0 and 1"},
		{"reliability 0", "reliability: {value: 0, kind: alpha, source: s}", "reliability value 0 must be between 0 and 1"},
		{"reliability kind", "reliability: {value: 0.8, kind: omega, source: s}", `reliability kind "omega" is not alpha or test-retest`},
		{"reliability source", "reliability: {value: 0.8, kind: alpha}", "reliability needs a source"},
		{"norm sd", "norms: {functional: {mean: 20, sd: 0, source: s}}", "functional norm sd 0 must be positive"},
		{"norm sd negative", "norms: {dysfunctional: {mean: 20, sd: -2, source: s}}", "dysfunctional norm sd -2 must be positive"},
		{"norm source", "norms: {functional: {mean: 20, sd: 3}}", "functional norm needs a source"},
		{"norms empty", "norms: {}", "norms need a functional or a dysfunctional population"},
		{"norm typo", "norms: {functional: {mean: 20, sdd: 3, source: s}}", "key sdd not found"},
	} {
		_, err := instruments.ParseDefinitions([]byte(base+c.extra+"}\n"), "x.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	defs, err := instruments.ParseDefinitions([]byte(base+"reliability: {value: 0.8, kind: test-retest, source: s}, norms: {functional: {mean: 20, sd: 3, n: 100, source: f}, dysfunctional: {mean: 11, sd: 4, source: d}}}\n"), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := defs[0].Scale("T")
	if s.Reliability.Value != 0.8 || s.Norms.Functional.N != 100 || s.Norms.Dysfunctional.Mean != 11 {
		t.Errorf("parsed %+v %+v", s.Reliability, s.Norms)
	}
}

// Only cited values are in the built-in definitions: every reliability and
// norm has a source.
func TestBuiltinClinicalValuesAreCited(t *testing.T) {
	reg := registry(t)
	found := 0
	for _, d := range reg.All() {
		for _, s := range d.Scales {
			if s.Reliability != nil {
				found++
				if s.Reliability.Source == "" {
					t.Errorf("%s %s: reliability without a source", d.Label(), s.Code)
				}
			}
		}
	}
	if found == 0 {
		t.Error("no built-in reliability (SWLS's test-retest .82 from Diener et al. 1985 expected)")
	}
}
